import CanbaoRules
import CanbaoStore
import Foundation

/// The counter's use cases: what a clerk, a supervisor or a trainee does, each carried out by one store call that
/// is one transaction (with its audit rows), then printed. No terminal here: the counter screen, the command line
/// and the tests all call these.
public final class Counter: @unchecked Sendable {
    public let store: CounterStore
    public let forms: FormSet
    public let info: CounterInfo
    public let clock: BusinessClock
    /// `$CANBAO_HOME`: notices go to `notices/`, reports to `reports/`.
    public let home: URL
    public let printer: NoticePrinter

    /// `printer`: the CUPS queue notices are printed on (`--printer`); nil, files only.
    public init(store: CounterStore, forms: FormSet, info: CounterInfo, home: URL, clock: BusinessClock? = nil,
                printer queue: String? = nil) {
        self.store = store
        self.forms = forms
        self.info = info
        self.home = home
        self.clock = clock ?? store.clock
        self.printer = NoticePrinter(directory: home.appendingPathComponent("notices"), queue: queue)
    }

    public var today: LocalDate { clock.today }

    /// The counter's policy profile.
    public var policy: Policy {
        get throws {
            guard let policy = forms.policy(info.region) else { throw StoreError.notAllowed("未知的地区档案“\(info.region)”") }
            return policy
        }
    }

    /// Workflows whose registration writes a new enrollment; the others (suspend, terminate, transfer-out, change,
    /// refund, the units' own services, retirement…) change existing records and close the case (办结).
    public static let enrollingWorkflows: Set<String> = ["newborn", "student", "veteran", "migrant-worker", "foreign-resident",
                                                         "transfer-in", "employee-register", "assisted-register",
                                                         "prison-release"]

    /// Whether accepting this case writes a new enrollment: a prison release that restores a retiree's suspended
    /// record (内蒙古细则 第九条（六）) writes none.
    public func enrolls(_ c: CaseFile, _ verdict: Verdict) -> Bool {
        guard Self.enrollingWorkflows.contains(c.workflow) else { return false }
        return verdict.employment?.action != "restore"
    }

    public func workflowTitle(_ id: String) -> String { forms.workflows[id]?.title ?? Self.counterCaseTitles[id] ?? id }

    /// The enrollment a registration writes: resident for the coverage year, employee from this month (an employee
    /// registered by the unit joins the employee scheme, 内蒙古细则 第九条（一）).
    func enrollment(for c: CaseFile, _ verdict: Verdict) -> NewEnrollment? {
        guard enrolls(c, verdict) else { return nil }
        let scheme = verdict.employment?.action == "register" ? .employee : c.scheme ?? .resident
        let place = c.here ?? info.place
        if scheme == .employee {
            let month = String(c.today.description.prefix(7))
            return NewEnrollment(place: place, scheme: .employee, flexible: c.isFlexible, months: [month], paid: false, since: c.today)
        }
        let year = c.coverageYear ?? (c.workflow == "newborn" ? c.birthDate?.year : nil) ?? c.today.year
        return NewEnrollment(place: place, scheme: .resident, year: year, paid: false, since: c.today)
    }

    /// Refused for trainees: they practise in a sandbox, never on the real store.
    func requireRealOperator(_ me: Operator, _ what: String) throws {
        guard me.role != .trainee else { throw StoreError.notAllowed("学员不能\(what)") }
    }
}
