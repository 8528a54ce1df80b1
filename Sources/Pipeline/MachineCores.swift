import Foundation

/// The cores this process may run on: its CPU affinity (`taskset`, a container's cpuset), which Foundation's
/// `activeProcessorCount` does not honour; the machine's count where affinity cannot be read.
public enum MachineCores {
    public static var available: Int {
        // Linux: "Cpus_allowed_list:\t0-1,4" in /proc/self/status (glibc's sched_getaffinity is not in Swift's Glibc).
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
           let count = count(list: line.dropFirst("Cpus_allowed_list:".count)), count > 0 {
            return min(count, ProcessInfo.processInfo.activeProcessorCount)
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// How many CPUs a list such as `0-3,6` names; nil when it is not such a list.
    static func count(list: Substring) -> Int? {
        var total = 0
        for part in list.trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let bounds = part.split(separator: "-").map { Int($0) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                total += high - low + 1
            default: return nil
            }
        }
        return total
    }
}
