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

    /// Bases and the marks that join them into one character (grapheme cluster).
    static let bases: [Unicode.Scalar] = ["a", "e", "Z", "王", "参", "\u{20000}", "\u{1820}", "\u{182E}", "\u{1100}", "\u{AC00}",
                                          "\u{1F44D}", "\u{1F468}", "\u{2764}", "\u{261D}", "\u{FF21}", "\u{0E01}", "\u{05D0}"]
    static let joiners: [[Unicode.Scalar]] = [
        ["\u{301}"], ["\u{301}", "\u{308}"], ["\u{180B}"], ["\u{180C}"], ["\u{180D}"], ["\u{180F}"], ["\u{200D}"],
        ["\u{200C}"], ["\u{FE0F}"], ["\u{FE0E}"], ["\u{E0100}"], ["\u{E01EF}"], ["\u{1F3FB}"], ["\u{1F3FF}"],
        ["\u{1161}"], ["\u{1161}", "\u{11A8}"], ["\u{11A8}"], ["\u{20E3}"], ["\u{200D}", "\u{1F469}"],
        ["\u{FE0F}", "\u{200D}", "\u{1F525}"],
    ]

    @Test("字素簇：宽度取其首个码位的 wcwidth（文本符号加 VS16 按表情符号绘制为 2 列）")
    func clustersTakeTheWidthOfTheirBase() {
        var compared = 0
        var disagreements: [String] = []
        for base in Self.bases {
            for marks in Self.joiners {
                let text = String(String.UnicodeScalarView([base] + marks))
                guard text.count == 1, let c = text.first else { continue }
                compared += 1
                let scalars = Array(c.unicodeScalars)
                var expected = max(0, Int(cb_wcwidth(scalars[0].value)))
                // The backend draws a two-column placeholder for these, since terminals show them as emoji.
                if expected == 1, scalars.count == 2, scalars[1] == "\u{FE0F}" { expected = 2 }
                let ours = DisplayWidth.of(c)
                if ours != expected {
                    disagreements.append("\(scalars.map { String(format: "U+%04X", $0.value) }) DisplayWidth=\(ours) 应为 \(expected)")
                }
            }
        }
        // Regional indicator pairs (flags) are one character too.
        let flag = Character("\u{1F1E8}\u{1F1F3}")
        #expect(DisplayWidth.of(flag) == Int(cb_wcwidth(0x1F1E8)))
        #expect(compared > 200)
        #expect(disagreements.isEmpty, "\(disagreements.count) 处不一致\n\(disagreements.prefix(40).joined(separator: "\n"))")
    }

    @Test("控制字符：DisplayWidth 为 0，wcwidth 为 -1（不可打印）")
    func controlCharacters() {
        for value in Array(UInt32(0x01)...0x1F) + [0x7F] + Array(UInt32(0x80)...0x9F) {
            #expect(DisplayWidth.of(Unicode.Scalar(value)!) == 0)
            #expect(cb_wcwidth(value) == -1)
        }
    }
}
