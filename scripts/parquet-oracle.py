#!/usr/bin/env python3
"""What Assay's Parquet reader must read from every file of the Parquet corpus.

Writes one JSON per readable corpus file to Tests/AssayParquetTests/Fixtures/expected/
(`data/x.parquet` → `data__x.parquet.json`) and the list of files Assay must refuse to
`_must_fail.json`. The Swift tests (Tests/AssayParquetTests/CorpusTests.swift) hold the
reader against them.

Values come from pyarrow, converted to Assay's representation by the reader's rules; the
Parquet types those rules are written in (physical, converted and logical type, repetition)
come from the file's own Thrift footer, parsed here, so no pyarrow type mapping decides them:

- a struct is flattened to its leaves, named `a.b.c`; a leaf is null when any ancestor is;
- a repeated field (list, map, legacy repeated primitive or group) is left out and named in
  `skipped` by the path of its outermost node that is repeated or LIST/MAP-annotated;
- bool → bool; integers ≤ 64 bits, signed or not → int64 (a UINT64 column holding a value
  above 2^63 − 1 becomes float64); FLOAT, DOUBLE, FLOAT16 → float64; DECIMAL → float64
  (unscaled / 10^scale, correctly rounded); DATE → date ("YYYY-MM-DD"); TIMESTAMP (any unit,
  any UTC flag) and INT96 → timestamp (microseconds since the epoch, nanoseconds floored);
  TIME → string "HH:MM:SS" plus ".ffffff" when the microseconds are not 0; STRING, ENUM,
  JSON, BSON → string; UUID → "8-4-4-4-12"; INTERVAL → "0x" + hex; any other byte array
  (no annotation, GEOMETRY, GEOGRAPHY, an unknown logical type) → its bytes as text when
  they are valid UTF-8, else "0x" + lowercase hex.
- a logical type this script does not know falls back to the converted type, then the physical type;
- NaN → "NaN", ±∞ → "Infinity" / "-Infinity", null → null.

pyarrow 26 gets INT96 wrong past year 2262 (it goes through int64 nanoseconds), so INT96
columns are decoded here from their pages (`Int96Pages`), and checked against pyarrow where
pyarrow's value is in range.

Files with more than `ROW_COUNT_FULL_MAX` rows keep the first `ROW_COUNT_KEPT` values per
column plus aggregates over every row (`count`, `null_count`, numeric `sum`/`min`/`max`,
`nan_count`, date/timestamp `min`/`max`, bool `true_count`, string `total_bytes`).

Deterministic: running it twice writes the same bytes.

Usage: ~/.cache/assay-bench/venv/bin/python scripts/parquet-oracle.py
Corpus: $ASSAY_SHARED_DIR/corpus/parquet, default ../shared beside the repository.
"""

import json
import math
import os
import struct
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ASSAY_SHARED_DIR") or REPO.parent / "shared")
CORPUS = SHARED / "corpus" / "parquet"
OUT = REPO / "Tests" / "AssayParquetTests" / "Fixtures" / "expected"

ROW_COUNT_FULL_MAX = 2_000
ROW_COUNT_KEPT = 1_000

# Files Assay must refuse with a ReaderError (never crash or hang). `may_read`: refusing is
# right, but a reader may also read it, and must then give exactly the expected JSON.
MUST_FAIL_REASONS = {
    "bad_data/ARROW-GH-41317.parquet": "columns of one row group have different row counts",
    "bad_data/ARROW-GH-41321.parquet": "fewer decoded repetition/definition levels than the page header's num_values (bit width 254)",
    "bad_data/ARROW-GH-47662.parquet": "a required column holds nulls (the page ends early)",
    "bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet": "dictionary page header has a negative value count",
    "bad_data/PARQUET-1481.parquet": "corrupt Thrift schema (unknown physical type)",
    # Assay verifies page checksums: a corrupt page is refused, never read as data.
    "data/datapage_v1-corrupt-checksum.parquet": "page CRC mismatch (column a page 0, column b page 1): one value per column "
    "differs from the matching-CRC twin",
    "data/rle-dict-uncompressed-corrupt-checksum.parquet": "dictionary page CRC mismatch: values differ from the matching-CRC twin",
}
MAY_READ_REASONS = {
    "bad_data/ARROW-GH-45185.parquet": "repetition levels start with 1 instead of 0, in its only column, a list: a reader "
    "that leaves lists out never decodes them and reads the rows with no columns",
    "bad_data/ARROW-RS-GH-6229-LEVELS.parquet": "a page has too few repetition levels, in its only column, a list: a reader "
    "that leaves lists out never decodes them and reads the rows with no columns",
    "bad_data/ARROW-GH-43605.parquet": "dictionary indices with RLE bit width 0 and no dictionary page in the column metadata; "
    "pyarrow reads 21,186 zeros (a Go reader crashed on it); refusing or reading exactly that are both fine",
}
ENCRYPTED_REASON = "Parquet Modular Encryption (Assay reads no encrypted files)"

