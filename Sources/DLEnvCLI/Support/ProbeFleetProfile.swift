import DLEnvCore
import DLEnvMatrix

/// A declared fleet for `dlenv check --profile fleet.yaml`: the oldest driver in the fleet and its GPUs.
///
///     # fleet.yaml
///     os: linux                 # optional: linux (default) or windows
///     driver: 535.104.05        # the oldest NVIDIA driver on any machine
///     gpus: [NVIDIA A100-SXM4-80GB, "8.6", sm_90]    # names, compute capabilities or gfx targets
///
/// `gpus` may also be a block list ("- NVIDIA L4"). Read with a small line parser (the format is this flat),
/// so every error names its line.
enum ProbeFleetProfile {
    static func parse(_ text: String, file: String, matrix: CompatibilityMatrix) throws -> HostFacts {
        var facts = HostFacts()
        var items: [(String, Int)] = []
        var inGPUs = false
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = n + 1
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("- ") {
                guard inGPUs else {
                    throw CLIFailure.badInput(
                        "a list item outside 'gpus:'", at: SourceLocation(file: file, line: lineNumber),
                        remedy: "list GPUs under 'gpus:'")
                }
                items.append((unquote(String(trimmed.dropFirst(2))), lineNumber))
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw CLIFailure.badInput(
                    "expected 'key: value'", at: SourceLocation(file: file, line: lineNumber),
                    remedy: "write os:, driver: and gpus: lines")
            }
            let key = String(trimmed[..<colon]).trimmingSpaces
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces
            inGPUs = false
            switch key {
            case "os":
                guard let os = HostFacts.OS(rawValue: value.lowercased()), os != .macos else {
                    throw CLIFailure.badInput(
                        "os '\(value)' is not linux or windows", at: SourceLocation(file: file, line: lineNumber),
                        remedy: "write os: linux")
                }
                facts.os = os
            case "driver":
                guard Version(unquote(value)) != nil else {
                    throw CLIFailure.badInput(
                        "driver '\(value)' is not a version", at: SourceLocation(file: file, line: lineNumber),
                        remedy: "write the oldest driver in the fleet, e.g. driver: 535.104.05")
                }
                facts.driver = HostFacts.Driver(version: unquote(value), source: "declared")
            case "gpus":
                inGPUs = true
                if value.hasPrefix("[") {
                    guard value.hasSuffix("]") else {
                        throw CLIFailure.badInput(
                            "unclosed '[' in gpus", at: SourceLocation(file: file, line: lineNumber),
                            remedy: "write gpus: [A100, \"8.6\"]")
                    }
                    for item in value.dropFirst().dropLast().split(separator: ",") {
                        let t = unquote(String(item).trimmingSpaces)
                        if !t.isEmpty { items.append((t, lineNumber)) }
                    }
                    inGPUs = false
                } else if !value.isEmpty {
                    items.append((unquote(value), lineNumber))
                }
            default:
                let near = closest(to: key, in: ["os", "driver", "gpus"], limit: 1)
                throw CLIFailure.badInput(
                    "unknown key '\(key)'", at: SourceLocation(file: file, line: lineNumber),
                    remedy: near.isEmpty ? "the keys are os, driver and gpus" : "did you mean '\(near[0])'?")
            }
        }
        for (i, (text, line)) in items.enumerated() {
            let requirement: GPURequirement
            do { requirement = try MatrixInput.gpu(text, index: i, matrix: matrix) } catch let failure as CLIFailure {
                throw CLIFailure(
                    rendered: failure.rendered + "\n  --> \(file):\(line)", exitCode: failure.exitCode)
            }
            facts.gpus.append(
                HostFacts.GPU(
                    index: i, name: requirement.name, computeCapability: requirement.computeCapability?.description,
                    gfx: requirement.gfx, source: "declared"))
        }
        return facts
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }
}
