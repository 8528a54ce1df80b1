import Archive
import ArgumentParser
import Foundation
import IngestCore
import Pipeline
import RunFiles

/// `certarchive backup DEST`: a consistent copy of a live archive, with the scans it references.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the archive (safely, while it is in use) and the scans it references into a folder.",
        discussion: """
            DEST/archive.sqlite is SQLite's online backup of the archive — one consistent moment, even while an \
            ingest is writing; of a PostgreSQL archive, a SQLite archive of the same records and audit chain, read \
            in one repeatable-read snapshot — and DEST/scans/ holds each scan it references, named by its SHA-256, checked \
            after copying; the copy's records point at them, so 'certarchive verify --archive \
            DEST/archive.sqlite' checks the backup on its own. Exit status: 0 done; 2 done, but some scans were \
            not found; 3 DEST already holds a backup.
            """)

    @OptionGroup var archiveOption: ExistingArchive
    @Argument(help: "A folder for the backup (created; must not hold one already).") var destination: String

    func run() throws {
        let fm = FileManager.default
        let destination = Intake.absolute(self.destination)
        let target = (destination as NSString).appendingPathComponent("archive.sqlite")
        guard !fm.fileExists(atPath: target) else {
            printError("\(target) exists: give a new folder for the backup")
            throw ExitCode(3)
        }
        // Written beside its destination and renamed into place only when whole: a backup cut short (killed, a
        // full disk) leaves a `.incomplete` folder nobody takes for a backup, never a copy that verifies.
        let building = destination + ".incomplete-\(getpid())"
        try? fm.removeItem(atPath: building)
        try fm.createDirectory(atPath: (building as NSString).appendingPathComponent("scans"), withIntermediateDirectories: true)
        // PostgreSQL: the copy is a SQLite archive of the same rows and hashes, read in one repeatable-read snapshot.
        let copy = try archiveOption.openForReading().backup(to: (building as NSString).appendingPathComponent("archive.sqlite"))
        let locator = ScanLocator(archivePath: archiveOption.archive)
        var copied = 0, missing: [String] = []
        for scan in try copy.storedScans() {
            guard case let .intact(path) = locator.check(scan) else {
                missing.append(scan.source)
                continue
            }
            let name = ScanLocator.backupName(scan)
            let into = (building as NSString).appendingPathComponent(name)
            if !fm.fileExists(atPath: into) {
                try fm.copyItem(atPath: path, toPath: into)
                // A copy keeps its original's mode: the backup's files are its owner's alone, as the archive is.
                try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: into)
            }
            guard (try? Intake.examine(into))?.sha256 == scan.sha256 else {
                throw ValidationErrorText("the copy \(into) does not hold the bytes of \(path): the disk may be failing")
            }
            try copy.recordLocation(sha256: scan.sha256, path: name)
            copied += 1
        }
        let marker = try BackupMarker.of(copy)
        try marker.write(into: building)
        guard rename(building, destination) == 0 else {
            throw ValidationErrorText("the backup was made in \(building) but cannot be put at \(destination): "
                + String(cString: strerror(errno)))
        }
        print("backup: \(target): \(marker.events) events (head \(marker.head ?? "none")); scans: \(copied) copied"
            + (missing.isEmpty ? "" : ", \(missing.count) not found: " + missing.map(Masking.redactingIDNumbers).joined(separator: ", ")))
        if !missing.isEmpty { throw ExitCode(2) }
    }
}
