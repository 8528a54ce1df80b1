import Review

/// Who an item is given to, and to whom the visitor may give it (Alt+G on the item page; empty: to nobody).
struct Handing {
    /// The reviewer the item is given to; nil: nobody.
    var assignee: String?
    /// Those it may be given to: the accounts that correct.
    var reviewers: [String]
}
