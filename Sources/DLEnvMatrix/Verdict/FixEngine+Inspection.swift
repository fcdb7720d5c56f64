import DLEnvCore
import Foundation

extension FixEngine {
    /// Fixes for an inspected environment: the chain's fixes when a link fails on the host, then one per
    /// finding: the torchvision/torchaudio that pairs with the installed torch (from the matrix), the torch a
    /// companion was built for, the wheel version torch pins, the folder to take off the loader's path, the
    /// duplicate wheels to uninstall. Best first, duplicates removed.
    public static func fixes(
        inspection e: EnvironmentInspection, verdict: InspectionVerdict, request: ResolveRequest,
        matrix: CompatibilityMatrix
    ) -> [Fix] {
        var out: [Fix] = []
        guard let text = verdict.torch, let full = Version(text), let variant = verdict.variant else { return [] }
        let torch = full.withoutLocal
        let python = e.python.flatMap(Version.init)?.majorMinor ?? "3.12"
        let stack = matrix.stack(torch: torch, variant: variant, python: python)
        if !verdict.runsHere {
            var r = request
            r.python = Version(python)
            out += fixes(torch: torch, variant: variant, links: verdict.links, request: r, matrix: matrix)
        }
        func pair(_ package: String) {
            guard let stack else { return }
            if package == "torchvision", let tv = stack.torchvision {
                out.append(
                    Fix(kind: .pairTorchvision, stack: stack, torchvision: tv, cost: Fix.Cost(torchMinorReleases: 0)))
            } else if package == "torchaudio", let ta = stack.torchaudio {
                var f = Fix(kind: .pairTorchaudio, stack: stack, cost: Fix.Cost(torchMinorReleases: 0))
                f.torchaudio = ta
                f.install =
                    "pip install torch==\(stack.torch) torchaudio==\(ta)"
                    + (stack.indexURL.map { " --index-url \($0)" } ?? "")
                out.append(f)
            } else {
                var f = Fix(kind: .upgradeCompanion)
                f.package = package
                out.append(f)
            }
        }
        for finding in verdict.findings where finding.severity != .note {
            switch finding.facts {
            case .requirement(let by, _, let r, _):
                if r.name == "torch", CompatibilityMatrix.builtAgainstTorch(by) {
                    if by == "torchvision" || by == "torchaudio" {
                        pair(by)
                    } else {
                        out += companion(
                            by, requires: r, variant: variant, python: python, torch: torch, matrix: matrix)
                    }
                } else {
                    var f = Fix(kind: .installRequirement)
                    f.package = r.name
                    f.install = "pip install '\(r.name)\(r.specifier)'"
                    out.append(f)
                }
            case .variant(let package, _, _, _), .pairing(let package, _, _, _):
                pair(package)
            case .library(let lib):
                guard lib.shadowed, let loaded = lib.loaded else { continue }
                // A folder of LD_LIBRARY_PATH or LD_PRELOAD comes off it; past a system folder (ld.so.conf, a
                // DT_RUNPATH), the wheel's folder goes first on LD_LIBRARY_PATH instead.
                var f = Fix(kind: .unshadowLibrary)
                f.library = lib.soname
                f.via = loaded.foundBy.rawValue
                switch loaded.foundBy {
                case .ldLibraryPath, .ldPreload: f.directory = directory(of: loaded.path)
                default: f.directory = lib.others.first { $0.distribution != nil }.map { directory(of: $0.path) }
                }
                // One folder that shadows several libraries is one fix.
                if let i = out.firstIndex(where: {
                    $0.kind == .unshadowLibrary && $0.directory == f.directory && $0.via == f.via
                }) {
                    out[i].library = [out[i].library, f.library].compactMap { $0 }.joined(separator: ", ")
                } else {
                    out.append(f)
                }
            case .duplicate(let d):
                if let f = uninstall(d, inspection: e) { out.append(f) }
            case .cudaLibrary, .archList, .build, .none:
                continue
            }
        }
        var seen: Set<Fix> = []
        return out.filter { seen.insert($0).inserted }
    }

    /// A companion pinned to another torch: install the torch it was built for (the matrix's stack of that
    /// release, same variant when published), or a companion release built for the installed torch.
    static func companion(
        _ package: String, requires r: Requirement, variant: String, python: String, torch: Version,
        matrix: CompatibilityMatrix
    ) -> [Fix] {
        var out: [Fix] = []
        let spec = try? VersionSpec(parsing: r.specifier)
        if let wanted = matrix.torchReleases.map(\.release.version).first(where: { spec?.contains($0) == true }),
            let (s, _) = matrix.torch(wanted)
        {
            let v = s.variant(variant) != nil ? variant : s.pypiDefault
            if let stack = matrix.stack(torch: wanted, variant: v, python: python) {
                var f = Fix(
                    kind: .companionTorch, stack: stack,
                    cost: Fix.Cost(torchMinorReleases: minorReleases(from: torch, to: wanted.text, matrix: matrix)))
                f.package = package
                f.install = "pip install torch==\(stack.torch)" + (stack.indexURL.map { " --index-url \($0)" } ?? "")
                out.append(f)
            }
        }
        var f = Fix(kind: .upgradeCompanion)
        f.package = package
        out.append(f)
        return out
    }

    /// Uninstall the duplicates built for another CUDA major than torch's, then reinstall the kept wheel (its files
    /// were overwritten) at the version torch pins.
    static func uninstall(_ d: DuplicateWheels, inspection e: EnvironmentInspection) -> Fix? {
        guard let cuda = e.torch?.cuda.flatMap(Version.init) else { return nil }
        let names = d.packages.compactMap { $0.split(separator: " ").first.map(String.init) }
        let suffix = "-cu\(cuda.major)"
        let remove = names.filter { n in n.range(of: "-cu").map { _ in !n.hasSuffix(suffix) } ?? false }
        guard !remove.isEmpty, remove.count < names.count else { return nil }
        let kept = names.filter { !remove.contains($0) }
        let pins = kept.map { k -> String in
            let pin = e.distribution("torch")?.requirements(on: k).first?.specifier ?? ""
            return "'\(k)\(pin)'"
        }
        var f = Fix(kind: .uninstallWheels)
        f.packages = remove
        f.install =
            "pip uninstall -y \(remove.joined(separator: " ")) && pip install --force-reinstall --no-deps "
            + pins.joined(separator: " ")
        return f
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
