import Archive
import Foundation
import IngestCore
import Review

/// An item's review screen: the page with its field boxes beside the form of fields. (Templates/item.mustache)
extension Pages {
    /// An item's review page. `whole`: its personal numbers are shown whole (a server without accounts, while
    /// the item waits in review: the reviewer compares them with the page); otherwise they are masked, its
    /// readings and history too, and one who may asks for them whole (`reveal`), recorded in the history.
    static func item(_ item: StoredItem, next: Int64?, previous: Int64?, heldBy: ItemHold? = nil,
                     handing: Handing? = nil, suggestions: [ReviewerCorrection] = [],
                     history: [AuditEvent] = [], visitor: Visitor = Visitor(), whole: Bool? = nil,
                     awaiting: AwaitingApproval? = nil, hasImage: Bool? = nil, confirmable: Set<String> = [],
                     earlier: [EarlierDecision] = []) -> String {
        var view = ItemView(item, next: next, previous: previous, heldBy: heldBy, handing: handing, suggestions: suggestions,
                            history: history, v: visitor, whole: whole ?? (item.status == .review), awaiting: awaiting,
                            confirmable: confirmable, earlier: earlier)
        if let hasImage { view.hasImage = hasImage }
        return page(title: "\(visitor.say("Item")) \(item.id)", visitor: visitor, body: PageTemplates.render(view, "item"))
    }

    /// Every key of the item page, as `?` lists them.
    static let keys = [
        "Enter — save and accept, then the next item", "F2 — the next field with a problem",
        "Alt+N / Alt+P — next / previous item", "Alt+R — reject (type why, Enter; Esc back)",
        "Alt+E — accept as printed (type why, Enter; Esc back)", "Alt+G — give the item to another reviewer (choose, Enter; Esc back)",
        "Alt+C — the page shows this field's value as read: confirm it (or click one of its readings to take it)",
        "Alt+S — skip", "Alt+A — apply the correction reviewers made elsewhere",
        "Alt+D — decide as another scan of the same certificate was decided",
        "Alt+= / Alt+− — zoom the page; drag it to pan", "? (outside a field) — this list; Esc closes it",
    ]
}

/// An item waiting for the second approval step: the steps' names and the changes to approve.
struct AwaitingApproval {
    var firstStep: String, secondStep: String
    var changes: [PendingChange]
}

/// What item.mustache shows. Stored properties only (mustache reads them).
struct ItemView {
    /// A problem as a list line: in Chinese its words, the rule id in small print and the English details on hover;
    /// in English the rule id and message.
    struct ProblemItem { var zh: Bool, words: String, rule: String, message: String }
    struct Box { var field: String, left: String, top: String, width: String, height: String }
    struct Suggestion { var value: String, from: String, times: Int }
    struct Field {
        /// `evidence`: what the value rests on, in words (recognisers agree, its rules prove it, readings
        /// disagree…); a confidence number only where nothing else is known.
        var name: String, label: String, value: String, evidence: String
        var doubtful: Bool, editable: Bool, readonly: Bool, reveal: Bool
        var readings: [String], hasReadings: Bool, suggestion: Suggestion?, problems: [ProblemItem]
        /// Every problem on it is a doubt about the reading: confirming the value as the page shows it settles it.
        var confirmable: Bool
        /// On the approval screen: what the value was before the change to approve, and who changed it.
        var change: String?
    }
    struct Option { var value: String, label: String, selected: Bool }
    struct HandingView { var assignee: String, mayGive: Bool, options: [Option] }
    struct Event { var at: String, actor: String, action: String, change: String, reason: String }

    var words: [String: String]
    var id: Int64, typeName: String, source: String, pageNumber: Int?
    /// The item's revision as the page shows it: every change the page sends says it was worked out from this one.
    var revision: Int64
    var readsHistory: Bool, asksName: Bool, hasImage: Bool
    var next: String, previous: String
    var held: String?
    var handing: HandingView?
    var boxes: [Box], fields: [Field], general: [ProblemItem]
    /// Who sent the item back and why, in full at the top of the form (never only a tooltip).
    var sentBack: String?
    /// Another scan of the same certificate already decided, offered (Alt+D): its differing values, or its reason.
    var earlier: EarlierView?
    struct EarlierView { var text: String, values: [Value], reason: String?
        struct Value { var field: String, value: String }
    }
    var decides: Bool, approving: Bool, approvalNote: String
    /// Recognised as no certificate type: it can only be rejected (or skipped), never accepted.
    var unknownType: Bool
    /// The types a reviewer may say a page of no known type is.
    var typeOptions: [Option]
    /// Accepted or rejected, and the visitor may correct: it can be put back into the queue, saying why.
    var reopens: Bool
    var keys: [String]
    var history: [Event]

