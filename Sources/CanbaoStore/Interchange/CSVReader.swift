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
/// become Strings. Offsets are 32-bit (`CSVReader.parse` refuses a text over 2 GB, which with the quoted fields'
/// contents appended stays below 4 GB): half the room of `Range<Int>`s, a roster's largest structure after its text.
struct CSVTable: Sendable {
    var encoding: CSVEncoding
    var header: [String]
    /// The UTF-8 text, then the unescaped contents of quoted fields appended after it.
    var text: [UInt8]
    /// Each field's start and end in `text`, one after the other.
    private(set) var bounds: [UInt32] = []
    /// Data rows (blank lines dropped).
    var rows: [Row] = []
    /// The SHA-256 of the file as read, in hex, when the reader was asked for it.
    var digest: String?

    init(encoding: CSVEncoding, text: [UInt8]) {
        self.encoding = encoding
        header = []
        self.text = text
    }

    struct Row: Sendable {
        private let storedLine: UInt32, storedFirst: UInt32, storedCount: UInt32

        init(line: Int, first: Int, count: Int) {
            storedLine = UInt32(truncatingIfNeeded: line)
            storedFirst = UInt32(truncatingIfNeeded: first)
            storedCount = UInt32(truncatingIfNeeded: count)
        }

        /// 1-based file line the row starts on.
        var line: Int { Int(storedLine) }
        /// Its fields: the table's fields `first ..< first + count`.
        var first: Int { Int(storedFirst) }
        var count: Int { Int(storedCount) }
    }

    /// The bytes in `text` of the row's field `column` (< `row.count`).
    func field(_ row: Row, _ column: Int) -> Range<Int> { field(row.first + column) }

    func field(_ index: Int) -> Range<Int> { Int(bounds[2 * index])..<Int(bounds[2 * index + 1]) }

    var fieldCount: Int { bounds.count / 2 }

    mutating func appendField(_ range: Range<Int>) {
        bounds.append(UInt32(truncatingIfNeeded: range.lowerBound))
        bounds.append(UInt32(truncatingIfNeeded: range.upperBound))
    }

    mutating func removeFields(from first: Int) { bounds.removeLast(bounds.count - 2 * first) }

    /// Room for the fields and rows of `bytes`, estimated from its first rows: growing a million rows' arrays by
    /// doubling would hold the old and the new copy at once.
    mutating func reserve(for bytes: UnsafeBufferPointer<UInt8>) {
        let sample = min(bytes.count, 1 << 16)
        var separators = 0, lines = 0
        for b in bytes[0..<sample] {
            if b == UInt8(ascii: ",") { separators += 1 } else if b == UInt8(ascii: "\n") { lines += 1; separators += 1 }
        }
        let scale = Double(bytes.count) / Double(max(sample, 1))
        bounds.reserveCapacity(2 * Int(Double(separators + 1) * scale * 1.02 + 16))
        rows.reserveCapacity(Int(Double(lines + 1) * scale * 1.02 + 16))
    }

    func string(_ row: Row, _ column: Int) -> String {
        column < row.count ? String(decoding: text[field(row, column)], as: UTF8.self) : ""
    }

    func cells(_ row: Row) -> [String] { (0..<row.count).map { string(row, $0) } }
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
        table.header = table.cells(first).map { $0.trimmingCharacters(in: .whitespaces) }
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
            var i = 0, line = 1, recordLine = 1
            var first = table.fieldCount
            var blank = true
            while i < n {
                if buffer[i] == quote {
                    // A quoted field: its unescaped contents go after the text.
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
                    let range = start..<table.text.count
                    table.appendField(table.text.withUnsafeBufferPointer { restored(range, $0) })
                } else {
                    let start = i
                    while i < n, buffer[i] != comma, buffer[i] != lf, buffer[i] != cr { i += 1 }
                    table.appendField(restored(start..<i, buffer))
                }
                if blank, !isPadding(table.text, table.field(table.fieldCount - 1)) { blank = false }
                if i < n, buffer[i] == comma {
                    i += 1
                    if i < n { continue }
                    table.appendField(i..<i)
                }
                if i < n, buffer[i] == cr { i += 1 }
                if i < n, buffer[i] == lf { i += 1 }
                if blank {
                    table.removeFields(from: first)
                } else {
                    table.rows.append(CSVTable.Row(line: recordLine, first: first, count: table.fieldCount - first))
                }
                first = table.fieldCount
                blank = true
                line += 1
                recordLine = line
            }
        }
    }
}
