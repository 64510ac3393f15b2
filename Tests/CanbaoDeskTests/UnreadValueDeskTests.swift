import CanbaoDesk
import CanbaoRules
import CanbaoTestSupport
import Testing

/// A value the form cannot read keeps the clerk on the field with what was typed, and says what is wrong; a place
/// field takes a six-digit code and no more digits.
@Suite struct UnreadValueDeskTests {
    /// A newborn case on the newborn's birth date (name typed, no document: the date is typed, not derived).
    static func atTheBirthDate() -> DeskDriver {
        var d = DeskDriver.newCase("newborn")
        d.keys(.tab, .char("y"), .tab, .char("n"), .tab, .tab)
        d.type("王小禾")
        d.keys(.tab, .tab)
        #expect(d.form?.focus == .field("person.birth_date"))
        d.effects = []
        return d
    }

    @Test func aDateThatDoesNotExistKeepsTheTextAndTheFieldAndSaysWhy() {
        var d = Self.atTheBirthDate()
        d.type("2026-02-30")
        for key in [Key.tab, .enter, .down, .up, .pageDown, .pageUp, .function(6)] {
            d.key(key)
            #expect(d.form?.focus == .field("person.birth_date"), "\(key)")
            #expect(d.form?.input.text == "2026-02-30", "\(key)")
            #expect(d.state.message == .error("出生日期：2026-02-30 不是有效日期（2026年2月只有28天），请改正"), "\(key)")
        }
        #expect(d.savedDrafts.isEmpty)
        #expect(d.form?.caseFile.person?.birthDate == nil)
        // F10 points at it and keeps the text too.
        d.key(.function(10))
        #expect(d.form?.focus == .field("person.birth_date"))
        #expect(d.form?.input.text == "2026-02-30")

        // Corrected, it is saved as the field left and the clerk moves on.
        d.keys(.backspace, .backspace)
        d.type("28")
        d.key(.tab)
        #expect(d.form?.focus == .field("person.sex"))
        #expect(d.form?.caseFile.person?.birthDate == LocalDate("2026-02-28"))
        #expect(d.savedDrafts.last?.completedField == "person.birth_date")
    }

    @Test func aMonthOrDayOutOfRangeIsNamed() {
        var d = Self.atTheBirthDate()
        d.type("20261301")
        d.key(.tab)
        #expect(d.state.message == .error("出生日期：2026-13-01 不是有效日期（月份应为01至12，实际为13），请改正"))
        #expect(d.form?.input.text == "20261301")
        d.key(.ctrl("u"))
        d.type("2024-02-00")
        d.key(.tab)
        #expect(d.state.message == .error("出生日期：2024-02-00 不是有效日期（日应为01至29，实际为00），请改正"))
        // Not a date at all: the format is what is wrong.
        d.key(.ctrl("u"))
        d.type("2026/02/28")
        d.key(.tab)
        #expect(d.state.message == .error("出生日期：“2026/02/28”不是有效日期，应为 YYYY-MM-DD（如 2026-01-31）"))
        #expect(d.form?.focus == .field("person.birth_date"))
        // Cleared, the field is left empty (the rules say it is required, on F5/F10).
        d.key(.ctrl("u"))
        d.key(.tab)
        #expect(d.form?.focus == .field("person.sex"))
    }

    @Test func aPlaceFieldTakesSixDigitsAndSaysSoWhenMoreCome() {
        var d = DeskDriver.newCase("newborn")
        #expect(d.form?.focus == .field("here"))
        #expect(d.form?.input.text == "150621")
        d.key(.char("1"))
        #expect(d.form?.input.text == "150621")
        #expect(d.state.message == .error("办理地（统筹区代码）为 6 位行政区划代码（GB/T 2260），多出的 1 位未录入"))

        d.key(.ctrl("u"))
        d.send(.terminal(.paste("15062199")))
        #expect(d.form?.input.text == "150621")
        #expect(d.state.message == .error("办理地（统筹区代码）为 6 位行政区划代码（GB/T 2260），多出的 2 位未录入"))

        // A name is looked up, not held to six characters.
        d.key(.ctrl("u"))
        d.send(.terminal(.paste("达拉特旗")))
        #expect(d.form?.input.text == "达拉特旗")
        d.key(.tab)
        #expect(d.form?.caseFile.here == "150621")
    }
}
