#!/usr/bin/env python3
"""One seeded table as CSV and as Parquet in every layout pyarrow writes, for the round-trip
tests (Tests/AssayParquetTests/RoundTripTests.swift): Assay must profile each Parquet file
exactly as it profiles the CSV.

The CSV is written so that Assay's CSV reader infers the Parquet types: integers without a
decimal point, floats always with one (`repr`), `true`/`false`, ISO dates, timestamps as
`YYYY-MM-DDTHH:MM:SS.ffffff`, an empty field for null. Text values avoid Assay's null tokens
and anything that parses as a number, bool or date. No NaN: "NaN" is a CSV null token.

Deterministic: the same seed and the same pyarrow give the same bytes.

Usage: ~/.cache/assay-bench/venv/bin/python scripts/parquet-roundtrip.py
"""

import csv
import datetime
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "Tests" / "AssayParquetTests" / "Fixtures" / "roundtrip"
ROW_COUNT = 3_000
NULL_SHARE = 0.05
SEED = 20_240_611

WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "iris", "juniper", "kestrel",
         "lagoon", "maple", "nectar", "orchid", "prairie", "quartz", "raven", "sierra", "tundra", "umber",
         "violet", "willow", "yarrow", "zephyr", "café", "naïve", "日本", "a, b", "say \"hi\""]
CATEGORIES = ["basic", "plus", "pro", "team", "enterprise"]


def table():
    rng = random.Random(SEED)

    def maybe(value):
        return None if rng.random() < NULL_SHARE else value

    epoch = datetime.date(1970, 1, 1)
    ids, quantities, prices, actives, days, seen, names, categories = ([] for _ in range(8))
    current = 1_000
    for _ in range(ROW_COUNT):
        current += rng.randint(1, 7)
        ids.append(current)
        quantities.append(maybe(rng.randint(-50, 5_000)))
        prices.append(maybe(round(rng.lognormvariate(3, 1), 4)))
        actives.append(maybe(rng.random() < 0.7))
        days.append(maybe(epoch + datetime.timedelta(days=rng.randint(17_000, 20_000))))
        seconds = rng.randint(1_500_000_000, 1_750_000_000)
        seen.append(maybe(datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds, microseconds=rng.randint(0, 999_999))))
        names.append(maybe(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))))
        categories.append(maybe(rng.choices(CATEGORIES, weights=[50, 25, 15, 7, 3])[0]))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "quantity": pa.array(quantities, pa.int64()),
        "price": pa.array(prices, pa.float64()),
        "active": pa.array(actives, pa.bool_()),
        "day": pa.array(days, pa.date32()),
        "seen_at": pa.array(seen, pa.timestamp("us")),
        "name": pa.array(names, pa.string()),
        "category": pa.array(categories, pa.string()),
    })


def csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(data, path):
    columns = [data.column(name).to_pylist() for name in data.column_names]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(data.column_names)
        for row in zip(*columns):
            writer.writerow([csv_text(v) for v in row])


# name → pq.write_table options. Every file holds the same rows.
VARIANTS = {
    "snappy.parquet": {"compression": "snappy", "use_dictionary": True},
    "zstd.parquet": {"compression": "zstd", "data_page_version": "2.0"},
    "gzip.parquet": {"compression": "gzip"},
    "plain-uncompressed.parquet": {"compression": "none", "use_dictionary": False},
    "delta.parquet": {
        "compression": "none", "use_dictionary": False,
        "column_encoding": {"id": "DELTA_BINARY_PACKED", "quantity": "DELTA_BINARY_PACKED", "day": "DELTA_BINARY_PACKED",
                            "seen_at": "DELTA_BINARY_PACKED", "price": "BYTE_STREAM_SPLIT", "name": "DELTA_BYTE_ARRAY",
                            "category": "DELTA_LENGTH_BYTE_ARRAY", "active": "RLE"},
    },
    "lz4.parquet": {"compression": "lz4"},
    "brotli.parquet": {"compression": "brotli"},
    # Small row groups and pages; the dictionary page limit makes string chunks fall back from
    # dictionary to plain pages part way (a chunk with both kinds of pages).
    "small-pages.parquet": {"compression": "snappy", "row_group_size": 500, "data_page_size": 512,
                            "write_batch_size": 64, "dictionary_pagesize_limit": 256},
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    data = table()
    write_csv(data, OUT / "table.csv")
    for name, options in VARIANTS.items():
        path = OUT / name
        pq.write_table(data, path, write_statistics=True, **options)
        assert pq.read_table(path).equals(data), name
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>8}  {path.name}")


if __name__ == "__main__":
    main()
