import DLEnvCore

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU facts the tensor core needs: vector extensions (to pick OpenBLAS's kernel core) and the vendor.
public struct CPUFeatures: Sendable, Hashable {
    /// Lower-case feature flags from /proc/cpuinfo ("avx2", "fma", "avx512f", …).
    public var flags: Set<String>
    /// "GenuineIntel", "AuthenticAMD", … (empty when unknown).
    public var vendor: String

    /// Parses the first processor block of /proc/cpuinfo text.
    public init(cpuinfo: String) {
        var flags = Set<String>(), vendor = ""
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(), value = parts[1].trimmingCharacters()
            if key == "flags" && flags.isEmpty { flags = Set(value.split(separator: " ").map(String.init)) }
            if key == "vendor_id" && vendor.isEmpty { vendor = value }
        }
        self.flags = flags
        self.vendor = vendor
    }

    /// The OpenBLAS core type dlenv forces before the library loads: DLEnvCore's one choice, which the probe
    /// reports too (DESIGN §5: OpenBLAS 0.3.21 runs Sapphire Rapids on its generic Prescott kernel). nil when no
    /// vector unit is known.
    public var openBLASCoreType: String? { OpenBLASCoreChoice.choose(vendor: vendor, flags: flags)?.core }

    /// This machine's features (empty off Linux).
    public static let current: CPUFeatures = CPUFeatures(cpuinfo: readSmallFile("/proc/cpuinfo") ?? "")
}

/// Reads a small text file with the C library (the tensor core does not import Foundation).
func readSmallFile(_ path: String) -> String? {
    #if canImport(Glibc)
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    #else
        return nil
    #endif
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
        return String(s)
    }
}
