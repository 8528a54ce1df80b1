#if canImport(Glibc)
import Glibc
#endif

/// Whether a host name or address to listen on is this machine's loopback, by what it resolves to: every address
/// must be loopback (127.0.0.0/8 or ::1). The name itself proves nothing: `127.attacker.example` begins like one.
public enum LoopbackAddress {
    public static func isLoopback(_ host: String) -> Bool {
        let name = host.trimmingCharacters(in: ["[", "]"])
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, list != nil else { return false }
        defer { freeaddrinfo(list) }
        var node = list
        while let entry = node?.pointee {
            guard let address = entry.ai_addr, isLoopback(address, family: entry.ai_family) else { return false }
            node = entry.ai_next
        }
        return true
    }

    private static func isLoopback(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> Bool {
        switch family {
        case AF_INET:
            let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            return UInt32(bigEndian: ipv4) >> 24 == 127
        case AF_INET6:
            var ipv6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            return withUnsafeBytes(of: &ipv6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        default:
            return false
        }
    }
}
