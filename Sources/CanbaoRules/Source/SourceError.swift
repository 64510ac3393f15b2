/// A problem in a file someone wrote (a case file, a form, a policy, a deck): which file, which line, which key, why.
public struct SourceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// Dotted key path inside the file, e.g. `person.document.number` or `steps[2].fields[0].id`.
    public var path: String
    public var reason: String

    public init(file: String, line: Int?, path: String, reason: String) {
        self.file = file
        self.line = line
        self.path = path
        self.reason = reason
    }

    /// One line: `file:line: key: reason`. Any control character (from a file name, a key or a quoted value) is
    /// written as its code point, so the line can be printed to a terminal as it is and stays one line.
    public var description: String {
        var head = file
        if let line { head += ":\(line)" }
        return SafeText.escaped(path.isEmpty ? "\(head): \(reason)" : "\(head): \(path): \(reason)")
    }
}

/// Several source errors at once (lint reports all of them, not the first).
public struct SourceErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [SourceError]
    public init(_ errors: [SourceError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
