import IngestCore
import Rules

/// Content-first extraction: values found by what they are, anywhere on the page — a type's number formats,
/// 统一社会信用代码 and 身份证号 whose check characters hold, issuing authorities from the gazetteer, company
/// names by their shape, dates in every printed form. It completes what the labels gave: a field no label led to,
/// or one whose labelled value breaks what the field must be while exactly one value on the page fits it.
/// A value is taken only when the page holds exactly one such candidate that no other label claims.
public struct ContentFinder: Sendable {
    let authorities: IssuingAuthorities
    /// The province an issuer must lie in, named by the page's certificate number (`Validator.issuerProvinceNames`):
    /// it tells apart known authorities a misread name is equally near.
    let issuerProvinces: (@Sendable (DocumentType, String) -> [String]?)?

    public init(authorities: IssuingAuthorities, issuerProvinces: (@Sendable (DocumentType, String) -> [String]?)? = nil) {
        self.authorities = authorities
        self.issuerProvinces = issuerProvinces
    }

    /// One value found by content, with where it stands.
    struct Candidate {
        var value: String
        var raw: String
        var line: Int
        var range: Range<Int>
    }

    /// `only`: the fields to look for (all the model's when nil).
    public func complete(_ fields: inout [String: ExtractedField], model: ExtractionModel, lines: [TextLine],
                         words: [RecognizedWord], claims: [FieldExtractor.Claim], only: Set<String>? = nil) {
        let page = SearchablePage(lines: lines, words: words, claims: claims)
        for (name, spec) in model.fields.sorted(by: { $0.key < $1.key }) where only?.contains(name) ?? true {
            let current = fields[name]
            if let current, fits(current.value, spec: spec, model: model) { continue }
            var candidates = spec.within.flatMap { fields[$0]?.value }.map { host in
                idNumbers(in: host).map { Candidate(value: $0, raw: host, line: -1, range: 0..<0) }
            } ?? []
            if candidates.isEmpty {
                let province = fields[FieldName.certificateNumber].flatMap { issuerProvinces?(model.type, $0.value) }
                candidates = find(spec, name: name, model: model, in: page, issuerProvince: province)
            }
            candidates = candidates.filter { fits($0.value, spec: spec, model: model) && $0.value != current?.value }
            let values = Set(candidates.map(\.value))
            guard values.count == 1, let chosen = candidates.first else { continue }
            var field = chosen.line >= 0 ? page.field(chosen) : ExtractedField(
                value: chosen.value, raw: chosen.raw, confidence: fields[spec.within ?? ""]?.confidence ?? 0)
            if spec.kind == .text, chosen.raw != chosen.value {
                field.corrections = [FieldCorrection(
                    from: chosen.raw, to: chosen.value,
                    reason: "printed without its label and read as '\(chosen.raw)', a character or two from the "
                        + "known authority '\(chosen.value)' and from no other")]
            }
            if let current {
                field.corrections = [FieldCorrection(
                    from: current.value, to: chosen.value,
                    reason: "what follows the label does not fit the field; the page holds exactly one value "
                        + "that does, printed elsewhere")]
                field.labelBox = current.labelBox
            }
            fields[name] = field
        }
    }

    /// Whether a value is what the field must be, by what can be known without the page around it.
    func fits(_ value: String, spec: FieldSpec, model: ExtractionModel) -> Bool {
        switch spec.kind {
        case .code:
            let numbers = model.compiled.numbers
            return numbers.isEmpty || numbers.contains { (try? $0.wholeMatch(in: value)) != nil }
        case .creditCode: return CheckDigits.isValidCreditCode(value)
        case .idNumber: return CheckDigits.isValidIDNumber(value)
        case .date, .dateRangeEnd: return PrintedDate(iso: value)?.isReal == true
        case .text:
            switch spec.find {
            case .authority?: return authorities.isEmpty || authorities.contains(value)
            case .companyName?: return value.wholeMatch(of: Self.companyName) != nil
            case nil: return true
            }
        }
    }

