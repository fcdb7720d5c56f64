import DLEnvCore
import DLEnvMatrix
import DLEnvService

/// Human output of `dlenv check` and the check part of `dlenv doctor`: links, fixes and installed verdicts,
/// rendered from the typed values.
enum ProbeCheckRendering {
    static func render(_ r: CheckReport) -> String {
        var out = ""
        if let stack = r.stack {
            out += "\(stack.candidate) on \(r.host)\n"
            out += links(stack.links)
            // Never a bare "compatible" over a link that was not checked: say which ones were not.
            let unchecked = stack.links.filter { $0.status == .notChecked }.map(\.name)
            out +=
                !stack.compatible
                ? "NOT compatible\n"
                : unchecked.isEmpty
                    ? "compatible\n"
                    : "compatible as far as checked (not checked: \(unchecked.joined(separator: ", ")))\n"
        }
        let fixes = r.stack?.fixes.map { fix($0, torch: r.stack?.torch) } ?? installedFixes(r.installed)
        if !fixes.isEmpty {
            out += "\nfixes, best first:\n"
            for (i, f) in fixes.enumerated() { out += "  \(i + 1). \(f)\n" }
        }
        if !r.installed.isEmpty {
            out += "\ninstalled torch:\n" + installed(r.installed)
        }
        if !r.warnings.isEmpty {
            out += "\nhost warnings:\n"
            for w in r.warnings { out += "  - \(w)\n" }
        }
        return out
    }

    /// ✓ checked and fine, ✗ broken, ? not checked (never shown as ✓).
    static func links(_ links: [ChainLink]) -> String {
        let width = (links.map(\.name.count).max() ?? 0) + 2
        return links.map { l in
            let mark = l.status == .ok ? "✓" : l.status == .failed ? "✗" : "?"
            return "  \(mark) \(l.name.padding(width))\(l.detail)\n"
        }.joined()
    }

    static func installed(_ checks: [InstalledVerdict]) -> String {
        var out = ""
        for c in checks {
            out += "  \(c.compatible ? "✓" : "✗") torch \(c.torch) in \(c.python)\n"
            for p in problems(c) { out += "      \(p)\n" }
            for n in c.notes { out += "      note: \(note(n, c))\n" }
        }
        return out
    }

    /// "torch 2.4.0+cu121 in /usr/bin/python3 cannot use GPU 0: driver 470.82.01 < 525.60.13 …".
    static func problems(_ c: InstalledVerdict) -> [String] {
        let label = "torch \(c.torch) in \(c.python)"
        let gpus = c.links.compactMap(\.gpu).map(String.init)
        return c.problems.map { link in
            switch link.kind {
            case .arch: return "\(label) cannot use GPU \(link.gpu ?? 0): \(link.detail)"
            case .driver:
                let target =
                    gpus.isEmpty ? "the GPU" : "GPU\(gpus.count > 1 ? "s" : "") \(gpus.joined(separator: ", "))"
                return "\(label) cannot use \(target): \(link.detail)"
            default: return "\(label): \(link.detail)"
            }
        }
    }

    static func note(_ n: InstalledVerdict.Note, _ c: InstalledVerdict) -> String {
        let label = "torch \(c.torch) in \(c.python)"
        switch n {
        case .unknownRelease: return "\(label): not a release the matrix knows; not checked"
        case .unknownBuild(let torch, let variant):
            return "\(label): the matrix has no \(torch) \(variant) build; not checked"
        case .cpuBuildOnGPUHost: return "\(label) is a CPU build: it will not use the host's GPUs"
        case .cudaUnavailable:
            return "\(label) reports CUDA unavailable although the chain checks out; run it and read the warning "
                + "torch prints on import"
        }
    }

    /// The fixes for installed torches that do not run here, each naming its interpreter.
    static func installedFixes(_ checks: [InstalledVerdict]) -> [String] {
        checks.filter { !$0.compatible }.flatMap { c in
            c.fixes.map { "in \(c.python): \(fix($0, torch: c.variant == nil ? nil : Version(c.torch)?.withoutLocal))" }
        }
    }

    /// One fix as a sentence with its install command and what it costs.
    static func fix(_ f: Fix, torch: Version?) -> String {
        let pip = f.install ?? ""
        let back = f.cost.torchMinorReleases.flatMap { n -> String? in
            guard n != 0, let torch else { return nil }
            return n > 0
                ? " (\(n) minor release\(n == 1 ? "" : "s") older than \(torch.majorMinor))"
                : " (\(-n) minor release\(n == -1 ? "" : "s") newer than \(torch.majorMinor))"
        }
        switch f.kind {
        case .otherVariant: return "use the \(f.stack?.variant ?? "?") build of the same torch: \(pip)"
        case .upgradeDriver:
            let have = f.installedDriver.map { " (installed: \($0))" } ?? ""
            return "upgrade the NVIDIA driver to ≥ \(f.driver?.text ?? "?")\(have) to run CUDA \(f.cuda ?? "?") builds"
                + (f.stack.map { " (torch \($0.torch)+\($0.variant): \(pip))" } ?? "")
        case .otherTorch:
            return
                "use torch \(f.stack?.torch ?? "?")+\(f.stack?.variant ?? "?"), which runs as the host is\(back ?? ""): \(pip)"
        case .upgradeDriverAndTorch:
            return "upgrade the NVIDIA driver to ≥ \(f.driver?.text ?? "?") and use torch \(f.stack?.torch ?? "?")+"
                + "\(f.stack?.variant ?? "?"): \(pip)"
        case .cpuBuild: return "no GPU build fits this host as it is; the CPU build runs: \(pip)"
        case .otherAccelerator: return "use the \(f.stack?.variant ?? "?") build: \(pip)"
        case .otherPython:
            return
                "use Python \(f.python ?? "?") (torch \(torch?.text ?? "?") has no wheel for the Python asked): \(pip)"
        case .pairTorchvision:
            return "use torchvision \(f.torchvision ?? "?"), the release that pairs with torch \(torch?.text ?? "?")"
        case .dropGPU: return "drop \(f.gpu?.label ?? "the GPU") (it alone rules the stack out)"
        case .installToolkit:
            return "install the CUDA \(f.toolkitMajor.map { "\($0).x" } ?? "") toolkit "
                + "(developer.nvidia.com/cuda-downloads) and put its bin/ first on PATH"
        case .pairTorchaudio, .companionTorch, .upgradeCompanion, .installRequirement, .unshadowLibrary,
            .uninstallWheels:
            return InspectRendering.fix(f, torch: torch)
        }
    }
}
