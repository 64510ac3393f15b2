import CanbaoStore
import Foundation
import PostgresNIO

/// A connection of its own that LISTENs on the audit channel (`AuditChannel`): every committed write transaction of
/// any counter notifies it with its audit head, and `onCommit` is called at once. When the connection is lost (the
/// server restarted) it connects again quietly every `retryInterval` seconds; meanwhile `isListening` is false and
/// the watcher polls. After each (re)connection `onCommit(nil)` is called once: commits made while nobody listened
/// are not pushed again.
final class PostgresChangeFeed: StoreChangeFeed, @unchecked Sendable {
    private let connect: @Sendable () throws -> PostgresConnection
    private let onCommit: StoreCommitHandler
    private let retryInterval: TimeInterval
    private let logger: Logger
    private let condition = NSCondition()
    private var connection: PostgresConnection?
    private var stopped = false

    static let applicationName = "canbao-listen"

    init(retryInterval: TimeInterval = 1, logger: Logger, connect: @escaping @Sendable () throws -> PostgresConnection,
         onCommit: @escaping StoreCommitHandler) {
        self.connect = connect
        self.onCommit = onCommit
        self.retryInterval = retryInterval
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "canbao.postgres-listen"
        thread.start()
    }

    var isListening: Bool {
        condition.lock()
        defer { condition.unlock() }
        return connection.map { !$0.isClosed } ?? false
    }

    func stop() {
        condition.lock()
        stopped = true
        let connection = self.connection
        condition.broadcast()
        condition.unlock()
        _ = try? connection?.close().wait()
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    private func run() {
        while !isStopped {
            if let connection = try? connect() {
                listen(on: connection)
            }
            condition.lock()
            if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: retryInterval)) }
            condition.unlock()
        }
    }

    /// Listens until the connection closes (lost, or `stop`).
    private func listen(on connection: PostgresConnection) {
        let onCommit = self.onCommit
        connection.addListener(channel: AuditChannel.name) { _, notification in
            onCommit(Int(notification.payload))
        }
        do {
            // Named, so an administrator sees in pg_stat_activity what the idle connection of each counter is.
            _ = try connection.query(PostgresQuery(unsafeSQL: "SET application_name = '\(Self.applicationName)'"),
                                     logger: logger).wait()
            // Statements on one connection run in order: once this answers, the listener's own LISTEN is in force.
            _ = try connection.query(PostgresQuery(unsafeSQL: "LISTEN \(AuditChannel.name)"), logger: logger).wait()
        } catch {
            _ = try? connection.close().wait()
            return
        }
        condition.lock()
        guard !stopped else {
            condition.unlock()
            _ = try? connection.close().wait()
            return
        }
        self.connection = connection
        condition.unlock()
        onCommit(nil)
        _ = try? connection.closeFuture.wait()
        condition.lock()
        self.connection = nil
        condition.unlock()
    }
}

extension PostgresBackend {
    public func changeFeed(onCommit: @escaping StoreCommitHandler) -> (any StoreChangeFeed)? {
        let configuration = self.configuration, logger = self.logger
        return PostgresChangeFeed(logger: logger, connect: {
            try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                           id: 0, logger: logger).wait()
        }, onCommit: onCommit)
    }
}
