import AssayColumns
@testable import AssayReaders
import Foundation
import Testing

/// Each bad input either reads correctly or fails with a `ReaderError` naming the place.
@Suite struct BadInputTests {
    let folder = TemporaryDirectory()

    @Test func missingFile() {
        let error = readerError { _ = try CSVReader(path: folder.path + "/nope.csv") }
        #expect(error?.code == .fileNotFound)
        #expect(error?.description == "\(folder.path)/nope.csv: no such file (check the path)")
    }

    @Test func emptyFile() {
        let path = folder.write("empty.csv", "")
        let error = readerError { _ = try CSVReader(path: path) }
        #expect(error?.code == .empty)
        #expect(error?.description.hasPrefix("\(path): the file is empty") == true)
    }

    @Test func headerOnlyReadsAsNoRows() throws {
        let path = folder.write("header.csv", "a,b,c\n")
        let (schema, rows) = try read(path)
        #expect(schema.names == ["a", "b", "c"])
        #expect(schema.fields.allSatisfy { $0.type == .string })
        #expect(rows.isEmpty)
    }

    @Test func raggedRowNamesLineAndColumn() {
        let path = folder.write("ragged.csv", "a,b,c\n1,2,3\n4,5\n7,8,9\n")
        let error = readerError { _ = try read(path) }
        #expect(error?.code == .raggedRow)
        #expect(error?.line == 3)
        #expect(error?.column == "c")
        #expect(error?.description == "\(path) line 3, column \"c\": the row has 2 fields, the header 3 (a missing delimiter or a line break inside an unquoted value?)")
        let tooMany = folder.write("wide.csv", "a,b\n1,2\n3,4,5\n")
        #expect(readerError { _ = try read(tooMany) }?.line == 3)
    }

    @Test func unterminatedQuoteNamesTheLineItOpensOn() {
        let path = folder.write("quote.csv", "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        let error = readerError { _ = try read(path) }
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 3)
    }

    @Test func textAfterClosingQuote() {
        let path = folder.write("after.csv", "a,b\n1,\"x\"y\n")
        let error = readerError { _ = try read(path) }
        #expect(error?.code == .malformedQuote)
        #expect(error?.line == 2)
        #expect(error?.column == "b")
    }

    @Test func nulBytes() {
        let path = folder.write("nul.csv", Array("a,b\n1,x\n2,".utf8) + [0x79, 0x00, 0x7A] + Array("\n".utf8))
        let error = readerError { _ = try read(path) }
        #expect(error?.code == .nulByte)
        #expect(error?.line == 3)
        #expect(error?.column == "b")
        // UTF-16 text is full of NULs: the header already says so.
        let utf16 = folder.write("utf16.csv", Array("a,b\n1,2\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        #expect(readerError { _ = try read(utf16) }?.code == .nulByte)
    }

    @Test func invalidUTF8() {
        let path = folder.write("latin1.csv", Array("id,city\n1,Berlin\n2,".utf8) + [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E] + Array("\n".utf8))
        let error = readerError { _ = try read(path) }
        #expect(error?.code == .invalidUTF8)
        #expect(error?.line == 3)
        #expect(error?.column == "city")
        #expect(error?.hint?.contains("iconv") == true)
    }

    @Test func duplicateColumnNames() {
        let path = folder.write("dup.csv", "id,x,id\n1,2,3\n")
        let error = readerError { _ = try CSVReader(path: path) }
        #expect(error?.code == .duplicateColumn)
        #expect(error?.column == "id")
        #expect(error?.line == 1)
    }

    @Test func truncatedGzip() throws {
        let plain = folder.write("t.csv", SampleText.rows(20_000))
        let gzip = folder.path + "/t.csv.gz"
        #expect(try shell("gzip -c '\(plain)' | head -c 30000 > '\(gzip)'") == 0)
        let error = readerError { _ = try read(gzip) }
        #expect(error?.code == .compression)
        #expect(error?.description.contains("ends early") == true)
    }

    /// 100 MB in one field reads whole (records may reach `recordByteCountMax`).
    @Test func hundredMegabyteField() throws {
        let size = 100_000_000
        var data = Data("id,blob,tail\n1,\"".utf8)
        data.append(Data(count: size))
        data.resetBytes(in: (data.count - size)..<data.count)
        data.withUnsafeMutableBytes { buffer in
            _ = memset(buffer.baseAddress! + (buffer.count - size), Int32(UInt8(ascii: "x")), size)
        }
        data.append(Data("\",end\n2,small,end\n".utf8))
        let path = folder.write("huge.csv", data)
        let (schema, batches) = try CSVReader(path: path).readAll()
        #expect(schema.fields.map(\.type) == [.int64, .string, .string])
        guard case .string(let blob) = batches[0].columns[1] else {
            Issue.record("blob is not a string column")
            return
        }
        #expect(blob.offsets[1] - blob.offsets[0] == size)
        #expect(blob.bytes[0] == UInt8(ascii: "x") && blob.bytes[size - 1] == UInt8(ascii: "x"))
        #expect(blob[1] == "small")
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 2)
    }

    /// 10,000 columns read; batches shrink so a batch's field table stays bounded.
    @Test func tenThousandColumns() throws {
        let width = 10_000
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<300 { text += (0..<width).map { String(($0 + row) % 97) }.joined(separator: ",") + "\n" }
        let path = folder.write("wide.csv", text)
        let (schema, batches) = try CSVReader(path: path).readAll()
        #expect(schema.count == width)
        #expect(schema.fields.allSatisfy { $0.type == .int64 })
        #expect(batches.allSatisfy { $0.rowCount * width <= CSVOptions.fieldCountPerBatchMax })
        #expect(batches.reduce(0) { $0 + $1.rowCount } == 300)
        #expect(rows(of: batches)[299][9_999] == String((9_999 + 299) % 97))
    }

    @Test func aDirectoryIsNotAFile() {
        #expect(readerError { _ = try CSVReader(path: folder.path) }?.code == .ioError)
    }
}

/// Random small files from an alphabet of the bytes that steer the parser: every one either
/// reads (with the same rows on one and two workers) or fails with a `ReaderError` — no trap.
@Suite struct RandomInputTests {
    @Test func randomBytesNeverCrash() throws {
        let folder = TemporaryDirectory()
        let alphabet: [UInt8] = Array("a1.,,;\"\n\n\r\t| -eNA".utf8)
        // Rare bytes: NUL, pieces of UTF-8 sequences, a byte that is never UTF-8, a BOM's bytes.
        let rare: [UInt8] = [0x00, 0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]
        var random = SplitMix64(seed: 2026)
        var read = 0
        var rejected = 0
        for index in 0..<1500 {
            let length = Int(random.next() % 80)
            let bytes = (0..<length).map { _ in
                random.next() % 40 == 0 ? rare[Int(random.next() % UInt64(rare.count))] : alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            let path = folder.write("r\(index).csv", bytes)
            do {
                let reader = try CSVReader(path: path, options: CSVOptions(chunkByteCount: 16))
                let one = try reader.readAll()
                let two = try reader.scanWidening(workerCount: 2, makeState: { _ in [Batch]() }) { $0.append($1) }
                #expect(rows(of: two.states.flatMap { $0 }).count == one.batches.reduce(0) { $0 + $1.rowCount })
                read += 1
            } catch is ReaderError {
                rejected += 1
            }
        }
        #expect(read > 100 && rejected > 100, "the alphabet exercises both outcomes (read \(read), rejected \(rejected))")
    }
}
