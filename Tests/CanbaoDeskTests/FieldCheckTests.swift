import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// The counter's fields are held to what a case file is held to (FieldValue, PlaceCode, LocalDate.inputRange):
/// a wrong value is a field error on leaving the field, and nothing is stored.
@Suite struct FieldCheckTests {
    /// A newborn case with the cursor on 出生日期 (after 办理地, the two yes/no answers, 预参保, 姓名, 证件): the
    /// birth certificate's number carries no birth date, so the date is typed.
    static func atBirthDate() -> DeskDriver {
        var d = DeskDriver.newCase("newborn")
        d.key(.tab)
        d.key(.char("y")); d.key(.tab)
        d.key(.char("n")); d.key(.tab)
        d.key(.tab)
        d.type("王小禾"); d.key(.tab)
        d.key(.function(4))
        let kinds = (d.form?.chooser?.options ?? []).map(\.value)
        d.key(.char(Character(String((kinds.firstIndex(of: DocumentKind.birthCertificate.rawValue) ?? 0) + 1))))
        d.type("Q150123456"); d.key(.tab)
        return d
    }

    @Test func aDateOutsideTheInputRangeIsAFieldError() {
        for date in ["9999-12-31", "0001-01-01", "1899-12-31"] {
            var d = Self.atBirthDate()
            d.type(date)
            d.key(.tab)
            #expect(d.state.message == .error("出生日期：日期超出可受理的范围（1900-01-01 至 2099-12-31）：\(date)"), "\(date)")
            #expect(d.form?.caseFile.person?.birthDate == nil)
            #expect(d.form?.notes["person.birth_date"] != nil)
        }
        var d = Self.atBirthDate()
        d.type("2025-12-01")
        d.key(.tab)
        #expect(d.form?.caseFile.person?.birthDate == LocalDate("2025-12-01"))
    }

    @Test func aPlaceMustBeASixDigitCode() {
        var d = DeskDriver.newCase("newborn")
        d.key(.ctrl("u"))
        d.type("ZZZ")
        d.key(.tab)
        #expect(d.state.message == .error("办理地（统筹区代码）：应为 6 位数字的统筹区代码（如 150621），实际为“ZZZ”"))
        #expect(d.form?.caseFile.here == "150621")
    }

    @Test func aCountMustBeAWholeNumberUpToTheLimit() {
        var d = DeskDriver.newCase("veteran")
        // 办理地, 身份 (a choice), 退出现役日期, then 医保关系断档月数.
        d.key(.tab)
        d.key(.char("1")); d.key(.tab)
        d.type("2026-01-10"); d.key(.tab)
        d.type("99999"); d.key(.tab)
        #expect(d.state.message == .error("医保关系断档月数：“99999”不是有效的数字，应为 0 至 9999 的整数"))
        #expect(d.form?.caseFile.facts["gap_months"] == nil)
    }
}
