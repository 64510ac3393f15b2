import Foundation
import Testing

/// Golden text files: the expected output of a screen or a printed notice, compared exactly and regenerated only when
/// `CANBAO_UPDATE_GOLDEN=1` (then review the diff).
public enum GoldenFile {
    public static func check(_ actual: String, _ name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["CANBAO_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden file \(name).txt (run with CANBAO_UPDATE_GOLDEN=1 and review the diff)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let diff = zip(expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
                .enumerated().filter { $0.element.0 != $0.element.1 }
                .map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" }
                .prefix(5).joined(separator: "\n")
            Issue.record("\(name) differs from its golden file:\n\(diff)", sourceLocation: sourceLocation)
        }
    }
}
