import AssayColumns
@testable import AssayReaders
import Foundation
import Testing

@Suite struct CSVReaderTests {
    let folder = TemporaryDirectory()

    @Test func infersTypesFromTheSample() throws {
        let path = folder.write("types.csv", """
            id,price,ok,day,at,name
            1,2.5,true,2024-02-29,2024-02-29T10:15:30Z,ann
            2,-3,FALSE,1970-01-01,2024-03-01 10:00:00+02:00,bob
            -9223372036854775808,1e3,false,1969-12-31,2024-03-01T08:00:00.123456Z,"c, d"

            """)
        let (schema, rows) = try read(path)
        #expect(schema.fields.map(\.type) == [.int64, .float64, .bool, .date, .timestamp, .string])
        #expect(rows[0] == ["1", "2.5", "true", "\(CivilCalendar.daysFromCivil(year: 2024, month: 2, day: 29))", "1709201730000000", "ann"])
        // +02:00 is two hours ahead of UTC: 10:00+02:00 is 08:00Z.
        #expect(rows[1][4] == "1709280000000000")
        #expect(rows[2][0] == "-9223372036854775808")
        #expect(rows[2][1] == "1000.0")
        #expect(rows[2][3] == "-1")
        #expect(rows[2][4] == "1709280000123456")
        #expect(rows[2][5] == "c, d")
    }

    @Test func nullTokensByDefaultAndOnRequest() throws {
        let path = folder.write("nulls.csv", "a,b\n1,NA\n,N/A\nNULL,null\n4,\"NaN\"\n5,x\n")
        let (schema, rows) = try read(path)
        #expect(schema.fields.map(\.type) == [.int64, .string])
        #expect(rows.map { $0[0] } == ["1", nil, nil, "4", "5"])
        // A quoted token is null too, as in pandas and DuckDB.
        #expect(rows.map { $0[1] } == [nil, nil, nil, nil, "x"])
        let custom = try read(path, CSVOptions(nullTokens: ["-"]))
        #expect(custom.schema.fields.map(\.type) == [.string, .string])
        #expect(custom.rows[1] == ["", "N/A"])
    }

    @Test(arguments: [(",", "a,b,c\n1,2,3\n4,5,6\n"), (";", "a;b;c\n1,5;2;3\n4;5;6\n"),
                      ("\t", "a\tb\tc\n1\t2\t3\n4\t5\t6\n"), ("|", "a|b|c\n1|2|3\n4|5|6\n")])
    func detectsTheDelimiter(delimiter: String, text: String) throws {
        let path = folder.write("d.csv", text)
        let reader = try CSVReader(path: path)
        #expect(reader.delimiter == delimiter.utf8.first)
        #expect(reader.schema.names == ["a", "b", "c"])
        #expect(try read(path).rows.count == 2)
    }

    @Test func aForcedDelimiterWins() throws {
        let path = folder.write("forced.csv", "a;b,c\n1;2,3\n")
        let (schema, rows) = try read(path, CSVOptions(delimiter: UInt8(ascii: ",")))
        #expect(schema.names == ["a;b", "c"])
        #expect(rows == [["1;2", "3"]])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let path = folder.write("bom.csv", [0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,\"x\r\ny\"\r\n2,z\r\n".utf8))
        let (schema, rows) = try read(path)
        #expect(schema.names == ["id", "name"])
        #expect(rows == [["1", "x\r\ny"], ["2", "z"]])
    }

    @Test func gzipReadsLikeThePlainFile() throws {
        let text = SampleText.rows(2000)
        let plain = folder.write("plain.csv", text)
        let gzip = folder.path + "/plain.csv.gz"
        #expect(try shell("gzip -c '\(plain)' > '\(gzip)'") == 0)
        #expect(try read(gzip).rows == read(plain).rows)
    }

    @Test func emptyHeaderNamesAreNumbered() throws {
        let path = folder.write("unnamed.csv", ",x,\n1,2,3\n")
        #expect(try CSVReader(path: path).schema.names == ["column_1", "x", "column_3"])
    }

