@testable import CanbaoApp
import Foundation
import Testing

/// `URL.fileSystemPath` is `URL.path` without its set of bytes (issue #17): the same text for every kind of path
/// the product is given (relative, with a tilde, dots, doubled or trailing slashes, spaces, percent signs, Chinese).
@Suite struct URLPathTests {
    @Test func itIsThePathFoundationGives() {
        let pieces = ["Forms", "..", ".", "", "~", "中 文", "a%20b", "%", "x y", "é", "e\u{301}", "#", "?", ";", "a:b", "数据"]
        var seed: UInt64 = 2_026_120_6
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        var paths = ["/", "//", "/tmp", "/tmp/", "/tmp//x/", "~", "~/Forms", "Forms", "./Forms/", "../Forms", "/tmp/中 文/x"]
        for _ in 0..<2_000 {
            let path = (0..<(1 + next(5))).map { _ in pieces[next(pieces.count)] }.joined(separator: "/")
            paths.append(next(2) == 0 ? "/" + path : path)
        }
        for path in paths {
            for isDirectory in [true, false] {
                let url = URL(fileURLWithPath: path, isDirectory: isDirectory)
                #expect(url.fileSystemPath == url.path, "\(path)")
            }
        }
    }

    @Test func theBuiltInFormsAreBesideTheSources() {
        // FormsLocation.swift is in Sources/CanbaoApp/; Forms/ is at the top of the package.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        #expect(FormsLocation.builtIn.path == sources.appendingPathComponent("Forms").path)
        #expect(FileManager.default.fileExists(atPath: FormsLocation.builtIn.path + "/documents.yaml"))
    }
}
