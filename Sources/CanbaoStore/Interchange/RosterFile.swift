import CanbaoRules
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encoding a roster arrived in; the error report goes back in the same one, so the school's spreadsheet
/// program opens it as it opened the original.
public enum RosterEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8（带 BOM）"
    /// What a Chinese-locale spreadsheet program writes for “CSV”.
    case gb18030 = "GB18030"
}

/// A roster that cannot be read at all: nothing of it is registered.
public struct RosterFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var reason: String
    /// 1-based line of the file, when the problem has one.
    public var line: Int?

    public init(_ reason: String, line: Int? = nil) {
        self.reason = reason
        self.line = line
    }

    public var description: String { line.map { "第 \($0) 行：\(reason)" } ?? reason }
    public var errorDescription: String? { description }
}

/// A school's class list as CSV (an export of the spreadsheet): UTF-8 with or without BOM, or GB18030.
/// RFC 4180 quoting; LF, CRLF or CR line ends. Pure byte work: the separators are ASCII, and neither UTF-8 nor
/// the GB18030 text (converted to UTF-8 first) has an ASCII byte inside a character.
enum RosterFile {
    /// The file's fields without a String per cell: 100,000 rows are read once and only the cells a check needs
    /// become Strings.
    struct Table {
        var encoding: RosterEncoding
        var header: [String]
        /// The UTF-8 text, then the unescaped contents of quoted fields appended after it.
        var text: [UInt8]
        /// Each field's bytes in `text`.
        var fields: [Range<Int>]
        /// Data rows (blank lines dropped).
        var rows: [Row]

        struct Row {
            /// 1-based file line the row starts on.
            var line: Int
            /// Its fields: `fields[first ..< first + count]`.
            var first: Int
            var count: Int
        }

        func string(_ row: Row, _ column: Int) -> String {
            column < row.count ? String(decoding: text[fields[row.first + column]], as: UTF8.self) : ""
        }

        func cells(_ row: Row) -> [String] { (0..<row.count).map { string(row, $0) } }
    }

    static func read(_ data: Data) throws -> Table {
        guard !data.isEmpty else { throw RosterFileError("文件为空") }
        var bytes = [UInt8](data)
        var encoding = RosterEncoding.utf8
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            encoding = .utf8BOM
        }
        // The encoding check runs on the other core while this one parses, assuming UTF-8.
        let scan = EncodingScan()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [bytes] in
            scan.check(bytes)
            group.leave()
        }
        var table = Table(encoding: encoding, header: [], text: bytes, fields: [], rows: [])
        var parseError: Error?
        do { try parse(bytes, into: &table) } catch { parseError = error }
        group.wait()
        // A NUL never occurs in text; a spreadsheet file itself (XLSX is a ZIP) has plenty.
        if scan.hasNUL { throw RosterFileError("不是文本文件（如为 XLSX 表格，请另存为 CSV 后再导入）") }
        if !scan.isUTF8 {
            guard encoding == .utf8 else { throw RosterFileError("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 编码") }
            guard let converted = convert(bytes, from: "GB18030", to: "UTF-8") else {
                throw RosterFileError("文件编码无法识别（应为 UTF-8 或 GB18030）")
            }
            table = Table(encoding: .gb18030, header: [], text: converted, fields: [], rows: [])
            try parse(converted, into: &table)
        } else if let parseError {
            throw parseError
        }
        guard !table.rows.isEmpty else { throw RosterFileError("文件没有内容") }
        let first = table.rows.removeFirst()
        table.header = table.cells(first).map { $0.trimmingCharacters(in: .whitespaces) }
        return table
    }

    /// Whether bytes are well-formed UTF-8 and whether they hold a NUL, in one pass.
    final class EncodingScan: @unchecked Sendable {
        var isUTF8 = false
        var hasNUL = false

        func check(_ bytes: [UInt8]) {
            hasNUL = bytes.withUnsafeBytes { raw in
                var i = 0
                let n = raw.count
                while i + 8 <= n {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { return true }
                    i += 8
                }
                while i < n {
                    if raw[i] == 0 { return true }
                    i += 1
                }
                return false
            }
            isUTF8 = RosterFile.isUTF8(bytes)
        }
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

    // MARK: encoding

    /// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), ASCII 8 bytes at a time.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            let n = b.count
            var i = 0
            while i < n {
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                let length: Int, low: UInt8, high: UInt8
                switch c {
                case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
                case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE, 0xEF: (length, low, high) = (3, 0x80, 0xBF)
                case 0xED: (length, low, high) = (3, 0x80, 0x9F)
                case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
                case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
                case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
                default: return false
                }
                guard i + length <= n, (low...high).contains(b[i + 1]) else { return false }
                for k in 2..<length where !(0x80...0xBF).contains(b[i + k]) { return false }
                i += length
            }
            return true
        }
    }

    /// Text in another encoding through iconv; nil when the bytes are not valid in `from`.
    static func convert(_ bytes: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var inLeft = input.count, outLeft = output.count
        let ok = input.withUnsafeMutableBytes { inBuffer -> Bool in
            output.withUnsafeMutableBytes { outBuffer -> Bool in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                if inLeft == 0 { return true }
                return iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft) != -1 && inLeft == 0
            }
        }
        guard ok else { return nil }
        output.removeLast(outLeft)
        return output
    }

    /// The error report in the roster's own encoding.
    static func encode(_ text: String, as encoding: RosterEncoding) -> Data {
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .utf8BOM: return Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case .gb18030: return Data(convert(Array(text.utf8), from: "UTF-8", to: "GB18030") ?? Array(text.utf8))
        }
    }

    // MARK: CSV

    /// RFC 4180 fields into `table` (blank rows dropped); an unclosed quote makes the file unreadable.
    static func parse(_ bytes: [UInt8], into table: inout Table) throws {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        table.fields.reserveCapacity(bytes.count / 8)
        table.rows.reserveCapacity(bytes.count / 48)
        try bytes.withUnsafeBufferPointer { buffer in
            let n = buffer.count
            var i = 0, line = 1, recordLine = 1
            var first = table.fields.count
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
                    guard closed else { throw RosterFileError("引号没有闭合", line: openedOn) }
                    // Text after the closing quote (`"a"b`) is kept, as spreadsheet programs do.
                    while i < n, buffer[i] != comma, buffer[i] != lf, buffer[i] != cr { table.text.append(buffer[i]); i += 1 }
                    table.fields.append(start..<table.text.count)
                } else {
                    let start = i
                    while i < n, buffer[i] != comma, buffer[i] != lf, buffer[i] != cr { i += 1 }
                    table.fields.append(start..<i)
                }
                if blank, !isPadding(table.text, table.fields[table.fields.count - 1]) { blank = false }
                if i < n, buffer[i] == comma {
                    i += 1
                    if i < n { continue }
                    table.fields.append(i..<i)
                }
                if i < n, buffer[i] == cr { i += 1 }
                if i < n, buffer[i] == lf { i += 1 }
                if blank {
                    table.fields.removeLast(table.fields.count - first)
                } else {
                    table.rows.append(Table.Row(line: recordLine, first: first, count: table.fields.count - first))
                }
                first = table.fields.count
                blank = true
                line += 1
                recordLine = line
            }
        }
    }
}

/// RFC 4180 quoting, for the error report.
enum RosterCSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
