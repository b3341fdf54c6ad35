import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Profile {
    /// Pretty-printed JSON, keys in the documented order.
    public func jsonData() -> Data { Data(json.rendered().utf8) }

    /// Decodes a profile; one written by a newer Assay (a higher `schema_version`) is refused
    /// with `NewerSchemaError` before its fields are read, since they may mean something else.
    public static func load(from data: Data) throws -> Profile {
        struct Header: Decodable { var schema_version: Int? }
        if let version = (try? JSONDecoder().decode(Header.self, from: data))?.schema_version, version > schemaVersion {
            throw NewerSchemaError(version: version)
        }
        return try JSONDecoder().decode(Profile.self, from: data)
    }

    /// A profile of a schema version this build does not know.
    public struct NewerSchemaError: Error, Sendable, CustomStringConvertible {
        public var version: Int
        public var description: String {
            "written by a newer Assay (profile schema version \(version); this build reads up to \(Profile.schemaVersion)): upgrade Assay, or profile the baseline again with this one"
        }
    }
}

/// Writes a file so that readers see the old content or the whole new one, never a part:
/// a temporary file beside it, flushed, then renamed over it.
public enum AtomicFile {
    /// Errors are `POSIXError`s naming what the system refused (ENOTDIR, EACCES, ENOSPC …).
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try makeDirectories(directory)
        let temporary = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure() }
        var failed: POSIXError?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = failure()
                    return
                }
                offset += written
            }
        }
        if failed == nil, fsync(descriptor) != 0 { failed = failure() }
        close(descriptor)
        if failed == nil, rename(temporary, url.path) != 0 { failed = failure() }
        if let failed {
            unlink(temporary)
            throw failed
        }
    }

    private static func failure() -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

    /// `mkdir -p`: each missing component in turn.
    private static func makeDirectories(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if path.isEmpty || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) { return }
        try makeDirectories((path as NSString).deletingLastPathComponent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure() }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw POSIXError(.ENOTDIR)
        }
    }
}
