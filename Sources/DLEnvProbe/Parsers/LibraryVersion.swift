import Foundation

/// Versions of cuDNN, NCCL and other libraries from their headers and file names
/// (`reference/probe.md` §5).
public enum LibraryVersion {
    /// `cudnn_version.h` (cuDNN 8/9) or `cudnn.h` (≤ 7): the three `#define CUDNN_MAJOR/MINOR/PATCHLEVEL`
    /// macros (`CUDNN_VERSION` changed its formula in cuDNN 9 and is ignored).
    public static func cudnnHeader(_ text: String) -> String? {
        defines(text, ["CUDNN_MAJOR", "CUDNN_MINOR", "CUDNN_PATCHLEVEL"])
    }

    /// `nccl.h` / `rccl.h`: `NCCL_MAJOR`, `NCCL_MINOR`, `NCCL_PATCH` (`NVIDIA/nccl:src/nccl.h.in`).
    public static func ncclHeader(_ text: String) -> String? {
        defines(text, ["NCCL_MAJOR", "NCCL_MINOR", "NCCL_PATCH"])
    }

    /// `rocm_version.h`: `ROCM_VERSION_MAJOR/MINOR/PATCH`.
    public static func rocmHeader(_ text: String) -> String? {
        defines(text, ["ROCM_VERSION_MAJOR", "ROCM_VERSION_MINOR", "ROCM_VERSION_PATCH"])
    }

    static func defines(_ text: String, _ names: [String]) -> String? {
        var values: [String: Int] = [:]
        for line in TextScan.lines(text) {
            let words = TextScan.words(line)
            guard words.count >= 3, words[0] == "#define", names.contains(words[1]), let v = Int(words[2]),
                v >= 0, v < 1_000_000
            else { continue }
            if values[words[1]] == nil { values[words[1]] = v }
        }
        guard let major = values[names[0]], let minor = values[names[1]] else { return nil }
        return "\(major).\(minor).\(values[names[2]] ?? 0)"
    }

    /// The version in a library file name after "<stem>.so.": "libcudnn.so.9.10.0" → "9.10.0";
    /// "libcudnn.so.8" → "8". Nil for other names.
    public static func fromFileName(_ name: String, stem: String) -> String? {
        let prefix = stem + ".so."
        guard name.hasPrefix(prefix) else { return nil }
        let rest = String(name.dropFirst(prefix.count))
        guard let v = TextScan.dottedVersion(rest), v == rest else { return nil }
        return v
    }

    /// A pip dist-info folder: "nvidia_cudnn_cu12-9.5.1.17.dist-info" → ("nvidia-cudnn-cu12", "9.5.1.17").
    public static func distInfo(_ folder: String) -> (name: String, version: String)? {
        guard folder.hasSuffix(".dist-info"), let dash = folder.firstIndex(of: "-") else { return nil }
        let name = folder[..<dash].replacingOccurrences(of: "_", with: "-").lowercased()
        let rest = folder[folder.index(after: dash)...].dropLast(".dist-info".count)
        guard let v = TextScan.dottedVersion(rest), v == String(rest) else { return nil }
        return (name, v)
    }

    /// OpenBLAS's real file name: "libopenblasp-r0.3.21.so" / "libopenblas-r0.3.21.so" / "libopenblas.so.0.3"
    /// → "0.3.21".
    public static func openBLASFileName(_ name: String) -> String? {
        if let r = name.range(of: "-r"), name.hasPrefix("libopenblas") {
            let rest = name[r.upperBound...]
            let v = TextScan.dottedVersion(rest.hasSuffix(".so") ? rest.dropLast(3) : rest, minParts: 2)
            return v
        }
        return nil
    }
}
