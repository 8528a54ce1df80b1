import Accounts
import Archive
import Hummingbird

/// A request's context: who sent it, once the sign-in middleware has looked.
public struct ReviewContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person; nil on a server without accounts, or for a script using the API key.
    var person: SignedIn?
    /// A script with the API key: it reads (numbers masked) and changes nothing.
    var viaAPIKey = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The role the request acts with: the account's; a viewer's for the API key; nil on a server without
    /// accounts (the loopback reviewer, who may do what a reviewer does).
    var role: AccountRole? {
        if let person { return person.account.role }
        return viaAPIKey ? .viewer : nil
    }
}