NOTES = {
    "data/large_string_map.brotli.parquet": "its only column is a MAP, skipped: a reader that leaves repeated columns out "
    "never decompresses the 2 GiB string chunk, so the file reads as 2 rows and no columns",
    "data/incorrect_map_schema.parquet": "pyarrow refuses the file (map keys optional); its only column is that map, "
    "skipped by the rules, so the file reads as 1 row and no columns",
    "data/unknown-logical-type.parquet": "a LogicalType union id this reader does not know: read as the bare physical "
    "type (bytes as text when UTF-8)",
    "data/geospatial": "GEOMETRY/GEOGRAPHY are WKB bytes: text when they happen to be valid UTF-8, else 0x-hex",
    "data/nested_structs.rust.parquet": "the TIMESTAMP_MICROS leaves hold nanoseconds by their size (1608822900000000000 "
    "is 2020-12-24 as ns); the rules follow the annotation, so they read as microseconds (year 52951), as DuckDB does",
    "data/nation.dict-malformed.parquet": "name says malformed, but pyarrow reads it and nothing documents the flaw",
}


# --- Thrift compact protocol ------------------------------------------------------------

class Thrift:
    """A reader of the Thrift compact protocol giving structs as {field id: value}."""

    def __init__(self, data, position=0):
        self.data = data
        self.position = position

    def byte(self):
        value = self.data[self.position]
        self.position += 1
        return value

    def varint(self):
        shift = 0
        result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def zigzag(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind):
        if kind == 1:
            return True
        if kind == 2:
            return False
        if kind == 3:
            b = self.byte()
            return b - 256 if b > 127 else b
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            (v,) = struct.unpack_from("<d", self.data, self.position)
            self.position += 8
            return v
        if kind == 8:
            n = self.varint()
            v = bytes(self.data[self.position:self.position + n])
            self.position += n
            return v
        if kind in (9, 10):
            header = self.byte()
            size = header >> 4
            element = header & 0x0F
            if size == 15:
                size = self.varint()
            if element in (1, 2):
                return [self.byte() == 1 for _ in range(size)]
            return [self.value(element) for _ in range(size)]
        if kind == 11:
            size = self.varint()
            if size == 0:
                return {}
            types = self.byte()
            return {self.value(types >> 4): self.value(types & 0x0F) for _ in range(size)}
        if kind == 12:
            return self.struct()
        raise ValueError(f"unknown Thrift compact type {kind}")

    def struct(self):
        fields = {}
        last = 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            delta = header >> 4
            kind = header & 0x0F
            field = last + delta if delta else self.zigzag()
            fields[field] = self.value(kind)
            last = field


def footer(path):
    data = path.read_bytes()
    if data[-4:] != b"PAR1":
        raise ValueError("no PAR1 footer")
    (length,) = struct.unpack_from("<I", data, len(data) - 8)
    return data, Thrift(data, len(data) - 8 - length).struct()


# --- Schema ---------------------------------------------------------------------------

PHYSICAL = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
CONVERTED = ["UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS",
             "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16",
             "INT_32", "INT_64", "JSON", "BSON", "INTERVAL"]
LOGICAL = {1: "STRING", 2: "MAP", 3: "LIST", 4: "ENUM", 5: "DECIMAL", 6: "DATE", 7: "TIME", 8: "TIMESTAMP",
           10: "INTEGER", 11: "NULL", 12: "JSON", 13: "BSON", 14: "UUID", 15: "FLOAT16", 16: "VARIANT",
           17: "GEOMETRY", 18: "GEOGRAPHY"}
TIME_UNIT = {1: "ms", 2: "us", 3: "ns"}


class Node:
    def __init__(self, element):
        self.name = element[4].decode("utf-8")
        self.physical = PHYSICAL[element[1]] if 1 in element else None
        self.length = element.get(2)
        self.repetition = {0: "required", 1: "optional", 2: "repeated"}.get(element.get(3), "required")
        self.converted = CONVERTED[element[6]] if 6 in element and element[6] < len(CONVERTED) else None
        self.scale = element.get(7, 0)
        self.precision = element.get(8)
        self.logical = None  # (name, details) or ("UNKNOWN_ID", id)
        if 10 in element and element[10]:
            (identifier, details), = element[10].items()
            self.logical = (LOGICAL.get(identifier, f"UNKNOWN_ID_{identifier}"), details)
        self.children = []
        self.child_count = element.get(5, 0)


