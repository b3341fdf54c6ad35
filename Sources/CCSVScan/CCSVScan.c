// The CSV tokenizer's fast path (see CCSVScan.h): 16 bytes at a time with SSE2, finding the
// delimiters, line breaks and quotes of a block as one bit mask, then walking its set bits.
#include "CCSVScan.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t assay_csv_split_plain(const uint8_t *bytes, size_t end, size_t pos, uint8_t delimiter, uint8_t quote,
                             size_t column_count, uint32_t *starts, uint32_t *ends, int64_t *record_offsets,
                             size_t row0, size_t row_capacity, size_t *stop) {
    size_t row = row0;
    size_t record = pos;
    size_t field_start = pos;
    size_t column = 0;
    size_t block = pos;
#if defined(__SSE2__)
    const __m128i delimiters = _mm_set1_epi8((char)delimiter);
    const __m128i newlines = _mm_set1_epi8('\n');
    const __m128i quotes = _mm_set1_epi8((char)quote);
#endif
    while (row < row_capacity && block < end) {
        uint32_t mask = 0;
        size_t width = end - block < 16 ? end - block : 16;
#if defined(__SSE2__)
        if (width == 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(bytes + block));
            __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delimiters), _mm_cmpeq_epi8(v, newlines)),
                                        _mm_cmpeq_epi8(v, quotes));
            mask = (uint32_t)_mm_movemask_epi8(hits);
        } else
#endif
        {
            for (size_t i = 0; i < width; i++) {
                uint8_t b = bytes[block + i];
                if (b == delimiter || b == '\n' || b == quote) mask |= 1u << i;
            }
        }
        while (mask != 0) {
            size_t at = block + (size_t)__builtin_ctz(mask);
            mask &= mask - 1;
            if (at < field_start) continue;  // inside a blank line already skipped
            uint8_t b = bytes[at];
            if (b == quote) goto done;
            if (b == delimiter) {
                if (column + 1 >= column_count) goto done;  // too many fields: the general path reports it
                starts[row * column_count + column] = (uint32_t)field_start;
                ends[row * column_count + column] = (uint32_t)at;
                column++;
                field_start = at + 1;
                continue;
            }
            // A line break.
            if (column == 0 && (at == record || (at == record + 1 && bytes[record] == '\r'))) {
                record = field_start = at + 1;  // blank line
                continue;
            }
            if (column + 1 != column_count) goto done;  // too few fields
            size_t field_end = at;
            if (field_end > field_start && bytes[field_end - 1] == '\r') field_end--;
            starts[row * column_count + column] = (uint32_t)field_start;
            ends[row * column_count + column] = (uint32_t)field_end;
            record_offsets[row] = (int64_t)record;
            row++;
            column = 0;
            record = field_start = at + 1;
            if (row == row_capacity) goto done;
        }
        block += width;
    }
done:
    *stop = record;
    return row - row0;
}
