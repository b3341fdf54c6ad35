import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sequential bytes of a file, gunzipped on the fly when the file starts with the gzip magic
/// bytes (whatever its name). zlib reads a plain file straight into the caller's buffer.
final class ByteStream {
    private var handle: gzFile?
    let path: String

    init(path: String) throws {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ReaderError(.fileNotFound, file: path, message: "no such file", hint: "check the path")
        }
        guard status.st_mode & S_IFMT != S_IFDIR else {
            throw ReaderError(.ioError, file: path, message: "is a directory, not a data file")
        }
        guard let handle = gzopen(path, "rb") else {
            throw ReaderError(.ioError, file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        gzbuffer(handle, 1 << 20)
        self.handle = handle
    }

    deinit { if let handle { gzclose_r(handle) } }

    /// Fills `buffer` as far as the input goes; returns the number of bytes read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let handle, let base = buffer.baseAddress else { return 0 }
        var total = 0
        while total < buffer.count {
            let request = UInt32(min(buffer.count - total, 1 << 30))
            let got = gzread(handle, base + total, request)
            if got < 0 || (got == 0 && gzerrorCode(handle) != Z_OK) {
                throw compressionError(handle)
            }
            if got == 0 { break }
            total += Int(got)
        }
        return total
    }

    private func gzerrorCode(_ handle: gzFile) -> Int32 {
        var code: Int32 = Z_OK
        _ = gzerror(handle, &code)
        return code
    }

    private func compressionError(_ handle: gzFile) -> ReaderError {
        var code: Int32 = Z_OK
        let text = gzerror(handle, &code).map { String(cString: $0) } ?? "unknown error"
        if code == Z_BUF_ERROR {
            return ReaderError(.compression, file: path, message: "the gzip stream ends early (truncated file?)",
                               hint: "re-copy or re-export the file")
        }
        if code == Z_ERRNO {
            return ReaderError(.ioError, file: path, message: "read failed: \(String(cString: strerror(errno)))")
        }
        return ReaderError(.compression, file: path, message: "corrupt gzip data: \(text)")
    }
}
