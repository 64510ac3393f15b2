import Foundation

/// Prints notices: today, as UTF-8 text and a printable HTML page under `notices/`, private to the counter's account.
public struct NoticePrinter: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The paths written.
    public func print(_ notice: Notice, number: String) throws -> [String] {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let base = directory.appendingPathComponent("\(number)-\(notice.kind.rawValue)")
        var paths: [String] = []
        for (ext, content) in [("txt", notice.text), ("html", notice.html)] {
            let url = base.appendingPathExtension(ext)
            try Data(content.utf8).write(to: url, options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            paths.append(url.path)
        }
        return paths
    }
}
