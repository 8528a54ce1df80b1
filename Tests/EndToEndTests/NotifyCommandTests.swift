import Foundation
import Testing

/// `certarchive notify` from cron: the warnings of the compliance fixture's archive mailed through a sendmail
/// sink, none twice, none with a whole personal number; a channel that cannot deliver exits 2 and keeps its
/// warnings; bad settings exit 3.
@Suite struct NotifyCommandTests {
    let folder: URL
    let archive: String
    let mailbox: URL

    init() throws {
        folder = try CLI.temporaryFolder()
        archive = folder.appendingPathComponent("archive.sqlite").path
        try ComplianceFixture.build(at: archive)
        mailbox = folder.appendingPathComponent("mailbox.txt")
        let sendmail = folder.appendingPathComponent("sendmail")
        try "#!/bin/sh\ncat >> '\(mailbox.path)'\necho '--end--' >> '\(mailbox.path)'\n".write(to: sendmail, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
    }

    func settings(_ channels: String) throws -> String {
        let file = folder.appendingPathComponent("notify-\(UUID()).yaml")
        try "backlog_threshold: 0\nchannels:\n\(channels)".write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    var mail: String { (try? String(contentsOf: mailbox, encoding: .utf8)) ?? "" }

    func notify(_ settings: String, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["notify", "--archive", archive, "--as-of", ComplianceFixture.asOf, "--settings", settings] + extra)
    }

    @Test func warningsAreMailedOnceAndMasked() throws {
        let settings = try settings("  - kind: mail\n    to: [zizhi@example.com]\n    sendmail: \(folder.appendingPathComponent("sendmail").path)\n")
        let dry = try notify(settings, ["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("即将到期：") && dry.stdout.contains("待审核积压：1 项等待审核"), "\(dry.stdout)")
        #expect(mail.isEmpty, "a dry run sends nothing")

        let first = try notify(settings)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("mail：已发送 "), "\(first.stdout)")
        let second = try notify(settings)
        #expect(second.stdout.contains("mail：已发送 0 条新提醒"), "\(second.stdout)")
        #expect(mail.components(separatedBy: "--end--").count == 2, "one mail, not two")
        #expect(mail.contains("Subject: =?UTF-8?B?") && mail.contains("即将到期："))
        for number in ComplianceFixture.personalNumbers { #expect(!mail.contains(number), "\(number) went out whole") }
    }

    @Test func aChannelThatCannotDeliverExits2AndBadSettingsExit3() throws {
        let unreachable = try notify(try settings("  - kind: webhook\n    url: http://127.0.0.1:9/hook\n"))
        #expect(unreachable.status == 2, "\(unreachable.stdout)\(unreachable.stderr)")
        #expect(unreachable.stdout.contains("webhook：未送达（留待下次发送）"))
        let bad = try notify(try settings("  - kind: webhook\n    url: ftp://example.com\n"))
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("channel webhook needs an http(s) url"))
    }
}
