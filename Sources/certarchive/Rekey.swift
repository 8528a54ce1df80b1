import Archive
import ArgumentParser
import Crypto
import Foundation
import IngestCore

/// `certarchive rekey`: encrypts an archive's personal numbers at rest, changes their key, or decrypts them.
struct Rekey: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypt the archive's personal numbers (AES-256-GCM), change their key, or store them in clear again.",
        discussion: """
            Encrypt: certarchive rekey --archive A.sqlite --new-key-file A.key (a missing key file is created \
            with a new random key, readable by its owner only). Change the key: add --key-file OLD. Decrypt: \
            --key-file OLD --decrypt. Sealed: 身份证号 and 特种作业操作证 numbers in the items' fields, readings, \
            corrections and page text, in reviewers' changes and in pages not yet committed. Without the key \
            they read as masks (2101**********1234) and cannot be changed; people are still linked across \
            records by a keyed digest. The audit chain is hashed again (it must be whole first) and the change \
            recorded. Exit status: 0 done; 3 refused (wrong key, broken chain, nothing to do).
            """)

    @OptionGroup var archiveOption: ExistingArchive

    @Option(help: ArgumentHelp("The new key (created with a random key when missing).", valueName: "file"))
    var newKeyFile: String?

    @Flag(help: "Store the personal numbers in clear again.") var decrypt = false

    func validate() throws {
        guard (newKeyFile != nil) != decrypt else { throw ValidationError("give either --new-key-file FILE or --decrypt") }
    }

    func run() throws {
        let archive = try archiveOption.open()
        var newKey: PersonalDataKey?
        if let newKeyFile {
            if !FileManager.default.fileExists(atPath: newKeyFile) {
                let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
                let hex = Hex.string(bytes) + "\n"
                guard FileManager.default.createFile(atPath: newKeyFile, contents: Data(hex.utf8),
                                                     attributes: [.posixPermissions: 0o600]) else {
                    throw ValidationError("cannot write the new key file \(newKeyFile)")
                }
                print("a new key was written to \(newKeyFile): keep it safe — without it the numbers read only as masks")
            }
            newKey = try PersonalDataKey(file: newKeyFile)
        }
        do {
            let report = try archive.rekey(to: newKey)
            print("personal numbers \(report.change): \(report.items) item(s); audit chain of \(report.events) event(s) "
                + "hashed again (head \(report.headBefore ?? "none") → \(report.headAfter ?? "none"))")
        } catch let error as PersonalDataError {
            printError("certarchive: \(error)")
            throw ExitCode(3)
        } catch let error as RekeyError {
            printError("certarchive: \(error)")
            throw ExitCode(3)
        }
    }
}
