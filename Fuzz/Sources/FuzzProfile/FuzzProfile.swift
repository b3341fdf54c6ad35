import AssayProfiles
import Foundation

/// libFuzzer entry: the bytes as a profile JSON (a drift baseline, `compare`'s input), loaded and
/// merged with itself. Errors are fine; a crash, trap, hang or ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let profile = try? Profile.load(from: Data(bytes: data, count: size)) else { return 0 }
    _ = try? ProfileMerge.merge(profile, profile)
    return 0
}
