import Foundation
import Testing

/// Decided items leave quarantine: a drop-folder file quarantined because its item needed review moves on to
/// `done` on the next run once a reviewer accepted it, recorded in its history; a rejected one stays, its reason
/// saying so.
@Suite struct QuarantineReleaseTests {
    typealias Folder = UnattendedRunTests.DropFolder

    static func folder(with names: [String]) throws -> Folder {
        var folder = try Folder(copies: 0)
        for name in names {
            try FileManager.default.copyItem(atPath: CLI.samples + "/" + name, toPath: folder.inbox.appendingPathComponent(name).path)
            folder.files[name] = 1
        }
        return folder
    }

    static func itemID(_ archive: String, source: String) throws -> String {
        let list = try CLI.run(["review", "list", "--archive", archive]).stdout
        let line = try #require(list.split(separator: "\n").first { $0.contains(source) }, "\(list)")
        return String(line.split(separator: "\t").first ?? "")
    }

    @Test func aQuarantinedFileWhoseItemsAreAcceptedMovesToDoneOnTheNextRun() throws {
        let folder = try Self.folder(with: ["review_bad_credit_code.png", "review_impossible_date.png"])
        let archive = folder.root.appendingPathComponent("archive.sqlite").path
        let first = try CLI.run(folder.arguments(archive: archive))
        #expect(first.stdout.contains("to quarantine 2"), "\(first.stdout)")

        let code = try Self.itemID(archive, source: "review_bad_credit_code.png")
        #expect(try CLI.run(["review", "set", code, "credit_code", "912103008765432101", "--archive", archive]).status == 0)
        #expect(try CLI.run(["review", "accept", code, "--archive", archive]).status == 0)
        let date = try Self.itemID(archive, source: "review_impossible_date.png")
        #expect(try CLI.run(["review", "reject", date, "--reason", "not genuine", "--archive", archive]).status == 0)

        let second = try CLI.run(folder.arguments(archive: archive))
        #expect(second.status == 0 || second.status == 1, "\(second.stderr)")
        #expect(second.stdout.contains("released from quarantine 1"), "\(second.stdout)")
        #expect(folder.names(in: folder.done) == ["review_bad_credit_code.png"])
        #expect(folder.names(in: folder.quarantine) == ["review_impossible_date.png"])
        let quarantine = folder.quarantine.appendingPathComponent("review_bad_credit_code.png.reason.txt").path
        #expect(!FileManager.default.fileExists(atPath: quarantine), "its reason went with it")
        let history = try CLI.run(["history", code, "--archive", archive]).stdout
        #expect(history.contains("certarchive  moved") && history.contains("moved from quarantine to done"), "\(history)")
        let reason = try String(contentsOf: folder.quarantine.appendingPathComponent("review_impossible_date.png.reason.txt"),
                                encoding: .utf8)
        #expect(reason.contains("（已更新）") && reason.contains("第1页：未通过 — 已拒绝（review.rejected）"), "\(reason)")
        #expect(reason.contains("（北京时间）"), "a person's file, in Chinese and Beijing time: \(reason)")
        let verify = try CLI.run(["verify", "--archive", archive])
        #expect(verify.status == 0, "the move is in the chain and the scan where the archive says: \(verify.stdout)")

        let third = try CLI.run(folder.arguments(archive: archive))
        #expect(!third.stdout.contains("released from quarantine"), "\(third.stdout)")
    }
}
