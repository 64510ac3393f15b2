import CanbaoRules
import CanbaoStore
import Foundation

/// Finds and reads Forms/: `--forms DIR`, else `$CANBAO_FORMS`, else `./Forms`, else the Forms/ it was built with.
/// A start whose files are listed as they were when their compiled form was made reads none of them; otherwise
/// every file is read (the compiled form is keyed by their content). Policy texts and decks are read or parsed
/// only when first asked for.
public struct FormsLocation: Sendable {
    public var directory: URL
    /// How it was chosen, for `--version` and error messages.
    public var origin: String
    /// An empty path was given (`--forms ''`, `forms lint ''`): refused when read, rather than the current directory.
    var givenEmpty = false

    /// The Forms/ beside the sources this binary was built from.
    /// Cut as text: `URL`'s path components build a set of bytes, whose first use has the runtime search every
    /// conformance (issue #17).
    static let builtIn: URL = {
        var path = #filePath  // …/Sources/CanbaoApp/FormsLocation.swift
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return URL(fileURLWithPath: path + "/Forms", isDirectory: true)
    }()

    public static func resolve(_ option: String?) -> FormsLocation {
        // Directory URLs said to be directories, and the variable read alone: `URL(fileURLWithPath:)` asks the file
        // system, and Foundation's environment dictionary copies every variable (a start's first uses, issue #17).
        if let option {
            var location = FormsLocation(directory: URL(fileURLWithPath: option, isDirectory: true), origin: "--forms")
            location.givenEmpty = option.isEmpty
            return location
        }
        if let env = getenv("CANBAO_FORMS").map({ String(cString: $0) }), !env.isEmpty {
            return FormsLocation(directory: URL(fileURLWithPath: env, isDirectory: true), origin: "$CANBAO_FORMS")
        }
        let local = FileManager.default.currentDirectoryPath + "/Forms"
        if PlainFile.exists(local + "/documents.yaml") {
            return FormsLocation(directory: URL(fileURLWithPath: local, isDirectory: true), origin: "./Forms")
        }
        return FormsLocation(directory: builtIn, origin: "构建时的 Forms/")
    }

    /// The form files (documents.yaml, workflows/, policies/, articles/, calendar/, divisions/), relative paths, read as UTF-8.
    public func files() throws -> [FormSet.File] {
        try read(paths())
    }

    /// The relative paths of the form files, in the order `files` reads them.
    func paths() throws -> [String] {
        let base = directory.fileSystemPath
        guard !givenEmpty else {
            throw SourceError(file: "Forms", line: nil, path: "", reason: "目录路径为空（--forms 或 forms lint 的目录参数）：请给出 Forms 目录")
        }
        guard PlainFile.isDirectory(base) else {
            let reason = PlainFile.exists(base) ? "不是目录：Forms 应为一个目录" : "Forms 目录不存在"
            throw SourceError(file: base, line: nil, path: "", reason: reason)
        }
        var result: [String] = []
        if PlainFile.exists(base + "/documents.yaml") { result.append("documents.yaml") }
        for sub in ["workflows", "policies", "articles", "calendar", "divisions"] {
            let names = PlainFile.names(in: base + "/" + sub) ?? []
            // The division table is CSV (3,000 rows read in a moment); everything else YAML.
            let ext: [String] = sub == "divisions" ? [".csv"] : [".yaml", ".yml"]
            for name in names.sorted() where ext.contains(where: name.hasSuffix) { result.append("\(sub)/\(name)") }
        }
        return result
    }

    /// The form set, from its compiled form in the user's cache when that was made from these very files (see
    /// `FormsCache`), else parsed and linted.
    public func load(cache: FormsCache = .resolve()) throws -> FormSet { try loadReporting(cache: cache).0 }

    /// `load`, saying how. A start first looks at the files without reading them: when their listing is the one
    /// recorded for a compiled form, none is read (the policy texts are read and parsed when first shown). Otherwise
    /// every file is read and its content looked up (`FormsCache.load`), and the listing recorded for the next start.
    public func loadReporting(cache: FormsCache = .resolve(), now: Double = Date().timeIntervalSince1970) throws
        -> (FormSet, FormsCache.Outcome) {
        let paths = try paths()
        let listing = FormsListing.of(directory, paths: paths)
        if let listing, let set = cache.loadListed(listing, articles: { [self] in
            try read(paths.filter { $0.hasPrefix("articles/") })
        }) {
            return (set, .listed)
        }
        // The very files listed: what is recorded for the listing is their content.
        let files = try read(paths)
        let (set, outcome) = try cache.load(files)
        if let listing, outcome != .uncached { cache.remember(listing, contentOf: files, now: now) }
        return (set, outcome)
    }

    /// Parsed and linted from the YAML, whatever the cache holds: what `forms lint` checks.
    public func loadChecked() throws -> FormSet { try FormSet.load(files()) }

    /// The files at `paths` (relative to the directory), read as UTF-8.
    private func read(_ paths: [String]) throws -> [FormSet.File] {
        let base = directory.fileSystemPath
        return try paths.map { path in
            guard let bytes = try? InputFile.readBytes(base + "/" + path) else {
                throw SourceError(file: path, line: nil, path: "", reason: "无法读取文件")
            }
            guard let text = PlainFile.text(bytes) else {
                throw SourceError(file: path, line: nil, path: "", reason: "不是 UTF-8 编码的文本")
            }
            return FormSet.File(path: path, text: text)
        }
    }
}
