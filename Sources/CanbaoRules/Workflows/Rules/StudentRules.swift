/// Students of colleges and secondary vocational schools: 国家规程 第十五条 2, 内蒙古细则 第十二条（二）.
enum StudentRules {
    static let nationalCite = "国家规程 第十五条 2"

    static func scheme(_ ctx: RuleContext) -> RuleOutcome {
        guard ctx.scheme == .employee else { return .none }
        let cite = ctx.bool("student.school_place")?.1 ?? nationalCite
        return RuleOutcome(findings: [Cite(rule: "student.scheme", citation: cite, field: "scheme").block("在校学生应参加居民医保")])
    }

    /// The school's place; an assisted or disabled student may choose the place where the status was certified.
    /// "原则上" leaves room: any other place is an exception for a supervisor, not a refusal.
    static func place(_ ctx: RuleContext) -> RuleOutcome {
        let c = ctx.caseFile
        guard let school = c.text("school_place"), let here = ctx.here else { return .none }
        let cite = ctx.bool("student.school_place")?.1 ?? nationalCite
        if here == school {
            return RuleOutcome(findings: [Cite(rule: "student.place", citation: cite, field: "school_place").info("在学籍地（\(school)）参加居民医保")])
        }
        let special = c.flag("assisted") || c.flag("disabled")
        if special, let certified = c.text("certified_place"), certified == here,
           let (allowed, ccite) = ctx.bool("student.certified_place_allowed"), allowed {
            let who = c.flag("assisted") ? "资助参保救助对象" : "残疾人"
            return RuleOutcome(findings: [Cite(rule: "student.place", citation: ccite, field: "certified_place")
                    .info("学生为\(who)，选择在身份认定地（\(certified)）参保")])
        }
        var message = "大中专学生原则上应在学籍地（\(school)）参加居民医保，本窗口为 \(here)"
        if special { message += "；资助参保救助对象、残疾人可选择身份认定地（\(c.text("certified_place") ?? "未填写")）" }
        return RuleOutcome(findings: [Cite(rule: "student.place", citation: cite, field: "school_place").approval(message + "，须审核")])
    }
}
