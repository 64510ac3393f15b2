import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether bytes are well-formed UTF-8 and whether they hold a NUL, in one pass; conversions through iconv.
final class TextScan: @unchecked Sendable {
    var isUTF8 = false
    var hasNUL = false
    /// Set by a caller that hashes the bytes on the same core (`CSVReader.read(_:encodings:digest:)`).
    var digest: String?

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
        isUTF8 = Self.isUTF8(bytes)
    }

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

    /// Text written back in a file's own encoding (a roster's error report).
    static func encode(_ text: String, as encoding: CSVEncoding) -> Data {
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .utf8BOM: return Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case .gb18030: return Data(convert(Array(text.utf8), from: "UTF-8", to: "GB18030") ?? Array(text.utf8))
        }
    }
}
