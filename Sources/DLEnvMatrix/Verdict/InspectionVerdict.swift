import DLEnvCore

/// The verdict on one inspected environment (`dlenv inspect`, `doctor`, `check`): its consistency findings (typed,
/// with their numbers), the chain links of its torch on the host (driver floor, and each GPU against the arch list
/// read from the fat binaries), and the ranked fixes from the fix engine.
public struct InspectionVerdict: Sendable, Hashable, Encodable {
    public var target: String
    public var interpreter: String?
    /// "2.15.0+cu132" (nil: no torch installed).
    public var torch: String?
    public var variant: String?
    public var findings: [InspectionFinding]
    public var links: [ChainLink]
    public var fixes: [Fix]

    /// No finding of severity error.
    public var consistent: Bool { !findings.contains { $0.severity == .error } }
    /// No chain link fails on the host.
    public var runsHere: Bool { links.allSatisfy(\.ok) }
    public var ok: Bool { consistent && runsHere }

    enum CodingKeys: String, CodingKey {
        case target, interpreter, torch, variant, ok, consistent, findings, links, fixes
        case runsHere = "runs_here"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(interpreter, forKey: .interpreter)
        try c.encode(torch, forKey: .torch)
        try c.encode(variant, forKey: .variant)
        try c.encode(ok, forKey: .ok)
        try c.encode(consistent, forKey: .consistent)
        try c.encode(runsHere, forKey: .runsHere)
        try c.encode(findings, forKey: .findings)
        try c.encode(links, forKey: .links)
        try c.encode(fixes, forKey: .fixes)
    }

    /// The environment's torch as `doctor` and `check` list installed torches: the failing links with the fixes.
    public var installed: InstalledVerdict? {
        guard let torch else { return nil }
        return InstalledVerdict(
            python: interpreter ?? target, torch: torch, variant: variant, compatible: runsHere,
            problems: links.filter(\.failed), notes: [], links: links, fixes: runsHere ? [] : fixes)
    }
}

/// One consistency problem of an environment, with its facts.
public struct InspectionFinding: Sendable, Hashable, Encodable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A distribution's Requires-Dist is not met by what is installed (a companion pinned to another torch, a
        /// cuDNN wheel other than the one torch pins, a missing wheel).
        case requirementUnmet = "requirement_unmet"
        /// A companion built for another variant (+cpu next to +cu128, another CUDA major).
        case companionVariant = "companion_variant"
        /// torchvision/torchaudio of another release line than the matrix pairs with this torch.
        case companionPairing = "companion_pairing"
        /// The loader takes a CUDA library from outside the wheels although a wheel ships it.
        case shadowedLibrary = "shadowed_library"
        /// A copy outside the wheels lies on the search path but is not taken (torch's RPATH or preload wins).
        case maskedLibrary = "masked_library"
        /// A CUDA library torch needs is found nowhere.
        case missingLibrary = "missing_library"
        /// Wheels of one CUDA library for several CUDA majors.
        case duplicateWheels = "duplicate_wheels"
        /// cuDNN/NCCL from the wheels differ from what the matrix records for this build.
        case cudaLibraryVersion = "cuda_library_version"
        /// The arch list in the fat binaries differs from what the matrix records for this build.
        case archListDiffers = "arch_list_differs"
        /// No torch in the environment.
        case noTorch = "no_torch"
        /// A torch build the matrix does not know (the links use what the files say).
        case unknownBuild = "unknown_build"
    }

    public enum Severity: String, Sendable, Hashable, Codable { case error, warning, note }

    public var kind: Kind
    public var severity: Severity
    public var facts: InspectionFacts

    public init(kind: Kind, severity: Severity, facts: InspectionFacts) {
        self.kind = kind
        self.severity = severity
        self.facts = facts
    }
}

/// The facts of a finding.
public enum InspectionFacts: Sendable, Hashable {
    /// `by` (name, version) requires `requirement`; `installed` is what is there (nil: not installed).
    case requirement(by: String, byVersion: String, requirement: Requirement, installed: String?)
    /// `package` `version` is a `variant` build next to torch's `torchVariant`.
    case variant(package: String, version: String, variant: String, torchVariant: String)
    /// `package` `installed` is not the release line the matrix pairs with torch (`pairs`).
    case pairing(package: String, installed: String, pairs: String, torch: String)
    case library(ResolvedLibrary)
    case duplicate(DuplicateWheels)
    /// `library` ("cudnn", "nccl") `wheel` (from `package`) against the matrix's `matrix` for `variant`.
    case cudaLibrary(library: String, package: String, wheel: String, matrix: String, variant: String)
    case archList(library: String, files: [String], matrix: [String], variant: String)
    /// A torch build (release, variant) the matrix does not record.
    case build(torch: String, variant: String)
    case none
}
