/// One fact of a fleet result that contradicts the job it is attributed to: what the job claims (the plan's
/// job, or `--gpu`/`--driver`) against what the result itself reports (its probe report and the environment of
/// its verify report).
public struct FleetMismatch: Sendable, Hashable, Codable {
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case gpu, driver, torch, python, device
    }

    public var field: Field
    public var claimed: String
    public var observed: String

    public init(field: Field, claimed: String, observed: String) {
        self.field = field
        self.claimed = claimed
        self.observed = observed
    }
}

/// What a result is attributed to: the GPU, driver and torch build of its job, and that the job verifies on a GPU.
/// Nil fields claim nothing.
public struct FleetClaim: Sendable, Hashable {
    /// The GPU's matrix name ("NVIDIA H100 80GB HBM3").
    public var gpu: String?
    public var driver: String?
    /// torch's public version ("2.4.1").
    public var torch: String?
    /// The build variant ("cu124", "cpu", "rocm6.1").
    public var variant: String?
    /// "3.11".
    public var python: String?
    /// The torch device the job verifies on: "cuda" for every fleet job (`dlenv verify --device cuda`).
    public var device: String?

    public init(
        gpu: String? = nil, driver: String? = nil, torch: String? = nil, variant: String? = nil,
        python: String? = nil, device: String? = nil
    ) {
        self.gpu = gpu
        self.driver = driver
        self.torch = torch
        self.variant = variant
        self.python = python
        self.device = device
    }

    /// "2.4.1+cu124" (the version as torch reports it for that build).
    public var torchBuild: String? {
        guard let torch else { return nil }
        guard let variant, !variant.isEmpty, !torch.contains("+") else { return torch }
        return "\(torch)+\(variant)"
    }
}

/// What a result reports about where it ran, from its own reports only.
public struct FleetObservation: Sendable, Hashable {
    /// The probe report's GPU names in index order (matrix names where the matrix knows them); nil when the result
    /// has no probe report, empty when the probe found no GPU.
    public var gpus: [String]?
    /// The probe report's driver version; nil without a probe report or without a driver.
    public var driver: String?
    /// `environment` of the verify report: torch's version with its local tag, torch's CUDA version, Python,
    /// and the device ("cpu", "cuda", "cuda: NVIDIA H100 80GB HBM3"); nil when not reported.
    public var torch: String?
    public var cuda: String?
    public var python: String?
    public var device: String?

    public init(
        gpus: [String]?, driver: String?, torch: String?, cuda: String?, python: String?, device: String?
    ) {
        self.gpus = gpus
        self.driver = driver
        self.torch = torch
        self.cuda = cuda
        self.python = python
        self.device = device
    }

    /// The observation in a parsed result; `canonicalGPU` maps an NVML name to the matrix's ("Tesla T4").
    public init(_ parsed: FleetResultParser.Parsed, canonicalGPU: (String) -> String = { $0 }) {
        let env = parsed.environment
        self.init(
            gpus: parsed.probeJSON == nil ? nil : parsed.gpuNames.map(canonicalGPU), driver: parsed.driverVersion,
            torch: env["torch"], cuda: env["cuda"], python: env["python"],
            device: env["device"].map { device in
                // "cuda: NVIDIA H100 80GB HBM3": torch's own name for its device 0, canonical like the probe's.
                guard let colon = device.firstIndex(of: ":") else { return device }
                let name = device[device.index(after: colon)...].trimmedSpaces
                return name.isEmpty ? device : "\(device[..<colon]): \(canonicalGPU(name))"
            })
    }

    /// The device kind: "cuda" for "cuda: NAME".
    public var deviceKind: String? {
        device.map { d in String(d.split(separator: ":", maxSplits: 1).first ?? "").trimmedSpaces }
            .map { $0.lowercased() }
    }

    /// The GPU the run used: torch's device name when it gave one, else the probe's first GPU; "none" when the
    /// probe found no GPU; nil when the result does not say.
    public var gpu: String? {
        if let device, let colon = device.firstIndex(of: ":") {
            let name = device[device.index(after: colon)...].trimmedSpaces
            if !name.isEmpty { return name }
        }
        guard let gpus else { return nil }
        return gpus.first ?? "none"
    }
}

/// Whether a fleet result is what its job claims: every fact both sides state must agree. A result whose own
/// reports contradict its job is a mismatch: it is stored as such, never as a verification of that job.
public enum FleetAttribution {
    /// The contradictions, in the order gpu, driver, torch, python, device; empty when the result agrees with
    /// its claim (facts only one side states are not judged).
    public static func mismatches(claim: FleetClaim, observed: FleetObservation) -> [FleetMismatch] {
        var found: [FleetMismatch] = []
        if let claimed = claim.gpu, let seen = observed.gpu, !same(claimed, seen) {
            found.append(.init(field: .gpu, claimed: claimed, observed: seen))
        }
        if let claimed = claim.driver, observed.gpus != nil || observed.driver != nil {
            let seen = observed.driver ?? "none"
            if !same(claimed, seen) { found.append(.init(field: .driver, claimed: claimed, observed: seen)) }
        }
        if let claimed = claim.torchBuild, let seen = observed.torch, !torchAgrees(claim, seen, cuda: observed.cuda) {
            let shown = seen.contains("+") ? seen : seen + (observed.cuda.map { " (CUDA \($0))" } ?? " (no CUDA)")
            found.append(.init(field: .torch, claimed: claimed, observed: shown))
        }
        if let claimed = claim.python, let seen = observed.python, minor(claimed) != minor(seen) {
            found.append(.init(field: .python, claimed: claimed, observed: seen))
        }
        if let claimed = claim.device, let seen = observed.deviceKind, !same(claimed, seen) {
            found.append(.init(field: .device, claimed: claimed, observed: observed.device ?? seen))
        }
        return found
    }

    /// torch's version agrees when the public versions are equal and the build does: the local tag when torch
    /// reports one ("2.13.0+cpu" is not a cu124 build), else torch's CUDA version for a CUDA variant (PyPI's
    /// default wheels carry no local tag).
    static func torchAgrees(_ claim: FleetClaim, _ seen: String, cuda: String?) -> Bool {
        guard let torch = claim.torch else { return true }
        let parts = seen.split(separator: "+", maxSplits: 1).map(String.init)
        let claimedParts = torch.split(separator: "+", maxSplits: 1).map(String.init)
        guard same(parts.first ?? "", claimedParts.first ?? "") else { return false }
        guard let variant = claim.variant ?? claimedParts.dropFirst().first, !variant.isEmpty else { return true }
        if parts.count == 2 { return same(parts[1], variant) }
        let v = variant.lowercased()
        if v.hasPrefix("cu"), v.dropFirst(2).allSatisfy(\.isNumber) {
            guard let cuda else { return false }
            return "cu" + cuda.filter(\.isNumber) == v
        }
        return v != "cpu" || cuda == nil
    }

    static func same(_ a: String, _ b: String) -> Bool {
        a.trimmedSpaces.lowercased() == b.trimmedSpaces.lowercased()
    }

    static func minor(_ python: String) -> String {
        python.split(separator: ".").prefix(2).joined(separator: ".")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    fileprivate var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
