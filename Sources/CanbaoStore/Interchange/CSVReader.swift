import CanbaoRules
import Crypto
import Foundation

/// The text encoding a CSV file arrived in; a roster's error report goes back in the same one, so the school's
/// spreadsheet program opens it as it opened the original.
public enum CSVEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8（带 BOM）"
    /// What a Chinese-locale spreadsheet program writes for “CSV”.
    case gb18030 = "GB18030"
}

/// A CSV file that cannot be read at all.
struct CSVReadError: Error, Equatable {
    var reason: String
    /// 1-based line of the file, when the problem has one.
    var line: Int?

    init(_ reason: String, line: Int? = nil) {
        self.reason = reason
        self.line = line
    }
}

/// A CSV file's fields without a String per cell: 100,000 rows are read once and only the cells a check needs
/// become Strings. A row without a quoted field keeps only where it starts: its fields are found again between its
/// commas when asked for (`field`, `fields`), so a roster's 600,000 cells take no room of their own (they took 5 MB
/// as offsets). A row with a quoted field keeps its fields' offsets, the quoted contents unescaped after the text.
/// Offsets are 32-bit (`CSVReader.parse` refuses a text over 2 GB, which with the quoted fields' contents appended
/// stays below 4 GB).
struct CSVTable: Sendable {
    var encoding: CSVEncoding
    var header: [String]
    /// The UTF-8 text, then the unescaped contents of quoted fields appended after it.
    var text: [UInt8]
    /// Where the file's own text ends in `text`.
    let textEnd: Int
    /// The start and end in `text` of each field of the rows with a quoted field, one after the other.
    private(set) var quotedBounds: [UInt32] = []
    /// Data rows (blank lines dropped).
    var rows: [Row] = []
    /// The SHA-256 of the file as read, in hex, when the reader was asked for it.
    var digest: String?

    init(encoding: CSVEncoding, text: [UInt8]) {
        self.encoding = encoding
        header = []
        textEnd = text.count
        self.text = text
    }

    struct Row: Sendable {
        private let storedLine: UInt32, storedStart: UInt32, storedCount: UInt32, storedQuoted: UInt32

        init(line: Int, start: Int, count: Int, quoted: Int?) {
            storedLine = UInt32(truncatingIfNeeded: line)
            storedStart = UInt32(truncatingIfNeeded: start)
            storedCount = UInt32(truncatingIfNeeded: count)
            storedQuoted = quoted.map { UInt32(truncatingIfNeeded: $0) } ?? .max
        }

        /// 1-based file line the row starts on.
        var line: Int { Int(storedLine) }
        /// Where its first field starts in the text.
        var start: Int { Int(storedStart) }
        /// Its number of fields.
        var count: Int { Int(storedCount) }
        /// With a quoted field: its first field's place in `quotedBounds`; nil when its fields lie between commas.
        var quoted: Int? { storedQuoted == .max ? nil : Int(storedQuoted) }
    }

    /// The bytes in `text` of the row's field `column` (< `row.count`).
    func field(_ row: Row, _ column: Int) -> Range<Int> {
        if let first = row.quoted { return quotedField(first + column) }
        return text.withUnsafeBufferPointer { text in
            var i = row.start
            for _ in 0..<column {
                while i < textEnd, text[i] != UInt8(ascii: ",") { i += 1 }
                i += 1
            }
            return Self.unquotedField(from: min(i, textEnd), text, end: textEnd)
        }
    }

    /// Every field of `row`, in one pass over it.
    func fields(_ row: Row, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        if let first = row.quoted {
            for column in 0..<row.count { ranges.append(quotedField(first + column)) }
            return
        }
        text.withUnsafeBufferPointer { text in
            var i = row.start
            for _ in 0..<row.count {
                let range = Self.unquotedField(from: i, text, end: textEnd)
                ranges.append(range)
                // Past the comma that ends it (the row's last field ends the row).
                i = range.upperBound + 1
            }
        }
    }

    private func quotedField(_ index: Int) -> Range<Int> {
        Int(quotedBounds[2 * index])..<Int(quotedBounds[2 * index + 1])
    }

