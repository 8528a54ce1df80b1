import Foundation
import Testing

/// The review queue on the command line, through the real executable on an archive ingest made from samples.
@Suite(.serialized) struct ReviewCommandTests {
    let archive: String

    init() throws {
        let folder = try CLI.temporaryFolder()
        let inputs = try CLI.inputs(in: folder, samples: ["review_bad_credit_code.png", "special_operation_card.webp"])
        archive = folder.appendingPathComponent("archive.sqlite").path
        // One worker: items are numbered in the inputs' name order (the code's item 1, the card's item 2).
        let ingest = try CLI.run(["ingest", inputs.path, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "1"])
        try #require(ingest.status == 0, "\(ingest.stderr)")
    }

    func review(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["review"] + arguments + ["--archive", archive, "--reviewer", "alice"])
    }

    func queue() throws -> [[String: Any]] {
        let list = try review(["list", "--json"])
        return try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test func escapeCodesAreNeitherStoredNorSentToTheTerminal() throws {
        // A scan whose name holds a terminal escape (it recolours and retitles a terminal that prints it raw).
        let folder = try CLI.temporaryFolder()
        let inputs = try CLI.inputs(in: folder, renamed: ["\u{1B}]0;pwned\u{7}\u{1B}[31m.png": "review_bad_credit_code.png"])
        let archive = folder.appendingPathComponent("archive.sqlite").path
        #expect(try CLI.run(["ingest", inputs.path, "--archive", archive, "--as-of", "2026-11-22"]).status == 0)
        let listed = try CLI.run(["review", "list", "--archive", archive]).stdout
        #expect(listed.contains("\\u{1b}]0;pwned") && !listed.unicodeScalars.contains("\u{1B}"), "\(listed.debugDescription)")
        let history = try CLI.run(["history", "1", "--archive", archive]).stdout
        #expect(!history.unicodeScalars.contains("\u{1B}") && !history.unicodeScalars.contains("\u{7}"))
        // Typed in: refused, nothing stored.
        let typed = try CLI.run(["review", "set", "1", "holder", "鞍山\u{1B}[2J恒泰", "--archive", archive, "--reviewer", "alice"])
        #expect(typed.status != 0 && typed.stderr.contains("control character"), "\(typed.stderr)")
        let bidi = try CLI.run(["review", "set", "1", "holder", "鞍山\u{202E}泰恒", "--archive", archive, "--reviewer", "alice"])
        #expect(bidi.status != 0 && bidi.stderr.contains("U+202E"), "\(bidi.stderr)")
    }

    @Test func aMisreadCodeIsCorrectedRevalidatedAcceptedAndAudited() throws {
        let waiting = try queue()
        try #require(waiting.count == 1)
        let id = try #require(waiting.first?["id"] as? Int)
        #expect(try review(["list", "--rule", "credit_code"]).stdout.contains("credit_code.checksum"))
        #expect(try review(["list", "--rule", "holder"]).stdout.contains("0 item(s) in review"))

        let refused = try review(["accept", "\(id)"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("still has problems (credit_code.checksum)"))

        let wrong = try review(["set", "\(id)", "credit_code", "912103008765432103", "--as-of", "2026-11-22"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("still 1 problem(s)"))
        let right = try review(["set", "\(id)", "credit_code", "9121 0300 8765 4321 01", "--as-of", "2026-11-22"])
        #expect(right.status == 0, "\(right.stdout)")
        #expect(right.stdout.contains("passes every rule"))
        #expect(right.stdout.contains("912103008765432101"), "normalised as ingest normalises")

        #expect(try review(["accept", "\(id)"]).status == 0)
        #expect(try queue().isEmpty)
        let exported = try Exported.parse(try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"]).stdout)
        let item = try #require(exported.first { $0.fileName == "review_bad_credit_code.png" })
        #expect(item.status == "accepted" && item.fields["credit_code"] == "912103008765432101" && item.problems.isEmpty)

        let history = try CLI.run(["history", "\(id)", "--archive", archive]).stdout
        let lines = history.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines.count == 4, "\(history)")
        #expect(lines[0].contains("ingest  created") && lines[0].contains("credit_code.checksum"))
        #expect(lines[1].contains("reviewer:alice  set  credit_code: 912103008765432102 → 912103008765432103"))
        #expect(lines[2].contains("reviewer:alice  set  credit_code: 912103008765432103 → 912103008765432101"))
        #expect(lines[3].contains("reviewer:alice  accepted"))

        #expect(try review(["reopen", "\(id)", "--reason", "wrong company"]).status == 0)
        #expect(try queue().count == 1)
        let rejected = try review(["reject", "\(id)", "--reason", "a copy, not the original"])
        #expect(rejected.stdout.contains("review.rejected"))
        #expect(try queue().isEmpty)
        let events = try CLI.run(["history", "\(id)", "--archive", archive, "--json"]).stdout
        let actions = (try JSONSerialization.jsonObject(with: Data(events.utf8)) as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions == ["created", "set", "set", "accepted", "reopened", "rejected"])
    }

    @Test func idNumbersAreWholeOnlyOnTheItemBeingReviewed() throws {
        let accepted = try Exported.parse(try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"]).stdout)
        try #require(accepted.contains { $0.fileName == "special_operation_card.webp" && $0.status == "accepted" })
        let show = try review(["show", "2"])
        let idNumber = "210103199001014565"
        #expect(show.stdout.contains(idNumber), "whole on the item being reviewed")
        #expect(try review(["reopen", "2", "--reason", "check the photo"]).status == 0)
        let list = try review(["list", "--json"])
        #expect(list.stdout.contains("special_operation_card.webp"))
        #expect(!list.stdout.contains(idNumber), "masked in lists")
        #expect(list.stdout.contains("2101**********4565"))
        // Passing every rule, a reopened item is accepted again on the reviewer's word alone.
        #expect(try review(["accept", "2"]).status == 0)
        let history = try CLI.run(["history", "2", "--archive", archive]).stdout
        #expect(history.contains("reviewer:alice  reopened  (check the photo)"))
        #expect(history.contains("reviewer:alice  accepted"))
    }

    @Test func theSameMisreadingElsewhereIsOfferedTheSameCorrection() throws {
        let folder = try CLI.temporaryFolder()
        var data = try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/review_bad_credit_code.png"))
        try data.write(to: folder.appendingPathComponent("a.png"))
        data.append(Data("%copy".utf8))
        try data.write(to: folder.appendingPathComponent("b.png"))
        let twins = folder.appendingPathComponent("twins.sqlite").path
        #expect(try CLI.run(["ingest", folder.path, "--archive", twins, "--jobs", "1", "--as-of", "2026-11-22"]).status == 0)
        let set = try CLI.run(["review", "set", "1", "credit_code", "912103008765432101", "--archive", twins,
                               "--reviewer", "bob", "--as-of", "2026-11-22"])
        #expect(set.stdout.contains("1 other item(s) in review read credit_code as 912103008765432102 too:"))
        #expect(set.stdout.contains("certarchive review set 2 credit_code '912103008765432101' --archive \(twins)"))
        let history = try CLI.run(["history", "2", "--archive", twins]).stdout
        #expect(!history.contains("reviewer:"), "offered, never applied unasked")
    }

    @Test func serveRefusesAnOpenAddressWithoutAToken() throws {
        let open = try CLI.run(["serve", "--archive", archive, "--host", "0.0.0.0", "--port", "18099"])
        #expect(open.status == 3)
        #expect(open.stderr.contains("refusing to listen on 0.0.0.0 without an access token"))
        #expect(open.stderr.contains("serve --set-token"))
    }

    @Test func unknownFieldsAndItemsAreExplained() throws {
        let field = try review(["set", "1", "colour", "red"])
        #expect(field.status == 2)
        #expect(field.stderr.contains("has no field 'colour'; its fields:"))
        let missing = try review(["show", "999"])
        #expect(missing.status == 2 && missing.stderr.contains("no item 999"))
        let history = try CLI.run(["history", "999", "--archive", archive])
        #expect(history.status == 2 && history.stderr == "certarchive: no item 999 in the archive\n",
                "not found is 2, as for every command, and no usage text")
    }
}
