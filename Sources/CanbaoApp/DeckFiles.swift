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

    /// A deck's text, refusing what is not a small UTF-8 regular file (a FIFO would never end, /dev/zero never be
    /// text), with the real reason.
    public static func read(_ path: String) throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try PlainFile.read(path, limit: DeckParser.maxBytes)
        } catch {
            throw SourceError(file: path, line: nil, path: "", reason: error.reason("题组文件", limit: DeckParser.maxBytes))
        }
        guard let text = PlainFile.text(bytes) else {
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
