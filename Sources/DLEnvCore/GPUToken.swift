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

    /// The longest GPU text read: the longest name in gpus.yaml is under 60 characters, and a 100,000-character
    /// `--gpu` must not cost seconds of "did you mean" search.
    public static let maximumLength = 128

    /// Why `text` is not a usable GPU although it is written like one: a compute capability whose numbers are out
    /// of range (`sm_9223372036854775808`, `99999999999999999999.0`, `8.99`, `8.9.9.9`) or a text longer than
    /// `maximumLength`. nil for a capability, a gfx target, or anything that reads as a name.
    public static func rangeProblem(_ text: String, origin: String) -> OutOfRange? {
        let t = text.trimmingSpaces
        if t.utf8.count > maximumLength {
            return OutOfRange(
                what: "a GPU", value: String(t.prefix(40)) + "…", range: "at most \(maximumLength) characters",
                origin: origin)
        }
        switch GPUToken(parsing: t) {
        case .capability: return nil
        case .gfx(let gfx):
            // LLVM's AMDGPU processor names: gfx + a 1–2 digit major, then minor and stepping as one hex digit
            // each (gfx906, gfx90a, gfx942, gfx1100). Anything else names no GPU and must never pass as one.
            let tail = gfx.dropFirst(3).utf8
            let wellFormed =
                (3...4).contains(tail.count) && tail.dropLast().allSatisfy { (0x30...0x39).contains($0) }
                && tail.last.map { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } == true
            return wellFormed
                ? nil
                : OutOfRange(
                    what: "an AMD gfx target", value: t,
                    range: "gfx, then 3–4 characters: digits, the last may be a–f (gfx90a, gfx942, gfx1100)",
                    origin: origin)
        case .name: break
        }
        var body = Substring(t.lowercased())
        for prefix in ["sm_", "sm"] where body.hasPrefix(prefix) {
            body = body.dropFirst(prefix.count)
            break
        }
        while let last = body.last, last.isASCII, last.isLetter { body = body.dropLast() }
        guard body.first?.isASCII == true, body.first?.isNumber == true,
            body.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) })
        else { return nil }
        return OutOfRange(
            what: "a compute capability", value: t,
            range:
                "major.minor with a major of 1–2 digits and a minor of 1 digit (8.6, 12.0), or sm_XY / sm_XYZ (sm_86, sm_100)",
            origin: origin)
    }
}
