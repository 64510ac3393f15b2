import CanbaoRules

extension Notice {
    /// The same notice again, for an applicant who lost the paper: the title says 补打 and the footer when and by whom,
    /// so a copy is never taken for a new decision; everything else (the original date and clerk) stays as first
    /// printed.
    public func reprint(on date: LocalDate, by clerk: String) -> Notice {
        var copy = self
        copy.title = title + "（补打）"
        copy.footer += [("补打日期", date.chinese), ("补打经办人", clerk)]
        return copy
    }
}