    /// Every value on the page of the field's shape; `complete` keeps those that fit it (check characters hold).
    private func find(_ spec: FieldSpec, name: String, model: ExtractionModel, in page: SearchablePage,
                      issuerProvince: [String]?) -> [Candidate] {
        switch spec.kind {
        case .code:
            return model.compiled.numbers.flatMap { regex in
                page.matches(of: regex, for: name).map { var c = $0; c.value = spec.value(of: c.raw); return c }
            }
        case .creditCode:
            return page.matches(of: /[0-9A-Z]{18}(?![0-9A-Z])/, for: name).map { var c = $0; c.value = spec.value(of: c.raw); return c }
        case .idNumber:
            return page.matches(of: /\d{17}[\dXx](?![0-9A-Za-z])/, for: name).map { var c = $0; c.value = c.raw.uppercased(); return c }
        case .date:
            // An unlabelled date: only when the page holds one date that no label claims (the issue date of a
            // block of issuer and date under the seal).
            return page.dateCandidates(for: name).map { var c = $0; c.value = ChineseDate.dates(in: c.raw)[0].iso; return c }
        case .dateRangeEnd:
            // The date after the range's mark: when that one cannot be read, the period's start is no end.
            return page.matches(of: Self.dateRange, for: name).compactMap { c in
                guard let mark = c.raw.firstRange(of: Self.rangeMark) else { return nil }
                return ChineseDate.dates(in: String(c.raw[mark.upperBound...])).last
                    .map { Candidate(value: $0.iso, raw: c.raw, line: c.line, range: c.range) }
            }
        case .text:
            switch spec.find {
            case .authority?:
                return page.authorities(in: authorities, for: name, inProvince: issuerProvince)
            case .companyName?:
                return page.matches(of: Self.companyName, for: name)
            case nil:
                return []
            }
        }
    }

    /// A company's full name: Han characters (brackets allowed) ending in what a registered company's name ends in.
    nonisolated(unsafe) static let companyName = /\p{Han}{2,}[\p{Han}()]*?(有限责任公司|股份有限公司|有限公司|集团|公司)/

    nonisolated(unsafe) static let rangeMark = /至|到|—|～|~/

    /// A validity period, `A至B` or `A-B` with dates in any form.
    nonisolated(unsafe) static let dateRange = /[\d〇零一二三四五六七八九十Oo○]{4}[年.\-\/][^至]{1,12}(至|到|—|～|~)[\d〇零一二三四五六七八九十Oo○]{4}[年.\-\/][\d一二三四五六七八九十]{1,3}[月.\-\/][\d一二三四五六七八九十]{1,3}日?/

    private func idNumbers(in host: String) -> [String] {
        host.matches(of: /\d{17}[\dX]/).map { String($0.0) }.filter(CheckDigits.isValidIDNumber)
    }
}

/// The page's lines as text to search, each match mapped back to its line and character range, with the ranges
/// other labels claim.
struct SearchablePage {
    let lines: [TextLine]
    let layout: LineLayout
    let claims: [FieldExtractor.Claim]
    /// Each line without white space, with every kept character's position in the line.
    let compacted: [(text: String, positions: [Int])]

    init(lines: [TextLine], words: [RecognizedWord], claims: [FieldExtractor.Claim]) {
        self.lines = lines
        layout = LineLayout(lines: lines, words: words)
        self.claims = claims
        compacted = lines.map { line in
            let (chars, positions) = line.compacted()
            return (String(chars), positions)
        }
    }

    /// Whether a label for another field (or an item not extracted) claims the range.
    func claimedByOther(_ line: Int, _ range: Range<Int>, field: String) -> Bool {
        claims.contains { $0.line == line && $0.field != field && $0.range.overlaps(range) }
    }

    func matches<Output>(of regex: Regex<Output>, for field: String) -> [ContentFinder.Candidate] {
        var found: [ContentFinder.Candidate] = []
        for (i, line) in compacted.enumerated() {
            for match in line.text.matches(of: regex) {
                let start = line.text.distance(from: line.text.startIndex, to: match.range.lowerBound)
                let count = line.text.distance(from: match.range.lowerBound, to: match.range.upperBound)
                // A code run on from letters or digits before it is part of something longer (Swift's regular
                // expressions have no look-behind).
                guard count > 0, !(start > 0 && Array(line.text)[start - 1].isASCIIAlphanumeric
                                   && line.text[match.range.lowerBound].isASCIIAlphanumeric) else { continue }
                let range = line.positions[start]..<(line.positions[start + count - 1] + 1)
                guard !claimedByOther(i, range, field: field) else { continue }
                let raw = String(line.text[match.range])
                found.append(.init(value: raw, raw: raw, line: i, range: range))
            }
        }
        return found
    }

