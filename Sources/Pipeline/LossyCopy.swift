import IngestCore

/// A fax (1-bit, less than 300 dpi on an axis) loses strokes: 王 whose upright falls between two dots is 三 on the
/// page every reader is shown, so two recognisers that read a name alike are two readings of one lossy copy, not
/// of the paper. Numbers, dates and authorities have their rules (a check character, the validity, the gazetteer);
/// a name has none, and goes to a person unless the archive already holds it exactly (`known_name`, or one of
/// `knownNames`: a lost stroke rarely lands on another real company's name).
enum LossyCopy {
    static func problems(_ fields: [String: ExtractedField], names: [String], knownNames: Set<String> = []) -> [Problem] {
        names.compactMap { name in
            guard let field = fields[name], field.evidence != .knownName, field.typed != true,
                  !knownNames.contains(field.value) else { return nil }
            return Problem(rule: "\(name).lossy_copy", field: name,
                           message: "'\(field.value)' is read from a fax or another 1-bit copy of low resolution, "
                               + "where a lost stroke is lost to every reader alike: check it against the page")
        }
    }
}
