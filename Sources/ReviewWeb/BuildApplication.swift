import Hummingbird
import HummingbirdCore
import Logging

/// The reviewer web UI as a Hummingbird application: the controller's routes behind its guards, listening on
/// `host`:`port` with the server given (plain HTTP/1, or the TLS one `serve --tls-cert` builds), logging to
/// `logger`.
public func buildApplication(_ controller: ReviewController, host: String, port: Int,
                             server: HTTPServerBuilder = .http1(), logger: Logger) -> some ApplicationProtocol {
    Application(router: controller.router(), server: server,
                configuration: .init(address: .hostname(host, port: port), serverName: "certarchive"),
                logger: logger)
}
