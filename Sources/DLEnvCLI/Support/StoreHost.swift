import DLEnvCore
import DLEnvStore
import Foundation

/// The host identity runs are stored under. It reads the few facts the fingerprint needs straight from /proc
/// (CPU model; NVIDIA GPU models, UUIDs and driver version as the kernel module reports them), so storing a run
/// costs no probe. When the probe's `HostFacts` are at hand, prefer `HostIdentity(facts:)` on them.
enum StoreHost {
    static func current(root: String = "") -> HostIdentity {
        HostIdentity(facts: facts(root: root))
    }

    static func facts(root: String = "") -> HostFacts {
        var facts = HostFacts()
        if let cpuinfo = try? String(contentsOfFile: root + "/proc/cpuinfo", encoding: .utf8),
            let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            let model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let cores = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("processor") }.count
            facts.cpu = HostFacts.CPU(model: model, cores: cores)
        }
        // /proc/driver/nvidia/version: "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  ...".
        if let version = try? String(contentsOfFile: root + "/proc/driver/nvidia/version", encoding: .utf8),
            let match = version.firstMatch(of: /Kernel Module\s+([0-9.]+)/)
        {
            facts.driver = HostFacts.Driver(version: String(match.1), source: "/proc/driver/nvidia/version")
        }
        let gpuFolder = root + "/proc/driver/nvidia/gpus"
        let buses = (try? FileManager.default.contentsOfDirectory(atPath: gpuFolder))?.sorted() ?? []
        for (index, bus) in buses.enumerated() {
            guard let info = try? String(contentsOfFile: "\(gpuFolder)/\(bus)/information", encoding: .utf8) else {
                continue
            }
            let field = { (key: String) -> String? in
                info.split(separator: "\n").first { $0.hasPrefix(key + ":") }.map {
                    $0.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                }
            }
            facts.gpus.append(
                HostFacts.GPU(
                    index: index, name: field("Model"), uuid: field("GPU UUID"), source: "/proc/driver/nvidia/gpus"))
        }
        return facts
    }
}
