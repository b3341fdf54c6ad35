"""The PostgreSQL peer of `assay validate` with pushdown (issue 9): the benchmark suite written by
hand as ONE PostgreSQL aggregate query — what a user would write without Assay — run with psql.
Each expectation becomes the aggregate its verdict needs, in the same spirit as
../shared/bench/duckdb_peer.py's one-query DuckDB peer (count of nulls, of out-of-range or
out-of-set values, count vs count(DISTINCT) for uniqueness, avg, stddev_samp, percentile_disc, corr).
    python postgres_peer.py URL SUITE.json [TABLE]      # prints the SQL; time it with psql
"""
import json
import sys


def q(name):
    return '"' + name.replace('"', '""') + '"'


def lit(value):
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else repr(value)


suite = json.load(open(sys.argv[2]))["expectations"]
table = sys.argv[3] if len(sys.argv) > 3 else "lineitem"
selects = []
for e in suite:
    t, k = e["type"], e["kwargs"]
    c = q(k["column"]) if "column" in k else None
    selects.append({
        "expect_column_values_to_not_be_null": lambda: f"count(*) - count({c})",
        "expect_column_values_to_be_between": lambda: f"count(*) FILTER (WHERE {c} < {lit(k['min_value'])} OR {c} > {lit(k['max_value'])})",
        "expect_column_values_to_be_in_set": lambda: f"count(*) FILTER (WHERE {c} NOT IN ({', '.join(lit(v) for v in k['value_set'])}))",
        "expect_column_values_to_be_unique": lambda: f"count({c}) - count(DISTINCT {c})",
        "expect_table_row_count_to_be_between": lambda: "count(*)",
        "expect_column_mean_to_be_between": lambda: f"avg({c})",
        "expect_column_stdev_to_be_between": lambda: f"stddev_samp({c})",
        "expect_column_quantile_values_to_be_between": lambda: f"percentile_disc(ARRAY{k['quantile_ranges']['quantiles']!r}::float8[]) WITHIN GROUP (ORDER BY {c})",
        "expect_column_pair_correlation_to_be_between": lambda: f"corr({q(k['column_A'])}, {q(k['column_B'])})",
        "expect_column_unique_value_count_to_be_between": lambda: f"count(DISTINCT {c})",
    }[t]())
print("SELECT " + ",\n  ".join(selects) + f"\nFROM {q(table)};")
