import IngestCore

/// An item as read back from the archive.
public struct StoredItem: Sendable {
    public var id: Int64
    public var source: String
    public var page: Int?
    public var type: DocumentType
    public var status: ItemStatus
    public var fields: [String: ExtractedField]
    public var problems: [Problem]
    public var flags: [String]
    public var thumbnailPNG: [UInt8]?
    /// Size of the page the field boxes refer to; nil for items read before it was kept.
    public var pageWidth: Int? = nil
    public var pageHeight: Int? = nil
    /// Where on its page the item lies, and its back, when the page held several cards (page pixels).
    public var region: Box? = nil
    public var backRegion: Box? = nil
    /// The run that took it in, and that run's day (UTC, `YYYY-MM-DD`): how long it has waited.
    public var runID: Int64? = nil
    public var intakeDay: String? = nil
    /// The id of the item's last change (`AuditEvent.changingActions`) when it was read; 0 when it has none. A
    /// change worked out from this reading is refused once another change is stored (`ItemUpdate.basedOn`).
    public var revision: Int64 = 0

    package init(id: Int64, source: String, page: Int?, type: DocumentType, status: ItemStatus,
                 fields: [String: ExtractedField], problems: [Problem], flags: [String], thumbnailPNG: [UInt8]?,
                 pageWidth: Int? = nil, pageHeight: Int? = nil, region: Box? = nil, backRegion: Box? = nil,
                 runID: Int64? = nil, intakeDay: String? = nil, revision: Int64 = 0) {
        self.id = id; self.source = source; self.page = page; self.type = type; self.status = status
        self.fields = fields; self.problems = problems; self.flags = flags; self.thumbnailPNG = thumbnailPNG
        self.pageWidth = pageWidth; self.pageHeight = pageHeight; self.region = region; self.backRegion = backRegion
        self.runID = runID; self.intakeDay = intakeDay; self.revision = revision
    }

    /// Field values in the export's order, then any extra fields a model adds, alphabetically.
    /// Every correction made to the item's fields, in field order.
    /// Fields a reviewer typed that no reading of the page showed, in the type's order.
    public var typedFields: [String] {
        orderedFieldNames.filter { fields[$0]?.typed == true }
    }

    public var corrections: [(field: String, correction: FieldCorrection)] {
        orderedFieldNames.flatMap { name in (fields[name]?.corrections ?? []).map { (name, $0) } }
    }

    /// The promised fields in the export's order, then the company and the details as the CSV orders them, then
    /// any other a model adds, by name.
    public var orderedFieldNames: [String] {
        let known = FieldName.exportOrder + FieldName.csvExtraColumns
        return known.filter { fields[$0] != nil } + fields.keys.filter { !known.contains($0) }.sorted()
    }
}

extension StoredItem {
    /// The item as lists, reports and exports show it: 身份证号 and the 特种作业操作证 number (which holds one)
    /// masked — as read, as corrected and in the corrections' reasons.
    public var masked: StoredItem {
        var item = self
        for (name, field) in item.fields {
            item.fields[name]?.value = Masking.displayValue(field: name, value: field.value, type: item.type)
            item.fields[name]?.raw = Masking.displayValue(field: name, value: field.raw, type: item.type)
            item.fields[name]?.corrections = field.corrections?.map { read in
                var shown = read
                shown.from = Masking.displayValue(field: name, value: read.from, type: item.type)
                shown.to = Masking.displayValue(field: name, value: read.to, type: item.type)
                shown.reason = read.reason.replacingOccurrences(of: read.from, with: shown.from)
                    .replacingOccurrences(of: read.to, with: shown.to)
                return shown
            }
        }
        return item
    }
}
