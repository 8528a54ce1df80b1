import Foundation
import IngestCore

/// When companies were registered (成立日期), from the register of companies: a CSV file with the columns
/// `credit_code,name,established`. A company is found by its credit code, else by its exact name.
public struct CompanyRegister: Sendable {
    public struct Entry: Sendable, Equatable {
        public var creditCode: String
        public var name: String
        public var established: PrintedDate
    }

    public private(set) var entries: [Entry] = []
    private var byCode: [String: Int] = [:]
    private var byName: [String: Int] = [:]

    public init(entries: [Entry] = []) {
        for entry in entries { add(entry) }
    }

    private mutating func add(_ entry: Entry) {
        entries.append(entry)
        if !entry.creditCode.isEmpty { byCode[entry.creditCode] = entries.count - 1 }
        if !entry.name.isEmpty { byName[entry.name] = entries.count - 1 }
    }

    public enum ParseError: Error, CustomStringConvertible, Equatable {
        case header
        case line(Int, String)

        public var description: String {
            switch self {
            case .header: return "the first line must be the header credit_code,name,established"
            case let .line(n, why): return "line \(n): \(why)"
            }
        }
    }

    /// Parses the CSV text (UTF-8, with or without a byte-order mark; no quoted cells needed: names hold no commas).
    public static func parse(_ text: String) throws -> CompanyRegister {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard lines.first?.replacingOccurrences(of: " ", with: "") == "credit_code,name,established" else {
            throw ParseError.header
        }
        var register = CompanyRegister()
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard cells.count == 3 else { throw ParseError.line(offset + 1, "expected 3 cells, found \(cells.count)") }
            guard let date = PrintedDate(iso: cells[2]), date.isReal else {
                throw ParseError.line(offset + 1, "'\(cells[2])' is not a date written YYYY-MM-DD")
            }
            guard !cells[0].isEmpty || !cells[1].isEmpty else { throw ParseError.line(offset + 1, "no credit code and no name") }
            register.add(Entry(creditCode: cells[0], name: cells[1], established: date))
        }
        return register
    }

    public func entry(creditCode: String?, name: String?) -> Entry? {
        if let creditCode, let index = byCode[creditCode] { return entries[index] }
        if let name, let index = byName[name] { return entries[index] }
        return nil
    }
}
