import CanbaoStore
import Foundation

/// Prints notices: today, as UTF-8 text and a printable HTML page under `notices/`, private to the counter's account.
/// A notice printed again for the same case keeps the earlier copy (`-2`, `-3`, …): what was handed over is never
/// replaced.
public struct NoticePrinter: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The paths written.
    public func print(_ notice: Notice, number: String) throws -> [String] {
        let directory = try OutputFile.privateDirectory(self.directory)
        let stem = "\(number)-\(notice.kind.rawValue)"
        let text = try OutputFile.createUnused(in: directory, stem: stem, ext: "txt", contents: Data(notice.text.utf8))
        let html = try OutputFile.createUnused(in: directory, stem: text.deletingPathExtension().lastPathComponent,
                                               ext: "html", contents: Data(notice.html.utf8))
        return [text.path, html.path]
    }
}
