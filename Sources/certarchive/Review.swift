import Archive
import ArgumentParser
import Extraction
import Foundation
import IngestCore
import Pipeline
import Review
import Rules

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The review queue on the command line: list, show, correct, accept, reject, reopen.",
        subcommands: [List.self, Show.self, SetFields.self, Accept.self, Reject.self, Reopen.self, Approve.self,
                      SendBack.self])

    /// What every review subcommand shares: the archive, the rules and models ingest uses, who is reviewing.
    struct Context: ParsableArguments {
        @OptionGroup var archiveOption: ExistingArchive

        @Option(help: ArgumentHelp("Folder holding models/ and pipelines/ (default: found beside the program).",
                                   valueName: "dir"))
        var data: String?

        @Option(help: "Who is reviewing, recorded with every change (default: $USER), on an archive without accounts.")
        var reviewer: String?

        @OptionGroup var actingAs: ActingAs

        @Flag(help: "Print JSON instead of text.")
        var json = false

        /// `readOnly`: a listing or a look at an item, which changes nothing.
        func open(readOnly: Bool = false) throws -> (any WholeArchive, ReviewDesk) {
            // Acting as an account counts a sign-in attempt: that is a write.
            let archive = readOnly && actingAs.name == nil ? try archiveOption.openForReading() : try archiveOption.open()
            return (archive, try ReviewDesk.opened(on: archive, data: data))
        }

        /// Who acts, and whether he may do `what` (his role's `rule`): the `--as` account once its password is
        /// checked; on an archive without accounts `--reviewer`; else the system user, as the archive's owner.
        func actor(on archive: any WholeArchive, item id: Int64, _ what: String, _ rule: (AccountRole) -> Bool) throws
            -> (name: String, mayApprove: Bool) {
            let systemUser = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
            guard try archive.hasAccounts() else {
                if actingAs.name != nil { throw ValidationError("this archive has no accounts: --as names none") }
                return (reviewer ?? systemUser, true)
            }
            if reviewer != nil {
                throw ValidationError("this archive has accounts: act as one with --as NAME (or as the system user, without it)")
            }
            guard let account = try actingAs.account(on: archive) else { return (systemUser, true) }
            guard rule(account.role) else {
                printError("certarchive: a \(account.role.rawValue) may not \(what)")
                throw ExitCode(2)
            }
            guard try CompanyScope(account, archive: archive).admits(id) else {
                printError("certarchive: \(ReviewError.noSuchItem(id))")
                throw ExitCode(2)
            }
            return (account.name, account.role.approves)
        }

        /// What `list` and `show` may print: the `--as` account's companies, and whole numbers unless it is a
        /// viewer's.
        func reading(_ archive: any WholeArchive) throws -> (scope: CompanyScope, whole: Bool) {
            let account = try actingAs.account(on: archive)
            return (try CompanyScope(account, archive: archive), account?.role.revealsNumbers ?? true)
        }

        /// Prints the item after a change, and its verdict in the desk's words (`TerminalWords`: Chinese unless
        /// English is asked for).
        func report(_ item: StoredItem, _ desk: ReviewDesk, zh: String, en: String) {
            if json { return printJSON(ItemView(item, whole: true)) }
            let words = TerminalWords(desk.wording)
            printText(words.pick(zh, en))
            printText(ItemView.text(item, whole: true, words: words))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The items waiting in the review queue.")
        @OptionGroup var context: Context
        @Option(help: "Only this certificate type, e.g. safety_assessment.") var type: DocumentType?
        @Option(help: "Only items with a problem of this rule (holder.unconfirmed) or family (holder).") var rule: String?
        @Option(help: "Only items whose source path contains this.") var source: String?
        @Option(name: .customLong("run"), help: "Only items of this ingest run.") var runID: Int64?

        func run() throws {
            let (archive, desk) = try context.open(readOnly: true)
            var filter = ItemFilter()
            filter.statuses = [.review]
            filter.type = type; filter.rule = rule; filter.sourceContains = source; filter.runID = runID
            let scope = try context.reading(archive).scope
            let items = try archive.items(filter).filter { scope.admits($0.id) }
            if context.json { return printJSON(items.map { ItemView($0, whole: false) }) }
            let words = TerminalWords(desk.wording)
            for item in items {
                let rules = words.chinese
                    ? item.problems.map { words.wording.words(for: $0, type: item.type) }.joined(separator: "；")
                    : item.problems.map(\.rule).joined(separator: ", ")
                printText("\(item.id)\t\(words.type(item.type))\t\(Masking.redactingIDNumbers(in: item.source))#\(item.page ?? 0)\t\(rules)")
            }
            print(words.pick("待审核 \(items.count) 项", "\(items.count) item(s) in review"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One item whole: fields, confidences, problems, corrections.")
        @OptionGroup var context: Context
        @Argument var id: Int64

        func run() throws {
            let (archive, desk) = try context.open(readOnly: true)
            let (scope, whole) = try context.reading(archive)
            guard let item = try archive.item(id: id), scope.admits(id) else { throw notFound("no item \(id) in the archive") }
            if context.json { return printJSON(ItemView(item, whole: whole)) }
            printText(ItemView.text(item, whole: whole, words: TerminalWords(desk.wording)))
        }
    }

    struct SetFields: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Correct fields (FIELD VALUE pairs) and validate the item again at once.",
            discussion: "Exit status 0 when the item now passes every rule, 1 when problems remain.")
        @OptionGroup var context: Context
        @Argument var id: Int64
        @Argument(help: "FIELD VALUE [FIELD VALUE …]") var pairs: [String]
        @Option(help: ArgumentHelp("The day expiry is judged against (default: today).", valueName: "date"))
        var asOf: String?

        func validate() throws {
            guard !pairs.isEmpty, pairs.count.isMultiple(of: 2) else {
                throw ValidationError("give FIELD VALUE pairs, e.g. certificate_number 'D221012345'")
            }
        }

        func run() throws {
            let (archive, desk) = try context.open()
            let values = stride(from: 0, to: pairs.count, by: 2).map { (field: pairs[$0], value: pairs[$0 + 1]) }
            let day = asOf.flatMap(PrintedDate.init(iso:)) ?? Ingest.today()
            let before = try archive.item(id: id)
            let reviewer = try context.actor(on: archive, item: id, "correct fields") { $0.corrects }.name
            let item = try reviewAction(desk) { try desk.set(id, values: values, reviewer: reviewer, asOf: day) }
            // A value no reading showed is said to be the reviewer's: never a silent "passes".
            let typed = item.typedFields.isEmpty ? ""
                : " — typed, not read from the page: \(item.typedFields.joined(separator: ", "))"
            let verdict = item.problems.isEmpty
                ? "passes every rule\(typed): accept it with 'certarchive review accept \(id)'"
                : "still \(item.problems.count) problem(s)\(typed)"
            let words = TerminalWords(desk.wording)
            let typedZh = item.typedFields.isEmpty ? ""
                : "（\(item.typedFields.map { words.field($0, item.type) }.joined(separator: "、"))是输入的，页面上没有读到）"
            let verdictZh = item.problems.isEmpty
                ? "符合全部规则\(typedZh)：用 certarchive review accept \(id) 接受入档"
                : "仍有 \(item.problems.count) 个问题\(typedZh)"
            context.report(item, desk, zh: "第 \(id) 项：已修改\(values.map { words.field($0.field, item.type) }.joined(separator: "、"))；\(verdictZh)",
                           en: "item \(id): \(values.map(\.field).joined(separator: ", ")) set; \(verdict)")
            if !context.json { try offerForOthers(desk, fields: values.map(\.field), before: before, after: item) }
            if !item.problems.isEmpty { throw ExitCode(1) }
        }

        /// The same misreading in other queued items is offered for the same correction.
        private func offerForOthers(_ desk: ReviewDesk, fields: [String], before: StoredItem?, after: StoredItem) throws {
            for field in Swift.Set(fields).sorted() {
                guard let old = before?.fields[field]?.value, let new = after.fields[field]?.value, old != new else { continue }
                let others = try desk.sameMisreading(as: id, field: field, value: old)
                guard !others.isEmpty else { continue }
                let shown = Masking.displayValue(field: field, value: old, type: after.type)
                let words = TerminalWords(desk.wording)
                printText(words.pick("待审核的另外 \(others.count) 项也把\(words.field(field, after.type))读成了 \(shown)：",
                                     "\(others.count) other item(s) in review read \(field) as \(shown) too:"))
                for other in others {
                    printText("  certarchive review set \(other.id) \(field) '\(new)' --archive \(context.archiveOption.option.displayName)")
                }
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an item from the queue into the archive.")
        @OptionGroup var context: Context
        @Argument var id: Int64
        @Option(name: [.customLong("as-printed"), .customLong("despite")],
                help: ArgumentHelp("The page itself breaks a rule (a date that does not exist, a check that fails): accept it as printed, saying why it is right. The record keeps what the paper says and is flagged printed_error.", valueName: "why"))
        var asPrinted: String?

        func run() throws {
            let (archive, desk) = try context.open()
            let actor = try context.actor(on: archive, item: id, "accept items") { $0.corrects }
            let item = try reviewAction(desk) { try desk.accept(id, reviewer: actor.name, despite: asPrinted, mayApprove: actor.mayApprove) }
            let printed = item.flags.contains(ReviewDesk.printedErrorFlag)
            if item.status == .accepted {
                context.report(item, desk, zh: "第 \(id) 项已接受入档" + (printed ? "（按原样接受，标记为原件有误）" : ""),
                               en: "item \(id) accepted into the archive" + (printed ? " as printed (flagged printed_error)" : ""))
            } else {
                context.report(item, desk, zh: "第 \(id) 项：修改等待另一人复核（certarchive review approve \(id)）",
                               en: "item \(id): changes wait for approval by another person ('certarchive review approve \(id)')")
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an item out of the queue as not genuine or not usable.")
        @OptionGroup var context: Context
        @Argument var id: Int64
        @Option(help: "Why (kept on the item and in the history).") var reason: String

        func run() throws {
            let (archive, desk) = try context.open()
            let reviewer = try context.actor(on: archive, item: id, "reject items") { $0.corrects }.name
            let item = try reviewAction(desk) { try desk.reject(id, reviewer: reviewer, reason: reason) }
            context.report(item, desk, zh: "第 \(id) 项已拒绝", en: "item \(id) rejected")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put an accepted or rejected item back into the queue.")
        @OptionGroup var context: Context
        @Argument var id: Int64
        @Option(help: "Why.") var reason: String?

        func run() throws {
            let (archive, desk) = try context.open()
            let reviewer = try context.actor(on: archive, item: id, "reopen items") { $0.corrects }.name
            let item = try reviewAction(desk) {
                try desk.reopen(id, reviewer: reviewer, reason: reason, asOf: Ingest.today())
            }
            context.report(item, desk, zh: "第 \(id) 项已回到待审核队列", en: "item \(id) is back in the review queue")
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve another person's changes waiting for the approval step: the item is accepted.")
        @OptionGroup var context: Context
        @Argument var id: Int64

        func run() throws {
            let (archive, desk) = try context.open()
            let approver = try context.actor(on: archive, item: id, "approve changes") { $0.approves }.name
            let item = try reviewAction(desk) { try desk.approve(id, approver: approver) }
            context.report(item, desk, zh: "第 \(id) 项已批准并入档", en: "item \(id) approved and accepted into the archive")
        }
    }

    struct SendBack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-back", abstract: "Send changes waiting for approval back to the reviewers, saying why.")
        @OptionGroup var context: Context
        @Argument var id: Int64
        @Option(help: "Why (kept on the item and in the history).") var reason: String

        func run() throws {
            let (archive, desk) = try context.open()
            let approver = try context.actor(on: archive, item: id, "send changes back") { $0.approves }.name
            let item = try reviewAction(desk) { try desk.sendBack(id, approver: approver, reason: reason) }
            context.report(item, desk, zh: "第 \(id) 项已退回审核人", en: "item \(id) sent back to the reviewers")
        }
    }
}

/// A refused review action (or one that needs the archive's key) prints its reason in the desk's words and exits 2;
/// anything else is an error of the command.
func reviewAction(_ desk: ReviewDesk, _ action: () throws -> StoredItem) throws -> StoredItem {
    do {
        return try action()
    } catch let error as ReviewError {
        printError("certarchive: " + TerminalWords(desk.wording).wording.refusal(error))
        throw ExitCode(2)
    } catch let error as PersonalDataError {
        printError("certarchive: \(error)")
        throw ExitCode(2)
    }
}

extension DocumentType: ExpressibleByArgument {}

func printJSON<T: Encodable>(_ value: T) {
    print(String(decoding: (try? JSONOutput.encoder().encode(value)) ?? Data("null".utf8), as: UTF8.self))
}

extension ReviewDesk {
    /// The desk over `archive` with ingest's rules and models, and — when the archive has accounts — the approval
    /// steps the archive keeps (an archive without accounts has one step).
    static func opened(on archive: any WholeArchive, data: String?) throws -> ReviewDesk {
        let root = try DataFolders.root(explicit: data)
        let pipelines = root.appendingPathComponent("pipelines")
        let rules = try RuleSet.load(from: pipelines.appendingPathComponent("rules.yaml"))
        var desk = ReviewDesk(
            archive: archive, validator: try Validator(rules: rules),
            models: try ExtractionModel.loadAll(from: root.appendingPathComponent("models")),
            approval: try archive.hasAccounts()
                ? try approvalSteps(of: archive, file: pipelines.appendingPathComponent("approval.yaml")) : nil)
        desk.wording = try Wording.load(from: pipelines.appendingPathComponent("wording.yaml"), rules: rules)
        desk.presetReasons = try Wording.presetReasons(from: pipelines.appendingPathComponent("reasons.yaml"))
        return desk
    }

    /// The approval steps the archive keeps. An archive with none yet takes the data folder's `approval.yaml` as
    /// its own (recorded; a read-only archive just reads the file). A data folder whose file says otherwise
    /// changes nothing: its difference is said, and `user approval FILE` changes the archive's steps.
    static func approvalSteps(of archive: any WholeArchive, file: URL) throws -> ApprovalPolicy {
        let given = try String(contentsOf: file, encoding: .utf8)
        guard let kept = try archive.approvalSteps() else {
            _ = try? archive.setApprovalSteps(given, by: systemActor)
            return try ApprovalPolicy.decode(given)
        }
        let policy = try ApprovalPolicy.decode(kept)
        if (try? ApprovalPolicy.decode(given)) != policy {
            printError("certarchive: \(file.path) differs from the approval steps this archive keeps: the archive's are "
                + "used; 'certarchive user approval FILE' changes them")
        }
        return policy
    }
}
