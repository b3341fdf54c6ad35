"""The polars peer of `assay profile` (issue 6): read the CSV and describe it, as a polars user would.
    python polars_peer.py FILE.csv"""
import sys

import polars as pl

frame = pl.read_csv(sys.argv[1], try_parse_dates=True)
print(frame.describe())
