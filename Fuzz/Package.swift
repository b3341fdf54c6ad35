// swift-tools-version:6.1
// Fuzz targets are their own package (as Benchmarks/): they are built only with
// `--sanitize=fuzzer`, and their entry point is libFuzzer's, not `main`, so the root package's
// plain `swift build` must never see them. Run with `Fuzz/run TARGET SECONDS` (README: Reliability).
import PackageDescription

let library: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "AssayFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Assay", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzCSV", dependencies: [.product(name: "AssayReaders", package: "Assay")], swiftSettings: library),
        .executableTarget(
            name: "FuzzParquet",
            dependencies: [.product(name: "AssayParquet", package: "Assay"), .product(name: "AssayReaders", package: "Assay")],
            swiftSettings: library),
        .executableTarget(
            name: "FuzzSuite", dependencies: [.product(name: "AssaySuites", package: "Assay")], swiftSettings: library),
        .executableTarget(
            name: "FuzzProfile", dependencies: [.product(name: "AssayProfiles", package: "Assay")], swiftSettings: library),
    ],
    swiftLanguageModes: [.v6]
)
