/// Where a write was made in an agency that runs several service halls (服务大厅) on one database: the hall, and the
/// counter (窗口) in it. Every case, approval request, approval and audit entry records the one its process was
/// started with (`--hall`, `--counter`, `$CANBAO_HALL`, `$CANBAO_COUNTER`); supervisors' queues and the daily
/// statistics are read by it.
public struct ServicePoint: Hashable, Sendable, CustomStringConvertible {
    public let hall: String
    /// The counter within the hall; nil for a process that serves no counter (an administrator's command).
    public let counter: String?

    /// Longest hall name, in characters: 「鄂尔多斯市东胜区政务服务中心医保大厅」 is 19.
    public static let maxHallLength = 40
    /// Longest counter name: the counter's name on the notices (`--counter`), 「3号窗口」 or
    /// 「达拉特旗政务服务中心医保经办3号窗口」.
    public static let maxCounterLength = 40

    /// A service point from the given names, or the reason (Chinese) why not. Surrounding spaces are dropped; an
    /// empty name is no name. Without a hall there is none: a counter name alone (a single-hall agency names its
    /// counter for the notices) records nothing.
    public static func parse(hall: String?, counter: String?) -> Result<ServicePoint?, ServicePointProblem> {
        let hall = hall.map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
        let counter = counter.map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
        if let hall, let problem = SafeText.problem(in: hall, maxLength: maxHallLength) {
            return .failure(ServicePointProblem("大厅名称\(problem)"))
        }
        // Checked with or without a hall: the counter's name is printed on the notices either way.
        if let counter, let problem = SafeText.problem(in: counter, maxLength: maxCounterLength) {
            return .failure(ServicePointProblem("窗口名称\(problem)"))
        }
        guard let hall else { return .success(nil) }
        return .success(ServicePoint(checkedHall: hall, counter: counter))
    }

    private init(checkedHall hall: String, counter: String?) {
        self.hall = hall
        self.counter = counter
    }

    /// `东胜大厅 3号窗口`, or the hall alone.
    public var description: String { Self.shown(hall: hall, counter: counter) ?? hall }

    /// How a stored hall (nil for rows written before halls were recorded, or by a process started without one)
    /// is shown.
    public static func label(hall: String?) -> String { hall ?? "未记录大厅" }

    /// Where a stored row was written, as shown beside it (`东胜大厅 3号窗口`, `东胜大厅`); nil when no hall was
    /// recorded.
    public static func shown(hall: String?, counter: String?) -> String? {
        hall.map { hall in counter.map { "\(hall) \($0)" } ?? hall }
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// Why a hall or counter name was refused.
public struct ServicePointProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
