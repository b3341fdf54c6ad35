import Foundation

extension Profile {
    /// Pretty-printed JSON, keys in the documented order.
    public func jsonData() -> Data { Data(json.rendered().utf8) }

    public static func load(from data: Data) throws -> Profile {
        try JSONDecoder().decode(Profile.self, from: data)
    }
}

/// Writes a file so that readers see the old content or the whole new one, never a part:
/// a temporary file beside it, flushed, then renamed over it.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
