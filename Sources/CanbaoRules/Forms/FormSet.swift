import Foundation

/// Everything read from Forms/: the document catalog, the workflows, the policy profiles and the policy texts
/// (articles/), cross-checked.
public struct FormSet: Sendable {
    public var documents: DocumentCatalog
    public var workflows: WorkflowTable
    public var profiles: [String: PolicyProfile]
    /// The articles citations refer to, for F1 and for the citation check. A set read from its compiled form
    /// (`FormArchive`) parses them from their files when first asked for: few runs ever show one.
    public var articles: ArticleIndex {
        get { articleSource.index }
        set { articleSource = ArticleSource(newValue) }
    }
    private var articleSource: ArticleSource
    /// The working-day calendar (`calendar/<year>.yaml`) deadlines are counted in.
    public var calendar = WorkingDays()
    /// The administrative division codes (`divisions/*.csv`, GB/T 2260) place fields are checked against.
    public var divisions = Divisions()

    init(documents: DocumentCatalog, workflows: WorkflowTable, profiles: [String: PolicyProfile],
         articles: ArticleIndex = ArticleIndex(), calendar: WorkingDays = WorkingDays(), divisions: Divisions = Divisions()) {
        self.documents = documents
        self.divisions = divisions
        self.workflows = workflows
        self.profiles = profiles
        articleSource = ArticleSource(articles)
        self.calendar = calendar
    }

    /// The articles are to be parsed from these files when first asked for.
    mutating func setArticles(files: [File]) {
        articleSource = ArticleSource(files: { files })
    }

    /// The articles are to be parsed, when first asked for, from the files `files` gives then (the caller reads
    /// them; a throw: no articles).
    mutating func setArticles(reading files: @escaping @Sendable () throws -> [File]) {
        articleSource = ArticleSource(files: files)
    }

    /// One file of Forms/, read by the caller (the rules core does no I/O). `path` is relative to Forms/.
    public struct File: Sendable {
        public var path: String
        public var text: String
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The profile with everything it inherits.
    public func policy(_ region: String) -> Policy? {
        guard var profile = profiles[region] else { return nil }
        var chain = [profile]
        while let parent = profile.inherits, let next = profiles[parent], !chain.contains(where: { $0.id == parent }) {
            chain.append(next)
            profile = next
        }
        return Policy(chain: chain)
    }

    /// Parses and validates all files; throws every problem found (file:line: key: reason), not just the first.
    public static func load(_ files: [File]) throws -> FormSet {
        var errors: [SourceError] = []
        var catalog: DocumentCatalog?
        var workflows: [String: Workflow] = [:]
        var profiles: [String: PolicyProfile] = [:]
        var articleFiles: [File] = []
        var calendarYears: [WorkingDays.Year] = []
        var divisions = Divisions()
        // Workflow and profile models keep no line for their top-level `cite`; the lint needs it.
        var citeLines: [String: Int] = [:]

        for file in files.sorted(by: { $0.path < $1.path }) {
            if file.path.hasPrefix("articles/") {
                articleFiles.append(file)
                continue
            }
            if file.path.hasPrefix("divisions/") {
                do {
                    let table = try Divisions.parse(csv: file.text, file: file.path)
                    if !divisions.isEmpty { errors.append(SourceError(file: file.path, line: nil, path: "", reason: "只能有一个行政区划代码表")) }
                    divisions = table
                } catch let e as SourceErrors {
                    errors += e.errors
                }
                continue
            }
            do {
                let root = try SourceNode.parse(file.text, file: file.path)
                if file.path.hasSuffix("documents.yaml") && !file.path.contains("/") {
                    catalog = try FormParser.catalog(root)
                } else if file.path.hasPrefix("workflows/") {
                    let wf = try FormParser.workflow(root)
                    if let other = workflows[wf.id] {
                        errors.append(root.error("业务 id “\(wf.id)” 与 \(other.file) 重复"))
                    }
                    workflows[wf.id] = wf
                    citeLines[file.path] = try root.mapping()["cite"]?.line
                } else if file.path.hasPrefix("calendar/") {
                    let year = try FormParser.calendarYear(root)
                    if let other = calendarYears.first(where: { $0.year == year.year }) {
                        errors.append(root.error("\(year.year) 年的节假日安排与 \(other.file) 重复"))
                    } else {
                        calendarYears.append(year)
                    }
                } else if file.path.hasPrefix("policies/") {
                    let profile = try FormParser.profile(root)
                    if let other = profiles[profile.id] {
                        errors.append(root.error("政策档案 id “\(profile.id)” 与 \(other.file) 重复"))
                    }
                    profiles[profile.id] = profile
                    citeLines[file.path] = try root.mapping()["cite"]?.line
                }
            } catch let error as SourceError {
                errors.append(error)
            } catch {
                errors.append(SourceError(file: file.path, line: nil, path: "", reason: "\(error)"))
            }
        }
        guard let catalog else {
            errors.append(SourceError(file: "documents.yaml", line: nil, path: "", reason: "缺少材料目录文件"))
            throw SourceErrors(errors)
        }
        var articles = ArticleIndex()
        do {
            articles = try ArticleIndex.parse(articleFiles)
        } catch let e as SourceErrors {
            errors += e.errors
        }
        let set = FormSet(documents: catalog, workflows: WorkflowTable(workflows), profiles: profiles, articles: articles,
                          calendar: WorkingDays(calendarYears), divisions: divisions)
        errors += FormLint.check(set, citeLines: citeLines)
        if !errors.isEmpty { throw SourceErrors(errors) }
        return set
    }
}

/// The policy texts of a form set, read and parsed at most once, on first use, from any thread. Files that can no
/// longer be read or parsed (they were checked when the compiled form was made, and it is keyed by their content)
/// give no articles rather than a failure at the counter.
final class ArticleSource: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: ArticleIndex?
    private let files: @Sendable () throws -> [FormSet.File]

    init(_ index: ArticleIndex) {
        parsed = index
        files = { [] }
    }

    init(files: @escaping @Sendable () throws -> [FormSet.File]) { self.files = files }

    var index: ArticleIndex {
        lock.lock()
        defer { lock.unlock() }
        if let parsed { return parsed }
        let index = (try? ArticleIndex.parse(files())) ?? ArticleIndex()
        parsed = index
        return index
    }
}
