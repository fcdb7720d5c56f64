import DLEnvCore

/// Which builds a request accepts: `auto` (from the host's GPUs, driver and ROCm), `cpu`, one variant (`cu121`,
/// `rocm6.1`), or a CUDA / ROCm range (`cuda>=12.1`, `cuda12.4`, `rocm>=6`).
public enum AcceleratorSpec: Sendable, Hashable, CustomStringConvertible {
    case auto
    case cpu
    case variant(String)
    case cuda(VersionSpec)
    case rocm(VersionSpec)

    /// Parses "auto", "cpu", "cu121", "cuda", "cuda>=12.1", "cuda12.4", "rocm", "rocm6.1", "rocm>=6".
    public init(parsing text: String) throws(DiagnosticsError) {
        let t = text.trimmingSpaces.lowercased()
        let forms = "auto, cpu, a variant such as cu121 or rocm6.1, cuda>=12.1, cuda12.4 or rocm>=6"
        func range(_ rest: String) throws(DiagnosticsError) -> VersionSpec {
            do { return try VersionSpec(parsing: rest) } catch {
                throw DiagnosticsError(
                    Diagnostic(.error, "accelerator '\(text)': \(error.description)", remedy: "write one of: \(forms)"))
            }
        }
        switch t {
        case "auto", "": self = .auto
        case "cpu": self = .cpu
        case "cuda", "gpu": self = .cuda(.any)
        case "rocm": self = .rocm(.any)
        default:
            if t.hasPrefix("cu"), !t.hasPrefix("cuda"), t.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }),
                t.count >= 4
            {
                self = .variant(t)
            } else if t.hasPrefix("cuda") {
                self = .cuda(try range(String(t.dropFirst(4))))
            } else if t.hasPrefix("rocm") {
                let rest = String(t.dropFirst(4))
                if let first = rest.first, first.isNumber, Version(rest) != nil {
                    self = .rocm(try range("==\(rest).*"))
                } else {
                    self = .rocm(try range(rest))
                }
            } else {
                throw DiagnosticsError(
                    Diagnostic(.error, "'\(text)' is not an accelerator", remedy: "write one of: \(forms)"))
            }
        }
    }

    /// Whether a variant falls under this spec (`auto` is decided by the resolver from the host).
    public func accepts(_ variant: TorchVariant) -> Bool {
        switch (self, variant.kind) {
        case (.auto, _): true
        case (.cpu, .cpu): true
        case (.variant(let name), _): variant.name == name
        case (.cuda(let spec), .cuda(let v)): spec.contains(v)
        case (.rocm(let spec), .rocm(let v)): spec.contains(v)
        default: false
        }
    }

    public var description: String {
        switch self {
        case .auto: "auto"
        case .cpu: "cpu"
        case .variant(let name): name
        case .cuda(let spec): spec.isAny ? "cuda" : "cuda\(spec)"
        case .rocm(let spec): spec.isAny ? "rocm" : "rocm\(spec)"
        }
    }
}
