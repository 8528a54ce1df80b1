import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Connections to one PostgreSQL database for callers that block: ingest's worker threads and the synchronous
/// archive seams. Each call waits on postgres-nio's EventLoopFuture interface from the caller's own thread, so no
/// Swift-concurrency thread is ever held waiting. Idle connections are kept for the next caller; a broken one is
/// dropped and a new one opened.
final class PostgresConnections: Sendable {
    private let location: PostgresLocation
    private let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    private let logger = Logger(label: "certarchive.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ location: PostgresLocation) {
        self.location = location
    }

    deinit {
        // The connection must live until it is closed: the close's callback holds it till then.
        for connection in idle.withLock({ $0 }) {
            let closed: EventLoopFuture<Void> = connection.close()
            closed.whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    /// Runs `body` with a connection of its own (not in a transaction).
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try take()
        do {
            let result = try body(PostgresSession(connection: connection, logger: logger))
            giveBack(connection)
            return result
        } catch {
            giveBack(connection)
            throw error
        }
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws. A transaction the
    /// server broke off for a serialisation failure or a deadlock (SQLSTATE 40001, 40P01) is run again, up to five
    /// times: `body` must be safe to repeat.
    func transaction<T>(isolation: String = "READ COMMITTED", _ body: (PostgresSession) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try withSession { session in
                    try session.execute(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation)"))
                    do {
                        let result = try body(session)
                        try session.execute("COMMIT")
                        return result
                    } catch {
                        try? session.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PostgresArchiveError where ["40001", "40P01"].contains(error.sqlState ?? "") && attempt < 5 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            }
        }
    }

    private func take() throws -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: location.configuration,
                                                  id: nextID.add(1, ordering: .relaxed).oldValue, logger: logger).wait()
        } catch {
            let failure = PostgresArchiveError.from(error)
            if case let .unreachable(why)? = failure as? PostgresArchiveError {
                throw PostgresArchiveError.unreachable("\(location): \(why)")
            }
            // A connect that failed below postgres-nio (a refused socket, a name that does not resolve).
            throw PostgresArchiveError.unreachable("\(location): no connection (\(failure)): check that PostgreSQL runs "
                + "and that the URL's host and port are right")
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        idle.withLock { $0.append(connection) }
    }
}

/// One connection lent to a caller: queries run and waited for on the caller's thread.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// The rows of `query`, all of them.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            throw PostgresArchiveError.from(error)
        }
    }

    /// Calls `body` with each row as it arrives, without holding them all.
    func forEachRow(_ query: PostgresQuery, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws {
        do {
            _ = try connection.query(query, logger: logger, body).wait()
        } catch {
            throw PostgresArchiveError.from(error)
        }
    }

    func execute(_ query: PostgresQuery) throws {
        try self.query(query)
    }

    /// The first column of the first row, if there is a row.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        guard let row = try self.query(query).first(where: { _ in true }) else { return nil }
        return try row.decode(T.self)
    }

    /// The first column of every row.
    func values<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> [T] {
        try self.query(query).map { try $0.decode(T.self) }
    }

    /// How many rows an UPDATE, INSERT or DELETE touched.
    func changes(_ query: PostgresQuery) throws -> Int {
        try self.query(query).metadata.rows ?? 0
    }
}
