import DLEnvCore
import DLEnvMatrix
import DLEnvService
import Foundation

/// Human output of `dlenv inspect` (and the environment part of `doctor` and `check`), from the typed values.
enum InspectRendering {
    static func render(_ r: InspectReport) -> String {
        var out = ""
        for (i, env) in r.environments.enumerated() {
            if i > 0 { out += "\n" }
            out += environment(env.inspection, env.verdict, host: r.host, seconds: env.seconds)
            if let check = env.importCheck { out += importCheck(check) }
        }
        return out
    }

    static func environment(
        _ e: EnvironmentInspection, _ v: InspectionVerdict, host: String?, seconds: Double?
    ) -> String {
        var out = "== \(e.interpreter ?? e.target)"
        if let p = e.python { out += " (Python \(p))" }
        out += "\n"
        func line(_ label: String, _ value: String) { out += "  " + label.padding(12) + value + "\n" }
        line("site", e.sitePackages.joined(separator: ", "))
        if let t = e.torch {
            var facts = [t.cuda.map { "CUDA \($0)" } ?? t.hip.map { "HIP \($0)" } ?? "CPU build"]
            if let g = t.gitVersion { facts.append("git \(g.prefix(10))") }
            if t.debug == true { facts.append("debug build") }
            if let abi = t.pythonABI { facts.append(abi) }
            line("torch", "\(t.version) (\(facts.joined(separator: ", ")))")
            if let source = t.archSource, let fat = e.fatBinaries.first(where: { $0.library == source }) {
                line("arch", archLine(fat) + " [\(short(source))]")
            } else if t.cuda != nil {
                line("arch", "no fat binary read (no libtorch_cuda.so with a .nv_fatbin section)")
            }
        } else {
            line("torch", "not installed")
        }
        let companions = e.distributions.filter { $0.name != "torch" && !$0.name.hasPrefix("nvidia-") }
        if !companions.isEmpty {
            line("packages", companions.map(distribution).joined(separator: ", "))
        }
        if !e.cudaWheels.isEmpty {
            line("cuda wheels", e.cudaWheels.map { "\($0.library) \($0.version)" }.joined(separator: ", "))
        }
        let others = e.fatBinaries.filter { $0.library != e.torch?.archSource }
        if !others.isEmpty {
            out += "  fat binaries:\n"
            for f in others { out += "    \(short(f.library)): \(archLine(f))\n" }
        }
        if let l = e.loader, !l.libraries.isEmpty {
            var how: [String] = []
            how.append(
                l.ldLibraryPath.isEmpty
                    ? "LD_LIBRARY_PATH unset" : "LD_LIBRARY_PATH \(l.ldLibraryPath.joined(separator: ":"))")
            if !l.ldPreload.isEmpty { how.append("LD_PRELOAD \(l.ldPreload.joined(separator: " "))") }
            if l.torchPreloadsWheels { how.append("torch preloads the wheels' libraries") }
            out += "  loader (\(how.joined(separator: "; "))):\n"
            let width = (l.libraries.map(\.soname.count).max() ?? 0) + 1
            for lib in l.libraries {
                let mark = lib.loaded == nil || lib.shadowed ? "✗" : "✓"
                let copy = lib.loaded.map(describe) ?? "not found"
                out += "    \(mark) \(lib.soname.padding(width))\(copy)\n"
            }
        }
        out += "  verdict" + (host.map { " (host: \($0))" } ?? "") + ":\n"
        out += verdictLines(v)
        let fixes = v.fixes.map { fix($0, torch: v.torch.flatMap(Version.init)?.withoutLocal) }
        if !fixes.isEmpty {
            out += "  fixes, best first:\n"
            for (i, f) in fixes.enumerated() { out += "    \(i + 1). \(f)\n" }
        }
        if !e.warnings.isEmpty {
            out += "  warnings:\n"
            for w in e.warnings { out += "    - \(w)\n" }
        }
        if let seconds { out += "  read in \(String(format: "%.1f", seconds * 1000)) ms without running Python\n" }
        return out
    }

    /// The links (✓ ✗ ?) then the findings (✗ error, ! warning, · note); "consistent" when nothing is wrong.
    static func verdictLines(_ v: InspectionVerdict) -> String {
        var out = ""
        for l in v.links {
            let mark = l.status == .ok ? "✓" : l.status == .failed ? "✗" : "?"
            out += "    \(mark) \(l.name): \(l.detail)\n"
        }
        for f in v.findings {
            let mark = f.severity == .error ? "✗" : f.severity == .warning ? "!" : "·"
            out += "    \(mark) \(f.detail)\n"
        }
        out +=
            "    "
            + (v.ok
                ? "consistent, and runs here" : v.consistent ? "consistent, but not on this host" : "NOT consistent")
            + "\n"
        return out
    }