def schema_tree(elements):
    nodes = [Node(e) for e in elements]
    position = 0

    def build():
        nonlocal position
        node = nodes[position]
        position += 1
        for _ in range(node.child_count):
            node.children.append(build())
        return node

    return build()


def is_list_or_map(node):
    if node.logical and node.logical[0] in ("LIST", "MAP"):
        return True
    return node.converted in ("LIST", "MAP", "MAP_KEY_VALUE")


def leaves(root):
    """(path of names, leaf node, skipped name or None) for every leaf, in schema order."""
    result = []

    def walk(node, path, skipped):
        if skipped is None and (node.repetition == "repeated" or is_list_or_map(node)):
            skipped = ".".join(path)
        if node.child_count == 0 and node.physical is not None:
            result.append((path, node, skipped))
        for child in node.children:
            walk(child, path + [child.name], skipped)

    for child in root.children:
        walk(child, [child.name], None)
    return result


def assay_type(node):
    """(Assay type, kind) for a leaf; kind says how values convert."""
    logical = node.logical[0] if node.logical else None
    details = node.logical[1] if node.logical else {}
    physical = node.physical
    if logical in ("STRING", "ENUM", "JSON", "BSON"):
        return "string", "text"
    if logical == "UUID":
        return "string", "uuid"
    if logical == "DECIMAL":
        return "float64", ("decimal", details.get(1, node.scale))
    if logical == "DATE":
        return "date", "date"
    if logical == "TIME":
        return "string", ("time", TIME_UNIT[next(iter(details[2]))])
    if logical == "TIMESTAMP":
        return "timestamp", ("timestamp", TIME_UNIT[next(iter(details[2]))])
    if logical == "INTEGER":
        return "int64", ("integer", details[1], details[2])
    if logical == "FLOAT16":
        return "float64", "float"
    if logical in ("GEOMETRY", "GEOGRAPHY"):
        return "string", "bytes"
    if logical is None or logical.startswith("UNKNOWN_ID"):
        converted = node.converted
        if converted in ("UTF8", "ENUM", "JSON", "BSON"):
            return "string", "text"
        if converted == "DECIMAL":
            return "float64", ("decimal", node.scale)
        if converted == "DATE":
            return "date", "date"
        if converted in ("TIME_MILLIS", "TIME_MICROS"):
            return "string", ("time", "ms" if converted == "TIME_MILLIS" else "us")
        if converted in ("TIMESTAMP_MILLIS", "TIMESTAMP_MICROS"):
            return "timestamp", ("timestamp", "ms" if converted == "TIMESTAMP_MILLIS" else "us")
        if converted and converted.startswith("UINT_"):
            return "int64", ("integer", int(converted[5:]), False)
        if converted and converted.startswith("INT_"):
            return "int64", ("integer", int(converted[4:]), True)
        if converted == "INTERVAL":
            return "string", "hex"
    if physical == "BOOLEAN":
        return "bool", "bool"
    if physical in ("INT32", "INT64"):
        return "int64", ("integer", 32 if physical == "INT32" else 64, True)
    if physical == "INT96":
        return "timestamp", "int96"
    if physical in ("FLOAT", "DOUBLE"):
        return "float64", "float"
    return "string", "bytes"


# --- INT96 pages ----------------------------------------------------------------------

def rle_hybrid(data, position, end, bit_width, count):
    """The RLE / bit-packing hybrid: `count` values from data[position:end]."""
    values = []
    byte_width = (bit_width + 7) // 8
    reader = Thrift(data, position)
    while len(values) < count and reader.position < end:
        header = reader.varint()
        if header & 1:
            groups = header >> 1
            bits = int.from_bytes(data[reader.position:reader.position + groups * bit_width], "little")
            reader.position += groups * bit_width
            mask = (1 << bit_width) - 1
            values.extend((bits >> (i * bit_width)) & mask for i in range(groups * 8))
        else:
            run = header >> 1
            value = int.from_bytes(data[reader.position:reader.position + byte_width], "little")
            reader.position += byte_width
            values.extend([value] * run)
    return values[:count]


