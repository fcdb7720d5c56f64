/// Names that engines accept: Kubernetes object names and label values, bake target names, file names.
public enum FleetNaming {
    /// A lowercase slug of `text`: letters and digits kept, every other run of characters becomes one "-".
    /// "NVIDIA H100 80GB HBM3" → "nvidia-h100-80gb-hbm3"; "2.5.1+cu124" → "2-5-1-cu124".
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(c)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// The `nvidia.com/gpu.product` value GPU Feature Discovery writes for a GPU: its NVML name with each
    /// space replaced by "-" ("NVIDIA H100 80GB HBM3" → "NVIDIA-H100-80GB-HBM3"). Source:
    /// NVIDIA/k8s-device-plugin `internal/lm/resource.go` (`productLabel`: `strings.ReplaceAll(p, " ", "-")`).
    public static func productLabel(forGPUName name: String) -> String {
        name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: "-")
    }

    /// A Kubernetes object name usable as a label value too (the Job controller copies the Job's name into
    /// the `job-name` label): a DNS-1123 label of at most 63 characters. Longer names keep a readable head
    /// and end in a hash of the whole name, so distinct long names stay distinct.
    public static func dnsLabel(_ text: String, limit: Int = 63) -> String {
        let s = slug(text)
        guard s.count > limit else { return s.isEmpty ? "x" : s }
        let hash = String(contentHash(s).prefix(8))
        var head = String(s.prefix(limit - hash.count - 1))
        while head.hasSuffix("-") { head.removeLast() }
        return head + "-" + hash
    }

    /// Whether `text` is a DNS-1123 label (lowercase alphanumerics and "-", alphanumeric at both ends,
    /// at most 63 characters). Source: kubernetes.io/docs/concepts/overview/working-with-objects/names.
    public static func isDNSLabel(_ text: String) -> Bool {
        guard (1...63).contains(text.count), let first = text.first, let last = text.last else { return false }
        let ok = text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        return ok && first != "-" && last != "-"
    }

    /// Whether `text` is a valid label value: at most 63 characters of alphanumerics, "-", "_", ".",
    /// beginning and ending with an alphanumeric (or empty). Source: kubernetes.io/docs/concepts/overview/
    /// working-with-objects/labels/#syntax-and-character-set.
    public static func isLabelValue(_ text: String) -> Bool {
        if text.isEmpty { return true }
        guard text.count <= 63, let first = text.first, let last = text.last else { return false }
        let ok = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return ok && first.isLetterOrNumber && last.isLetterOrNumber
    }

    /// Whether `text` is a label key: an optional DNS-subdomain prefix and "/", then a name that is a
    /// non-empty label value.
    public static func isLabelKey(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, isLabelValue(String(name)) else { return false }
        if parts.count == 2 {
            let prefix = parts[0]
            guard (1...253).contains(prefix.count) else { return false }
            return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0)) }
        }
        return true
    }

    /// A short stable hash of some text (FNV-1a, 64 bits, 16 hex digits): content-addresses images and
    /// disambiguates names. Not a security hash; it only has to be stable across runs and platforms.
    public static func contentHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Character {
    fileprivate var isLetterOrNumber: Bool { isASCII && (isLetter || isNumber) }
}
