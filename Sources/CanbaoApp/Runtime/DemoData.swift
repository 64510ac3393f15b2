import CanbaoRules
import CanbaoStore
import Foundation

/// Demo data offered on first start: a few hundred persons with platform records around the counters of the
/// modelled regions, and one clerk, one supervisor and one trainee (whose shared
/// initial password must be changed at the first login). Deterministic, so screenshots and tests agree.
enum DemoData {
    static let password = "canbao123"
    static let operators: [(String, String, OperatorRole)] = [
        ("clerk", "王芳", .clerk), ("supervisor", "刘审核", .supervisor), ("trainee", "陈学员", .trainee),
    ]

    /// Places with their pooling-region codes: Dalate, Dongsheng, Hohhot Xincheng, Jiangmen Pengjiang, Hangzhou.
    static let places = ["150621", "150602", "150102", "440703", "330102"]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
    static let given = ["建国", "秀英", "桂英", "明", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "超", "霞",
                        "平", "刚", "小禾", "思远", "嘉欣", "子涵", "浩然", "雨桐", "一诺", "梓萱", "宇轩", "欣怡", "卫国"]

    /// A valid 18-digit resident ID number.
    static func residentID(area: String, birth: LocalDate, sequence: Int) -> String {
        let first17 = area + birth.description.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence % 1000)
        return first17 + String(IdentityValidation.checkCharacter(first17: first17)!)
    }

    static func persons(count: Int, today: LocalDate) -> [InterchangePerson] {
        var rng = SplitMix(seed: 20_261_123)
        var result: [InterchangePerson] = []
        var used = Set<String>()
        while result.count < count {
            let area = rng.pick(places)
            let newborn = result.count % 25 == 0
            let birth = newborn ? today.adding(days: -rng.int(5...150)) : LocalDate(year: rng.int(1950...2008), month: rng.int(1...12), day: rng.int(1...28))!
            let sex: Sex = rng.int(0...1) == 0 ? .male : .female
            let sequence = rng.int(0...499) * 2 + (sex == .male ? 1 : 0)
            let number = residentID(area: area, birth: birth, sequence: sequence)
            guard used.insert(number).inserted else { continue }
            let name = String(rng.pick(surnames)) + rng.pick(given)
            var records: [NewEnrollment] = []
            if !newborn {
                switch rng.int(0...9) {
                case 0...5:
                    records.append(NewEnrollment(place: area, scheme: .resident, year: today.year, paid: rng.int(0...5) > 0))
                case 6...7:
                    let months = (1...6).map { String(format: "%04d-%02d", today.adding(months: -$0).year, today.adding(months: -$0).month) }.reversed()
                    records.append(NewEnrollment(place: rng.pick(places), scheme: .employee, months: Array(months), paid: true))
                case 8:
                    records.append(NewEnrollment(place: area, scheme: .resident, status: .suspended, year: today.year - 1, paid: true))
                default:
                    break
                }
            }
            if !newborn, result.count % 30 == 7 { records = duplicated(pattern: result.count / 30, area: area, today: today) }
            result.append(InterchangePerson(person: PersonInput(document: IdentityDocument(kind: .residentID, number: number),
                                                                name: name, birthDate: birth, sex: sex), records: records))
        }
        return result
    }

    /// Records that make one duplicate enrollment of each kind of 内蒙古细则 第二十三条, so the person screen and
    /// `canbao duplicates` have something to show: the same resident year paid in two places, the same contribution
    /// months paid by two employers, a resident year whose every month was also paid as employee.
    static func duplicated(pattern: Int, area: String, today: LocalDate) -> [NewEnrollment] {
        let other = places.first { $0 != area }!
        let recent = (1...6).reversed().map { String(format: "%04d-%02d", today.adding(months: -$0).year, today.adding(months: -$0).month) }
        switch pattern % 3 {
        case 0:
            return [NewEnrollment(place: area, scheme: .resident, year: today.year, paid: true),
                    NewEnrollment(place: other, scheme: .resident, year: today.year, paid: true)]
        case 1:
            return [NewEnrollment(place: area, scheme: .employee, months: recent, paid: true),
                    NewEnrollment(place: other, scheme: .employee, months: recent, paid: true)]
        default:
            let year = (1...12).map { String(format: "%04d-%02d", today.year, $0) }
            return [NewEnrollment(place: area, scheme: .resident, year: today.year, paid: true),
                    NewEnrollment(place: other, scheme: .employee, months: year, paid: true)]
        }
    }

    /// Loads the persons and the three demo operators; returns the sentence for the message line.
    static func load(into store: CounterStore, by actor: Actor, today: LocalDate, count: Int = 300) throws -> String {
        let summary = try store.load(persons(count: count, today: today), by: actor, detail: ["source": "demo"])
        var created: [String] = []
        for (name, display, role) in operators where try store.operator(named: name) == nil {
            // Everyone knows the demo password: each account must choose its own at the first login.
            _ = try store.addOperator(name: name, displayName: display, role: role, password: password,
                                      mustChangePassword: true, by: actor)
            created.append(name)
        }
        let accounts = created.isEmpty ? "" : "；账号 \(created.joined(separator: "/")) 的初始密码为 \(password)，首次登录须修改"
        return "已载入演示数据：\(summary.personsInserted) 名参保人、\(summary.recordsInserted) 条平台记录\(accounts)"
    }
}
