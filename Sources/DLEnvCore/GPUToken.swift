/// The one GPU grammar of dlenv, used by `--gpu`, dlenv.yaml's `target.gpus`, fleet profiles and workspaces alike:
/// a compute capability ("8.6", "86", "sm_86", "sm86", "sm_90a"), an AMD gfx target ("gfx942"), or a name or alias
/// that the matrix looks up in gpus.yaml ("NVIDIA H100 80GB HBM3", "H100", "RTX 4090"). Numbers are bounded
/// (at most three digits), so no input overflows.
public enum GPUToken: Sendable, Hashable {
    case capability(ComputeCapability)
    case gfx(String)
    case name(String)

    public init(parsing text: String) {
        let t = text.trimmingSpaces
        let lower = t.lowercased()
        var number = Substring(lower)
        if number.hasPrefix("sm_") {
            number = number.dropFirst(3)
        } else if number.hasPrefix("sm"), number.dropFirst(2).first?.isNumber == true {
            number = number.dropFirst(2)
        }
        if number.first?.isNumber == true, lower.first?.isNumber == true || lower.hasPrefix("sm"),
            let cc = ComputeCapability(String(number))
        {
            self = .capability(cc)
        } else if lower.hasPrefix("gfx"), lower.count > 3, lower.count <= 16,
            lower.dropFirst(3).allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) })
        {
            self = .gfx(lower)
        } else {
            self = .name(t)
        }
    }
}
