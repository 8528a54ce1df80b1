import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Where notices go: each channel sends the notices it is handed, in one message or as few as its limits allow.
public protocol NoticeChannel: Sendable {
    /// What the archive remembers each sent notice under.
    var label: String { get }
    func send(_ notices: [Notice], title: String) async throws
}

/// A channel that could not deliver, in plain words.
public struct DeliveryError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A POST of generic JSON: `{"source": "certarchive", "title": …, "notices": [{"kind": …, "text": …}]}`.
struct WebhookChannel: NoticeChannel {
    let label: String
    let url: String
    var timeout = HTTPPost.defaultTimeout

    func send(_ notices: [Notice], title: String) async throws {
        let body: [String: Any] = ["source": "certarchive", "title": title,
                                   "notices": notices.map { ["kind": $0.kind.rawValue, "text": $0.text] }]
        _ = try await HTTPPost.json(body, to: url, timeout: timeout)
    }
}

/// A group robot of DingTalk (钉钉) or WeCom (企业微信): text messages, split to the service's size limit, each
/// answered `{"errcode": 0}` when taken. DingTalk's 加签 (a `secret`) signs each message: the millisecond time and
/// an HMAC-SHA256 of "time\nsecret" keyed by the secret, Base64, in the URL.
struct RobotChannel: NoticeChannel {
    let label: String
    let url: String
    let secret: String?
    /// The most bytes one message's text may hold (WeCom: 2048; DingTalk: 20000).
    let maximumBytes: Int
    /// DingTalk's robot (else WeCom's): how a message @-mentions.
    var dingTalk = false
    var timeout = HTTPPost.defaultTimeout

    func send(_ notices: [Notice], title: String) async throws {
        for content in Self.messages(title: title, lines: notices.map(\.text), maximumBytes: maximumBytes) {
            // The people responsible for what this message says, @-mentioned (DingTalk's `at`, WeCom's list).
            let mobiles = Self.mentioned(in: content, notices)
            let answer = try await HTTPPost.json(Self.payload(content, mentioning: mobiles, dingTalk: dingTalk),
                                                 to: signedURL(), timeout: timeout)
            let code = (try? JSONSerialization.jsonObject(with: answer) as? [String: Any])?["errcode"] as? Int
            guard code == 0 else {
                throw DeliveryError("\(label) refused the message: \(String(decoding: answer.prefix(200), as: UTF8.self))")
            }
        }
    }

    /// The mobiles of the notices whose lines a message holds, each once.
    static func mentioned(in content: String, _ notices: [Notice]) -> [String] {
        var mobiles: [String] = []
        for notice in notices where content.contains(notice.text) {
            for mobile in notice.mentions where !mobiles.contains(mobile) { mobiles.append(mobile) }
        }
        return mobiles
    }

    /// A text message: DingTalk @-mentions by `at.atMobiles` and the @number in the text; WeCom by
    /// `mentioned_mobile_list`.
    static func payload(_ content: String, mentioning mobiles: [String], dingTalk: Bool) -> [String: Any] {
        guard !mobiles.isEmpty else { return ["msgtype": "text", "text": ["content": content]] }
        if dingTalk {
            return ["msgtype": "text", "text": ["content": content + "\n" + mobiles.map { "@" + $0 }.joined(separator: " ")],
                    "at": ["atMobiles": mobiles, "isAtAll": false]]
        }
        return ["msgtype": "text", "text": ["content": content, "mentioned_mobile_list": mobiles]]
    }

    /// The title, then as many lines as fit, message after message.
    static func messages(title: String, lines: [String], maximumBytes: Int) -> [String] {
        var messages: [String] = [], current = title
        for line in lines {
            let next = current + "\n" + line
            if next.utf8.count > maximumBytes, current != title {
                messages.append(current)
                current = title + "\n" + line
            } else {
                current = next
            }
        }
        messages.append(current)
        return messages
    }

    func signedURL(at time: Date = Date()) -> String {
        guard let secret else { return url }
        let timestamp = String(Int64(time.timeIntervalSince1970 * 1000))
        return url + (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(Self.sign(timestamp: timestamp, secret: secret))"
    }

    /// DingTalk's signature, URL-encoded.
    static func sign(timestamp: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        let base64 = Data(mac).base64EncodedString()
        return base64.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? base64
    }
}

/// Mail through the system's sendmail interface (`sendmail -t -oi`, as every mail transfer agent offers it).
struct MailChannel: NoticeChannel {
    let label: String
    let to: [String]
    let from: String
    let sendmail: String

    func send(_ notices: [Notice], title: String) async throws {
        let subject = "=?UTF-8?B?\(Data(title.utf8).base64EncodedString())?="
        let message = ["To: \(to.joined(separator: ", "))", "From: \(from)", "Subject: \(subject)", "MIME-Version: 1.0",
                       "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "",
                       title, ""] + notices.map(\.text) + [""]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sendmail)
        process.arguments = ["-t", "-oi"]
        let input = Pipe()
        process.standardInput = input
        // Awaited through its termination handler: a mail transfer agent that takes its time holds no thread of
        // the shared pool the rest of the program (a web server, other channels) runs on.
        let status: Int32 = try await withCheckedThrowingContinuation { finished in
            process.terminationHandler = { finished.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                finished.resume(throwing: DeliveryError("\(label): cannot run \(sendmail): \(error)"))
                return
            }
            input.fileHandleForWriting.write(Data(message.joined(separator: "\r\n").utf8))
            try? input.fileHandleForWriting.close()
        }
        guard status == 0 else {
            throw DeliveryError("\(label): \(sendmail) exited with status \(status)")
        }
    }
}

/// One JSON POST over the shared async-http-client; the answer's body when the status is 2xx.
enum HTTPPost {
    /// How long a channel waits for its answer unless `timeout_seconds` says otherwise.
    static let defaultTimeout = TimeAmount.seconds(20)

    static func json(_ body: Any, to url: String, timeout: TimeAmount) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw DeliveryError("\(Self.host(url)) could not be reached: \(error)")
        }
        let answer = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw DeliveryError("\(Self.host(url)) answered \(response.status.code)")
        }
        return answer
    }

    /// The host alone: a robot's URL carries its key, never logged.
    static func host(_ url: String) -> String { URL(string: url)?.host ?? "the webhook" }
}
