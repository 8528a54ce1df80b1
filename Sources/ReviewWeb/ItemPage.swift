import Archive
import Foundation
import IngestCore
import Review

/// An item's review screen: the page with its field boxes beside the form of fields.
extension Pages {
    /// An item's review page. `whole`: its personal numbers are shown whole (a server without accounts, while
    /// the item waits in review: the reviewer compares them with the page); otherwise they are masked, its
    /// readings and history too, and one who may asks for them whole (`reveal`), recorded in the history.
    static func item(_ item: StoredItem, next: Int64?, previous: Int64?, suggestions: [ReviewerCorrection] = [],
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
        let reviewerName = visitor.name == nil
            ? " · reviewer <input id=\"reviewer\" size=\"10\" placeholder=\"your name\">" : ""
        let decisions = !editable ? "" : decisionButtons(item, approving: awaitingApproval && visitor.approves)
        return page(title: "Item \(item.id)", visitor: visitor, body: """
            <p><a href="/">queue</a> · item \(item.id) · \(escape(visitor.words.typeName(item.type))) · \(escape(Masking.redactingIDNumbers(in: item.source)))\
            \(item.page.map { " page \($0)" } ?? "")\(visitor.readsHistory ? " · <a href=\"/api/items/\(item.id)/history\">history</a>" : "")\
            \(reviewerName)</p>
            <div class="review">
              <div class="scan"><div id="viewport"><div id="page">\(item.thumbnailPNG == nil ? "<p>no page image kept</p>"
                  : "<img src=\"/items/\(item.id)/image\" alt=\"page as scanned\">")\(boxes)</div></div>
                <p>zoom: <button id="zoom-in">+</button> <button id="zoom-out">−</button> (Alt+= / Alt+−, drag to pan)</p></div>
              <form id="fields" data-id="\(item.id)" data-next="\(next.map(String.init) ?? "")" \
            data-previous="\(previous.map(String.init) ?? "")">
                \(rows)
                <ul id="general" class="problems">\(general)</ul>
                <p id="verdict"></p>
                <p id="rejecting" hidden>Why? <input id="reason" size="40"> (Enter to send, Esc to go back)</p>
                <p id="as-printed" hidden>The page itself breaks the rule (a date that does not exist, a check that \
            fails)? Accept it as printed — the record keeps what the paper says and is marked — saying why: \
            <input id="printed-reason" size="40"> (Enter to accept as printed, Esc to go back)</p>
                \(decisions)
                <p class="keys">Enter accept · Alt+N / Alt+P next / previous item · F2 next problem field ·
                   Alt+R reject (type why, Enter) · Alt+E accept as printed (type why, Enter) · Alt+S skip ·
                   Alt+A apply reviewers' correction · Alt+= / Alt+− zoom · ? every key</p>
                <div id="help" hidden><p><b>Keys</b> (they work while typing in a field):</p><ul>
                  <li>Enter — save and accept, then the next item</li><li>F2 — the next field with a problem</li>
                  <li>Alt+N / Alt+P — next / previous item</li><li>Alt+R — reject (type why, Enter; Esc back)</li>
                  <li>Alt+E — accept as printed (type why, Enter; Esc back)</li><li>Alt+S — skip</li>
                  <li>Alt+A — apply the correction reviewers made elsewhere</li><li>Alt+= / Alt+− — zoom the page; drag it to pan</li>
                  <li>? (outside a field) — this list; Esc closes it</li></ul></div>
              </form>
            </div>
            \(visitor.readsHistory ? "<h2>History</h2>" : "")
            <table id="history">\(history.map { historyRow(whole ? $0 : $0.masked(type: item.type)) }.joined())</table>
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
            "<div class=\"readings\">readings: \(escape(readings.map { shown(name, $0) }.joined(separator: " | ")))</div>"
        } ?? ""
        let suggestion = suggestion.map {
            "<div class=\"suggestion\" data-value=\"\(escape($0.value))\">reviewers corrected \(escape($0.from)) to "
                + "<b>\(escape($0.value))</b> on \($0.times) other item(s): Alt+A applies it</div>"
        } ?? ""
        let value = field?.value ?? ""
        let hidden = shown(name, value) != value
        let reveal = hidden && visitor.revealsNumbers
            ? " <button type=\"button\" class=\"reveal\" data-field=\"\(escape(name))\">show whole</button>" : ""
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
    private static func decisionButtons(_ item: StoredItem, approving: Bool) -> String {
        approving ? """
            <p class="approval">\(escape(item.problems.first { $0.rule == "review.awaiting_approval" }?.message ?? ""))</p>
            <p><button type="button" id="approve">Approve (Enter)</button>
               <button type="button" id="send-back">Send back (Alt+B)</button>
               <button type="button" id="skip">Skip (Alt+S)</button></p>
            """ : """
            <p><button type="button" id="accept">Accept (Enter)</button>
               <button type="button" id="accept-as-printed">Accept as printed (Alt+E)</button>
               <button type="button" id="reject">Reject (Alt+R)</button>
               <button type="button" id="skip">Skip (Alt+S)</button></p>
            """
    }
}
