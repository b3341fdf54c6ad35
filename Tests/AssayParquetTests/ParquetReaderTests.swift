import AssayColumns
import AssayParquet
import AssayReaders
import Foundation
import Testing

/// `ParquetReader` behaviour beyond values: projection, row-group statistics, skipped columns,
/// and the errors of files it refuses (corpus files from `ParquetCorpus.directory`).
@Suite(.enabled(if: ParquetCorpus.directory != nil, "set ASSAY_SHARED_DIR to the folder holding corpus/parquet"))
struct ParquetReaderTests {
    private func path(_ name: String) throws -> String { try #require(ParquetCorpus.directory) + "/" + name }

    @Test func projectionDecodesOnlyTheRequestedColumns() throws {
        let reader = try ParquetReader(path: try path("data/alltypes_plain.parquet"))
        let (_, all) = try reader.readAll()
        let (schema, projected) = try reader.projected(to: ["id", "string_col"]).readAll()
        #expect(schema == reader.schema)
        for (full, part) in zip(all, projected) {
            for (index, field) in schema.fields.enumerated() {
                if field.name == "id" || field.name == "string_col" {
                    #expect(part.columns[index] == full.columns[index])
                } else {
                    #expect(part.columns[index].nullCount == part.rowCount, "\(field.name) is not read")
                }
            }
        }
    }

    @Test func rowGroupStatisticsCountTheRowsOfEachRowGroup() throws {
        let reader = try ParquetReader(path: try path("data/sort_columns.parquet"))
        let (_, batches) = try reader.readAll()
        #expect(reader.rowGroupStatistics.count == 2)
        for (index, group) in reader.rowGroupStatistics.enumerated() {
            #expect(group.rowCount == batches.filter { $0.ordinal.chunk == index }.reduce(0) { $0 + $1.rowCount })
        }
        #expect(reader.rowCount == 6)
    }

    @Test func inexactStatisticsAreNotExposed() throws {
        // binary_truncated_min_max writes truncated string bounds marked is_{min,max}_value_exact = false.
        let reader = try ParquetReader(path: try path("data/binary_truncated_min_max.parquet"))
        let string = try #require(reader.schema.fields.first { $0.type == .string })
        for group in reader.rowGroupStatistics {
            let column = try #require(group.columns[string.name])
            #expect(column.minimum == nil && column.maximum == nil)
            #expect(column.nullCount != nil)
        }
    }

    @Test func listsAndMapsAreSkippedWithAReason() throws {
        let nested = try ParquetReader(path: try path("data/nullable.impala.parquet"))
        #expect(nested.schema.names == ["id", "nested_struct.A"])
        #expect(nested.skippedColumns.map(\.name) == ["int_array", "int_array_Array", "int_map", "int_Map_Array", "nested_struct.b", "nested_struct.C.d", "nested_struct.g"])
        #expect(nested.skippedColumns.first?.reason == "a list")
        #expect(nested.skippedColumns.contains { $0.reason == "a map" })
        // A file with nothing but lists and maps is refused, naming them: it is not an empty table that passes.
        let lists = readerError { try ParquetReader(path: try path("data/list_columns.parquet")) }
        #expect(lists?.message == "no column Assay can read: every column is a list, map or repeated field (\"int64_list\" (a list), \"utf8_list\" (a list))")
        let maps = readerError { try ParquetReader(path: try path("data/map_no_value.parquet")) }
        #expect(maps?.message.contains("\"my_map\" (a map)") == true)
    }

    @Test func refusedFilesSayWhy() throws {
        let encrypted = readerError { try ParquetReader(path: try path("data/uniform_encryption.parquet.encrypted")) }
        #expect(encrypted?.code == .encrypted)
        #expect(encrypted?.message == "encrypted Parquet (encrypted footer, magic PARE) is not supported")
        let plaintextFooter = readerError { try ParquetReader(path: try path("data/encrypt_columns_plaintext_footer.parquet.encrypted")) }
        #expect(plaintextFooter?.code == .encrypted)
        let schema = readerError { try ParquetReader(path: try path("bad_data/PARQUET-1481.parquet")) }
        #expect(schema?.description.hasSuffix("PARQUET-1481.parquet: invalid schema: column \"Handle\" has an unknown physical type (-7)") == true)
        let levels = readerError { _ = try ParquetReader(path: try path("bad_data/ARROW-GH-41321.parquet")).readAll() }
        #expect(levels?.code == .parquet)
        #expect(levels?.column != nil)
        #expect(levels?.message.hasPrefix("row group 0, page ") == true)
        let notParquet = readerError { try ParquetReader(path: try path("data/delta_binary_packed_expect.csv")) }
        #expect(notParquet?.message == "not a Parquet file: it does not start and end with the PAR1 magic bytes")
    }

    private func readerError(_ body: () throws -> Any) -> ReaderError? {
        do {
            _ = try body()
            Issue.record("expected a ReaderError")
            return nil
        } catch let error as ReaderError {
            return error
        } catch {
            Issue.record("expected a ReaderError, got \(error)")
            return nil
        }
    }
}
