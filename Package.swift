// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "steward",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
        .library(name: "StewardCore", targets: ["StewardCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // Checks the ID tokens of the school's own identity provider (Microsoft, Google, any OpenID Connect).
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Every rule a headteacher could argue about: pure Swift, no Vapor, no Fluent.
        .target(
            name: "StewardCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                // Word documents (.docx) are ZIP archives: the policy importer opens them with it.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP, Fluent and Leaf: the only place that knows about them.
        .target(
            name: "App",
            dependencies: [
                "StewardCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings + typeCheckWatch
        ),
        // Prints the screening engine's speed and memory figures (docs/benchmarks.md).
        .executableTarget(name: "screen-bench", dependencies: ["StewardCore"], swiftSettings: swiftSettings),
        // The command line: parses and checks every command's options before anything is opened, then hands them to
        // App or StewardCore.
        .executableTarget(
            name: "steward",
            dependencies: [
                "App", "StewardCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StewardCoreTests",
            dependencies: [
                "StewardCore", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings + typeCheckWatch
        ),
    ]
)

var swiftSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}

/// The compiler warns of any function or expression of App or its tests that takes over 15 s to type-check (the
/// slowest now take under 3 s here; a CI machine may be three times slower), and
/// `scripts/test` fails on the warning: one such expression once cost 47 s of every build. (Not on StewardCore: the
/// fuzz package depends on it, and a dependency may not carry unsafe flags.)
var typeCheckWatch: [SwiftSetting] {
    [
        .unsafeFlags([
            "-Xfrontend", "-warn-long-function-bodies=15000", "-Xfrontend", "-warn-long-expression-type-checking=15000",
        ])
    ]
}
