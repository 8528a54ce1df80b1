import Crypto
import Foundation
import IngestCore

/// One file handed to the pipeline, identified by its content.
public struct InputFile: Sendable {
    /// The path as given, or as found under a given folder.
    public var source: String
    public var sha256: String
    public var byteCount: Int
    /// Recognised from the bytes; nil when the file is none of the formats certarchive reads.
    public var format: InputFormat?
}

/// Intake: finds the files under the given paths, hashes them and recognises their format by their bytes.
public enum Intake {
    /// Every regular file named or found (recursively, in name order) under the given paths. Paths that do not
    /// exist are returned separately so the run can say so.
    public static func files(under paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { missing.append(path); continue }
            guard isDirectory.boolValue else { files.append(path); continue }
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .map { (path as NSString).appendingPathComponent($0) }
                .filter { (try? fm.attributesOfItem(atPath: $0)[.type] as? FileAttributeType) == .typeRegular }
                .sorted()
            files += found
        }
        return (files, missing)
    }

    /// Hashes the file in chunks (memory stays flat whatever its size) and sniffs its format.
    public static func examine(_ path: String) throws -> InputFile {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IntakeError("cannot open the file for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var head: [UInt8] = []
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if head.count < InputFormat.signatureLength { head += chunk.prefix(InputFormat.signatureLength - head.count) }
            hasher.update(data: chunk)
            count += chunk.count
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return InputFile(source: path, sha256: digest, byteCount: count, format: InputFormat.sniff(head))
    }
}

public struct IntakeError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
