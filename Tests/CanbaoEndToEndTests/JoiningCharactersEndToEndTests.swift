import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// The real binary in tmux: a character typed on its own that joins the one before it (e + U+0301, a Mongolian letter
/// + a free variation selector, 👍 + 🏽, 王 + ZWJ, Hangul jamo, an ideograph + a variation selector) used to stop the
/// counter screen with SIGILL. Each scalar is sent as its own key press; the screen must stay up, show the name and
/// store it as typed.
@Suite("柜台端到端：逐键输入会合并的字符")
struct JoiningCharactersEndToEndTests {
    static let pieces: [Unicode.Scalar] = ["王", "e", "\u{301}", "\u{182E}", "\u{180B}", "\u{1F44D}", "\u{1F3FD}", "\u{200D}",
                                           "\u{1100}", "\u{1161}", "\u{11A8}", "葛", "\u{E0100}"]

    @Test("姓名栏逐键输入组合字符：不退出，姓名按输入保存")
    func typingJoiningCharactersKeyByKey() throws {
        let counter = try Counter()
        let t = try counter.startAtHome()
        defer { t.kill() }
        try t.newCase(1, title: "新生儿参保登记")
        try t.settle("1.办理情形")
        try t.skip("办理地（统筹区代码）*")
        try t.choose("是否已办理户籍登记*", key: "y", shows: "是")
        try t.choose("是否在户籍登记前死亡*", key: "n", shows: "否")
        try t.skip("是否已使用父母姓名预参保")
        try t.waitUntil("姓名栏") { $0.field("新生儿姓名*") != nil }
        let pid = try t.programPID()
        var typed = String.UnicodeScalarView()
        for scalar in Self.pieces {
            // One key press at a time: the program has read each before the next is sent, so none arrives in a
            // paste with the character it joins.
            let before = Tmux.bytesRead(pid)
            try t.type(String(scalar))
            try Tmux.waitUntilRead(pid, atLeast: before + String(scalar).utf8.count)
            typed.append(scalar)
        }
        try t.waitUntil("姓名栏显示所输入的字") { $0.line(0).contains("新生儿参保登记") && ($0.field("新生儿姓名*")?.contains("王") ?? false) }
        try t.sendKeys("Tab")
        try t.waitUntil("离开姓名栏后仍在表单上") { $0.line(0).contains("新生儿参保登记") && $0.field("新生儿证件*") != nil }
        try eventually("草稿保存了所输入的姓名") {
            try counter.openStore().cases().contains { record in
                (try? CaseParser.parse(record.caseJSON, file: record.number))?.person?.name == String(typed)
            }
        }
    }
}
