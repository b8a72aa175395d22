// swift-tools-version:6.0
// Coverage-guided fuzz targets for StewardCore's parsers and the screening engine, built with libFuzzer
// (`-sanitize=fuzzer`). A package of its own so that the main build never needs the fuzzer runtime:
//   scripts/fuzz [SECONDS]
import PackageDescription

let package = Package(
    name: "steward-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "steward", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The screener with a small roster, staff list and terms list taken from the input.
        fuzzTarget("fuzz-screen"),
        // The policy importer, its content hash and comparison, and the questions format.
        fuzzTarget("fuzz-policy"),
        // The staff and pupil CSV readers, from bytes in any encoding TextDecoding reads.
        fuzzTarget("fuzz-csv"),
        // The terms-list reader, and a screening context built from what it reads.
        fuzzTarget("fuzz-terms"),
        // Reading and stripping JPEG and PNG metadata.
        fuzzTarget("fuzz-image"),
        // Checking and stripping an uploaded photo for a post; a stripped photo checks again with nothing to remove.
        fuzzTarget("fuzz-post-image"),
        // Splitting a draft into marked and unmarked runs for the findings at any offsets.
        fuzzTarget("fuzz-marked-text"),
        // The input rules behind sign-in and the forms: email, password, names, dates, secrets, recovery codes.
        fuzzTarget("fuzz-input-rules"),
        // Backup files: any bytes read as one, any contents sealed and read back, any changed byte refused.
        fuzzTarget("fuzz-backup"),
        // A Word document whose body and numbering come from the input, zipped as Word does, read as a policy.
        fuzzTarget("fuzz-word"),
        // What pdftotext -bbox-layout writes, from the input: laid out, headers and footers dropped, read as a policy.
        fuzzTarget("fuzz-pdf-layout"),
        // libFuzzer's driver, which every target starts from its `main`.
        .target(name: "FuzzDriver", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "FuzzDriver", .product(name: "StewardCore", package: "steward"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ],
        swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-parse-as-library"])]
    )
}
