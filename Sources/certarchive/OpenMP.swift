import Foundation

enum OpenMP {
    static func ensureSingleThreaded() {
        if let value = ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"], !value.isEmpty { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed: carry on, slower, and say why.
        let message = "certarchive: could not restart with OMP_THREAD_LIMIT=1 (errno \(errno)); OCR will be slower\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
    }
}