    /// A value past the type sample that does not fit widens the column and the pass restarts:
    /// nothing is dropped, early values keep their exact text.
    @Test func lateValuesWidenTheColumn() throws {
        var text = "n,m,d\n"
        for index in 0..<30_000 { text += "\(index),0\(index),2024-01-01\n" }
        text += "2.5,oops,2024-01-01 12:00\n"
        let path = folder.write("late.csv", text)
        let (schema, rows) = try read(path, CSVOptions(chunkByteCount: 4096))
        #expect(schema.fields.map(\.type) == [.float64, .string, .timestamp])
        #expect(rows.count == 30_001)
        #expect(rows[29_999] == ["29999.0", "029999", "\(Int64(CivilCalendar.daysFromCivil(year: 2024, month: 1, day: 1)) * 86_400_000_000)"])
        #expect(rows[30_000][1] == "oops")
    }

    @Test func batchesAreBoundedAndChunkBoundariesLoseNothing() throws {
        let text = SampleText.rows(70_000)
        let path = folder.write("many.csv", text)
        let reader = try CSVReader(path: path, options: CSVOptions(chunkByteCount: 1 << 20))
        let (_, batches) = try reader.readAll()
        #expect(batches.allSatisfy { $0.rowCount <= Batch.rowCountMax })
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 70_000)
        // Small chunks on two workers see the same rows (quoted newlines straddle chunk edges).
        let small = try CSVReader(path: path, options: CSVOptions(chunkByteCount: 4096))
        let collected = try small.scanWidening(workerCount: 2, makeState: { _ in [Batch]() }) { $0.append($1) }
        let parallel = rows(of: collected.states.flatMap { $0 })
        let sequential = rows(of: batches)
        #expect(parallel.count == sequential.count)
        let key: ([String?]) -> String = { $0.map { $0 ?? "∅" }.joined(separator: "\u{1}") }
        #expect(parallel.map(key).sorted() == sequential.map(key).sorted())
    }

    @Test func textParsersMatchStrtodBitForBit() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200_000 {
            let digits = Int(random.next() % 17) + 1
            var text = random.next() % 2 == 0 ? "-" : ""
            for position in 0..<digits {
                if position == digits / 2, random.next() % 2 == 0 { text += "." }
                text += String(random.next() % 10)
            }
            if random.next() % 4 == 0 { text += "e\(Int(random.next() % 60) - 30)" }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { TextParsing.parseDouble($0.baseAddress!, $0.count) }
            #expect(parsed?.bitPattern == strtod(text, nil).bitPattern, "\(text)")
        }
    }

    @Test func integerParsingHandlesTheLimits() {
        func parse(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { TextParsing.parseInt64($0.baseAddress!, $0.count) } }
        #expect(parse("9223372036854775807") == .max)
        #expect(parse("-9223372036854775808") == .min)
        #expect(parse("9223372036854775808") == nil)
        #expect(parse("+12") == 12)
        #expect(parse("1.0") == nil)
        #expect(parse("-") == nil)
        #expect(parse("") == nil)
    }

    @Test func datesRejectImpossibleDays() {
        func parse(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { TextParsing.parseDate($0.baseAddress!, $0.count) } }
        #expect(parse("2023-02-29") == nil)
        #expect(parse("2024-02-29") != nil)
        #expect(parse("2024-13-01") == nil)
        #expect(parse("2024-1-01") == nil)
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, m, d) = CivilCalendar.civilFromDays(days)
            #expect(CivilCalendar.daysFromCivil(year: y, month: m, day: d) == days)
        }
    }
}

/// Mixed-type rows with quoted commas and line breaks, deterministic.
enum SampleText {
    static func rows(_ count: Int) -> String {
        var text = "id,amount,flag,note\n"
        for index in 0..<count {
            let note = index % 7 == 0 ? "\"line\nbreak, \"\"quoted\"\"\"" : index % 5 == 0 ? "" : "n\(index)"
            text += "\(index),\(Double(index) * 0.25),\(index % 2 == 0),\(note)\n"
        }
        return text
    }
}
