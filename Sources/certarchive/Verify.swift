import Archive
import ArgumentParser
import Foundation
import IngestCore
import Pipeline
import RunFiles

/// `certarchive verify`: the audit chain, every item against its history, every referenced scan's hash.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit events' hash chain, every item against its history and every scan's hash.",
        discussion: """
            Exit status: 0 everything intact; 1 a break (an event changed, removed or inserted; an item changed \
            outside certarchive; a scan whose bytes changed), the first one named; 2 intact, but some scans were \
            not found (moved or deleted since they were taken in).
            """)

    @OptionGroup var archiveOption: ExistingArchive

    func run() throws {
        let archive = try archiveOption.openForReading()
        let report = try archive.checkIntegrity()
        let locator = ScanLocator(archivePath: archiveOption.archive)
        var breaks: [String] = []
        if let chainBreak = report.chainBreak {
            breaks.append(chainBreak.description)
            print("events: \(report.events), chain BROKEN: \(chainBreak)")
        } else {
            print("events: \(report.events), chain intact" + (report.head.map { ", head \($0)" } ?? ""))
        }
        breaks += report.itemBreaks.map(\.description)
        breaks += report.accountBreaks
        print(report.accountBreaks.isEmpty ? "accounts: each agrees with its history"
              : "accounts: \(report.accountBreaks.count) break(s):\n" + report.accountBreaks.map { "  \($0)" }.joined(separator: "\n"))
        print(report.itemBreaks.isEmpty ? "items: each agrees with its history"
              : "items: \(report.itemBreaks.count) disagree with their history:\n" + report.itemBreaks.map { "  \($0)" }.joined(separator: "\n"))
        // A backup is checked against what it held when it was finished, and only its own copies of the scans
        // count: the originals' paths may still hold the files a cut-short copy lacks.
        let backup = BackupMarker.looksLikeABackup(archive: archiveOption.archive)
        if backup {
            if let marker = BackupMarker.beside(archive: archiveOption.archive), let local = archive as? ArchiveDatabase {
                let differences = marker.differences(from: try BackupMarker.of(local))
                breaks += differences.map { "the backup is not whole: \($0)" }
                print(differences.isEmpty ? "backup: whole (\(marker.items) items, \(marker.scans) scans, made \(marker.made))"
                      : "backup: NOT WHOLE: " + differences.joined(separator: "; "))
            } else {
                breaks.append("the backup is not whole: it has no \(BackupMarker.fileName) (a backup cut short?)")
                print("backup: NOT WHOLE: no \(BackupMarker.fileName) (a backup cut short?)")
            }
        }
        var intact = 0
        var missing: [String] = []
        var changed: [String] = []
        let scans = try archive.storedScans()
        for scan in scans {
            switch backup ? locator.checkCopy(scan) : locator.check(scan) {
            case .intact: intact += 1
            case .notFound: missing.append(scan.source)
            case let .changed(path, _):
                changed.append("\(path) no longer holds the bytes archived as \(scan.source) (SHA-256 \(scan.sha256.prefix(12))…)")
            }
        }
        breaks += changed
        // A backup lacking a copy of its own is not whole.
        if backup { breaks += missing.map { "the backup has no copy of \($0)" } }
        print("scans: \(scans.count) referenced, \(intact) intact, \(changed.count) changed, \(missing.count) not found")
        for line in changed { print("  changed: " + Masking.redactingIDNumbers(in: line)) }
        for source in missing { print("  not found: " + Masking.redactingIDNumbers(in: source)) }
        if let first = breaks.first {
            print("first break: \(Masking.redactingIDNumbers(in: first))")
            throw ExitCode(1)
        }
        if !missing.isEmpty { throw ExitCode(2) }
    }
}
