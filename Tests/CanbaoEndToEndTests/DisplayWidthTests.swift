import CNcursesw
import CanbaoDesk
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `DisplayWidth` (pure Swift, used by the desk to lay out screens) must agree with libc's `wcwidth` under
/// C.UTF-8, which is what ncurses uses to place characters: a disagreement shifts the rest of a row.
@Suite("DisplayWidth 与 libc wcwidth（C.UTF-8）一致")
struct DisplayWidthTests {
    static let ranges: [(name: String, range: ClosedRange<UInt32>)] = [
        ("ASCII", 0x20...0x7E),
        ("Latin-1", 0xA0...0xFF),
        ("组合附加符号", 0x0300...0x036F),
        ("谚文字母", 0x1100...0x11FF),
        ("常用符号与装饰符号", 0x2600...0x27BF),
        ("CJK 符号和标点", 0x3000...0x303F),
        ("CJK 扩展 A", 0x3400...0x4DBF),
        ("CJK 统一表意文字", 0x4E00...0x9FFF),
        ("谚文音节", 0xAC00...0xD7A3),
        ("全角与半角形式", 0xFF00...0xFFEF),
        ("表情符号", 0x1F300...0x1F64F),
        ("交通与地图符号", 0x1F680...0x1F6FF),
        ("补充符号和象形文字", 0x1F900...0x1F9FF),
        ("CJK 扩展 B", 0x20000...0x2A6DF),
    ]

    init() {
        _ = setlocale(LC_ALL, "C.UTF-8")
    }

    @Test("样本范围内每个已分配的可打印字符", arguments: ranges.map(\.name))
    func agreesWithWcwidth(range name: String) {
        let range = Self.ranges.first { $0.name == name }!.range
        var disagreements: [String] = []
        var compared = 0
        var newerThanLibc: [String] = []
        for value in range {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let libc = Int(cb_wcwidth(value))
            // Unassigned code points: libc says -1 (unknown); the desk never draws them on purpose.
            if libc < 0, scalar.properties.generalCategory == .unassigned { continue }
            // Characters newer than libc's tables (glibc 2.36: Unicode 14), which Swift knows: libc says -1, and
            // the backend draws a same-width "?" / "？" instead, so the row stays aligned.
            if libc < 0, let age = scalar.properties.age, age.major > 14 {
                newerThanLibc.append(String(format: "U+%04X", value))
                continue
            }
            compared += 1
            let ours = DisplayWidth.of(scalar)
            if ours != libc {
                disagreements.append(String(format: "U+%04X", value) + " \(scalar.properties.name ?? "?") DisplayWidth=\(ours) wcwidth=\(libc)")
            }
        }
        #expect(compared > 0)
        if !newerThanLibc.isEmpty { print("\(name)：libc 不认识的新字符 \(newerThanLibc.joined(separator: " "))") }
        let report = disagreements.prefix(40).joined(separator: "\n")
        #expect(disagreements.isEmpty, "\(name)：\(disagreements.count) 处不一致\n\(report)")
    }

    @Test("控制字符：DisplayWidth 为 0，wcwidth 为 -1（不可打印）")
    func controlCharacters() {
        for value in Array(UInt32(0x01)...0x1F) + [0x7F] + Array(UInt32(0x80)...0x9F) {
            #expect(DisplayWidth.of(Unicode.Scalar(value)!) == 0)
            #expect(cb_wcwidth(value) == -1)
        }
    }
}
