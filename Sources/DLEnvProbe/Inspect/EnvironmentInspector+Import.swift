import DLEnvCore

extension EnvironmentInspector {
    /// Runs the probe script in the interpreter (imports torch, with a time limit) and compares what torch says
    /// with what the files said: its version, CUDA, arch list (`torch.cuda.get_arch_list()` against the fat
    /// binaries), cuDNN (`torch.backends.cudnn.version()` against the wheel) and the Python version.
    public func compareImport(_ e: EnvironmentInspection, interpreter: String, timeout: Double) -> ImportCheck {
        let (python, _, _) = HostProbe.examine(interpreter, system: system, timeout: timeout)
        guard let version = python.version else {
            return ImportCheck(interpreter: interpreter, python: python, error: python.error ?? "no output")
        }
        var out = ImportCheck(interpreter: interpreter, python: python)
        func differ(_ field: String, _ files: String?, _ imported: String?) {
            if files != imported { out.differences.append(.init(field: field, files: files, imported: imported)) }
        }
        if let p = e.python.flatMap(Version.init), let v = Version(version), p.majorMinor != v.majorMinor {
            differ("python", e.python, version)
        }
        let t = python.torch
        differ("torch", e.torch?.version, t?.version)
        if let t, let files = e.torch {
            differ("cuda", files.cuda, t.cuda)
            differ("hip", files.hip, t.hip)
            // get_arch_list() is empty when CUDA is not usable (no GPU): nothing to compare then.
            if !t.archList.isEmpty, !files.archList.isEmpty {
                differ("arch_list", files.archList.joined(separator: " "), t.archList.joined(separator: " "))
            }
            let cudnnWheel = e.distributions.first { $0.name.hasPrefix("nvidia-cudnn") }?.version
            if let w = cudnnWheel.flatMap(Version.init), let c = t.cudnn.flatMap(Version.init),
                Version(w.components.prefix(3).map(String.init).joined(separator: ".")) != c
            {
                differ("cudnn", cudnnWheel, t.cudnn)
            }
        }
        return out
    }
}
