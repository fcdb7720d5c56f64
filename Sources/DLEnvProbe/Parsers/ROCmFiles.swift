import Foundation

/// ROCm's files (`reference/probe.md` §6): `/opt/rocm/.info/version` ("6.2.2-116", TheRock "7.14.0"),
/// `share/hip/version` (KEY=VALUE), and the KFD topology `properties` of each node.
public enum ROCmFiles {
    /// `.info/version`: "6.2.2-116" → "6.2.2".
    public static func infoVersion(_ text: String) -> String? {
        let line = TextScan.trim(TextScan.lines(text).first ?? "")
        let v = TextScan.dottedVersion(line, minParts: 2)
        guard let v, line == v || line.dropFirst(v.count).first == "-" else { return nil }
        return v
    }

    /// `share/hip/version` or `bin/.hipVersion`: "HIP_VERSION_MAJOR=7" … → "7.16.26331".
    public static func hipVersion(_ text: String) -> String? {
        var values: [String: String] = [:]
        for line in TextScan.lines(text) where !line.hasPrefix("#") {
            if let (k, v) = TextScan.keyValue(line, separator: "=") { values[k] = v }
        }
        guard let major = values["HIP_VERSION_MAJOR"].flatMap({ Int($0) }),
            let minor = values["HIP_VERSION_MINOR"].flatMap({ Int($0) })
        else { return nil }
        return "\(major).\(minor)" + (values["HIP_VERSION_PATCH"].flatMap { Int($0) }.map { ".\($0)" } ?? "")
    }
}

/// One KFD topology node's `properties` ("name value" lines, `kfd_topology.c`).
public struct KFDNode: Sendable, Hashable {
    public var simdCount: Int?
    public var gfxTargetVersion: Int?
    public var vendorID: Int?
    public var deviceID: Int?

    /// A GPU node has SIMDs (CPU nodes have `simd_count 0`); a partial file with only a non-zero
    /// `gfx_target_version` also counts (rocm-systems PR#3897).
    public var isGPU: Bool { (simdCount ?? 0) > 0 || (simdCount == nil && (gfxTargetVersion ?? 0) > 0) }

    /// The gfx target name: major = v / 10000, minor = v / 100 % 100, stepping = v % 100 in hex
    /// (llama-swap PR#978): 90010 → "gfx90a", 110000 → "gfx1100", 90402 → "gfx942".
    public var gfxName: String? {
        guard let v = gfxTargetVersion, v > 0 else { return nil }
        return "gfx\(v / 10000)\((v / 100) % 100)\(String(v % 100, radix: 16))"
    }

    public static func parse(_ text: String) -> KFDNode? {
        var node = KFDNode()
        var any = false
        for line in TextScan.lines(text) {
            let words = TextScan.words(line)
            guard words.count == 2, let value = Int(words[1]) else { continue }
            any = true
            switch words[0] {
            case "simd_count": node.simdCount = value
            case "gfx_target_version": node.gfxTargetVersion = value
            case "vendor_id": node.vendorID = value
            case "device_id": node.deviceID = value
            default: break
            }
        }
        return any ? node : nil
    }
}
