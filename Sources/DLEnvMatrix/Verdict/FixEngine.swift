import DLEnvCore

/// The one fix engine: `check`, `doctor`, `resolve`, the Dockerfile refusal and the fleet planner ask it what
/// makes a failing stack (or an unresolvable request) run. Each fix is found by relaxing one constraint and
/// resolving again, so every fix it names is a stack the resolver accepts; all useful fixes are returned, best
/// first: another build of the same torch (no admin rights), a driver upgrade that makes the asked build run,
/// another torch as the host is (with how many minor releases back), a driver upgrade with the newest torch it
/// allows, the CPU build, another Python, the torchvision that pairs.
public enum FixEngine {
    /// Ranked fixes for the failing build `torch`+`variant` on the host of `request`.
    public static func fixes(
        torch: Version, variant: String, links: [ChainLink], request: ResolveRequest, matrix: CompatibilityMatrix
    ) -> [Fix] {
        var out: [Fix] = []
        let failing = links.filter(\.failed)
        let kind: AcceleratorSpec =
            variant == "cpu" ? .cpu : (variant.hasPrefix("rocm") ? .rocm(.any) : .cuda(.any))
        let pinned = (try? VersionSpec(parsing: "==\(torch.text)")) ?? .any
        // 1. Another build of the same torch.
        var same = request
        same.torch = pinned
        same.accelerator = kind
        if let s = matrix.resolve(same).stacks.first(where: { $0.variant != variant }) {
            out.append(Fix(kind: .otherVariant, stack: s, cost: Fix.Cost(torchMinorReleases: 0)))
        }
        // 2. A driver upgrade to the floor of this build, when the driver is all that fails (the floor, or PTX the
        // driver is too old to JIT): the upgrade alone then makes this very build run.
        let driverOnly =
            !failing.isEmpty
            && failing.allSatisfy { link in
                if link.kind == .driver { return true }
                if case .arch(let a) = link.facts { return a.verdict == .ptxNeedsDriver }
                return false
            }
        if driverOnly, let stack = matrix.stack(torch: torch, variant: variant, python: request.python?.text ?? "3.12"),
            let floor = (request.os == .windows ? stack.minDriverWindows : stack.minDriverLinux).flatMap(Version.init)
        {
            let need =
                failing.compactMap { link -> Version? in
                    if case .arch(let a) = link.facts { return a.driverNeed }
                    return nil
                }.max().map { max($0, floor) } ?? floor
            out.append(
                Fix(
                    kind: .upgradeDriver, stack: stack, driver: need, installedDriver: request.driver, cuda: stack.cuda,
                    cost: Fix.Cost(torchMinorReleases: 0, driverUpgrade: true)))
        }
        // 3. Another torch of the same kind that runs as the host is.
        var other = request
        other.torch = .any
        other.accelerator = kind
        if let s = matrix.resolve(other).stacks.first(where: { Version($0.torch) != torch }) {
            out.append(
                Fix(
                    kind: .otherTorch, stack: s,
                    cost: Fix.Cost(torchMinorReleases: minorReleases(from: torch, to: s.torch, matrix: matrix))))
        } else if kind != .cpu {
            // Nothing of this kind runs on this driver: the newest stack a driver upgrade allows, then the CPU build.
            var upgraded = other
            upgraded.driver = nil
            if request.driver != nil, let s = matrix.resolve(upgraded).stacks.first,
                let floor = (request.os == .windows ? s.minDriverWindows : s.minDriverLinux).flatMap(Version.init)
            {
                out.append(
                    Fix(
                        kind: .upgradeDriverAndTorch, stack: s, driver: floor, installedDriver: request.driver,
                        cuda: s.cuda,
                        cost: Fix.Cost(
                            torchMinorReleases: minorReleases(from: torch, to: s.torch, matrix: matrix),
                            driverUpgrade: true)))
            }
            var cpu = request
            cpu.torch = .any
            cpu.accelerator = .cpu
            if let s = matrix.resolve(cpu).stacks.first {
                out.append(
                    Fix(
                        kind: .cpuBuild, stack: s,
                        cost: Fix.Cost(
                            torchMinorReleases: minorReleases(from: torch, to: s.torch, matrix: matrix), losesGPU: true)
                    ))
            }
        }
        // 4. Another Python.
        if failing.contains(where: { $0.kind == .python }) {
            var py = request
            py.python = nil
            py.torch = pinned
            py.accelerator = .variant(variant)
            if let s = matrix.resolve(py).stacks.first {
                out.append(
                    Fix(
                        kind: .otherPython, stack: s, python: s.python,
                        cost: Fix.Cost(torchMinorReleases: 0, pythonChange: true)))
            }
        }
        // 5. The torchvision that pairs with this torch.
        if failing.contains(where: { $0.kind == .torchvision }),
            let s = matrix.stack(torch: torch, variant: variant, python: "3.12"), let tv = s.torchvision
        {
            out.append(Fix(kind: .pairTorchvision, stack: s, torchvision: tv, cost: Fix.Cost(torchMinorReleases: 0)))
        }
        var seen: Set<Fix> = []
        return out.filter { seen.insert($0).inserted }
    }

