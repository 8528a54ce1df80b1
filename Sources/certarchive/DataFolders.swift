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
