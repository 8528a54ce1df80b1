import Archive
import Foundation
import IngestCore
import Review

/// An item's review screen: the page with its field boxes beside the form of fields.
extension Pages {
    /// An item's review page. `whole`: its personal numbers are shown whole (a server without accounts, while
    /// the item waits in review: the reviewer compares them with the page); otherwise they are masked, its
    /// readings and history too, and one who may asks for them whole (`reveal`), recorded in the history.
    static func item(_ item: StoredItem, next: Int64?, previous: Int64?, heldBy: ItemHold? = nil,
                     handing: Handing? = nil, suggestions: [ReviewerCorrection] = [],
                     history: [AuditEvent] = [], visitor: Visitor = Visitor(), whole: Bool? = nil,
                     awaitingApproval: Bool = false) -> String {
        let whole = whole ?? (item.status == .review)
        let editable = item.status == .review && visitor.corrects
        func shown(_ name: String, _ value: String) -> String {
            whole ? value : Masking.displayValue(field: name, value: value, type: item.type)
        }
        let names = item.orderedFieldNames
            + Set(item.problems.compactMap(\.field)).subtracting(item.orderedFieldNames).sorted()
        let boxes = fieldBoxes(names, of: item)
        let rows = names.map { name -> String in
            fieldRow(name, of: item, shown: shown, editable: editable, visitor: visitor,
                     suggestion: suggestions.first { $0.field == name })
        }.joined(separator: "\n")
        let general = item.problems.filter { $0.field == nil }
            .map { problemLine($0, type: item.type, words: visitor.words) }.joined()
        let v = visitor
        let reviewerName = visitor.name == nil
            ? " · \(v.say("reviewer")) <input id=\"reviewer\" size=\"10\" placeholder=\"\(v.say("your name"))\">" : ""
        let decisions = !editable ? "" : decisionButtons(item, approving: awaitingApproval && visitor.approves, visitor)
        return page(title: "\(v.say("Item")) \(item.id)", visitor: visitor, body: """
            <p><a href="/">\(v.say("queue"))</a> · \(v.say("item")) \(item.id) · \(escape(visitor.words.typeName(item.type))) · \(escape(Masking.redactingIDNumbers(in: item.source)))\
            \(item.page.map { " \(v.say("page")) \($0)" } ?? "")\(visitor.readsHistory ? " · <a href=\"#history\">\(v.say("history"))</a>" : "")\
            \(reviewerName)\(handing.map { " · " + $0.line(v) } ?? "")</p>
            <div class="review">
              <div class="scan"><div id="viewport"><div id="page">\(item.thumbnailPNG == nil ? "<p>\(v.say("no page image kept"))</p>"
                  : "<img src=\"/items/\(item.id)/image\" alt=\"\(v.say("page as scanned"))\">")\(boxes)</div></div>
                <p>\(v.say("zoom:")) <button id="zoom-in">+</button> <button id="zoom-out">−</button> \(v.say("(Alt+= / Alt+−, drag to pan)"))</p></div>
              <form id="fields" data-id="\(item.id)" data-next="\(next.map(String.init) ?? "")" \
            data-previous="\(previous.map(String.init) ?? "")">
                \(heldBy.map { "<p class=\"problems\" id=\"held\">\(escape(visitor.words.hold($0, item: item.id)))</p>" } ?? "")
                \(rows)
                <ul id="general" class="problems">\(general)</ul>
                <p id="verdict"></p>
                <p id="rejecting" hidden>\(v.say("Why?")) <input id="reason" size="40"> \(v.say("(Enter to send, Esc to go back)"))</p>
                <p id="as-printed" hidden>\(v.say("The page itself breaks the rule (a date that does not exist, a check that fails)? Accept it as printed — the record keeps what the paper says and is marked — saying why:")) \
            <input id="printed-reason" size="40"> \(v.say("(Enter to accept as printed, Esc to go back)"))</p>
                \(handing?.form(v) ?? "")
                \(decisions)
                <p class="keys">\(v.say("Enter accept · Alt+N / Alt+P next / previous item · F2 next problem field · Alt+R reject (type why, Enter) · Alt+E accept as printed (type why, Enter) · Alt+G give to another reviewer · Alt+S skip · Alt+A apply reviewers' correction · Alt+= / Alt+− zoom · ? every key"))</p>
                <div id="help" hidden><p>\(v.say("Keys (they work while typing in a field):"))</p><ul>\(Self.keys.map { "<li>\(escape(v.say($0)))</li>" }.joined())</ul></div>
              </form>
            </div>
            \(visitor.readsHistory ? "<h2 id=\"history-title\">\(v.say("History"))</h2>" : "")
            <table id="history">\(history.map { historyRow(whole ? $0 : $0.masked(type: item.type), v) }.joined())</table>
            <script src="/assets/item.js"></script>
            """)
    }

