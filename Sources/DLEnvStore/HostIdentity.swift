import DLEnvCore

/// A host as the store knows it: a fingerprint computed from the probe's facts (CPU model, GPU names and UUIDs,
/// driver version), plus those facts in readable form. The same machine gives the same fingerprint from run
/// to run; a new GPU or a driver update starts a new host, so trends never mix hardware or drivers.
public struct HostIdentity: Sendable, Hashable, Codable {
    /// 16 hex digits (FNV-1a 64 of `canonical`).
    public var fingerprint: String
    public var cpuModel: String?
    /// "NVIDIA H100 80GB HBM3 (GPU-5f2c...)" per GPU, in index order.
    public var gpus: [String]
    public var driver: String?

    public init(fingerprint: String, cpuModel: String?, gpus: [String], driver: String?) {
        self.fingerprint = fingerprint
        self.cpuModel = cpuModel
        self.gpus = gpus
        self.driver = driver
    }

    /// The identity of the host a probe described.
    public init(facts: HostFacts) {
        let gpus = facts.gpus.sorted { $0.index < $1.index }.map { gpu -> String in
            let name = gpu.name ?? "GPU \(gpu.computeCapability ?? "?")"
            return gpu.uuid.map { "\(name) (\($0))" } ?? name
        }
        let cpu = facts.cpu?.model
        let driver = facts.driver?.version
        self.init(
            fingerprint: Self.fingerprint(cpuModel: cpu, gpus: gpus, driver: driver), cpuModel: cpu, gpus: gpus,
            driver: driver)
    }

    /// A one-line label for tables: "Intel Xeon ... · 1× NVIDIA H100 · driver 550.54".
    public var label: String {
        var parts = [cpuModel ?? "unknown CPU"]
        if !gpus.isEmpty {
            let names = gpus.map { $0.split(separator: "(").first.map { $0.trimmingCharacters() } ?? $0 }
            let counted = Dictionary(grouping: names, by: { $0 }).sorted { $0.key < $1.key }
            parts.append(counted.map { "\($0.value.count)× \($0.key)" }.joined(separator: ", "))
        }
        if let driver { parts.append("driver \(driver)") }
        return parts.joined(separator: " · ")
    }

    /// FNV-1a 64 over a canonical text of the facts; stable across runs and platforms.
    public static func fingerprint(cpuModel: String?, gpus: [String], driver: String?) -> String {
        let canonical = "cpu=\(cpuModel ?? "")\ngpus=\(gpus.joined(separator: "|"))\ndriver=\(driver ?? "")"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonical.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint, gpus, driver
        case cpuModel = "cpu_model"
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