    init(_ item: StoredItem, next: Int64?, previous: Int64?, heldBy: ItemHold?, handing: Handing?,
         suggestions: [ReviewerCorrection], history: [AuditEvent], v: Visitor, whole: Bool, awaiting: AwaitingApproval?,
         confirmable: Set<String>, earlier: [EarlierDecision]) {
        let editable = item.status == .review && v.corrects
        let problem = { (p: Problem) in
            ProblemItem(zh: v.words.language == .zh, words: v.words.words(for: p, type: item.type), rule: p.rule, message: p.message)
        }
        func shown(_ name: String, _ value: String) -> String {
            whole ? value : Masking.displayValue(field: name, value: value, type: item.type)
        }
        let names = item.orderedFieldNames + Set(item.problems.compactMap(\.field)).subtracting(item.orderedFieldNames).sorted()
        words = Self.words(v)
        id = item.id
        revision = item.revision
        typeName = v.words.typeName(item.type)
        source = Masking.redactingIDNumbers(in: item.source)
        pageNumber = item.page
        readsHistory = v.readsHistory
        asksName = v.name == nil
        hasImage = item.thumbnailPNG != nil
        self.next = next.map(String.init) ?? ""
        self.previous = previous.map(String.init) ?? ""
        held = heldBy.map { v.words.hold($0, item: item.id) }
        self.handing = handing.map { handing in
            HandingView(assignee: handing.assignee ?? v.say("nobody"), mayGive: !handing.reviewers.isEmpty,
                        options: ([""] + handing.reviewers).map { name in
                            Option(value: name, label: name.isEmpty ? v.say("nobody") : name, selected: name == (handing.assignee ?? ""))
                        })
        }
        boxes = Self.boxes(names, of: item)
        fields = names.map { name in
            let field = item.fields[name], value = field?.value ?? ""
            let hidden = shown(name, value) != value
            let readings = (field?.readings ?? []).map { shown(name, $0) }
            return Field(name: name, label: v.words.fieldName(name, type: item.type), value: shown(name, value),
                         evidence: field.map { v.words.evidence(of: $0) } ?? "–",
                         doubtful: item.problems.contains { $0.field == name }, editable: editable, readonly: !editable || hidden,
                         reveal: hidden && v.revealsNumbers,
                         readings: readings, hasReadings: !readings.isEmpty,
                         suggestion: suggestions.first { $0.field == name }.map {
                             Suggestion(value: shown(name, $0.value), from: shown(name, $0.from), times: $0.times)
                         },
                         problems: item.problems.filter { $0.field == name }.map(problem),
                         confirmable: editable && !hidden && confirmable.contains(name),
                         change: awaiting?.changes.first { $0.field == name }.map { change in
                             Self.changeLine(old: shown(name, change.old), by: change.by, v)
                         })
        }
        general = item.problems.filter { $0.field == nil }.map(problem)
        sentBack = item.problems.first { $0.rule == "review.sent_back" }.map { problem in
            // `安全部复核: sent back by 李复核: 编号与原件不符`: who sent it back and why, said in full.
            let parts = problem.message.components(separatedBy: ": sent back by ")
            let rest = parts.count == 2 ? parts[1] : problem.message
            let by = rest.components(separatedBy: ": ").first ?? ""
            let why = rest.dropFirst(by.count + 2)
            return v.words.language == .zh ? "\(by)退回：\(why)" : "sent back by \(by): \(why)"
        }
        decides = editable
        unknownType = item.type == .unknown
        typeOptions = DocumentType.allCases.filter { $0 != .unknown }.map { Option(value: $0.rawValue, label: v.words.typeName($0), selected: false) }
        self.earlier = editable ? earlier.first.map { decision in
            let values = decision.fields.sorted { $0.key < $1.key }.compactMap { name, value -> EarlierView.Value? in
                guard item.fields[name]?.value != value, shown(name, value) == value else { return nil }
                return EarlierView.Value(field: name, value: value)
            }
            let zh = v.words.language == .zh
            let text = decision.accepted
                ? (zh ? "同一证书的另一份扫描件（项目 \(decision.itemID)）已入档" + (values.isEmpty ? "，各值相同" : "：Alt+D 采用其值（\(values.map { v.words.fieldName($0.field, type: item.type) }.joined(separator: "、"))）")
                   : "another scan of this certificate (item \(decision.itemID)) is in the archive" + (values.isEmpty ? " with the same values" : ": Alt+D takes its values"))
                : (zh ? "同一证书的另一份扫描件（项目 \(decision.itemID)）已被拒绝：\(decision.reason ?? "")（Alt+D 以同一原因拒绝）"
                   : "another scan of this certificate (item \(decision.itemID)) was rejected: \(decision.reason ?? "") (Alt+D rejects with the same reason)")
            return EarlierView(text: text, values: decision.accepted ? values : [], reason: decision.accepted ? nil : decision.reason)
        } : nil
        reopens = v.corrects && (item.status == .accepted || item.problems.contains { $0.rule == "review.rejected" })
        approving = awaiting != nil && v.approves
        approvalNote = awaiting.map { Self.approvalNote($0, type: item.type, v) } ?? ""
        keys = Pages.keys.map(v.say)
        self.history = history.map { event in
            let said = v.words.said(whole ? event : event.masked(type: item.type), item: item)
            return Event(at: said.at, actor: said.actor, action: said.action, change: said.change, reason: said.reason)
        }
    }