    /// The unquoted field starting at `start`: up to the next comma or line end, less a neutralising quote.
    static func unquotedField(from start: Int, _ text: UnsafeBufferPointer<UInt8>, end: Int) -> Range<Int> {
        var i = start
        while i < end, text[i] != UInt8(ascii: ","), text[i] != UInt8(ascii: "\n"), text[i] != UInt8(ascii: "\r") { i += 1 }
        return CSVReader.restored(start..<i, text)
    }

    /// A row, with its fields' offsets when one of them was quoted.
    mutating func appendRow(line: Int, start: Int, bounds: [UInt32], quoted: Bool) {
        let first = quoted ? quotedBounds.count / 2 : nil
        if quoted { quotedBounds.append(contentsOf: bounds) }
        rows.append(Row(line: line, start: start, count: bounds.count / 2, quoted: first))
    }

    /// Room for the rows of `bytes`, estimated from its first lines: growing a million rows' array by doubling
    /// would hold the old and the new copy at once.
    mutating func reserve(for bytes: UnsafeBufferPointer<UInt8>) {
        let sample = min(bytes.count, 1 << 16)
        var lines = 0
        for b in bytes[0..<sample] where b == UInt8(ascii: "\n") { lines += 1 }
        let scale = Double(bytes.count) / Double(max(sample, 1))
        rows.reserveCapacity(Int(Double(lines + 1) * scale * 1.02 + 16))
    }

    func string(_ row: Row, _ column: Int) -> String {
        column < row.count ? String(decoding: text[field(row, column)], as: UTF8.self) : ""
    }

    func cells(_ row: Row) -> [String] {
        var ranges: [Range<Int>] = []
        fields(row, into: &ranges)
        return ranges.map { String(decoding: text[$0], as: UTF8.self) }
    }
}

/// The one CSV reader (school rosters, `store import`): UTF-8 with or without BOM, or GB18030, RFC 4180 quoting,
/// LF, CRLF or CR line ends, and `CSVWriter`'s formula neutralisation taken off again. Pure byte work: the
/// separators are ASCII, and neither UTF-8 nor the GB18030 text (converted to UTF-8 first) has an ASCII byte inside
/// a character.
enum CSVReader {
    /// The first row is the header. `encodings` are those accepted (a roster may be GB18030, an import file not).
    static func read(_ data: Data, encodings: Set<CSVEncoding> = Set(CSVEncoding.allCases)) throws -> CSVTable {
        try read([UInt8](data), encodings: encodings)
    }

