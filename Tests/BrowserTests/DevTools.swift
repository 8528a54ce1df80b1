import Foundation
import Logging
import WSClient

/// A headless Chromium from Debian, driven through the Chrome DevTools Protocol over its WebSocket.
struct Chromium {
    static let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let process: Process
    /// The browser's DevTools WebSocket, e.g. ws://127.0.0.1:40123/devtools/browser/….
    let socket: String

    static func start(profile: URL) throws -> Chromium {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary ?? "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--window-size=1280,900", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=\(profile.path)",
                             "about:blank"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Chromium says where it listens on stderr: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…".
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let match = seen.firstMatch(of: /DevTools listening on (ws:\/\/\S+)/) {
                Thread.detachNewThread { _ = err.fileHandleForReading.readDataToEndOfFile() }  // keep draining
                return Chromium(process: process, socket: String(match.1))
            }
        }
        process.terminate()
        throw DevToolsError("chromium did not start: \(seen.suffix(500))")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// One DevTools session: commands by id, events kept for `waitFor`.
final class DevToolsSession: @unchecked Sendable {
    private var iterator: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private var nextID = 0
    private var events: [String] = []
    /// The page this session drives, once attached (commands go to it through the browser's socket).
    private var sessionID: String?

    init(inbound: WebSocketInboundMessageStream, outbound: WebSocketOutboundWriter) {
        self.iterator = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:]) async throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var command: [String: Any] = ["id": id, "method": method, "params": params]
        if let sessionID { command["sessionId"] = sessionID }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)
        try await outbound.write(.text(text))
        while true {
            let message = try await receive()
            if message["id"] as? Int == id {
                if let error = message["error"] { throw DevToolsError("\(method): \(error)") }
                return message["result"] as? [String: Any] ?? [:]
            }
        }
    }

    /// Attaches to the browser's first page: every later command goes to it.
    func attachToPage() async throws {
        let targets = try await send("Target.getTargets")["targetInfos"] as? [[String: Any]] ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String else {
            throw DevToolsError("no page in the browser")
        }
        sessionID = try await send("Target.attachToTarget", ["targetId": page, "flatten": true])["sessionId"] as? String
    }

    /// Waits for an event (e.g. Page.loadEventFired), counting those that came while waiting for replies.
    func waitFor(_ event: String) async throws {
        if let index = events.firstIndex(of: event) { events.remove(at: index); return }
        while true {
            if (try await receive())["method"] as? String == event { return }
        }
    }

    /// Evaluates JavaScript in the page and returns its value.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        return (result["result"] as? [String: Any])?["value"]
    }

    private func receive() async throws -> [String: Any] {
        guard let message = try await iterator.next() else { throw DevToolsError("the browser closed the connection") }
        guard case let .text(text) = message,
              let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        if json["id"] == nil, let method = json["method"] as? String { events.append(method) }
        return json
    }

    /// Connects to the browser's WebSocket, attaches to its page and runs `body` with the session.
    static func with(_ url: String, _ body: @escaping @Sendable (DevToolsSession) async throws -> Void) async throws {
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 26
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "devtools")) {
            inbound, outbound, _ in
            let session = DevToolsSession(inbound: inbound.messages(maxSize: 1 << 26), outbound: outbound)
            try await session.attachToPage()
            try await body(session)
            try await outbound.close(.normalClosure, reason: nil)
        }
    }
}

struct DevToolsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
