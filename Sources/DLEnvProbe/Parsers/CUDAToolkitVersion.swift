import Foundation

/// The version files of a CUDA toolkit (`reference/probe.md` §4): `version.json` (CUDA ≥ 11.1),
/// `version.txt` (CUDA ≤ 11.0) and `nvcc --version`.
public enum CUDAToolkitVersion {
    /// `version.json`: the top-level "cuda" entry's version. Its third part is a patch or a date
    /// ("11.8.20220929"); a date is replaced by `cuda_nvcc`'s patch ("11.8.89") when that is present, else
    /// dropped ("11.8"). The "nvidia_driver" entry is the runfile's bundled driver and is never read.
    public static func parseJSON(_ text: String) -> String? {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cuda = (object["cuda"] as? [String: Any])?["version"] as? String,
            let v = TextScan.dottedVersion(cuda, minParts: 2)
        else { return nil }
        let parts = v.split(separator: ".")
        guard parts.count >= 3, parts[2].count >= 8 else { return v }
        let majorMinor = "\(parts[0]).\(parts[1])"
        for key in ["cuda_nvcc", "cuda_cudart"] {
            if let c = (object[key] as? [String: Any])?["version"] as? String, c.hasPrefix(majorMinor + "."),
                let d = TextScan.dottedVersion(c)
            {
                return d
            }
        }
        return majorMinor
    }

    /// `version.txt`: "CUDA Version 10.2.89".
    public static func parseText(_ text: String) -> String? {
        guard let r = text.range(of: "CUDA Version ") else { return nil }
        return TextScan.dottedVersion(text[r.upperBound...].prefix { !$0.isNewline }, minParts: 2)
    }

    /// `nvcc --version`: "Cuda compilation tools, release 12.4, V12.4.131" → "12.4.131" (the release "12.4"
    /// when the V part is missing). The "Built on" date changes format between releases and is never read.
    public static func parseNVCC(_ text: String) -> String? {
        guard let line = TextScan.lines(text).first(where: { $0.contains("Cuda compilation tools") }) else {
            return nil
        }
        if let v = line.range(of: ", V"), let full = TextScan.dottedVersion(line[v.upperBound...], minParts: 2) {
            return full
        }
        guard let r = line.range(of: "release ") else { return nil }
        return TextScan.dottedVersion(line[r.upperBound...], minParts: 2)
    }
}
