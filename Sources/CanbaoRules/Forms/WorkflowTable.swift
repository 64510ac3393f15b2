import Synchronization

/// The workflows of a `FormSet`, by id. A set read from its compiled form (`FormArchive`) keeps each workflow's
/// bytes and decodes it when it is first asked for: a `canbao check` needs one workflow of 22, and decoding them
/// all was a tenth of its time (issue #17). A decoded workflow is kept, so each is decoded at most once.
public struct WorkflowTable: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    /// Workflows parsed from YAML, or set one by one.
    private var parsed: [String: Workflow]
    /// Workflows still in the compiled form's bytes (nil once any is set: the table is then `parsed` only).
    private var archived: ArchivedWorkflows?

    public init(_ workflows: [String: Workflow] = [:]) {
        parsed = workflows
        archived = nil
    }

    public init(dictionaryLiteral elements: (String, Workflow)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    init(archived: ArchivedWorkflows) {
        parsed = [:]
        self.archived = archived
    }

    public subscript(id: String) -> Workflow? {
        get { archived.map { $0.workflow(id) } ?? parsed[id] }
        set {
            parsed = dictionary
            archived = nil
            parsed[id] = newValue
        }
    }

    /// The ids in order (no workflow is decoded).
    public var keys: [String] { archived?.ids ?? parsed.keys.sorted() }

    /// Every workflow in the order of their ids (each decoded, if it was not already).
    public var values: [Workflow] { keys.compactMap { self[$0] } }

    public var count: Int { archived?.ids.count ?? parsed.count }
    public var isEmpty: Bool { count == 0 }

    /// Every workflow by id.
    public var dictionary: [String: Workflow] {
        guard archived != nil else { return parsed }
        return Dictionary(uniqueKeysWithValues: values.map { ($0.id, $0) })
    }

    public func mapValues<T>(_ transform: (Workflow) throws -> T) rethrows -> [String: T] {
        try dictionary.mapValues(transform)
    }

    public static func == (a: WorkflowTable, b: WorkflowTable) -> Bool { a.dictionary == b.dictionary }

    /// Why `id`, which the table lists, gives no workflow; nil when it gives one or is not listed. Only the compiled
    /// form's bytes can fail so (see `ArchivedWorkflows.workflow`); the message names the file they were read from,
    /// when the caller said (`FormArchive.decode(_:file:readingArticles:)`), as the one to remove.
    public func unreadable(_ id: String) -> String? {
        guard let archived, archived.lists(id), archived.workflow(id) == nil else { return nil }
        let unreadable = "业务“\(id)”在编译后的 Forms/ 中无法读出"
        guard let file = archived.file else { return unreadable }
        return unreadable + "：请删除 \(SafeText.escaped(file)) 后重试（下次启动时由 Forms/ 重新编译）"
    }

    /// How many workflows are decoded so far (for the tests).
    var decodedCount: Int { archived?.decodedCount ?? parsed.count }
}

/// Workflows as the archive holds them: each id with where its bytes lie, decoded one at a time.
final class ArchivedWorkflows: Sendable {
    /// In order, each once (the reader checks).
    let ids: [String]
    /// The compiled form's file, for `WorkflowTable.unreadable`; nil when the caller did not say.
    let file: String?
    private let bytes: ArraySlice<UInt8>
    /// Where each workflow's bytes lie, as positions in `bytes`'s buffer (not `Range`s: an array of them costs
    /// the runtime a scan of the binary's conformances, for `Int: Comparable`).
    private let spans: [(start: Int, end: Int)]
    private let decoded: Mutex<[Workflow?]>

    init(ids: [String], file: String?, bytes: ArraySlice<UInt8>, spans: [(start: Int, end: Int)]) {
        self.ids = ids
        self.file = file
        self.bytes = bytes
        self.spans = spans
        decoded = Mutex(Array(repeating: nil, count: ids.count))
    }

    /// The workflow, decoded when first asked for; nil for an id the table does not have. The payload's digest was
    /// checked when the compiled form was read, so the bytes are its writer's: bytes that still do not decode as
    /// that workflow (a fault of this build, or a file made to match the digest) give nil rather than a crash, and
    /// `WorkflowTable.unreadable` says why.
    func workflow(_ id: String) -> Workflow? {
        guard let i = position(id) else { return nil }
        if let done = decoded.withLock({ $0[i] }) { return done }
        guard let workflow = decode(i) else { return nil }
        decoded.withLock { $0[i] = workflow }
        return workflow
    }

    private func decode(_ i: Int) -> Workflow? {
        bytes.withUnsafeBufferPointer { buffer in
            var r = FormArchive.Reader(UnsafeBufferPointer(rebasing: buffer[spans[i].start..<spans[i].end]))
            guard let workflow = try? r.workflow(), r.atEnd, workflow.id == ids[i] else { return nil }
            return workflow
        }
    }

    var decodedCount: Int { decoded.withLock { $0.count(where: { $0 != nil }) } }

    func lists(_ id: String) -> Bool { position(id) != nil }

    /// Binary search: the ids are in order.
    private func position(_ id: String) -> Int? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] == id { return mid }
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}