def int96_micros(raw):
    """Nanoseconds of the day (int64) and the Julian day (int32, signed), in int64 arithmetic that
    wraps as Spark's does: Spark writes a timestamp past year 2262 by wrapping its nanoseconds, and
    this undoes it (int96_from_spark.md lists the microseconds: 9089380393200000000 for 290000-12-30)."""
    nanos, julian = struct.unpack("<qi", raw)
    micros = (julian - 2_440_588) * 86_400_000_000 + nanos // 1000
    return (micros + (1 << 63)) % (1 << 64) - (1 << 63)


def int96_column(data, meta, row_groups, column_index, max_definition):
    """Microseconds (or None) of a flat INT96 column, decoded from its pages."""
    result = []
    for group in row_groups:
        chunk = group[1][column_index][3]
        codec = chunk[4]
        position = min(p for p in (chunk.get(11), chunk[9]) if p)
        end = position + chunk[7]
        dictionary = []
        remaining = chunk[5]
        while remaining > 0 and position < end:
            reader = Thrift(data, position)
            header = reader.struct()
            body = data[reader.position:reader.position + header[3]]
            position = reader.position + header[3]
            kind = header[1]
            if kind == 3:
                raise ValueError("INT96 in a data page v2: not expected in the corpus")
            if codec == 1:
                body = pa.Codec("snappy").decompress(body, decompressed_size=header[2]).to_pybytes()
            elif codec != 0:
                raise ValueError(f"INT96 column with codec {codec}: not expected in the corpus")
            if kind == 2:
                count = header[7][1]
                dictionary = [int96_micros(body[i * 12:(i + 1) * 12]) for i in range(count)]
                continue
            page = header[5]
            count = page[1]
            offset = 0
            if max_definition > 0:
                (length,) = struct.unpack_from("<I", body, 0)
                definitions = rle_hybrid(body, 4, 4 + length, max_definition.bit_length(), count)
                offset = 4 + length
            else:
                definitions = [0] * count
            present = sum(1 for d in definitions if d == max_definition)
            if page[2] == 0:
                values = [int96_micros(body[offset + i * 12:offset + (i + 1) * 12]) for i in range(present)]
            else:
                bit_width = body[offset]
                values = [dictionary[i] for i in rle_hybrid(body, offset + 1, len(body), bit_width, present)]
            iterator = iter(values)
            result.extend(next(iterator) if d == max_definition else None for d in definitions)
            remaining -= count
    return result


# --- Values ---------------------------------------------------------------------------

def civil_from_days(days):
    z = days + 719_468
    era = (z if z >= 0 else z - 146_096) // 146_097
    day_of_era = z - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    mp = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return year_of_era + era * 400 + (1 if month <= 2 else 0), month, day


