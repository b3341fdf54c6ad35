import AssaySuites

/// libFuzzer entry: the bytes as a suite, YAML or JSON (the parser decides by content), parsed
/// and checked whole. Errors are fine; a crash, trap, hang or ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Suite.parse(text, path: size % 2 == 0 ? "fuzz.yml" : "fuzz.json")
    return 0
}
