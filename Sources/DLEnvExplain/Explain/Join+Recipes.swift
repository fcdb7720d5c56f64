import DLEnvCore
import DLEnvMatrix

/// Each recipe of the fix vocabulary, joined with the host, the environment and the matrix. Stack fixes come from
/// the one fix engine of DLEnvMatrix (`verdict`, `installed`, `FixEngine`); actions carry their commands and
/// the numbers they name. A recipe that does not apply to this host adds nothing.
extension Join {
    mutating func apply(_ recipe: FixRecipe, request r: inout ResolveRequest) {
        switch recipe {
        case .stack: stackFixes(r)
        case .cudaBuild: cudaBuild(r)
        case .pairTorchvision: pairTorchvision(r)
        case .driverForCUDA: driverForCUDA(r)
        case .driverForToolkit: driverForToolkit(r)
        case .olderImage: olderImage(r)
        case .reloadDriver: reloadDriver()
        case .recreateContainer: recreateContainer()
        case .devCharSymlinks:
            add(
                .action(
                    FixAction(
                        kind: .devCharSymlinks,
                        commands: ["sudo nvidia-ctk system create-dev-char-symlinks --create-all"])))
        case .installFabricManager: installFabricManager(r)
        case .removeForwardCompat: removeForwardCompat()
        case .cleanLibraryPath: cleanLibraryPath()
        case .wslLibraryPath:
            if host.wsl || fact("wsl_library") != nil {
                add(
                    .action(
                        FixAction(
                            kind: .wslLibraryPath,
                            commands: ["export LD_LIBRARY_PATH=/usr/lib/wsl/lib:$LD_LIBRARY_PATH"],
                            env: ["LD_LIBRARY_PATH": "/usr/lib/wsl/lib:$LD_LIBRARY_PATH"])))
            }
        case .gpuRuntime:
            if host.container || context.host == nil, !host.wsl, fact("wsl_library") == nil {
                add(.action(FixAction(kind: .gpuRuntime, commands: ["docker run --gpus all <image> …"])))
            }
        case .installDriver:
            if !host.wsl, fact("wsl_library") == nil, !host.container, host.driver == nil {
                add(.action(FixAction(kind: .installDriver, commands: ["nvidia-smi"])))
            }
        case .reduceBatchSize:
            var f: Facts = [:]
            for k in ["requested_bytes", "free_bytes", "total_bytes"] { f[k] = facts[k] }
            add(.action(FixAction(kind: .reduceBatchSize, facts: f)))
        case .expandableSegments:
            var f: Facts = [:]
            f["reserved_unallocated_bytes"] = facts["reserved_unallocated_bytes"]
            add(
                .action(
                    FixAction(
                        kind: .expandableSegments,
                        commands: ["export PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"],
                        env: ["PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True"], facts: f)))
        case .freeGPUMemory:
            // Only when other processes hold a real share of the GPU (total − free − this process > 512 MiB).
            if let other = facts["other_processes_bytes"]?.bytes, other > 512 << 20 {
                add(
                    .action(
                        FixAction(
                            kind: .freeGPUMemory,
                            commands: ["nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv"],
                            facts: ["other_processes_bytes": .bytes(other)])))
            }
        }
    }

    // MARK: - Engine fixes

    /// The fix engine on the failing build; the best stacks for the host when no build is known (or it runs here).
    mutating func stackFixes(_ r: ResolveRequest) {
        if let b = build, b.variant == "cpu", case .python = b.source {
            // A CPU build cannot fail the CUDA chain: the log comes from another environment.
            note(.cpuBuildIgnored(build: b.label))
            build = nil
        }
        if let b = build {
            switch b.source {
            case .python(let path):
                var env = host
                env.pythons = host.pythons.filter { $0.path == path }
                var base = r
                base.python = nil
                if let v = matrix.installed(host: env, request: base).first, v.variant != nil {
                    if !v.compatible {
                        links = v.problems
                        for f in v.fixes { add(.stack(f)) }
                        return
                    }
                    note(.buildRunsHere(build: b.label))
                } else {
                    note(.unknownBuild(torch: b.torch.text, variant: b.variant))
                }
            case .log:
                let v = matrix.verdict(torch: b.torch, variant: b.variant, request: r)
                if v.links.contains(where: { $0.kind == .matrix }) {
                    note(.unknownBuild(torch: b.torch.text, variant: b.variant))
                } else if !v.compatible {
                    links = v.links.filter(\.failed)
                    for f in v.fixes { add(.stack(f)) }
                    return
                } else if r.driver != nil || !r.gpus.isEmpty {
                    note(.buildRunsHere(build: b.label))
                }
            }
        } else if !notes.contains(where: { $0.key == "cpu_build_ignored" }) {
            note(.noBuildKnown)
        }
        bestStacks(r)
    }

