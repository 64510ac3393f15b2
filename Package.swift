// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// How the two executables are linked in release builds, for a quick start (issue #17): not position-independent, so
/// the loader relocates none of the binary's ~127,000 pointers, and no symbols exported to the dynamic table, which the
/// Swift runtime's start-up `dladdr` would otherwise search (45,000 of them). 4.0 ms → 2.2 ms for a process that
/// starts and exits. `Linking/` comes first on the library path: its linker scripts name the static archives of
/// libstdc++, SQLite and ncursesw, so only libc and libm are left for the loader to map and relocate at each start.
let linking = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Linking").path
let quickStart: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--no-export-dynamic", "-Xclang-linker", "-no-pie", "-L", linking],
                 .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "Canbao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "canbao", targets: ["canbao"]),
        .executable(name: "canbao-bench", targets: ["canbao-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure rules core: no terminal, no database, no clock.
        .target(
            name: "CanbaoRules",
            dependencies: [.product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),
        // Local SQLite store (GRDB).
        .target(
            name: "CanbaoStore",
            dependencies: [
                "CanbaoRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for the few loops that read or write millions of rows (row digests, roster writes).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLitePreupdate",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // SQLite's pre-update hook, which sqlite3.h declares only on request: the store's audit learns from it a
        // row's state before a write changes it (the only other C code; it includes sqlite3.h, nothing else does).
        .target(
            name: "CSQLitePreupdate",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        // The store's PostgreSQL driver (postgres-nio): the same operations, migrations and audit chain on a server
        // shared by every hall of an agency.
        .target(
            name: "CanbaoPostgres",
            dependencies: [
                "CanbaoStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The counter's use cases (submit, approve, complete a service, resolve a duplicate, practise, print): each one
        // store call that is one transaction. No terminal.
        .target(
            name: "CanbaoCounter",
            dependencies: ["CanbaoRules", "CanbaoStore"]
        ),
        // The terminal UI as state + update + view; renders to a ScreenBuffer, knows nothing of ncurses.
        .target(
            name: "CanbaoDesk",
            dependencies: ["CanbaoRules"]
        ),
        // A shim over ncursesw (the only place that includes curses.h).
        .target(
            name: "CNcursesw",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // The counter application: the desk wired to the counter (effects on a worker, results back as messages),
        // the ncurses terminal, where Forms/ (and its compiled cache) and the store are found, and the command-line
        // pieces both executables share. Only the executables depend on it (and on CanbaoDesk).
        .target(
            name: "CanbaoApp",
            dependencies: [
                "CanbaoRules",
                "CanbaoStore",
                "CanbaoPostgres",
                "CanbaoCounter",
                "CanbaoDesk",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The product: argument parsing and the commands. Built to run with the Swift runtime and Foundation linked in
        // (`--static-swift-stdlib` in the README's run command): a start-up without loading and relocating a dozen
        // shared libraries. The run command also passes every module, the dependencies' too (which a target's
        // settings cannot reach), `-disable-concrete-type-metadata-mangled-name-accessors`: a generic type is then
        // reached through its metadata function with its conformances in hand, instead of by its mangled name, which
        // makes the runtime scan all ~9,700 conformance records of the binary at each first use (issue #17).
        .executableTarget(
            name: "canbao",
            dependencies: [
                "CanbaoApp",
                "CanbaoRules",
                "CanbaoStore",
                "CanbaoPostgres",
                "CanbaoCounter",
                "CanbaoDesk",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: quickStart
        ),
        // Benchmarks, the store's load test and the terminal demo: not in the product binary.
        .executableTarget(
            name: "canbao-bench",
            dependencies: [
                "CanbaoApp",
                "CanbaoRules",
                "CanbaoStore",
                "CanbaoCounter",
                "CanbaoDesk",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: quickStart
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
            dependencies: ["CanbaoStore", "CanbaoPostgres", "CanbaoRules", "CanbaoTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "CanbaoCounterTests",
            dependencies: ["CanbaoCounter", "CanbaoStore", "CanbaoRules", "CanbaoTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "CanbaoDeskTests",
            // CNcursesw for libc's wcwidth, which the property-based widget tests compare widths with.
            dependencies: ["CanbaoDesk", "CanbaoRules", "CanbaoTestSupport", "CNcursesw",
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Golden"]
        ),
        // The app's wiring that needs no terminal: the compiled Forms/ cache.
        .testTarget(
            name: "CanbaoAppTests",
            dependencies: ["CanbaoApp", "CanbaoRules", "CanbaoTestSupport"]
        ),
        // The real binary in tmux: what a person at the counter would see.
        .testTarget(
            name: "CanbaoEndToEndTests",
            dependencies: ["canbao", "canbao-bench", "CanbaoApp", "CanbaoTestSupport", "CanbaoDesk", "CNcursesw", "CanbaoStore",
                           "CanbaoPostgres", "CanbaoRules", "CanbaoCounter",
                           // To edit a database behind the store's back, as someone with the sqlite3 shell would.
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Drives the built `canbao` binary (check, forms lint, store commands).
        .testTarget(
            name: "CanbaoCLITests",
            dependencies: ["canbao", "canbao-bench", "CanbaoRules", "CanbaoTestSupport"],
            exclude: ["Cases", "BadCases", "BadRosters"]
        ),
    ]
)
