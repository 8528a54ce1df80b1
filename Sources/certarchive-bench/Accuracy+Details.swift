extension Accuracy {
    /// The details a type prints for people (`FieldName.details` of the pipeline).
    static let detailNames: Set<String> = ["principal", "permitted_scope", "qualification", "position",
                                           "operation_category", "operation_item"]

    /// The details' own table, by part: how many the truth holds, read right, and of those read wrong how many
    /// the export marks as one recogniser's (`one_reader`: shown as unconfirmed) and how many as two recognisers'
    /// agreement or a text layer's on an accepted item — the details' silent errors.
    func printDetails(byPart: Bool) {
        let lines = truth.indices.filter { !(truth[$0].details ?? [:]).isEmpty }
        guard !lines.isEmpty else { return }
        Swift.print("")
        Swift.print("details kept for people".padding(toLength: 34, withPad: " ", startingAt: 0)
            + "  printed  right   missing  wrong-marked-one-reader  wrong-confirmed-accepted (silent)")
        for part in Set(lines.map { byPart ? truth[$0].part ?? "-" : "all" }).sorted() {
            var printed = 0, right = 0, missing = 0, marked = 0, silent = 0
            for line in lines where !byPart || (truth[line].part ?? "-") == part {
                let item = matched[line].map { items[$0] }
                let got = item?["fields"] as? [String: String] ?? [:]
                let evidence = item?["evidence"] as? [String: String] ?? [:]
                let accepted = item?["status"] as? String == "accepted"
                for (name, value) in truth[line].details ?? [:] {
                    printed += 1
                    guard let read = got[name] else { missing += 1; continue }
                    if read == value { right += 1 } else if evidence[name] == "one_reader" || !accepted { marked += 1 } else { silent += 1 }
                }
            }
            let share = printed == 0 ? 0 : 100 * Double(right) / Double(printed)
            Swift.print(part.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "  %7d  %5.1f%%  %7d  %23d  %d", printed, share, missing, marked, silent))
        }
    }
}
