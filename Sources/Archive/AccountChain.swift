import Crypto
import Foundation
import IngestCore

/// The accounts' own hash chain (since issue 31): each account event binds its content, the state its account was
/// left in (role, companies, disabled, password hash, second-factor secret) and the hash before it. `verify` walks
/// it: an account event edited, removed or inserted by hand breaks it, and an account whose row is not the state
/// its last event bound (a role raised in the database) is named. Sign-in counters are not bound: they change
/// with every attempt.
package enum AccountChain {
    package static let genesis = String(repeating: "0", count: 64)

    /// The account's state as its events bind it; "none" when there is no such account.
    package static func state(of account: Account?) -> String {
        guard let account else { return "none" }
        let text = OrderedJSON.array([.string(account.role.rawValue), .string(account.companies.joined(separator: " ")),
                                      .string(account.disabled ? "disabled" : "enabled"), .string(account.passwordHash),
                                      .string(account.totpSecret ?? "")]).text
        return Hex.string(SHA256.hash(data: Data(text.utf8)).prefix(16))
    }

    /// An event's hash: its content (its time to the second), the state it binds and the hash before it.
    package static func hash(at: Date, actor: String, account: String, action: String, detail: String?, state: String,
                             previous: String) -> String {
        let text = OrderedJSON.array([.string(String(Int(at.timeIntervalSince1970))), .string(actor), .string(account),
                                      .string(action), .string(detail ?? ""), .string(state), .string(previous)]).text
        return Hex.string(SHA256.hash(data: Data(text.utf8)))
    }

    /// The event ready to append after `previous`, binding `account`'s state: its time cut to the second (both
    /// stores give it back exactly).
    package static func chained(_ event: AccountEvent, account: Account?, previous: String) -> AccountEvent {
        var event = event
        event.at = Date(timeIntervalSince1970: event.at.timeIntervalSince1970.rounded(.down))
        event.state = state(of: account)
        event.prevHash = previous
        event.hash = hash(at: event.at, actor: event.actor, account: event.account, action: event.action,
                          detail: event.detail, state: event.state ?? "", previous: previous)
        return event
    }

    /// What is wrong with the chain and the accounts, in words; empty when whole. `events` in id order.
    package static func breaks(events: [AccountEvent], accounts: [Account]) -> [String] {
        var found: [String] = []
        var previous = genesis
        var lastState: [String: String] = [:]
        for event in events {
            let expected = hash(at: event.at, actor: event.actor, account: event.account, action: event.action,
                                detail: event.detail, state: event.state ?? "", previous: previous)
            if found.isEmpty {
                if event.prevHash != previous {
                    found.append("account event \(event.id ?? 0) (\(event.account), \(event.action)) does not follow the one "
                        + "before it: an account event was removed or inserted")
                } else if event.hash != expected {
                    found.append("account event \(event.id ?? 0) (\(event.account), \(event.action)) was changed after it "
                        + "was written: its hash does not match its content")
                }
            }
            previous = event.hash ?? ""
            if let state = event.state { lastState[event.account] = state }
        }
        for account in accounts {
            guard let bound = lastState[account.name] else {
                found.append("account \(account.name) has no history: it was added outside certarchive")
                continue
            }
            if bound != state(of: account) {
                found.append("account \(account.name) is not as its last event left it (role, companies, disabled, "
                    + "password or second factor changed outside certarchive)")
            }
        }
        return found
    }
}