    /// What the approver is asked: who changed which fields in the first step, waiting for the second.
    private static func approvalNote(_ awaiting: AwaitingApproval, type: DocumentType, _ v: Visitor) -> String {
        let people = Array(Set(awaiting.changes.flatMap(\.by))).sorted()
        let fields = awaiting.changes.map { v.words.fieldName($0.field, type: type) }
        if v.words.language == .zh {
            return "\(awaiting.firstStep)：\(people.joined(separator: "、"))修改了\(fields.joined(separator: "、"))，"
                + "等待另一人\(awaiting.secondStep)。批准即确认下列新值；如需再改，改后按 Enter 成为您的修改，由另一人复核。"
        }
        return "\(awaiting.firstStep) by \(people.joined(separator: ", ")): \(fields.joined(separator: ", ")) changed; "
            + "waits for \(awaiting.secondStep) by another person. Approving confirms the new values; a value you change "
            + "becomes your change, for another person to approve."
    }

    /// Beside a changed field on the approval screen: the value before and who changed it.
    private static func changeLine(old: String, by: [String], _ v: Visitor) -> String {
        let before = old.isEmpty ? v.say("(empty)") : old
        return v.words.language == .zh ? "原为 \(before)，由\(by.joined(separator: "、"))修改"
            : "was \(before), changed by \(by.joined(separator: ", "))"
    }

    /// Each field's box where the page prints it, in percent of the page (so it follows the zoom).
    private static func boxes(_ names: [String], of item: StoredItem) -> [Box] {
        names.compactMap { name in
            guard let box = item.fields[name]?.box, let width = item.pageWidth, let height = item.pageHeight,
                  width > 0, height > 0 else { return nil }
            func percent(_ value: Int, _ of: Int) -> String { String(format: "%.2f%%", 100 * Double(value) / Double(of)) }
            return Box(field: name, left: percent(box.x, width), top: percent(box.y, height),
                       width: percent(box.width, width), height: percent(box.height, height))
        }
    }

    private static func words(_ v: Visitor) -> [String: String] {
        PageTemplates.words(v, [
            "queue": "queue", "item": "item", "page": "page", "history": "history", "reviewer": "reviewer",
            "yourName": "your name", "givenTo": "given to", "pageAsScanned": "page as scanned", "noImage": "no page image kept", "wholeFile": "the whole file",
            "zoom": "zoom:", "zoomKeys": "(Alt+= / Alt+−, drag to pan)", "showWhole": "show whole",
            "evidenceTitle": "what the value rests on", "readings": "readings:", "takeReading": "click to take this reading",
            "confirmHint": "Right as read? Alt+C confirms it as the page shows it",
            "reviewersCorrected": "reviewers corrected", "otherItems": "other item(s)", "why": "Why?",
            "enterToSend": "(Enter to send, Esc to go back)",
            "asPrinted": "The page itself breaks the rule (a date that does not exist, a check that fails)? Accept it as printed — the record keeps what the paper says and is marked — saying why:",
            "enterAsPrinted": "(Enter to accept as printed, Esc to go back)", "giveTo": "Give to", "handWhy": "why",
            "enterToGive": "(Enter to give, Esc to go back)", "approve": "Approve (Enter)", "sendBack": "Send back (Alt+B)",
            "skip": "Skip (Alt+S)", "accept": "Accept (Enter)", "acceptAsPrinted": "Accept as printed (Alt+E)",
            "reject": "Reject (Alt+R)",
            "reopen": "Reopen (back into the review queue)", "reopenWhy": "why",
            "notACertificate": "Not recognised as any certificate type: it cannot enter the archive as it is. Say which certificate it is, or reject it (Enter or Alt+R).",
            "whichType": "which certificate is it?", "setType": "Set the type",
            "keysLine": "Enter accept · Alt+C confirm a field as read · Alt+N / Alt+P next / previous item · F2 next problem field · Alt+R reject (type why, Enter) · Alt+E accept as printed (type why, Enter) · Alt+G give to another reviewer · Alt+S skip · Alt+A apply reviewers' correction · Alt+= / Alt+− zoom · ? every key",
            "keysTitle": "Keys (they work while typing in a field):", "History": "History",
        ])
    }
}
