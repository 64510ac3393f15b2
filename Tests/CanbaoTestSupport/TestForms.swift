import CanbaoRules
import Foundation

/// The repository's own Forms/, loaded once for tests.
public enum TestForms {
    public static var directory: URL { CanbaoBinary.repositoryRoot.appendingPathComponent("Forms") }

    public static let shared: FormSet = {
        do { return try load(directory) } catch { fatalError("Forms/ failed to load: \(error)") }
    }()

    /// Reads documents.yaml, workflows/, policies/, articles/, calendar/ and divisions/ under `dir`, as `canbao` does.
    public static func load(_ dir: URL) throws -> FormSet {
        try FormSet.load(files(dir))
    }

    public static func files(_ dir: URL) throws -> [FormSet.File] {
        var files: [FormSet.File] = []
        let top = dir.appendingPathComponent("documents.yaml")
        files.append(FormSet.File(path: "documents.yaml", text: try String(contentsOf: top, encoding: .utf8)))
        for sub in ["workflows", "policies", "articles", "calendar", "divisions"] {
            let path = dir.appendingPathComponent(sub).path
            // calendar/ and divisions/ are optional (a Forms/ copy without them still loads; deadlines then say the
            // year is unknown, places are checked for their 6 digits only).
            let names = (sub == "calendar" || sub == "divisions") && !FileManager.default.fileExists(atPath: path)
                ? [] : try FileManager.default.contentsOfDirectory(atPath: path)
            for name in names.sorted() where name.hasSuffix(sub == "divisions" ? ".csv" : ".yaml") {
                let url = dir.appendingPathComponent(sub).appendingPathComponent(name)
                files.append(FormSet.File(path: "\(sub)/\(name)", text: try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return files
    }
}

/// Short constructors for rule tests: a case reads like the situation at the counter.
public enum Cases {
    public static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    public static func person(_ name: String, _ number: String, kind: DocumentKind = .residentID,
                              birth: String? = nil, sex: Sex? = nil) -> Party {
        Party(name: name, document: IdentityDocument(kind: kind, number: number), birthDate: birth.map(date), sex: sex)
    }

    public static func record(_ place: String, _ scheme: Scheme, _ status: EnrollmentStatus = .active,
                              year: Int? = nil, months: [String]? = nil, paid: Bool = true) -> PlatformRecord {
        PlatformRecord(place: place, scheme: scheme, status: status, year: year, months: months, paid: paid)
    }

    /// Evaluates with the repository's Forms/.
    public static func verdict(_ c: CaseFile) -> Verdict {
        do { return try Evaluator.evaluate(c, forms: TestForms.shared) } catch { fatalError("\(error)") }
    }
}

extension Verdict {
    /// Findings of one rule.
    public func findings(_ rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
    public func has(_ rule: String, _ severity: Severity) -> Bool { findings.contains { $0.rule == rule && $0.severity == severity } }
    public var missingCodes: [String] { missingDocuments.map(\.code) }
}