    /// One problem as a list line: its words, and in Chinese its rule id in small print and the English details on
    /// hover; in English the rule id and message.
    static func problemLine(_ problem: Problem, type: DocumentType, words: Wording) -> String {
        guard words.language == .zh else { return "<li>\(escape(problem.rule)): \(escape(problem.message))</li>" }
        return "<li title=\"\(escape(problem.message))\">\(escape(words.words(for: problem, type: type))) "
            + "<small class=\"rule\">\(escape(problem.rule))</small></li>"
    }

    /// Each field's box drawn where the page prints it, in percent of the page (so it follows the zoom).
    private static func fieldBoxes(_ names: [String], of item: StoredItem) -> String {
        names.compactMap { name -> String? in
            guard let box = item.fields[name]?.box, let width = item.pageWidth, let height = item.pageHeight,
                  width > 0, height > 0 else { return nil }
            func percent(_ value: Int, _ of: Int) -> String { String(format: "%.2f%%", 100 * Double(value) / Double(of)) }
            return "<div class=\"box\" data-field=\"\(escape(name))\" style=\"left:\(percent(box.x, width));"
                + "top:\(percent(box.y, height));width:\(percent(box.width, width));height:\(percent(box.height, height))\"></div>"
        }.joined()
    }

    /// One field's label, input, confidence, readings, offered correction and problems.
    private static func fieldRow(_ name: String, of item: StoredItem, shown: (String, String) -> String, editable: Bool,
                                 visitor: Visitor, suggestion: ReviewerCorrection?) -> String {
        let field = item.fields[name]
        let problems = item.problems.filter { $0.field == name }
            .map { problemLine($0, type: item.type, words: visitor.words) }.joined()
        let readings = field?.readings.map { readings in
            "<div class=\"readings\">\(visitor.say("readings:")) \(escape(readings.map { shown(name, $0) }.joined(separator: " | ")))</div>"
        } ?? ""
        let suggestion = suggestion.map {
            "<div class=\"suggestion\" data-value=\"\(escape($0.value))\">\(visitor.say("reviewers corrected")) \(escape($0.from)) → "
                + "<b>\(escape($0.value))</b> (\($0.times) \(visitor.say("other item(s)")); Alt+A)</div>"
        } ?? ""
        let value = field?.value ?? ""
        let hidden = shown(name, value) != value
        let reveal = hidden && visitor.revealsNumbers
            ? " <button type=\"button\" class=\"reveal\" data-field=\"\(escape(name))\">\(visitor.say("show whole"))</button>" : ""
        return """
            <div class="field\(problems.isEmpty ? "" : " doubtful")" data-field="\(escape(name))">
            <label for="f-\(escape(name))">\(escape(visitor.words.fieldName(name, type: item.type)))</label>
            <input id="f-\(escape(name))" name="\(escape(name))" value="\(escape(shown(name, value)))" \
            data-read="\(escape(shown(name, value)))" autocomplete="off"\(editable ? " data-editable=\"1\"" : "")\
            \(editable && !hidden ? "" : " readonly")>\(reveal)
            <span class="confidence" title="\(visitor.words.language == .zh ? "识别把握（0–100）" : "confidence (0–100)")">\
            \(visitor.words.language == .zh ? "把握 " : "confidence ")\(field.map { String(Int($0.confidence.rounded())) } ?? "–")</span>
            <div class="lens" data-field="\(escape(name))" hidden></div>
            \(readings)\(suggestion)<ul class="problems">\(problems)</ul></div>
            """
    }

    /// Accept, reject and skip; or, to an approver on an item waiting for him, approve, send back and skip.
    private static func decisionButtons(_ item: StoredItem, approving: Bool, _ v: Visitor) -> String {
        approving ? """
            <p class="approval">\(escape(item.problems.first { $0.rule == "review.awaiting_approval" }?.message ?? ""))</p>
            <p><button type="button" id="approve">\(v.say("Approve (Enter)"))</button>
               <button type="button" id="send-back">\(v.say("Send back (Alt+B)"))</button>
               <button type="button" id="skip">\(v.say("Skip (Alt+S)"))</button></p>
            """ : """
            <p><button type="button" id="accept">\(v.say("Accept (Enter)"))</button>
               <button type="button" id="accept-as-printed">\(v.say("Accept as printed (Alt+E)"))</button>
               <button type="button" id="reject">\(v.say("Reject (Alt+R)"))</button>
               <button type="button" id="skip">\(v.say("Skip (Alt+S)"))</button></p>
            """
    }

    /// Every key of the item page, as `?` lists them.
    static let keys = [
        "Enter — save and accept, then the next item", "F2 — the next field with a problem",
        "Alt+N / Alt+P — next / previous item", "Alt+R — reject (type why, Enter; Esc back)",
        "Alt+E — accept as printed (type why, Enter; Esc back)", "Alt+G — give the item to another reviewer (choose, Enter; Esc back)",
        "Alt+S — skip", "Alt+A — apply the correction reviewers made elsewhere",
        "Alt+= / Alt+− — zoom the page; drag it to pan", "? (outside a field) — this list; Esc closes it",
    ]
}