    /// Fixes for a request no stack satisfies (a project spec on its target): relax torch, the accelerator, the
    /// driver, or one GPU at a time, keeping only stacks `accept` takes (the spec's torchvision/torchaudio pins).
    /// `asked` is the spec's own accelerator ("auto" or a variant).
    public static func relaxations(
        request: ResolveRequest, asked accelerator: String, matrix: CompatibilityMatrix,
        accept: (Stack) -> Bool = { _ in true }
    ) -> [Fix] {
        var out: [Fix] = []
        func best(_ r: ResolveRequest) -> Stack? { matrix.resolve(r).stacks.first(where: accept) }
        let asked = request.torch.firstVersion
        var r = request
        r.torch = .any
        if !request.torch.isAny, let s = best(r) {
            out.append(
                Fix(
                    kind: .otherTorch, stack: s,
                    cost: Fix.Cost(
                        torchMinorReleases: asked.map { minorReleases(from: $0, to: s.torch, matrix: matrix) })))
        }
        r = request
        r.accelerator =
            request.gpus.contains(where: \.isAMD) ? .rocm(.any) : (request.gpus.isEmpty ? .auto : .cuda(.any))
        if accelerator != "auto", let s = best(r), s.variant != accelerator {
            out.append(Fix(kind: .otherAccelerator, stack: s))
        }
        r = request
        r.driver = nil
        if request.driver != nil, let s = best(r), let floor = s.minDriverLinux.flatMap(Version.init) {
            out.append(
                Fix(
                    kind: .upgradeDriver, stack: s, driver: floor, installedDriver: request.driver, cuda: s.cuda,
                    cost: Fix.Cost(driverUpgrade: true)))
        }
        for (i, gpu) in request.gpus.enumerated() {
            r = request
            r.gpus.remove(at: i)
            if let s = best(r) {
                let g = ArchFacts.GPU(
                    index: gpu.index, name: gpu.name, capability: gpu.computeCapability, gfx: gpu.gfx, label: gpu.label)
                out.append(Fix(kind: .dropGPU, stack: s, gpu: g, cost: Fix.Cost(losesGPU: true)))
            }
        }
        return out
    }

    /// The best stack for a host (`doctor`, and `check` without --torch): the resolver's first for the request.
    public static func best(for request: ResolveRequest, matrix: CompatibilityMatrix) -> Stack? {
        matrix.resolve(request).stacks.first
    }

    /// How many minor torch releases `to` is older (positive) or newer (negative) than `from`, counted over the
    /// series the matrix knows.
    static func minorReleases(from: Version, to text: String, matrix: CompatibilityMatrix) -> Int {
        guard let to = Version(text) else { return 0 }
        let a = Version(from.majorMinor) ?? from, b = Version(to.majorMinor) ?? to
        if a == b { return 0 }
        let between = matrix.series.filter { s in
            a > b ? (s.series > b && s.series <= a) : (s.series > a && s.series <= b)
        }.count
        return a > b ? between : -between
    }
}
