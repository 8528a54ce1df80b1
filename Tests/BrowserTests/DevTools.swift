import Foundation
import Logging
import Synchronization
import WSClient

/// A headless Chromium from Debian, driven through the Chrome DevTools Protocol over its WebSocket.
struct Chromium {
    static let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether the browser tests run: where Chromium is, and always in CI (`CI=true`, set by `.ci/run`), where a
    /// missing browser must fail the run rather than skip the only tests of the real server and its pages.
    static let testsRun = binary != nil || ProcessInfo.processInfo.environment["CI"] == "true"

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

    /// A key pressed and released, as the keyboard sends it (modifiers: 1 Alt, 2 Ctrl, 4 Meta, 8 Shift).
    func press(_ key: String, modifiers: Int = 0, code: String? = nil, keyCode: Int? = nil) async throws {
        let code = code ?? key
        let keyCode = keyCode ?? (key == "Enter" ? 13 : 0)
        for type in ["keyDown", "keyUp"] {
            var event: [String: Any] = ["type": type, "key": key, "code": code, "modifiers": modifiers,
                                        "windowsVirtualKeyCode": keyCode]
            if type == "keyDown", key == "Enter" { event["text"] = "\r" }
            try await send("Input.dispatchKeyEvent", event)
        }
    }

    /// Polls a JavaScript condition until it holds (10 s at most).
    func waitUntil(_ condition: String) async throws {
        for _ in 0..<100 {
            if (try? await evaluate(condition)) as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DevToolsError("still not true after 10 s: \(condition)")
    }

    /// Opens a URL and waits until its document has loaded (not an earlier page's load event, which may be kept).
    func open(_ url: String) async throws {
        try await send("Page.navigate", ["url": url])
        let expected = String(decoding: try JSONSerialization.data(withJSONObject: [url]), as: UTF8.self)
        try await waitUntil("decodeURI(location.href) === decodeURI(\(expected)[0]) && document.readyState === 'complete'")
    }

    /// Waits until the page's path is another one and its document has loaded; nil after 15 s.
    func waitForPath(differentFrom path: String) async throws -> String? {
        for _ in 0..<150 {
            if let now = (try? await evaluate("document.readyState === 'complete' ? location.pathname : ''")) as? String,
               !now.isEmpty, now != path {
                return now
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
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
    static func with<T: Sendable>(_ url: String, _ body: @escaping @Sendable (DevToolsSession) async throws -> T) async throws -> T {
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 26
        let result = Mutex<T?>(nil)
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "devtools")) {
            inbound, outbound, _ in
            let session = DevToolsSession(inbound: inbound.messages(maxSize: 1 << 26), outbound: outbound)
            try await session.attachToPage()
            // A page's alert() would block every later command of the session (a test that hangs instead of
            // failing): alerts are kept in window.alerts, where a test can read them, and never shown.
            try await session.send("Page.addScriptToEvaluateOnNewDocument", [
                "source": "window.alerts = []; window.alert = m => { window.alerts.push(String(m)); };",
            ])
            let value = try await body(session)
            result.withLock { $0 = value }
            try await outbound.close(.normalClosure, reason: nil)
        }
        guard let value = result.withLock({ $0 }) else { throw DevToolsError("the DevTools session ended early") }
        return value
    }
}

struct DevToolsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
