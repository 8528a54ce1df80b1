import Review

/// Who an item is given to, and the line that gives it to another reviewer (Alt+G on the item page).
struct Handing {
    /// The reviewer the item is given to; nil: nobody.
    var assignee: String?
    /// Those it may be given to: the accounts that correct.
    var reviewers: [String]

    /// "given to 王审核" (or to nobody), for the item page's header line.
    func line(_ v: Visitor) -> String {
        "<span id=\"assignee\">\(Pages.escape(v.say("given to"))) \(Pages.escape(assignee ?? v.say("nobody")))</span>"
    }

    /// The hidden line Alt+G opens: a reviewer to choose and why, Enter gives, Esc goes back.
    func form(_ v: Visitor) -> String {
        guard !reviewers.isEmpty else { return "" }
        let options = ([""] + reviewers).map { name in
            "<option value=\"\(Pages.escape(name))\"\(name == (assignee ?? "") ? " selected" : "")>"
                + "\(Pages.escape(name.isEmpty ? v.say("nobody") : name))</option>"
        }.joined()
        return """
            <p id="handing" hidden>\(Pages.escape(v.say("Give to"))) <select id="hand-to">\(options)</select> \
            \(Pages.escape(v.say("why"))) <input id="hand-reason" size="24"> \(Pages.escape(v.say("(Enter to give, Esc to go back)")))</p>
            """
    }
}