    /// "476 containers: SASS sm_75 sm_80 …; no PTX; partial sm_89 (1) sm_103 (59)".
    static func archLine(_ f: FatBinarySummary) -> String {
        var parts = ["\(f.containers) container\(f.containers == 1 ? "" : "s")"]
        parts.append(f.sass.isEmpty ? "no SASS" : "SASS " + f.sass.joined(separator: " "))
        parts.append(f.ptx.isEmpty ? "no PTX" : "PTX " + f.ptx.joined(separator: " "))
        if !f.partial.isEmpty {
            let counts = Dictionary(f.counts.map { ($0.arch, $0.containers) }, uniquingKeysWith: max)
            parts.append(
                "a few kernels for " + f.partial.map { "\($0) (\(counts[$0] ?? 0))" }.joined(separator: " "))
        }
        return parts.joined(separator: "; ")
    }

    static func distribution(_ d: Distribution) -> String {
        let pin = d.requirements(on: "torch").map { "torch\($0.specifier.isEmpty ? "" : $0.specifier)" }
        return "\(d.name) \(d.version)" + (pin.isEmpty ? "" : " (\(pin.joined(separator: ", ")))")
    }

    static func describe(_ c: LibraryCopy) -> String {
        var facts: [String] = []
        if let d = c.distribution {
            facts.append(d + (c.version.map { " \($0)" } ?? ""))
        } else if let v = c.version {
            facts.append(v)
        }
        facts.append(c.foundBy.phrase)
        return "\(short(c.path)) (\(facts.joined(separator: ", ")))"
    }

    static func importCheck(_ c: ImportCheck) -> String {
        var out = "  import torch in \(c.interpreter):"
        if let e = c.error { return out + " could not run: \(e)\n" }
        if let t = c.python?.torch {
            out += " torch \(t.version)"
            if let cuda = t.cuda { out += ", CUDA \(cuda)" }
            if !t.archList.isEmpty { out += ", arch \(t.archList.joined(separator: " "))" }
            if let cudnn = t.cudnn { out += ", cuDNN \(cudnn)" }
        } else if let e = c.python?.error {
            out += " \(e)"
        }
        out += "\n"
        if c.differences.isEmpty { return out + "    agrees with the files\n" }
        for d in c.differences {
            out += "    ✗ \(d.field): files say \(d.files ?? "nothing"), the import says \(d.imported ?? "nothing")\n"
        }
        return out
    }

    /// The fixes of the kinds only an inspected environment has (the others: `ProbeCheckRendering.fix`).
    static func fix(_ f: Fix, torch: Version?) -> String {
        let torchText = torch?.text ?? "?"
        let pip = f.install ?? ""
        switch f.kind {
        case .pairTorchvision:
            return "use torchvision \(f.torchvision ?? "?"), the release that pairs with torch \(torchText): \(pip)"
        case .pairTorchaudio:
            return "use torchaudio \(f.torchaudio ?? "?"), the release that pairs with torch \(torchText): \(pip)"
        case .companionTorch:
            let n = f.cost.torchMinorReleases ?? 0
            let back = n > 0 ? " (\(n) minor release\(n == 1 ? "" : "s") older)" : ""
            return
                "install torch \(f.stack?.torch ?? "?"), the release \(f.package ?? "?") was built for\(back): \(pip)"
        case .upgradeCompanion:
            return "or install a \(f.package ?? "?") release built for torch \(torchText) (and its variant)"
        case .installRequirement:
            return "install the \(f.package ?? "?") that is required: \(pip)"
        case .unshadowLibrary:
            let lib = f.library ?? "the library"
            switch f.via {
            case "ld_library_path":
                return "take \(f.directory ?? "?") off LD_LIBRARY_PATH: it holds the \(lib) the loader takes first"
            case "ld_preload": return "drop \(lib) from LD_PRELOAD"
            default:
                return "put the wheel's folder first: export LD_LIBRARY_PATH=\(f.directory ?? "?"):$LD_LIBRARY_PATH "
                    + "(the system's \(lib) is found before it)"
            }
        case .uninstallWheels:
            return "uninstall \((f.packages ?? []).joined(separator: ", ")) (built for another CUDA major), then "
                + "reinstall the wheel torch pins: \(pip)"
        default:
            return ProbeCheckRendering.fix(f, torch: torch)
        }
    }

    /// The path from its site-packages folder on.
    static func short(_ path: String) -> String {
        if let r = path.range(of: "-packages/") { return String(path[r.upperBound...]) }
        return path
    }
}
