#!/usr/bin/env python3
"""Writes the `screening_records` seeds, `seeds/screening_records/records-*.jsonl` (session 26;
fuzz/README.md).

Usage: python3 fuzz/craft_screening_seeds.py TAMIZ fuzz/seeds/screening_records
(TAMIZ: a built `tamiz` binary, e.g. target/debug/tamiz)

Each record is what `tamiz assess` prints for one of the engine's golden vignettes
(crates/engine/tests/vignettes), with the `country`, `date` and `person_id` a screening-records
file adds (crates/stats/src/data.rs, `read_jsonl`). One seed holds them all, one seed each holds
a single record, and the rest are one broken copy each of the kinds the reader must refuse with a
located error. The output is deterministic, so running it again rewrites the same files.
"""
import json
import subprocess
import sys
from pathlib import Path

TAMIZ = sys.argv[1]
OUT = Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)
VIGNETTES = Path(__file__).resolve().parent.parent / "crates/engine/tests/vignettes"


def assess(facts):
    done = subprocess.run([TAMIZ, "assess", "--format", "json"], input=json.dumps(facts),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


RECORDS = []
for i, path in enumerate(sorted(VIGNETTES.glob("*.json"))):
    record = assess(json.loads(path.read_text())["input"])
    record["country"] = ["CO", "EC", "PE"][i % 3]
    record["date"] = f"202{i % 7}-{1 + i % 12:02}-{1 + i % 28:02}"
    record["person_id"] = f"p{i // 2}"
    RECORDS.append((path.stem, record))


def line(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write(name, data):
    path = OUT / f"records-{name}.jsonl"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    print(path.name, path.stat().st_size)


write("all-vignettes", "".join(line(r) + "\n" for _, r in RECORDS))
for stem, record in RECORDS:
    write(f"one-{stem}", line(record) + "\n")

FIRST = RECORDS[0][1]


def broken(name, edit):
    record = json.loads(json.dumps(FIRST))
    edit(record)
    write(name, line(FIRST) + "\n" + line(record) + "\n")


broken("missing-country", lambda r: r.pop("country"))
broken("missing-date", lambda r: r.pop("date"))
broken("null-person", lambda r: r.update(person_id=None))
broken("number-person", lambda r: r.update(person_id=17))
broken("leap-day-in-a-common-year", lambda r: r.update(date="2023-02-29"))
broken("month-thirteen", lambda r: r.update(date="2024-13-01"))
broken("date-not-iso", lambda r: r.update(date="17/05/2024"))
broken("year-outside-the-keys", lambda r: r.update(date="2019-05-17"))
broken("country-outside-the-keys", lambda r: r.update(country="VE"))
broken("unknown-finding", lambda r: r.update(forced_labour="maybe"))
broken("unknown-route", lambda r: r["referral_routes"].append("police"))
broken("wrong-schema", lambda r: r.update(schema="tamiz.assessment/2"))
broken("means-not-required-as-text", lambda r: r["trafficking_elements"].update(means="not required"))
broken("indicator-without-id", lambda r: r["indicators"][0].pop("id"))
broken("child-as-text", lambda r: r.update(child="true"))
broken("extra-key", lambda r: r.update(sector="flowers"))
write("not-an-object", line(FIRST) + "\n[1, 2, 3]\n")
write("truncated", line(FIRST) + "\n" + line(FIRST)[:-40] + "\n")
write("bom-crlf-and-blank-lines",
      "\ufeff" + line(FIRST) + "\r\n\r\n   \r\n" + line(RECORDS[1][1]) + "\r\n")
write("not-utf8", line(FIRST).encode() + b"\n{\"country\":\"\xff\"}\n")
