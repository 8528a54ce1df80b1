import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// A request the archive could not answer (a PostgreSQL server restarting or gone, a SQLite file locked too long):
/// 503 with words in Chinese and English and `Retry-After`, never an empty 500; the cause is logged once a
/// minute, not once a request. The server itself goes on and answers again when the archive is back.
struct ArchiveUnavailableMiddleware<Context: RequestContext>: RouterMiddleware {
    /// When a failure was last logged (shared by the router's copies of the middleware).
    private let lastLogged = LastLogged()
    static var retryAfterSeconds: Int { 10 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            throw error
        } catch {
            let now = Date()
            let logs = lastLogged.withLock { last in
                guard last.map({ now.timeIntervalSince($0) >= 60 }) ?? true else { return false }
                last = now
                return true
            }
            if logs {
                context.logger.error("the archive did not answer; requests get 503 until it does",
                                     metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            let words = "档案数据库暂时无法访问（可能正在重启），请 \(Self.retryAfterSeconds) 秒后重试。\n"
                + "The archive cannot be reached just now (it may be restarting): try again in \(Self.retryAfterSeconds) seconds.\n"
            return Response(status: .serviceUnavailable,
                            headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "\(Self.retryAfterSeconds)"],
                            body: .init(byteBuffer: ByteBuffer(string: words)))
        }
    }
}

/// The time of the last log line about an unavailable archive.
final class LastLogged: Sendable {
    private let time = Mutex<Date?>(nil)
    func withLock<T>(_ body: (inout Date?) -> T) -> T { time.withLock { body(&$0) } }
}
