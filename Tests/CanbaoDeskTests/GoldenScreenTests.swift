import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// Every screen and state rendered to text at 80x24 and 120x40 and compared with its golden file.
@Suite struct GoldenScreenTests {
    static let sizes = [(80, 24), (120, 40)]

    static func both(_ name: String, _ make: (Int, Int) -> DeskDriver) {
        for (cols, rows) in sizes {
            Golden.check(make(cols, rows).screen, "\(name)-\(cols)x\(rows)")
        }
    }

    static let home = HomeData(
        today: [CaseSummary(number: "2026-000012", workflow: "新生儿参保登记", applicant: "王小禾", status: .registered, updated: "09:41"),
                CaseSummary(number: "2026-000013", workflow: "大中专学生参保登记", applicant: "陈思远", status: .pendingDocuments, updated: "10:05")],
        drafts: [CaseSummary(number: "2026-000014", workflow: "退役军人及随军配偶参保登记", applicant: "赵卫国", status: .draft, updated: "10:20")],
        pendingDocuments: [CaseSummary(number: "2026-000013", workflow: "大中专学生参保登记", applicant: "陈思远", status: .pendingDocuments, updated: "10:05")],
        awaitingApproval: [])

    @Test func setupScreens() {
        Self.both("setup-account") { c, r in
            var d = DeskDriver(cols: c, rows: r)
            d.send(.started(hasOperators: false))
            d.type("admin"); d.key(.tab); d.type("张主任")
            return d
        }
        Self.both("setup-demo-offer") { c, r in
            var d = DeskDriver(cols: c, rows: r)
            d.send(.started(hasOperators: false))
            d.send(.firstAdminCreated(OperatorInfo(id: 1, name: "admin", displayName: "张主任", role: .admin)))
            return d
        }
    }

    @Test func loginScreens() {
        Self.both("login") { c, r in
            var d = DeskDriver(cols: c, rows: r)
            d.send(.started(hasOperators: true))
            d.type("clerk"); d.key(.tab); d.type("abc")
            return d
        }
        Self.both("login-failed") { c, r in
            var d = DeskDriver(cols: c, rows: r)
            d.send(.started(hasOperators: true))
            d.type("clerk"); d.key(.tab); d.type("wrongpass1"); d.key(.enter)
            d.send(.loginFailed(reason: "用户名或密码错误，或账号已停用、已锁定"))
            return d
        }
    }

    @Test func homeAndPickerAndSearch() {
        Self.both("home") { c, r in DeskDriver.atHome(cols: c, rows: r, data: Self.home) }
        Self.both("home-drafts") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r, data: Self.home)
            d.key(.tab)
            return d
        }
        Self.both("picker") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r)
            d.key(.char("1"))
            return d
        }
        Self.both("search-results") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r)
            d.key(.char("2"))
            d.type("张")
            d.key(.enter)
            d.send(.personsFound(query: "张", [
                PersonSummary(name: "张三", document: IdentityDocument(kind: .residentID, number: "34052419800101001X"),
                              records: [Cases.record("150621", .resident, year: 2026), Cases.record("440703", .employee, .suspended, months: ["2025-01", "2025-12"])]),
                PersonSummary(name: "张小宝", document: IdentityDocument(kind: .residentID, number: "150621202601100027")),
            ]))
            return d
        }
    }

    @Test func caseFormStates() {
        Self.both("form-newborn-new") { c, r in DeskDriver.newCase("newborn", cols: c, rows: r) }
        Self.both("form-newborn-chinese-input") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
            d.type("欧阳小禾")
            return d
        }
        Self.both("form-newborn-bad-id") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
            d.type("王小禾"); d.key(.tab)
            d.type("150621202512010021"); d.key(.tab)
            return d
        }
        Self.both("form-newborn-missing-documents") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            DeskFlowTests.fillNewborn(&d)
            return d
        }
        Self.both("form-newborn-accept") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            DeskFlowTests.fillNewborn(&d)
            d.keys(.function(6), .char(" "), .down, .char(" "), .down, .char(" "))
            return d
        }
        Self.both("form-newborn-needs-approval") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r, today: "2026-05-01")
            DeskFlowTests.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
            d.key(.function(10))
            d.type("家长住院延误办理")
            return d
        }
        Self.both("form-newborn-refuse") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            DeskFlowTests.fillNewborn(&d)
            let doc = IdentityDocument(kind: .residentID, number: "15062120251201002X")
            d.send(.personLooked(document: doc, PersonSummary(name: "王小禾", document: doc, records: [Cases.record("150621", .resident, year: 2025)])))
            d.key(.function(5))
            return d
        }
        Self.both("form-required-listed") { c, r in
            var d = DeskDriver.newCase("student", cols: c, rows: r)
            d.key(.function(10))
            return d
        }
        Self.both("form-chooser") { c, r in
            var d = DeskDriver.newCase("veteran", cols: c, rows: r)
            d.keys(.tab, .function(4))
            return d
        }
    }

    @Test func overlaysResultLockAndTooSmall() {
        Self.both("article") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r, today: "2026-05-01")
            DeskFlowTests.fillNewborn(&d, birth: "2026-01-10", number: "150621202601100027", year: "2026")
            d.keys(.function(6), .function(6), .function(1))
            return d
        }
        Self.both("help") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            d.key(.function(1))
            return d
        }
        Self.both("result-registered") { c, r in
            var d = DeskDriver.newCase("newborn", cols: c, rows: r)
            DeskFlowTests.fillNewborn(&d)
            d.key(.function(10))
            d.send(.submitted(SubmitResult(number: "2026-000015", status: .registered, decision: .accept,
                                           printed: ["txt", "html", "ps"].map { "/home/clerk/.local/share/canbao/notices/2026-000015-回执.\($0)" })))
            return d
        }
        Self.both("locked") { c, r in
            var d = DeskDriver.atHome(cols: c, rows: r, data: Self.home)
            d.send(.tick(now: 2_000, today: LocalDate("2026-01-15")!))
            return d
        }
        Golden.check(Frame.tooSmall(cols: 60, rows: 20), "too-small-60x20")
    }
}