    /// The newest stack that runs as the host is, and the newest one with a driver upgrade.
    mutating func bestStacks(_ r: ResolveRequest) {
        let best = FixEngine.best(for: r, matrix: matrix)
        if let best { add(.stack(Fix(kind: .otherTorch, stack: best))) }
        if r.driver == nil, let best, best.cuda != nil,
            let need = os == .windows ? best.minDriverWindows : best.minDriverLinux
        {
            note(.driverNotChecked(build: "torch \(best.torch)+\(best.variant)", need: need))
        }
        if let have = r.driver {
            var upgraded = r
            upgraded.driver = nil
            // Without a driver `auto` would mean the CPU build: the upgrade is for a CUDA build.
            if case .auto = r.accelerator { upgraded.accelerator = .cuda(.any) }
            if let newest = FixEngine.best(for: upgraded, matrix: matrix), newest != best,
                let floor = (os == .windows ? newest.minDriverWindows : newest.minDriverLinux).flatMap(Version.init),
                floor > have
            {
                add(
                    .stack(
                        Fix(
                            kind: best == nil ? .upgradeDriverAndTorch : .upgradeDriver, stack: newest, driver: floor,
                            installedDriver: have, cuda: newest.cuda, cost: Fix.Cost(driverUpgrade: true))))
            }
        }
        if best == nil {
            var cpu = r
            cpu.accelerator = .cpu
            cpu.gpus = []
            if let s = FixEngine.best(for: cpu, matrix: matrix) {
                add(.stack(Fix(kind: .cpuBuild, stack: s, cost: Fix.Cost(losesGPU: true))))
            }
        }
    }

    /// A CUDA build: of the same torch, then the best one for the host.
    mutating func cudaBuild(_ r: ResolveRequest) {
        var c = r
        c.accelerator = .cuda(.any)
        var same: Stack?
        if let b = build, let pinned = try? VersionSpec(parsing: "==\(b.torch.text)") {
            c.torch = pinned
            same = FixEngine.best(for: c, matrix: matrix)
            if let same { add(.stack(Fix(kind: .otherVariant, stack: same, cost: Fix.Cost(torchMinorReleases: 0)))) }
        }
        c.torch = .any
        if let best = FixEngine.best(for: c, matrix: matrix), best != same {
            add(.stack(Fix(kind: .otherTorch, stack: best)))
        }
        if context.host != nil, !host.gpus.contains(where: { $0.gfx == nil }), host.driver == nil,
            fact("gpu_capability") == nil
        {
            note(.noNVIDIAGPU)
        }
    }

    /// The torchvision that pairs with the torch in question (else a torch and torchvision pair for the host).
    mutating func pairTorchvision(_ r: ResolveRequest) {
        let python = r.python?.text ?? "3.12"
        if let b = build, let s = matrix.stack(torch: b.torch, variant: b.variant, python: python),
            let tv = s.torchvision
        {
            add(.stack(Fix(kind: .pairTorchvision, stack: s, torchvision: tv, cost: Fix.Cost(torchMinorReleases: 0))))
            return
        }
        note(.noBuildKnown)
        if let s = FixEngine.best(for: r, matrix: matrix), let tv = s.torchvision {
            add(.stack(Fix(kind: .pairTorchvision, stack: s, torchvision: tv)))
        }
    }

    /// The driver a container's `cuda>=X` needs: the toolkit X's own minimum (the check compares the driver's
    /// CUDA version, so minor-version compatibility does not apply).
    mutating func driverForCUDA(_ r: ResolveRequest) {
        guard let need = facts["required_cuda"]?.version, let floor = facts["required_driver"]?.version else { return }
        if let have = r.driver, have >= floor {
            note(.driverNewEnough(have: have.text, need: floor.text))
            return
        }
        add(
            .stack(
                Fix(
                    kind: .upgradeDriver, driver: floor, installedDriver: r.driver, cuda: need.text,
                    cost: Fix.Cost(driverUpgrade: true))))
    }

    /// The driver the toolkit that compiled the PTX needs (its own Table 3 minimum: JIT of newer PTX needs it).
    mutating func driverForToolkit(_ r: ResolveRequest) {
        var toolkit: Version?
        if let b = build, let cuda = matrix.stack(torch: b.torch, variant: b.variant, python: "3.12")?.cuda {
            toolkit = Version(cuda)
        }
        toolkit = toolkit ?? fact("torch_cuda")?.version
        toolkit = toolkit ?? host.toolkits.compactMap { Version($0.version) }.max()
        guard let tk = toolkit, let own = matrix.cudaRelease(Version(tk.majorMinor) ?? tk)?.minDriver.floor(for: os)
        else { return }
        if let have = r.driver, have >= own {
            note(.driverNewEnough(have: have.text, need: own.text))
            return
        }
        add(
            .stack(
                Fix(
                    kind: .upgradeDriver, driver: own, installedDriver: r.driver, cuda: tk.majorMinor,
                    cost: Fix.Cost(driverUpgrade: true))))
    }