    /// What a recogniser reads a seal's ring or a speck as, inside a printed name.
    static let strayMarks: Set<Character> = ["-", "—", "–", "_", "|", "·", "'", "\"", "`", "~", "*", "^", ".", ","]

    /// Dates no label claims for another field, each once per place.
    func dateCandidates(for field: String) -> [ContentFinder.Candidate] {
        // Letters a digit is read as (C for a 0 a seal's ring cut) are let in; the date parser decides. The year's
        // separator may be a space (2024 06-05), gone from the compacted line: the parser reads the line as printed.
        // Glyphs 十 and 月 are read as (士 + - F; 了 习 广 ]) are let in too, and specks between a year's numerals
        // (二.〇二一) and a dash beside a day's 十 (二-十四).
        matches(of: /[\d〇零一二三四五六七八九Oo○CDIlSBZ][\d〇零一二三四五六七八九Oo○CDIlSBZ.·:：]{3,5}[年.\-\/]?[\d一二三四五六七八九十士+\-—FOoCDIlSBZ]{1,4}[月了习广F\].\-\/][\d一二三四五六七八九十士+\-—FOoCDIlSBZ]{1,4}[日曰目E]?/, for: field)
            .map { var c = $0; c.raw = String(lines[c.line].characters[c.range]); return c }
            .filter { !ChineseDate.dates(in: $0.raw).isEmpty }
    }

    /// Issuing authorities from the gazetteer printed anywhere: the longest known name ending at each 厅, 局 or
    /// 会 of a line. Stray marks inside a name (a seal's ring read as `-` or `|`) are passed over; so is a colon
    /// when the name stops short at it (a label's colon ends the run otherwise).
    func authorities(in gazetteer: IssuingAuthorities, for field: String, inProvince: [String]? = nil)
        -> [ContentFinder.Candidate] {
        guard !gazetteer.isEmpty else { return [] }
        var found: [ContentFinder.Candidate] = []
        for (i, line) in compacted.enumerated() {
            let all = Array(line.text)
            let kept = all.indices.filter { !Self.strayMarks.contains(all[$0]) }
            let chars = kept.map { all[$0] }
            func range(_ start: Int, _ end: Int) -> Range<Int> {
                line.positions[kept[start]]..<(line.positions[kept[end]] + 1)
            }
            for end in chars.indices where "厅局会".contains(chars[end]) {
                var exact = false
                for start in stride(from: max(0, end - 24), through: max(0, end - 3), by: 1) {
                    let name = String(chars[start...end])
                    guard gazetteer.contains(name) else { continue }
                    exact = true
                    if !claimedByOther(i, range(start, end), field: field) {
                        found.append(.init(value: name, raw: name, line: i, range: range(start, end)))
                    }
                    break
                }
                // Else the run of Han characters ending here, a character or two misread (a seal's ring cut
                // through it): taken as the one known name that near.
                guard !exact else { continue }
                var start = end
                while start > 0, end - start < 24, TextNormalizer.isCJK(chars[start - 1]) { start -= 1 }
                var through = start
                while through > 0, end - through < 24, TextNormalizer.isCJK(chars[through - 1]) || Self.colons.contains(chars[through - 1]) {
                    through -= 1
                }
                for from in [start, through] where end - from >= 5 {
                    let reading = String(chars[from...end].filter { !Self.colons.contains($0) })
                    guard let match = gazetteer.nearest(to: reading, inProvince: inProvince), match.isUnique else { continue }
                    if !claimedByOther(i, range(from, end), field: field) {
                        found.append(.init(value: match.name, raw: reading, line: i, range: range(from, end)))
                    }
                    break
                }
            }
        }
        return found
    }

    static let colons: Set<Character> = [":", "：", ";", "；"]

    /// A candidate as a field: confidence of its weakest character, its box.
    func field(_ c: ContentFinder.Candidate) -> ExtractedField {
        var field = ExtractedField(value: c.value, raw: c.raw, confidence: lines[c.line].minimumConfidence(in: c.range),
                                   box: layout.box(line: c.line, c.range))
        field.span = field.box
        return field
    }
}
