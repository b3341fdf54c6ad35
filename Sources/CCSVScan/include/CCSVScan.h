#ifndef ASSAY_CCSVSCAN_H
#define ASSAY_CCSVSCAN_H
#include <stddef.h>
#include <stdint.h>

/// Splits whole records that hold no quote byte, starting at `pos` (a record start), into field
/// bounds: row r, column c at starts/ends[(row0 + r) * column_count + c]; record_offsets[row0 + r]
/// is the record's first byte. Blank lines are skipped. Stops, leaving the rest to the general
/// tokenizer, at: `row_capacity` rows, a record holding a quote, a record with another number of
/// fields than `column_count`, or a last record without a line break. Returns rows written;
/// `*stop` is where the general tokenizer resumes (a record start).
size_t assay_csv_split_plain(const uint8_t *bytes, size_t end, size_t pos, uint8_t delimiter, uint8_t quote,
                             size_t column_count, uint32_t *starts, uint32_t *ends, int64_t *record_offsets,
                             size_t row0, size_t row_capacity, size_t *stop);
#endif
