import Foundation
import Synchronization

/// Runs the built `canbao` executable, which SwiftPM places beside the test bundle.
public enum CanbaoBinary {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The built product: `$CANBAO_BIN` if set, else the `canbao` beside the test bundle (.build/debug/canbao).
    public static var url: URL { executable("canbao", override: "CANBAO_BIN") }

    /// The benchmarks, load test and terminal demo (`canbao-bench`, not in the product): `$CANBAO_BENCH_BIN` if set,
    /// else the one beside the test bundle.
    public static var benchURL: URL { executable("canbao-bench", override: "CANBAO_BENCH_BIN") }

    static func executable(_ name: String, override: String) -> URL {
        if let path = ProcessInfo.processInfo.environment[override] { return URL(fileURLWithPath: path) }
        for bundle in Bundle.allBundles {
            let candidate = bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Fallback: the test binary itself lives in .build/<config>/.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/\(name)")
    }

    /// The repository root (where Package.swift and Forms/ live), found from this source file.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `canbao ARGS` (or another of the built executables) to completion. `environment` entries are added to
    /// (and override) the current environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                           currentDirectory: URL? = nil, executable: URL = url) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and deadlock.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh, empty temporary directory (for a store home or scratch files), removed with everything in it when
    /// the test process exits (`CANBAO_TEST_KEEP=1` keeps them, to look at after a failure). Its path stays short:
    /// screens under test show it.
    public static func temporaryDirectory(_ label: String = "canbao") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        TemporaryDirectories.shared.removeAtExit(dir)
        return dir
    }
}

/// The directories the tests made, removed when the process exits: thousands of runs had left 1 GB in /tmp.
final class TemporaryDirectories: Sendable {
    static let shared = TemporaryDirectories()
    private let made = Mutex<[URL]>([])

    private init() {
        guard ProcessInfo.processInfo.environment["CANBAO_TEST_KEEP"] == nil else { return }
        atexit { TemporaryDirectories.shared.removeAll() }
    }

    func removeAtExit(_ dir: URL) { made.withLock { $0.append(dir) } }

    private func removeAll() {
        for dir in made.withLock({ $0 }) { try? FileManager.default.removeItem(at: dir) }
    }
}
