import CanbaoTestSupport
import Foundation
import Testing

/// The reports' `--place` and `--region` are checked before anything is read: `--place abc` gave a report of zeros and
/// `--place ''` the whole agency, and `coverage --region nope` was taken, each looking like an answer (found by an
/// outside tester).
@Suite struct PlaceFilterCommandTests {
    static let reports: [[String]] = [["coverage"], ["coverage", "--unenrolled"], ["duplicates"], ["newborns"]]

    static func run(_ arguments: [String]) throws -> (CanbaoBinary.Result, URL) {
        let home = try CanbaoBinary.temporaryDirectory("place-filter")
        let r = try CanbaoBinary.run(arguments + ["--home", home.path], environment: ["CANBAO_FORMS": TestForms.directory.path])
        return (r, home)
    }

    @Test(arguments: reports)
    func aPlaceThatIsNoCodeOrPrefixIsRefused(_ command: [String]) throws {
        for place in ["abc", "", "1506211", "１５", "15062", "15\u{1B}[31m"] {
            let (r, home) = try Self.run(command + ["--place", place])
            #expect(r.status == 2, "\(command) \(place): \(r.stderr)")
            #expect(r.stderr.hasPrefix("--place 应为统筹区代码或其前缀（2、4 或 6 位数字，如 1506 或 150621），实际为“"), "\(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}"))
            #expect(r.stdout == "")
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty)
        }
    }

    @Test func coverageRefusesAnUnknownProfileAsTheOtherReportsDo() throws {
        let (r, _) = try Self.run(["coverage", "--region", "nope"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("未知的地区档案“nope”"), "\(r.stderr)")
    }
}
