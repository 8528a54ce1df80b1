import Accounts
import Archive
import ArgumentParser
import Foundation
import IngestCore
import Review

/// `certarchive user …`: the accounts that sign in to the web UI (and act on the command line with `--as`).
/// Whoever can write the archive file administers them; every change is recorded with the system user's name.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts: add, list, disable, enable, passwd, second-factor.",
        discussion: """
            Roles: viewer (reads, numbers masked), reviewer (corrects, accepts, rejects; changes the approval steps \
            name wait for an approver), approver (also approves or sends back another person's change), auditor \
            (reads everything, history and verify included; changes nothing), admin (everything). \
            Passwords are read from standard input (a prompt without echo on a terminal) and kept as bcrypt hashes.
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Passwd.self, SecondFactorCommand.self,
                      ApprovalCommand.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; its password is read from standard input.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument(help: "The account's name (any script: 王审核).") var name: String
        @Option(help: "viewer, reviewer, approver, auditor or admin.") var role: AccountRole
        @Option(parsing: .upToNextOption, help: ArgumentHelp("Limit the account to these companies (统一社会信用代码).", valueName: "code"))
        var companies: [String] = []

        func validate() throws {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, trimmed == name, name.count <= 60, !name.contains(where: \.isNewline) else {
                throw ValidationError("an account's name is 1 to 60 characters, without spaces around it")
            }
            for code in companies where code.count != 18 {
                throw ValidationError("\(code) is not a 统一社会信用代码 (18 characters)")
            }
        }

        func run() throws {
            let archive = try archiveOption.open()
            let password = try readNewPassword(for: name)
            let account = Account(name: name, role: role, companies: companies.map { $0.uppercased() },
                                  passwordHash: Passwords.hash(password))
            try accountAction { _ = try archive.addAccount(account, by: systemActor) }
            let words = TerminalWords.load()
            print(words.pick("已添加账户 \(name)：\(words.wording.say(role.rawValue))"
                                 + (companies.isEmpty ? "" : "，限于 \(companies.joined(separator: " "))"),
                             "account \(name) added: \(role.rawValue)" + (companies.isEmpty ? "" : ", limited to \(companies.joined(separator: " "))")))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (with --history, every change to them).")
        @OptionGroup var archiveOption: ExistingArchive
        @Flag(help: "Every change to an account, oldest first: who, when, what.") var history = false

        func run() throws {
            let archive = try archiveOption.open()
            if history {
                let format = ISO8601DateFormatter()
                for event in try archive.accountEvents() {
                    print([format.string(from: event.at), event.actor, event.account, event.action, event.detail ?? ""]
                        .joined(separator: "  "))
                }
                return
            }
            let accounts = try archive.accounts()
            let words = TerminalWords.load()
            if accounts.isEmpty {
                print(words.pick("没有账户：网页只在本机提供，不需登录", "no accounts: the web UI serves loopback only, without sign-in"))
            }
            for account in accounts {
                var notes = [words.pick(words.wording.say(account.role.rawValue), account.role.rawValue)]
                if account.isScoped { notes.append(words.pick("限于单位 ", "companies ") + account.companies.joined(separator: " ")) }
                if account.totpSecret != nil { notes.append(words.pick("已绑定第二重验证", "second factor")) }
                if account.disabled { notes.append(words.pick("已停用", "DISABLED")) }
                if let until = account.lockedUntil, until > Date() {
                    notes.append(words.pick("锁定至 \(LocalTime.text(until))（\(LocalTime.zone.identifier)）",
                                            "locked until \(LocalTime.text(until)) (\(LocalTime.zone.identifier))"))
                }
                print("\(account.name)  " + notes.joined(separator: words.pick("，", ", ")))
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an account signing in; its sessions end at once.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument var name: String

        func run() throws {
            try changeAccount(archiveOption, name, action: "disabled") { $0.disabled = true }
            print(TerminalWords.load().pick("账户 \(name) 已停用", "account \(name) disabled"))
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled or locked account sign in again.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument var name: String

        func run() throws {
            try changeAccount(archiveOption, name, action: "enabled") {
                $0.disabled = false; $0.lockedUntil = nil; $0.failedSignIns = 0
            }
            print(TerminalWords.load().pick("账户 \(name) 已启用", "account \(name) enabled"))
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password (read from standard input); its sessions end.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument var name: String

        func run() throws {
            let password = try readNewPassword(for: name)
            try changeAccount(archiveOption, name, action: "password") { $0.passwordHash = Passwords.hash(password) }
            print(TerminalWords.load().pick("\(name) 的密码已更改", "password of \(name) changed"))
        }
    }

    struct SecondFactorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "second-factor",
            abstract: "Enrol an account's TOTP second factor: prints the secret, and writes its QR image with --qr.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument var name: String
        @Option(help: ArgumentHelp("Write the enrolment QR code as an SVG image here.", valueName: "file.svg"))
        var qr: String?
        @Flag(help: "Remove the second factor instead.") var off = false

        func run() throws {
            if off {
                try changeAccount(archiveOption, name, action: "second factor removed") { $0.totpSecret = nil }
                return print(TerminalWords.load().pick("已取消 \(name) 的第二重验证", "second factor of \(name) removed"))
            }
            let secret = SecondFactor.newSecret()
            try changeAccount(archiveOption, name, action: "second factor enrolled") { $0.totpSecret = secret }
            let url = SecondFactor.enrolmentURL(secret: secret, account: name)
            let words = TerminalWords.load()
            print(words.pick("已为 \(name) 绑定第二重验证；请把它加入身份验证器应用：",
                             "second factor of \(name) enrolled; add it to an authenticator app:"))
            print(words.pick("  密钥：", "  secret: ") + SecondFactor.typedSecret(secret))
            print(words.pick("  或其网址：", "  or its URL: ") + url)
            if let qr {
                guard let code = QRCode(url) else { throw ValidationError("the enrolment URL does not fit a QR code") }
                try code.svg().write(toFile: qr, atomically: true, encoding: .utf8)
                print(words.pick("  二维码图片：", "  QR image: ") + qr)
            }
        }
    }
}

extension AccountRole: ExpressibleByArgument {}

/// The system user running the command, as account changes record it.
var systemActor: String { "system:" + (ProcessInfo.processInfo.environment["USER"] ?? NSUserName()) }

extension UserCommand {
    /// `user approval [FILE]`: the approval steps the archive keeps, shown, or replaced by FILE's (recorded).
    struct ApprovalCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approval",
            abstract: "Show the approval steps the archive keeps, or set them from a file written as pipelines/approval.yaml.")
        @OptionGroup var archiveOption: ExistingArchive
        @Argument(help: "The new steps (YAML); without it, the archive's are shown.") var file: String?

        func run() throws {
            let archive = try archiveOption.open()
            guard let file else {
                guard let kept = try archive.approvalSteps() else {
                    return print(TerminalWords.load().pick("档案中还没有审批步骤：第一次审核命令会采用 pipelines/approval.yaml 的设置",
                        "this archive keeps no approval steps yet: the first review command takes pipelines/approval.yaml's"))
                }
                return print(kept, terminator: kept.hasSuffix("\n") ? "" : "\n")
            }
            let yaml = try String(contentsOfFile: file, encoding: .utf8)
            do {
                _ = try ApprovalPolicy.decode(yaml)
            } catch {
                printError("certarchive: \(file) is not approval steps as pipelines/approval.yaml writes them: \(error)")
                throw ExitCode(3)
            }
            try archive.setApprovalSteps(yaml, by: systemActor)
            print(TerminalWords.load().pick("已按 \(file) 设置审批步骤", "approval steps set from \(file)"))
        }
    }
}

private func changeAccount(_ option: ExistingArchive, _ name: String, action: String,
                           _ change: (inout Account) -> Void) throws {
    let archive = try option.open()
    guard var account = try archive.account(named: name) else {
        printError("certarchive: " + TerminalWords.load().pick("没有名为 \(name) 的账户", "no account named \(name)"))
        throw ExitCode(2)
    }
    change(&account)
    try accountAction { try archive.updateAccount(account, action: action, by: systemActor) }
}

private func accountAction(_ action: () throws -> Void) throws {
    do {
        try action()
    } catch let error as AccountError {
        printError("certarchive: \(error)")
        throw ExitCode(2)
    }
}

/// A password from standard input: asked twice without echo on a terminal, one line otherwise.
private func readNewPassword(for name: String) throws -> String {
    let password: String
    if isatty(0) == 1 {
        let first = String(cString: getpass("\(name) 的密码："))
        guard String(cString: getpass("再输入一次：")) == first else { throw ValidationError("两次输入的密码不一致") }
        password = first
    } else {
        password = readLine(strippingNewline: true) ?? ""
    }
    if let problem = Passwords.problem(with: password) { throw ValidationError(problem) }
    return password
}
