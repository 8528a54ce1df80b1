import Compliance
import IngestCore
import Testing

@Suite struct ExpiryWarningsTests {
    static let asOf = PrintedDate(year: 2026, month: 11, day: 22)

    static func certificate(_ number: String, expires: String, type: DocumentType = .safetyProductionLicense,
                            holder: String = "沈阳宏远建筑工程有限公司") -> ArchivedCertificate {
        ArchivedCertificate(type: type, fields: [FieldName.certificateNumber: number, FieldName.expiryDate: expires,
                                                 FieldName.holder: holder, FieldName.issuer: "辽宁省住房和城乡建设厅"])
    }

    @Test func daysCountAcrossMonthsYearsAndLeapDays() {
        #expect(ExpiryWarnings.days(from: Self.asOf, to: PrintedDate(year: 2026, month: 11, day: 29)) == 7)
        #expect(ExpiryWarnings.days(from: Self.asOf, to: PrintedDate(year: 2027, month: 1, day: 1)) == 40)
        #expect(ExpiryWarnings.days(from: PrintedDate(year: 2024, month: 2, day: 28),
                                    to: PrintedDate(year: 2024, month: 3, day: 1)) == 2)
        #expect(ExpiryWarnings.days(from: Self.asOf, to: PrintedDate(year: 2026, month: 11, day: 21)) == -1)
    }

    @Test func levelsFollowTheThresholdsMostUrgentFirst() {
        let expiry = ExpiryWarnings(thresholds: [7, 15, 30])
        let list = expiry.warnings([
            Self.certificate("A-later", expires: "2027-06-01"),
            Self.certificate("A-30", expires: "2026-12-22"),
            Self.certificate("A-15", expires: "2026-12-07"),
            Self.certificate("A-7", expires: "2026-11-29"),
            Self.certificate("A-today", expires: "2026-11-22"),
            Self.certificate("A-expired", expires: "2026-10-01"),
            Self.certificate("A-unreal", expires: "2026-02-30"),
        ], asOf: Self.asOf, within: 30)
        #expect(list.map(\.certificateNumber) == ["A-expired", "A-today", "A-7", "A-15", "A-30"])
        #expect(list.map(\.level) == ["expired", "within_7", "within_7", "within_15", "within_30"])
        #expect(list.map(\.daysLeft) == [-52, 0, 7, 15, 30])
        #expect(list.filter(expiry.isUrgent).map(\.certificateNumber) == ["A-expired", "A-today", "A-7"])
        #expect(expiry.warnings([Self.certificate("A-15", expires: "2026-12-07")], asOf: Self.asOf, within: 7).isEmpty)
    }

    @Test func aRenewalReplacesTheCardItRenews() {
        let list = ExpiryWarnings().warnings([
            Self.certificate("R-1", expires: "2026-11-25"),
            Self.certificate("R-1", expires: "2029-11-25"),
            Self.certificate("R-1", expires: "2026-11-25", type: .safetyAssessment),
        ], asOf: Self.asOf, within: 30)
        #expect(list.map(\.type) == [.safetyAssessment], "the renewed license is not due; the other type's card is")
    }

    @Test func everyFormatMasksANumberThatHoldsAnIDNumber() {
        let card = Self.certificate("T210103199001014565", expires: "2026-11-25", type: .specialOperation, holder: "张伟")
        let list = ExpiryWarnings().warnings([card], asOf: Self.asOf, within: 30)
        for format in ExpiryFormat.allCases {
            let text = format.render(list, asOf: Self.asOf, reminders: [7, 15, 30])
            #expect(!text.contains("210103199001014565"), "\(format)")
            #expect(text.replacingOccurrences(of: "\r\n ", with: "").contains("T210***********4565"), "\(format)")
        }
        #expect(ExpiryFormat.jsonl.render(list, asOf: Self.asOf, reminders: [7, 15, 30]) == """
            {"certificate_number":"T210***********4565","type":"special_operation","holder":"张伟","issuer":"辽宁省住房和城乡建设厅","expiry_date":"2026-11-25","days_left":3,"level":"within_7","due":"expiry","due_date":"2026-11-25"}

            """)
    }

    @Test func theCalendarHasAnAllDayEventAndAReminderPerCertificateInFoldedLines() {
        let list = ExpiryWarnings().warnings([Self.certificate("(辽)JZ安许证字[2021]001234", expires: "2026-12-07")],
                                            asOf: Self.asOf, within: 30)
        let ics = ExpiryFormat.ics.render(list, asOf: Self.asOf, reminders: [7, 15, 30],
                                          typeNames: [.safetyProductionLicense: "安全生产许可证"])
        let lines = ics.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR" && lines.last == "")
        #expect(lines.contains("DTSTART;VALUE=DATE:20261207"))
        // 15 days out on 2026-11-22: reminders at 09:00 15 and 7 days before, none at 30 (already past).
        #expect(lines.filter { $0.hasPrefix("TRIGGER:") } == ["TRIGGER:-P14DT15H", "TRIGGER:-P6DT15H"])
        #expect(lines.contains("X-WR-CALNAME:证书到期提醒") && lines.contains("X-WR-TIMEZONE:Asia/Shanghai"))
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:证书到期：安全生产许可证 (辽)JZ安许证字[2021]001234 沈阳宏远建筑工程有限公司"))
        #expect(unfolded.contains("DESCRIPTION:发证机关：辽宁省住房和城乡建设厅\\n有效期至：2026-12-07"))
    }

    @Test func aReminderNeverRingsBeforeItIsSetAndAnExpiredCardRemindsThatMorning() {
        let list = ExpiryWarnings().warnings([Self.certificate("A-6", expires: "2026-11-28"),
                                              Self.certificate("A-X", expires: "2026-11-01")], asOf: Self.asOf, within: 30)
        let events = ExpiryFormat.ics.render(list, asOf: Self.asOf, reminders: [7, 15, 30])
            .components(separatedBy: "BEGIN:VEVENT").dropFirst()
        #expect(events.map { $0.components(separatedBy: "\r\n").filter { $0.hasPrefix("TRIGGER:") } }
            == [["TRIGGER:PT9H"], ["TRIGGER:-P5DT15H"]],
                "expired first: an event on the list's day at 09:00; 6 days out: one reminder, at 09:00 on the list's day")
        #expect(events.first?.contains("DTSTART;VALUE=DATE:20261122") == true && events.first?.contains("SUMMARY:已过期：") == true)
    }

    @Test func aSpecialOperationCardFallsDueAtIts复审() throws {
        // Issued 2022-06-15, valid until 2028-06-14, a 复审 every 3 years: due 2025-06-15, overdue on 2026-11-22.
        var card = Self.certificate("T210103199001014565", expires: "2028-06-14", type: .specialOperation, holder: "张伟")
        card.fields[FieldName.issueDate] = "2022-06-15"
        let warning = ExpiryWarnings(reviewEveryYears: [.specialOperation: 3]).warnings([card], asOf: Self.asOf, within: 30).first
        #expect(warning?.due == .review && warning?.dueDate == PrintedDate(year: 2025, month: 6, day: 15))
        #expect(warning?.expiryLevel == .expired && warning?.daysLeft == -525)
        #expect(ExpiryWarnings().warnings([card], asOf: Self.asOf, within: 30).isEmpty, "once: valid and listed nowhere")
        let csv = ExpiryFormat.csv.render([try #require(warning)], asOf: Self.asOf, reminders: [7, 15, 30], ids: false)
        #expect(csv.contains(",复审逾期,复审,2025-06-15\r\n"), "\(csv)")
    }

    @Test func theCSVKeepsDaysLeftANumberAndStillDefusesFormulas() {
        let list = ExpiryWarnings().warnings([Self.certificate("=cmd|' /C calc'!A0", expires: "2026-08-20")],
                                            asOf: Self.asOf, within: 30)
        let row = ExpiryFormat.csv.render(list, asOf: Self.asOf, reminders: [7, 15, 30]).components(separatedBy: "\r\n")[1]
        #expect(row.hasPrefix("'=cmd"), "a formula is defused")
        #expect(row.contains(",-94,expired"), "days left is a number a spreadsheet sorts: \(row)")
    }

    @Test func theTableStaysInColumnsWithChineseText() {
        let list = ExpiryWarnings().warnings([Self.certificate("D1", expires: "2026-11-25", holder: "李明"),
                                              Self.certificate("D2", expires: "2026-11-26", holder: "沈阳宏远建筑工程有限公司")],
                                             asOf: Self.asOf, within: 30)
        let lines = ExpiryFormat.table.render(list, asOf: Self.asOf, reminders: [7], ids: false).split(separator: "\n").prefix(3)
        #expect(lines.first?.hasPrefix("级别") == true, "in Chinese: \(lines.first ?? "")")
        let issuerColumns = lines.dropFirst().map { line in
            TextColumns.width(String(line[..<(line.range(of: "辽宁省")?.lowerBound ?? line.endIndex)]))
        }
        #expect(Set(issuerColumns).count == 1, "the issuer column starts at one place: \(issuerColumns)")
        #expect(TextColumns.width("李明ab") == 6)
    }
}
