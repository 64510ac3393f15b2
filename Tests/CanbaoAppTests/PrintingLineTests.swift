@testable import CanbaoApp
import Testing

/// The result screen's printing line: a notice that could not be saved is said first, and how to get it.
@Suite struct PrintingLineTests {
    @Test func aNoticeNotSavedIsSaidWithTheCauseAndTheWayToReprint() {
        let line = DeskServices.printing(problem: "读写文件失败：/h/notices: 不是目录", spool: nil)
        #expect(line == "注意：告知书未能保存，排除原因后在案件中按 P 补打（案件已办理；原因：读写文件失败：/h/notices: 不是目录）")
        #expect(DeskServices.printing(problem: nil, spool: "已送打印机 canbao-pdf") == "已送打印机 canbao-pdf")
        #expect(DeskServices.printing(problem: nil, spool: nil) == nil)
    }
}
