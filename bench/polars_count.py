"""The floor: a plain Polars read and group-by count of the benchmark's three tables, no privacy.

Usage: python polars_count.py DATA.csv OUT.json
"""

import json
import sys

import polars as pl

TABLES = [
    ["CountryOfExploitation", "yearOfRegistration", "gender"],
    ["CountryOfExploitation", "citizenship"],
    ["CountryOfExploitation", "ageBroad"],
]


def main():
    data, out = sys.argv[1], sys.argv[2]
    columns = sorted({c for t in TABLES for c in t})
    df = pl.read_csv(data, infer_schema=False, missing_utf8_is_empty_string=True, columns=columns)
    tables = [df.group_by(t).len().to_dicts() for t in TABLES]
    json.dump({"tables": tables}, open(out, "w"))


if __name__ == "__main__":
    main()
