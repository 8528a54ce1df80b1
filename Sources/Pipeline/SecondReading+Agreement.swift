import Extraction
import IngestCore
import PageImaging
import Rules

/// How the second reading settles a field the two engines did not simply read alike: a third reader for names, the
/// names the archive holds, the rules that prove a value, and what one engine alone cannot settle.
extension SecondReading {
    /// A name two recognisers read differently, read by a third (tesseract's HanS model beside PP-OCR and chi_sim)
    /// at its line heights until a reading passes the rules: when it reads the value the other engine read, that
    /// value has two independent engines behind it against one model, so it is taken (the readings stay for the
    /// record). Siding with the model of its own engine proves nothing (chi_sim and HanS both read 潘 as 浅); a
    /// third value, or nothing, leaves the doubt.
    func settledByThirdReader(_ outcome: FieldReconciler.Outcome, readings: [ExtractedField],
                              passesRules: (String) -> Bool, read: (Int) -> ExtractedField?)
        -> FieldReconciler.Outcome {
        let values = Set(readings.map(\.value).filter(passesRules))
        func readers(of value: String) -> Set<String> {
            Set(readings.filter { $0.value == value }.flatMap { $0.readers ?? [] })
        }
        guard values.count == 2, values.allSatisfy({ readers(of: $0).count == 1 }),
              Set(values.flatMap(readers)).count == 2 else { return outcome }
        for height in crossCheckHeights {
            guard let third = read(height), passesRules(third.value) else { continue }
            let backing = readers(of: third.value).union(third.readers ?? [])
            guard values.contains(third.value), FieldReconciler.areIndependent(Array(backing)) else { return outcome }
            var field = outcome.field
            let agreeing = readings.filter { $0.value == third.value } + [third]
            if field.value != third.value {
                field.value = third.value
                field.raw = agreeing[0].raw
                field.corrections = agreeing[0].corrections
            }
            field.confidence = FieldReconciler.combined(agreeing.map(\.confidence))
            field.agreeingReadings = agreeing.count
            field.readers = backing.sorted()
            field.evidence = .readersAgree
            return FieldReconciler.Outcome(field: field, problem: nil)
        }
        return outcome
    }

    /// A doubtful name, with the other recogniser's readings added as candidates (it reads right what the first
    /// cannot), settled when exactly one candidate is a company the archive already holds.
    func settledByKnownName(_ outcome: FieldReconciler.Outcome, read: (Int) -> ExtractedField?)
        -> FieldReconciler.Outcome {
        var outcome = outcome
        for height in crossCheckHeights {
            guard let other = read(height)?.value,
                  !([outcome.field.value] + (outcome.field.readings ?? [])).contains(other) else { continue }
            outcome.field.readings = (outcome.field.readings ?? [outcome.field.value]) + [other]
            if knownCompanyNames.contains(other) { break }
        }
        return FieldReconciler.resolved(outcome, knownNames: knownCompanyNames)
    }

    /// A value one recogniser read, however often, that passes its rules: proven when they can prove it (a check
    /// digit holds, the authority is in the gazetteer); else, when agreement is required, sent to review, for one
    /// recogniser misreads a glyph it does not know alike at every scale.
    /// The issue and expiry dates, when one of them or both only one recogniser read, proven by each other when
    /// the expiry is exactly the type's validity after the issue (the day before the anniversary, or the day
    /// itself): a digit misread in either date breaks that, and two misread alike in both keep it only by chance
    /// (the day before makes even a glyph misread the same way everywhere break it). On when `ocr.proven_by_rules`
    /// holds `validity_period`.
    func datesProvenByValidity(_ fields: inout [String: ExtractedField], problems: inout [Problem], type: DocumentType) {
        guard provenByRules.contains("validity_period") else { return }
        Self.proveDates(&fields, problems: &problems, validityYears: validator.rules.rules(for: type)?.validity?.years)
    }

    static func proveDates(_ fields: inout [String: ExtractedField], problems: inout [Problem], validityYears: Int?) {
        let dates = [FieldName.issueDate, FieldName.expiryDate]
        let doubted = Set(dates.map { "\($0).one_reader" })
        guard let years = validityYears,
              let issue = fields[FieldName.issueDate].flatMap({ PrintedDate(iso: $0.value) }),
              let expiry = fields[FieldName.expiryDate].flatMap({ PrintedDate(iso: $0.value) }),
              problems.contains(where: { doubted.contains($0.rule) }),
              // Any other doubt about either date (readings that disagree, a low confidence) stays a person's.
              !problems.contains(where: { $0.field.map(dates.contains) == true && !doubted.contains($0.rule) })
        else { return }
        guard expiry.endsPeriod(of: years, from: issue) else { return }
        problems.removeAll { doubted.contains($0.rule) }
        for name in dates where fields[name]?.evidence == .oneReader { fields[name]?.evidence = .rules }
    }

