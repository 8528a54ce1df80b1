import Accounts
import Archive
import ArgumentParser
import Foundation

/// `--as NAME [--code CODE]`: a command run as an account, its password read from standard input. Without it the
/// command runs as the archive file's owner and sees everything.
struct ActingAs: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Run as this account (its password read from standard input): its role decides what it may do, and an "
            + "account limited to some companies sees only theirs.", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("With --as: the code the account's authenticator shows.", valueName: "code"))
    var code: String?

    /// The account once its password (and code) are checked, counted like a sign-in; nil without `--as`. A
    /// refusal exits 2 with its reason.
    func account(on archive: any AccountStore) throws -> Account? {
        guard let name else { return nil }
        guard try archive.hasAccounts() else { throw ValidationError("this archive has no accounts: --as names none") }
        let password = readLine(strippingNewline: true) ?? ""
        do {
            return try SignInDesk(archive: archive).authenticate(name: name, password: password, code: code)
        } catch let refusal as SignInRefusal {
            printError("certarchive: --as \(name): \(refusal)")
            throw ExitCode(2)
        }
    }
}

/// What an account limited to some companies may see of the archive.
struct CompanyScope {
    /// Item ids in scope; nil: everything.
    let itemIDs: Set<Int64>?

    init(_ account: Account?, archive: any ReviewArchive) throws {
        guard let account, account.isScoped else { itemIDs = nil; return }
        let allowed = Set(account.companies)
        itemIDs = Set(try archive.itemCompanyCodes().filter { !$0.value.isDisjoint(with: allowed) }.keys)
    }

    private init(itemIDs: Set<Int64>?) { self.itemIDs = itemIDs }

    /// Everything: no account, or one not limited to some companies.
    static let everything = CompanyScope(itemIDs: nil)

    func admits(_ id: Int64) -> Bool { itemIDs?.contains(id) ?? true }
}
