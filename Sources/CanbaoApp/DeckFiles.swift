import CanbaoRules
import Foundation

/// Finding and reading deck files.
public enum DeckFiles {
    /// `decks/*.yaml` under a Forms/ directory, sorted; empty when there is none.
    public static func all(in forms: URL) -> [String] {
        let dir = forms.appendingPathComponent("decks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { dir.appendingPathComponent($0).path }
    }

    /// A deck's text, refusing what is not a small UTF-8 file.
    public static func read(_ path: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw SourceError(file: path, line: nil, path: "", reason: "文件不存在")
        }
        guard !isDir.boolValue else { throw SourceError(file: path, line: nil, path: "", reason: "是目录，不是题组文件") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SourceError(file: path, line: nil, path: "", reason: "无法读取文件（权限？）")
        }
        guard data.count <= DeckParser.maxBytes else {
            throw SourceError(file: path, line: nil, path: "", reason: "文件过大（\(data.count) 字节，上限 \(DeckParser.maxBytes)）")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SourceError(file: path, line: nil, path: "", reason: "不是 UTF-8 编码的文本")
        }
        return text
    }

    /// The story's first line, at most 60 characters.
    public static func firstLine(of story: String) -> String {
        let line = story.split(separator: "\n").first.map(String.init) ?? story
        return line.count > 60 ? String(line.prefix(60)) + "…" : line
    }

    /// Every deck under a Forms/ directory that parses against `forms`; one that does not is left out of practice
    /// (lint and `deck verify` report it): one bad file must not stop the counter.
    public static func loadAll(in directory: URL, forms: FormSet) -> [Deck] {
        all(in: directory).compactMap { path in
            try? DeckParser.parse(read(path), file: URL(fileURLWithPath: path).lastPathComponent, forms: forms)
        }
    }
}
