import ArgumentParser
import Pipeline

extension RunStatus {
    var exitCode: ExitCode { ExitCode(rawValue) }
}