    /// An issuer is proven by the gazetteer only while no other engine's reading of it points to another
    /// authority: the gazetteer takes a misreading to the nearest name, which need not be the printed one.
    func provenOrDoubted(_ outcome: FieldReconciler.Outcome, name: String, readings: [ExtractedField])
        -> FieldReconciler.Outcome {
        var outcome = outcome
        if name == FieldName.issuer, let elsewhere = readingPointingElsewhere(outcome.field, readings) {
            let readers = outcome.field.readers?.joined(separator: ", ") ?? "one recogniser"
            outcome.problem = Problem(
                rule: "\(name).readings_disagree", field: name,
                message: "read as '\(outcome.field.value)' by \(readers), but another recogniser read '\(elsewhere)', "
                    + "nearer to another issuing authority: check it against the page")
            return outcome
        }
        if provenByRules.contains(name) {
            outcome.field.evidence = .rules
            return outcome
        }
        guard agreementRequired else { return outcome }
        let readers = outcome.field.readers?.joined(separator: ", ") ?? "one recogniser"
        outcome.problem = Problem(
            rule: "\(name).one_reader", field: name,
            message: "read by \(readers) only: no second recogniser read it alike, so check it against the page")
        return outcome
    }

    /// A reading of the issuer by a recogniser not behind `field` that is nearer to another authority than to it.
    private func readingPointingElsewhere(_ field: ExtractedField, _ readings: [ExtractedField]) -> String? {
        let behind = Set(field.readers ?? [])
        return readings.first { reading in
            reading.value != field.value && behind.isDisjoint(with: reading.readers ?? [])
                && corrector.authorities.pointsElsewhere(reading.value, than: field.value)
        }?.value
    }

    /// A name the first recogniser settled on, read by the other one at its line heights in turn: its first
    /// reading that passes the rules decides. The same value confirms the name (an agreeing reading, combined
    /// into the confidence); another sends it to review, for one of the two models misreads a character there.
    /// Readings that break the rules (letters for a short name), or that only insert a character, are no
    /// evidence either way.
    func crossChecked(_ field: ExtractedField, name: String, passesRules: (String) -> Bool,
                      read: (Int) -> ExtractedField?) -> FieldReconciler.Outcome {
        var field = field
        var dissent: String?
        for height in crossCheckHeights {
            guard let reading = read(height) else { continue }
            let value = reading.value
            guard passesRules(value) else { continue }
            if value == field.value {
                field.confidence = FieldReconciler.combined([field.confidence, reading.confidence])
                field.agreeingReadings = (field.agreeingReadings ?? 1) + 1
                field.readers = FieldReconciler.readers(of: [field, reading])
                if FieldReconciler.areIndependent(field.readers) { field.evidence = .readersAgree }
                return FieldReconciler.Outcome(field: field, problem: nil)
            }
            dissent = value
            // A character more than the name, the rest alike, is the cross-check model's own usual slip (上, 了
            // or 和 inserted): read it at the next height. A character less, or another one, is a real doubt.
            guard FieldReconciler.isOneInsertion(value, into: field.value) else { break }
        }
        if let dissent, !(field.readings ?? []).contains(dissent) {
            field.readings = (field.readings ?? [field.value]) + [dissent]
        }
        let said = dissent.map { "read '\($0)'" } ?? "read nothing that fits the field"
        return FieldReconciler.Outcome(field: field, problem: Problem(
            rule: "\(name).unconfirmed", field: name,
            message: "read as '\(field.value)', but the second recogniser \(said): one of them misreads a "
                + "character there, so check it against the page"))
    }

    /// Dates only the two PP-OCR generations read alike, confirmed by a recogniser of another family when the page
    /// does not prove them (issue and expiry exactly the type's validity apart). Measured on the never-tuned scans
    /// (the reader-pair table), the two generations agree on a wrong value more often than either does with
    /// tesseract — a numeral of a date in Chinese numerals dropped alike (二十七日 read as 二十日), which leaves a real
    /// date a few days off, within the validity's tolerance. The other family's reading that passes the rules
    /// decides: the same date confirms it, another sends it to review; none leaves it unconfirmed.
    func confirmedByAnotherFamily(_ readers: [String: (Int, any TextRecognizer<PageImage>) -> ExtractedField?],
                                  fields: inout [String: ExtractedField], besides problems: [Problem],
                                  type: DocumentType) -> [Problem] {
        readers.sorted { $0.key < $1.key }.compactMap { name, read -> Problem? in
            guard var field = fields[name], field.evidence == .readersAgree,
                  Set((field.readers ?? []).map(FieldReconciler.family)) == [FieldReconciler.paddleFamily],
                  !problems.contains(where: { $0.field == name }), !validator.provesWhole(name, among: fields, type: type),
                  let otherFamilyEngine = otherFamilyEngine()
            else { return nil }
            let settled = fields
            let passes = { (value: String) in validator.passes(value, for: name, among: settled, type: type, asOf: asOf) }
            guard let other = Self.heights(lineHeights, for: otherFamilyEngine).lazy
                .compactMap({ read($0, otherFamilyEngine) }).first(where: { passes($0.value) }) else {
                return Problem(rule: "\(name).unconfirmed", field: name,
                               message: "read as '\(field.value)' by the two PP-OCR generations, which misread a date "
                                   + "alike now and then, and \(otherFamilyEngine.name) read nothing that fits: check it")
            }
            guard other.value == field.value else {
                field.readings = (field.readings ?? [field.value]) + [other.value]
                fields[name] = field
                return Problem(rule: "\(name).readings_disagree", field: name,
                               message: "read as '\(field.value)' by the two PP-OCR generations but as "
                                   + "'\(other.value)' by \(otherFamilyEngine.name): check it against the page")
            }
            field.readers = FieldReconciler.readers(of: [field, other])
            field.agreeingReadings = (field.agreeingReadings ?? 1) + 1
            fields[name] = field
            return nil
        }
    }
}