    /// `digest`: also the SHA-256 of the bytes as given (`CSVTable.digest`), computed on the other core.
    static func read(_ file: consuming [UInt8], encodings: Set<CSVEncoding> = Set(CSVEncoding.allCases),
                     digest: Bool = false) throws -> CSVTable {
        // Moved, not copied: the caller's array is this one, taken over (a BOM is then removed in place).
        var bytes = consume file
        guard !bytes.isEmpty else { throw CSVReadError("文件为空") }
        // What a spreadsheet program saves as “Unicode text”: say so rather than “not a text file”.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw CSVReadError("文件为 UTF-16 编码（表格软件的“Unicode 文本”），请另存为 CSV（UTF-8 或 GB18030）后再导入")
        }
        var encoding = CSVEncoding.utf8
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) {
            bytes.removeFirst(3)
            encoding = .utf8BOM
        }
        // The encoding check (and the digest) run on the other core while this one parses, assuming UTF-8.
        let scan = TextScan()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [bytes, encoding] in
            scan.check(bytes)
            if digest {
                var hasher = SHA256()
                if encoding == .utf8BOM { hasher.update(data: bom) }
                hasher.update(data: bytes)
                scan.digest = hex(hasher.finalize())
            }
            group.leave()
        }
        var table = CSVTable(encoding: encoding, text: bytes)
        var parseError: Error?
        do { try parse(bytes, into: &table) } catch { parseError = error }
        group.wait()
        // A NUL never occurs in text; a spreadsheet file itself (XLSX is a ZIP) has plenty.
        if scan.hasNUL { throw CSVReadError("不是文本文件（如为 XLSX 表格，请另存为 CSV 后再导入）") }
        if !scan.isUTF8 {
            guard encoding == .utf8 else { throw CSVReadError("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码") }
            guard encodings.contains(.gb18030) else { throw CSVReadError("文件不是 UTF-8 编码") }
            guard let converted = TextScan.convert(bytes, from: "GB18030", to: "UTF-8") else {
                throw CSVReadError("文件编码无法识别（应为 UTF-8 或 GB18030）")
            }
            table = CSVTable(encoding: .gb18030, text: converted)
            try parse(converted, into: &table)
        } else if let parseError {
            throw parseError
        }
        guard !table.rows.isEmpty else { throw CSVReadError("文件没有内容") }
        table.digest = scan.digest
        let first = table.rows.removeFirst()
        table.header = table.cells(first).map { $0.trimmed(.whitespaces) }
        return table
    }

    /// Spaces, tabs and the ideographic space U+3000 (E3 80 80), as padding around a cell.
    static func isPadding(_ text: [UInt8], _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = text[i]
            if b == 0x20 || b == 0x09 { i += 1; continue }
            if b == 0xE3, i + 2 < range.upperBound, text[i + 1] == 0x80, text[i + 2] == 0x80 { i += 3; continue }
            return false
        }
        return true
    }

    /// The field without the quote `CSVWriter.neutralised` put before a formula character (see `CSVWriter.restored`).
    static func restored(_ range: Range<Int>, _ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard range.count > 1, text[range.lowerBound] == UInt8(ascii: "'") else { return range }
        var i = range.lowerBound
        while i < range.upperBound, text[i] == UInt8(ascii: "'") { i += 1 }
        guard i < range.upperBound else { return range }
        switch text[i] {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return (range.lowerBound + 1)..<range.upperBound
        default:
            return range
        }
    }

    /// RFC 4180 fields into `table` (blank rows dropped); an unclosed quote makes the file unreadable.
    static func parse(_ bytes: [UInt8], into table: inout CSVTable) throws {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        // Offsets are 32-bit; quoted fields' contents are appended after the text.
        guard bytes.count <= Int(UInt32.max) / 2 else { throw CSVReadError("文件过大（正文超过 2 GB），请分成几个文件后再导入") }
        try bytes.withUnsafeBufferPointer { buffer in
            table.reserve(for: buffer)
            let n = buffer.count
            var i = 0, line = 1, recordLine = 1, recordStart = 0
            // The record's fields, kept in the table only when one of them is quoted (`CSVTable.appendRow`).
            var bounds: [UInt32] = []
            bounds.reserveCapacity(64)
            func append(_ range: Range<Int>) {
                bounds.append(UInt32(truncatingIfNeeded: range.lowerBound))
                bounds.append(UInt32(truncatingIfNeeded: range.upperBound))
            }
            var blank = true, quoted = false
            while i < n {
                let range: Range<Int>
                if buffer[i] == quote {
                    // A quoted field: its unescaped contents go after the text.
                    quoted = true
                    let openedOn = line
                    let start = table.text.count
                    i += 1
                    var closed = false
                    while i < n {
                        let b = buffer[i]
                        if b == quote {
                            if i + 1 < n, buffer[i + 1] == quote { table.text.append(quote); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        if b == lf || (b == cr && (i + 1 >= n || buffer[i + 1] != lf)) { line += 1 }
                        table.text.append(b)
                        i += 1
                    }
                    guard closed else { throw CSVReadError("引号没有闭合", line: openedOn) }
                    // Text after the closing quote (`"a"b`) is kept, as spreadsheet programs do.
                    while i < n, buffer[i] != comma, buffer[i] != lf, buffer[i] != cr { table.text.append(buffer[i]); i += 1 }
                    range = table.text.withUnsafeBufferPointer { restored(start..<table.text.count, $0) }
                } else {
                    let start = i
                    while i < n, buffer[i] != comma, buffer[i] != lf, buffer[i] != cr { i += 1 }
                    range = restored(start..<i, buffer)
                }
                append(range)
                if blank, !isPadding(table.text, range) { blank = false }
                if i < n, buffer[i] == comma {
                    i += 1
                    if i < n { continue }
                    append(i..<i)
                }
                if i < n, buffer[i] == cr { i += 1 }
                if i < n, buffer[i] == lf { i += 1 }
                if !blank { table.appendRow(line: recordLine, start: recordStart, bounds: bounds, quoted: quoted) }
                bounds.removeAll(keepingCapacity: true)
                blank = true
                quoted = false
                line += 1
                recordLine = line
                recordStart = i
            }
        }
    }
}
