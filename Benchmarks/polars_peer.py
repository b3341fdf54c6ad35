"""The polars peer of `assay profile` (issue 6) and of reading Parquet (issue 8): read the file
and describe it, as a polars user would.
    python polars_peer.py FILE.csv|FILE.parquet"""
import sys

import polars as pl

path = sys.argv[1]
frame = pl.read_parquet(path) if path.endswith(".parquet") else pl.read_csv(path, try_parse_dates=True)
print(frame.describe())
