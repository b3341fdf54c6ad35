// swift-tools-version:6.1
// Benchmarks are their own package (as in swift-collections) so the library never depends on
// timing code, and `swift build` of the root package stays as fast as before.
import PackageDescription

let package = Package(
    name: "AssayBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Assay", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "assay-bench",
            dependencies: [
                .product(name: "AssayColumns", package: "Assay"),
                .product(name: "AssayReaders", package: "Assay"),
                .product(name: "AssayKernels", package: "Assay"),
                .product(name: "AssayMetrics", package: "Assay"),
                .product(name: "AssayProfiles", package: "Assay"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
