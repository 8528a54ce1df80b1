import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL archive is, from `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, as libpq writes it:
/// `?host=/folder` reaches the server over the Unix socket in that folder, `?sslmode=require` insists on TLS
/// (`prefer`: TLS when the server offers it; `disable`, the default on a socket: none).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public let configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages and logs.
    public let description: String

    /// Whether `text` names a PostgreSQL archive rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw PostgresArchiveError.badURL(Self.masked(text), "it must read postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = url.user, !user.isEmpty else {
            throw PostgresArchiveError.badURL(Self.masked(text), "it names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else {
            throw PostgresArchiveError.badURL(Self.masked(text), "it names no database (postgres://USER@HOST/DATABASE)")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let port = url.port ?? Int(query["port"] ?? "") ?? 5432
        let password = url.password ?? query["password"]
        let socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        var configuration: PostgresConnection.Configuration
        if let socketFolder {
            configuration = .init(unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: user,
                                  password: password, database: database)
        } else {
            guard let host = url.host, !host.isEmpty else {
                throw PostgresArchiveError.badURL(Self.masked(text), "it names no host (postgres://USER@HOST/DATABASE, or ?host=/socket/folder)")
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database,
                                  tls: try Self.tls(query["sslmode"] ?? "prefer", url: text))
        }
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        description = Self.masked(text)
    }

    /// A URL as messages and logs show it: its password (in the user part or as `?password=`) as `***`, also
    /// when the URL is otherwise refused.
    public static func masked(_ text: String) -> String {
        if var url = URLComponents(string: text) {
            if url.password != nil { url.password = "***" }
            url.queryItems = url.queryItems?.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
            if let shown = url.string { return shown }
        }
        // Not a URL Foundation parses: whatever lies between the scheme's user and the @, and after password=.
        return text.replacing(/(:\/\/[^:\/@]*):[^@]*@/) { "\($0.output.1):***@" }
            .replacing(/password=[^&]*/, with: "password=***")
    }

    private static func tls(_ mode: String, url: String) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case "disable": return .disable
        case "prefer", "allow": return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require", "verify-ca", "verify-full":
            return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: throw PostgresArchiveError.badURL(Self.masked(url), "sslmode must be disable, prefer or require, not \(mode)")
        }
    }
}

/// A PostgreSQL archive's failures, in words: the server's own message and SQLSTATE where it sent one.
public enum PostgresArchiveError: Error, CustomStringConvertible, Equatable {
    case badURL(String, String)
    case server(message: String, sqlState: String?)
    case unreachable(String)
    case inconsistent(String)
    case keyChanged

    public var description: String {
        switch self {
        case .keyChanged: "the archive's personal-data key was changed (certarchive rekey) since this process opened it: "
            + "nothing was written; run it again with the archive's new key"
        case let .badURL(url, why): "the archive URL \(url) cannot be used: \(why)"
        case let .server(message, sqlState): "PostgreSQL: \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
        case let .unreachable(why): "the PostgreSQL archive cannot be reached: \(why)"
        case let .inconsistent(why): "the PostgreSQL archive is not as certarchive left it: \(why)"
        }
    }

    /// The server's SQLSTATE, when the error came from the server.
    var sqlState: String? {
        if case let .server(_, state) = self { return state }
        return nil
    }

    /// postgres-nio's error as the server worded it (its own description hides the server's message).
    static func from(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if let info = error.serverInfo {
            return PostgresArchiveError.server(message: info[.message] ?? "\(error.code)", sqlState: info[.sqlState])
        }
        return PostgresArchiveError.unreachable(plainWords(error))
    }

    /// postgres-nio's failures without a server message, said as what happened and what to do (its codes, such
    /// as `authMechanismRequiresPassword`, name no remedy).
    static func plainWords(_ error: PSQLError) -> String {
        let code = String(describing: error.code)
        switch code {
        case "authMechanismRequiresPassword":
            return "the server asks for a password and the URL gives none: write it in the URL "
                + "(postgres://USER:PASSWORD@HOST/DATABASE) or connect over the server's socket (?host=/run/postgresql)"
        case "sslUnsupported":
            return "the server offers no TLS and the URL insists on it (sslmode=require): turn TLS on at the server, "
                + "or use sslmode=prefer on a network you trust"
        case "serverClosedConnection", "connectionClosed", "uncleanShutdown":
            return "the server closed the connection (it may be restarting or shutting down): try again in a minute"
        case "connectionError", "connectionQuiescing":
            let underlying = error.underlying.map { " (\($0))" } ?? ""
            return "no connection to the server\(underlying): check that PostgreSQL runs and that the URL's host "
                + "and port are right"
        default:
            return "the connection failed (\(code)\(error.underlying.map { ": \($0)" } ?? "")): check that "
                + "PostgreSQL runs and that the URL is right"
        }
    }
}
