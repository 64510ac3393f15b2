// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Canbao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "canbao", targets: ["canbao"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // Pure rules core: no terminal, no database, no clock.
        .target(
            name: "CanbaoRules",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Local SQLite store (GRDB).
        .target(
            name: "CanbaoStore",
            dependencies: [
                "CanbaoRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The terminal UI as state + update + view; renders to a ScreenBuffer, knows nothing of ncurses.
        .target(
            name: "CanbaoDesk",
            dependencies: ["CanbaoRules"]
        ),
        // The only C code: a shim over ncursesw (the only place that includes curses.h).
        .target(
            name: "CNcursesw",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .executableTarget(
            name: "canbao",
            dependencies: [
                "CanbaoRules",
                "CanbaoStore",
                "CanbaoDesk",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "CanbaoTestSupport",
            dependencies: ["CanbaoRules"],
            path: "Tests/CanbaoTestSupport"
        ),
        .testTarget(
            name: "CanbaoRulesTests",
            dependencies: ["CanbaoRules", "CanbaoTestSupport"]
        ),
        .testTarget(
            name: "CanbaoStoreTests",
            dependencies: ["CanbaoStore", "CanbaoRules", "CanbaoTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "CanbaoDeskTests",
            dependencies: ["CanbaoDesk", "CanbaoRules", "CanbaoTestSupport"],
            exclude: ["Golden"]
        ),
        // The real binary in tmux: what a person at the counter would see.
        .testTarget(
            name: "CanbaoEndToEndTests",
            dependencies: ["canbao", "CanbaoTestSupport", "CanbaoDesk", "CNcursesw", "CanbaoStore", "CanbaoRules"]
        ),
        // Drives the built `canbao` binary (check, forms lint, store commands).
        .testTarget(
            name: "CanbaoCLITests",
            dependencies: ["canbao", "CanbaoRules", "CanbaoTestSupport"],
            exclude: ["Cases", "BadRosters"]
        ),
    ]
)