    /// The newest `nvidia/cuda` image whose CUDA the host's driver supports.
    mutating func olderImage(_ r: ResolveRequest) {
        guard let hostCUDA = driverCUDA(r), let limit = Version(hostCUDA.majorMinor) else { return }
        var image: BaseImage?
        for candidate in matrix.images where candidate.status != .deleted {
            guard let v = Version(candidate.cuda.majorMinor), v <= limit else { continue }
            if image == nil || candidate.cuda > image!.cuda { image = candidate }
        }
        guard let image else { return }
        let system: String = image.os.first ?? "ubuntu22.04"
        var tag: String? = image.tag(flavor: "runtime", os: system, cudnn: true)
        if tag == nil { tag = image.tag(flavor: "runtime", os: system, cudnn: false) }
        if tag == nil { tag = image.tags.first }
        guard let tag else { return }
        let facts: Facts = [
            "image": .text("nvidia/cuda:\(tag)"), "image_cuda": .version(image.cuda), "driver_cuda": .version(hostCUDA),
        ]
        add(.action(FixAction(kind: .olderImage, commands: ["FROM nvidia/cuda:\(tag)"], facts: facts)))
    }

    /// The newest CUDA the host's driver supports: the log's banner, the probe's, else the newest toolkit whose
    /// own driver is at or below the driver.
    func driverCUDA(_ r: ResolveRequest) -> Version? {
        if let v = fact("driver_cuda")?.version { return v }
        if let text = host.driver?.cudaVersion, let v = Version(text) { return v }
        guard let driver = r.driver else { return nil }
        var best: Version?
        for t in matrix.toolkits {
            guard let floor = t.ga?.minDriver.floor(for: os), floor <= driver else { continue }
            if best == nil || t.version > best! { best = t.version }
        }
        return best
    }

    // MARK: - Actions

    mutating func reloadDriver() {
        var f: Facts = [:]
        f["nvml_version"] = facts["nvml_version"]
        let kernel = fact("kernel_module")?.version ?? host.driver.flatMap { Version($0.version) }
        if let kernel { f["kernel_module"] = .version(kernel) }
        let library = facts["nvml_version"]?.version ?? facts["client_version"]?.version
        if let kernel, let library, kernel.text != library.text, !kernel.text.hasPrefix(library.text) {
            note(.driverVersions(kernelModule: kernel.text, library: library.text))
        }
        add(
            .action(
                FixAction(
                    kind: .reloadDriver,
                    commands: [
                        "sudo reboot", "sudo rmmod nvidia_uvm nvidia_drm nvidia_modeset nvidia && sudo modprobe nvidia",
                    ], facts: f)))
    }

    mutating func recreateContainer() {
        if context.host != nil {
            if host.wsl { note(.wsl) } else if !host.container { note(.notAContainer) }
        }
        add(
            .action(
                FixAction(
                    kind: .recreateContainer,
                    commands: ["docker rm -f <container>", "docker run --gpus all … <image>"])))
    }

    mutating func installFabricManager(_ r: ResolveRequest) {
        var f: Facts = [:]
        var commands: [String] = []
        if let driver = r.driver {
            let package = "nvidia-fabricmanager-\(driver.major)"
            f["driver"] = .version(driver)
            f["package"] = .text(package)
            commands.append("sudo apt-get install -y \(package)=\(driver.text)-1")
        } else {
            commands.append("sudo apt-get install -y nvidia-fabricmanager-<driver branch>=<driver version>-1")
        }
        commands += ["sudo systemctl enable --now nvidia-fabricmanager", "nvidia-smi -q | grep -i -A 2 fabric"]
        add(.action(FixAction(kind: .installFabricManager, commands: commands, facts: f)))
    }

    mutating func removeForwardCompat() {
        let names = ([fact("gpu_name")?.text] + host.gpus.map(\.name)).compactMap { $0 }
        if let consumer = names.first(where: Self.isConsumerGPU) { note(.consumerGPU(name: consumer)) }
        add(
            .action(
                FixAction(
                    kind: .removeForwardCompat,
                    commands: ["ldconfig -p | grep libcuda.so", "echo $LD_LIBRARY_PATH | tr : '\\n' | grep compat"])))
    }

    /// GeForce and TITAN cards (forward compatibility is for datacenter and professional GPUs).
    static func isConsumerGPU(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.contains("geforce") || n.contains("titan")
    }

    mutating func cleanLibraryPath() {
        var f: Facts = [:]
        for k in ["library", "symbol", "runtime_cudnn", "compiled_cudnn"] { f[k] = facts[k] }
        if let runtime = facts["runtime_cudnn"]?.version,
            let other = host.cudnn.first(where: {
                Version($0.version).map { $0.majorMinor == runtime.majorMinor } ?? false
            }),
            let path = other.path
        {
            f["other_copy"] = .text(path)
        } else if let toolkit = host.toolkits.first(where: { $0.path != nil }), let path = toolkit.path {
            f["toolkit"] = .text(path)
        }
        add(
            .action(
                FixAction(
                    kind: .cleanLibraryPath,
                    commands: ["echo $LD_LIBRARY_PATH", "env -u LD_LIBRARY_PATH python -c 'import torch'"], facts: f)))
    }
}
