import Foundation

/// Finds `models/` and `pipelines/`: `--data DIR`, then $CERTARCHIVE_DATA, then the folders above the
/// executable (a checkout's .build/…/certarchive), then the current directory.
enum DataFolders {
    static func root(explicit: String?) throws -> URL {
        if let explicit { return try checked(URL(fileURLWithPath: explicit)) }
        if let env = ProcessInfo.processInfo.environment["CERTARCHIVE_DATA"], !env.isEmpty {
            return try checked(URL(fileURLWithPath: env))
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        }
        while dir.path != "/" {
            if holdsData(dir) { return dir }
            dir.deleteLastPathComponent()
        }
        return try checked(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// A file a command was given (`--settings pipelines/bulk.yaml`): as given when it exists, else a relative path
    /// under the data folder — the one the program found — so the README's examples work outside the checkout.
    /// Neither: said plainly, with both places looked at.
    static func file(_ path: String, root: URL) throws -> URL {
        let given = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: given.path) { return given }
        let underData = root.appendingPathComponent(path)
        if !path.hasPrefix("/"), FileManager.default.fileExists(atPath: underData.path) { return underData }
        throw ValidationErrorText("找不到文件 \(path)（查找了 \(given.path)"
            + (path.hasPrefix("/") ? "" : " 和 \(underData.path)") + "）")
    }

    private static func holdsData(_ dir: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: dir.appendingPathComponent("models").path)
            && fm.fileExists(atPath: dir.appendingPathComponent("pipelines/rules.yaml").path)
    }

    private static func checked(_ dir: URL) throws -> URL {
        guard holdsData(dir) else {
            throw ValidationErrorText("no models/ and pipelines/rules.yaml under \(dir.path); "
                + "pass --data DIR or set CERTARCHIVE_DATA to the folder that holds them")
        }
        return dir
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