def date_text(days):
    year, month, day = civil_from_days(days)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def time_text(micros):
    seconds, fraction = divmod(micros, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    return text + f".{fraction:06d}" if fraction else text


def bytes_text(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + raw.hex()


UNIT_PER_MICRO = {"ms": (1000, 1), "us": (1, 1), "ns": (1, 1000)}


def plain(array):
    """An Arrow array without extension or dictionary wrapping."""
    if isinstance(array, pa.ExtensionArray):
        array = array.storage
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    return array


def convert(values_array, kind, notes):
    """Python values of one leaf (None for null) in Assay's representation."""
    array = plain(values_array)
    if kind in ("text", "bytes", "hex", "uuid"):
        if not pa.types.is_fixed_size_binary(array.type):
            array = array.cast(pa.large_binary())
        raw = array.to_pylist()
        if kind == "hex":
            return [None if r is None else "0x" + r.hex() for r in raw]
        if kind == "uuid":
            return [None if r is None else "-".join((r.hex()[0:8], r.hex()[8:12], r.hex()[12:16], r.hex()[16:20], r.hex()[20:32]))
                    for r in raw]
        out = [None if r is None else bytes_text(r) for r in raw]
        if kind == "text" and any(o is not None and o.startswith("0x") and r is not None and not _is_utf8(r) for o, r in zip(out, raw)):
            notes.append("a STRING column holds bytes that are not UTF-8: written as 0x-hex")
        return out
    if kind == "bool":
        return array.to_pylist()
    if kind == "float":
        return [None if v is None else float(v) for v in array.to_pylist()]
    if kind == "date":
        return [None if v is None else date_text(v) for v in array.cast(pa.int32()).to_pylist()]
    if isinstance(kind, tuple) and kind[0] == "integer":
        _, bits, signed = kind
        values = array.to_pylist()
        if not signed:
            values = [None if v is None else v % (1 << bits) for v in values]
        return values
    if isinstance(kind, tuple) and kind[0] == "decimal":
        scale = kind[1]
        out = []
        for v in array.to_pylist():
            if v is None:
                out.append(None)
                continue
            unscaled = int(v.scaleb(scale))
            out.append(unscaled / 10**scale if scale >= 0 else float(unscaled * 10**-scale))
        return out
    if isinstance(kind, tuple) and kind[0] == "timestamp":
        multiply, divide = UNIT_PER_MICRO[kind[1]]
        raw = array.cast(pa.int64()).to_pylist()
        return [None if v is None else v * multiply // divide for v in raw]
    if isinstance(kind, tuple) and kind[0] == "time":
        multiply, divide = UNIT_PER_MICRO[kind[1]]
        raw = array.cast(pa.int64() if pa.types.is_time64(array.type) else pa.int32()).to_pylist()
        return [None if v is None else time_text(v * multiply // divide) for v in raw]
    raise ValueError(f"no conversion for {kind}")


def _is_utf8(raw):
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def leaf_array(table, path, top_index, child_indices):
    """The leaf's values with every ancestor's nulls applied."""
    array = plain(table.column(top_index).combine_chunks())
    valid = None
    for index in child_indices:
        parent_valid = array.is_valid()
        valid = parent_valid if valid is None else pc.and_(valid, parent_valid)
        array = plain(array.field(index))
    if valid is not None:
        array = pc.if_else(valid, array, pa.nulls(len(array), type=array.type)) if len(array) else array
    return array


def json_number(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
    return v


def aggregates(kind_type, values):
    present = [v for v in values if v is not None]
    result = {"count": len(present), "null_count": len(values) - len(present)}
    if kind_type in ("int64", "float64"):
        numbers = [float(v) for v in present if not (isinstance(v, float) and math.isnan(v))]
        result["nan_count"] = len(present) - len(numbers)
        finite = [v for v in numbers if math.isfinite(v)]
        result["sum"] = math.fsum(finite) if len(finite) == len(numbers) else (math.inf if math.inf in numbers else 0) + \
            (-math.inf if -math.inf in numbers else 0)
        kept = [v for v in present if not (isinstance(v, float) and math.isnan(v))]
        result["min"] = json_number(min(kept)) if kept else None
        result["max"] = json_number(max(kept)) if kept else None
        result["sum"] = json_number(result["sum"])
    elif kind_type in ("date", "timestamp"):
        result["min"] = min(present) if present else None
        result["max"] = max(present) if present else None
    elif kind_type == "bool":
        result["true_count"] = sum(1 for v in present if v)
    elif kind_type == "string":
        result["total_bytes"] = sum(len(v.encode("utf-8")) for v in present)
    return result


def read_table(path, columns=None):
    return pq.read_table(path, columns=columns, coerce_int96_timestamp_unit="us")


def expected_for(relative):
    path = CORPUS / relative
    data, meta = footer(path)
    root = schema_tree(meta[2])
    row_groups = meta.get(4, [])
    notes = [text for key, text in NOTES.items() if relative == key or relative.startswith(key + "/")]
    # The rows are the row groups' rows (as pyarrow counts them); the footer's total may disagree.
    row_count = sum(group[3] for group in row_groups)
    if row_count != meta[3]:
        notes.append(f"the footer says num_rows {meta[3]}, its row groups hold {row_count} rows: the row groups count")

    flat = leaves(root)
    skipped = []
    for _, _, name in flat:
        if name is not None and name not in skipped:
            skipped.append(name)
    kept = [(p, n) for p, n, s in flat if s is None]
    top_names = [c.name for c in root.children]
    # Only the top-level fields that keep a leaf are read: pyarrow refuses some skipped ones
    # (incorrect_map_schema) or cannot convert them (large_string_map).
    table_top = [n for n in top_names if any(p[0] == n for p, _ in kept)]
    table = read_table(path, columns=table_top) if table_top else None
    assert table is None or table.num_rows == row_count, (relative, table.num_rows, row_count)

    columns = []
    for names, node in kept:
        column_type, kind = assay_type(node)
        top = root.children[top_names.index(names[0])]
        child_indices = []
        parent = top
        for name in names[1:]:
            index = [c.name for c in parent.children].index(name)
            child_indices.append(index)
            parent = parent.children[index]
        array = leaf_array(table, names, table_top.index(names[0]), child_indices)
        if kind == "int96":
            column_index = [i for i, (p, n, s) in enumerate(flat) if p == names][0]
            max_definition = 1 if node.repetition == "optional" else 0
            assert len(names) == 1, "INT96 inside a struct: not expected in the corpus"
            values = int96_column(data, meta, row_groups, column_index, max_definition)
            arrow_values = array.cast(pa.int64()).to_pylist()
            assert len(values) == row_count
            for mine, theirs in zip(values, arrow_values):
                if mine is not None and abs(mine) < 9_000_000_000_000_000:
                    assert mine == theirs, (relative, names, mine, theirs)
                if (mine is None) != (theirs is None):
                    raise AssertionError((relative, names, "null mismatch"))
            if any(v is not None and abs(v) > (1 << 63) // 1000 for v in values):
                notes.append(f"{'.'.join(names)}: an INT96 past year 2262, stored by Spark with its nanoseconds wrapped; read as "
                             "Spark reads it (signed Julian day, wrapping int64 arithmetic); pyarrow overflows")
        else:
            values = convert(array, kind, notes)
        if column_type == "int64" and any(v is not None and v > (1 << 63) - 1 for v in values):
            column_type = "float64"
            values = [None if v is None else float(v) for v in values]
            notes.append(f"{'.'.join(names)}: UINT64 above 2^63 - 1, so float64")
        exact = not (isinstance(kind, tuple) and kind[0] == "decimal")
        column = {"name": ".".join(names), "type": column_type}
        if not exact:
            column["exact"] = False
        if row_count > ROW_COUNT_FULL_MAX:
            column.update(aggregates(column_type, values))
            values = values[:ROW_COUNT_KEPT]
        column["values"] = [json_number(v) for v in values]
        columns.append(column)

    result = {"file": relative, "rows": row_count}
    if row_count > ROW_COUNT_FULL_MAX:
        result["values_rows"] = ROW_COUNT_KEPT
    result["columns"] = columns
    result["skipped"] = skipped
    if notes:
        result["note"] = "; ".join(dict.fromkeys(notes))
    return result


# --- Output ---------------------------------------------------------------------------

def dumps(document):
    """Stable JSON: one line per column attribute, each value list on one line."""
    def atom(v):
        return json.dumps(v, ensure_ascii=False, allow_nan=False)

    lines = ["{"]
    keys = list(document)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if key == "columns":
            lines.append('  "columns": [')
            for j, column in enumerate(document["columns"]):
                inner = ", ".join(f"{atom(k)}: {atom(v)}" for k, v in column.items() if k != "values")
                values = "[" + ", ".join(atom(v) for v in column["values"]) + "]"
                lines.append(f"    {{{inner},")
                lines.append(f'     "values": {values}}}' + ("," if j < len(document["columns"]) - 1 else ""))
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {atom(key)}: {atom(document[key])}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def fixture_name(relative):
    return relative.replace("/", "__") + ".json"


def main():
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS} (set ASSAY_SHARED_DIR)")
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()
                   and (p.name.endswith(".parquet") or p.name.endswith(".parquet.encrypted")))
    must_fail = []
    total = 0
    for relative in files:
        if relative in MUST_FAIL_REASONS:
            must_fail.append({"file": relative, "reason": MUST_FAIL_REASONS[relative]})
            continue
        if relative.endswith(".encrypted"):
            must_fail.append({"file": relative, "reason": ENCRYPTED_REASON})
            continue
        if relative.startswith("bad_data/") and relative not in MAY_READ_REASONS:
            sys.exit(f"{relative}: a new bad_data file; say why it must fail in MUST_FAIL_REASONS")
        document = expected_for(relative)
        if not document["columns"] and document["skipped"]:
            # Assay refuses a file with nothing it can read rather than pass it as an empty table.
            must_fail.append({"file": relative, "reason": "every column is a list, map or repeated field (" + ", ".join(document["skipped"]) + "): no column Assay reads"})
            continue
        if relative in MAY_READ_REASONS:
            must_fail.append({"file": relative, "reason": MAY_READ_REASONS[relative], "may_read": True})
        text = dumps(document)
        (OUT / fixture_name(relative)).write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        print(f"{len(text.encode('utf-8')):>8}  {relative}")
    text = json.dumps(must_fail, indent=1, ensure_ascii=False) + "\n"
    (OUT / "_must_fail.json").write_text(text, encoding="utf-8")
    total += len(text)
    print(f"{len(files)} files, {len(must_fail)} in _must_fail.json, {total:,} bytes written")


if __name__ == "__main__":
    main()
