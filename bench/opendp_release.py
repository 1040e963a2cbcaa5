"""The same release as `tamiz stats release` in the benchmark, done with OpenDP's Python Context API.

Usage: python opendp_release.py DATA.csv KEYS.json RHO OUT.json
KEYS.json maps each grouping column to its public key list; TABLES are the benchmark's three tables.
Everything is read as strings, as tamiz does, so both sides group on the same values.
"""

import json
import sys

import opendp.prelude as dp
import polars as pl

dp.enable_features("contrib")

TABLES = [
    ["CountryOfExploitation", "yearOfRegistration", "gender"],
    ["CountryOfExploitation", "citizenship"],
    ["CountryOfExploitation", "ageBroad"],
]


def keys_frame(keys, columns):
    frame = None
    for column in columns:
        part = pl.DataFrame({column: [str(v) for v in keys[column]]})
        frame = part if frame is None else frame.join(part, how="cross")
    return frame


def main():
    data, keys_path, rho, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    keys = json.load(open(keys_path))
    columns = sorted({c for t in TABLES for c in t})
    lf = pl.scan_csv(data, infer_schema=False, missing_utf8_is_empty_string=True).select(columns)
    ctx = dp.Context.compositor(
        data=lf,
        privacy_unit=dp.unit_of(contributions=1),
        privacy_loss=dp.loss_of(rho=rho),
        split_evenly_over=len(TABLES),
    )
    released = []
    for table in TABLES:
        query = ctx.query().group_by(table).agg(dp.len()).with_keys(keys_frame(keys, table))
        released.append(query.release().collect().to_dicts())
    json.dump({"tables": released}, open(out, "w"))


if __name__ == "__main__":
    main()
