import DLEnvCore
import Foundation

/// The JSON line `PythonProbeScript` prints ("DLENV-PROBE {…}") decoded into a `HostFacts.Python`, plus the
/// pip-installed cuDNN/NCCL wheels it saw.
public struct PythonProbeOutput: Sendable, Hashable {
    public var python: HostFacts.Python
    /// "nvidia-cudnn-cu12" → "9.5.1.17", and the like.
    public var wheels: [String: String]

    public static let marker = "DLENV-PROBE "

    public static func parse(_ stdout: String, path: String) -> PythonProbeOutput? {
        guard let line = TextScan.lines(stdout).last(where: { $0.hasPrefix(marker) }),
            let data = String(line.dropFirst(marker.count)).data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let version = object["version"] as? String, TextScan.dottedVersion(version, minParts: 2) != nil
        else { return nil }
        var python = HostFacts.Python(path: path, version: version)
        if let t = object["torch"] as? [String: Any], let tv = t["version"] as? String {
            python.torch = HostFacts.Torch(
                version: tv, cuda: t["cuda"] as? String, hip: t["hip"] as? String,
                cudnn: (t["cudnn"] as? Int).flatMap(cudnnVersion),
                archList: (t["arch_list"] as? [Any])?.compactMap { $0 as? String } ?? [],
                cudaAvailable: t["cuda_available"] as? Bool ?? false, deviceCount: t["device_count"] as? Int ?? 0,
                devices: (t["devices"] as? [Any])?.compactMap { $0 as? String } ?? [])
        }
        if let e = object["torch_error"] as? String { python.error = "import torch failed: \(e.prefix(300))" }
        var wheels: [String: String] = [:]
        for (k, v) in object["wheels"] as? [String: Any] ?? [:] {
            if let s = v as? String { wheels[k] = s }
        }
        return PythonProbeOutput(python: python, wheels: wheels)
    }

    /// `torch.backends.cudnn.version()`: 90100 → "9.1.0" (cuDNN 9: ×10000), 8907 → "8.9.7" (≤ 8: ×1000).
    public static func cudnnVersion(_ v: Int) -> String? {
        guard v > 0 else { return nil }
        if v >= 10000 { return "\(v / 10000).\((v % 10000) / 100).\(v % 100)" }
        return "\(v / 1000).\((v % 1000) / 100).\(v % 100)"
    }
}

/// The script each interpreter runs (with a timeout): Python's version and, if importable, torch's facts, as
/// one JSON line. Every torch call is guarded: a broken CUDA setup must still give the other facts.
public enum PythonProbeScript {
    public static let source = """
        import json, os, sys
        r = {"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "executable": os.path.realpath(sys.executable),
             "wheels": {}}
        try:
            from importlib import metadata
            for n in ("nvidia-cudnn-cu11", "nvidia-cudnn-cu12", "nvidia-cudnn-cu13", "nvidia-nccl-cu11",
                      "nvidia-nccl-cu12", "nvidia-nccl-cu13"):
                try:
                    r["wheels"][n] = metadata.version(n)
                except Exception:
                    pass
        except Exception:
            pass
        try:
            import torch
            t = {"version": torch.__version__, "cuda": torch.version.cuda,
                 "hip": getattr(torch.version, "hip", None)}
            try:
                t["cudnn"] = torch.backends.cudnn.version()
            except Exception:
                t["cudnn"] = None
            try:
                t["arch_list"] = torch.cuda.get_arch_list()
            except Exception:
                t["arch_list"] = []
            try:
                t["cuda_available"] = bool(torch.cuda.is_available())
                t["device_count"] = torch.cuda.device_count() if t["cuda_available"] else 0
                t["devices"] = [torch.cuda.get_device_name(i) for i in range(t["device_count"])]
            except Exception as e:
                t["cuda_available"] = False
                t["device_count"] = 0
                t["devices"] = []
                t["cuda_error"] = repr(e)
            r["torch"] = t
        except ImportError:
            r["torch"] = None
        except Exception as e:
            r["torch"] = None
            r["torch_error"] = repr(e)
        print("DLENV-PROBE " + json.dumps(r))
        """
}
