import Archive
import IngestCore

/// An item's history and fields in a wording's words, as the review page and the command line both say them.
extension Wording {
    /// One history event as a person reads it: who (a reviewer by name, ingest and certarchive by their words),
    /// what, the change with its field named, and the reason.
    public struct SaidEvent: Sendable {
        public var at: String, actor: String, action: String, change: String, reason: String
    }

    /// `event` as said in this wording, times in the archive's zone (`LocalTime`).
    public func said(_ event: AuditEvent, item: StoredItem) -> SaidEvent {
        let actor = EventActor(event.actor)
        let name = if case let .reviewer(name) = actor { name } else { say(actor.text) }
        var change = event.change ?? ""
        if language == .zh, let field = event.field, change.hasPrefix(field + ": ") {
            change = fieldName(field, type: item.type) + "：" + change.dropFirst(field.count + 2)
        }
        return SaidEvent(at: LocalTime.text(iso: event.at), actor: name, action: say(event.action.rawValue),
                         change: change, reason: sayReason(event.reason ?? "", item: item))
    }

    /// A history reason in these words: the reasons and heads the wording knows, the item's problems' messages
    /// and every rule id (`credit_code.checksum`) by their words.
    public func sayReason(_ text: String, item: StoredItem) -> String {
        guard language == .zh, !text.isEmpty else { return text }
        var said = sayReason(text)
        for problem in item.problems where !problem.message.isEmpty {
            said = said.replacingOccurrences(of: problem.message, with: words(for: problem, type: item.type))
        }
        return said.replacing(/[a-z_]+\.[a-z_]+/) { match in
            let rule = String(match.output), family = String(rule.split(separator: ".").first ?? "")
            return words(for: Problem(rule: rule, field: family, message: rule), type: item.type)
        }
    }

    /// What a field's value rests on, in words: the evidence, not a confidence that may contradict it.
    public func evidence(of field: ExtractedField) -> String {
        if field.typed == true { return say("typed by a reviewer") }
        if let readings = field.readings, !readings.isEmpty { return say("readings disagree") }
        switch field.evidence {
        case .readersAgree?: return say("two recognisers agree")
        case .rules?: return say("proven by its rules")
        case .knownName?: return say("a name the archive holds")
        case .oneReader?: return say("one recogniser only")
        case .textLayer?: return say("the PDF's own text")
        case nil: return "\(say("confidence")) \(Int(field.confidence.rounded()))"
        }
    }
}
