import DLEnvCore

extension HostProbe {
    /// CUDA toolkits, cuDNN and NCCL (`reference/probe.md` §4, §5).
    func probeToolkits(_ state: inout ProbeState) {
        var roots: [String] = []
        for name in ["CUDA_HOME", "CUDA_PATH", "CUDA_ROOT", "CUDAToolkit_ROOT"] {
            if let v = system.environment(name), !v.isEmpty { roots.append(v) }
        }
        roots.append("/usr/local/cuda")
        for name in (system.listDirectory("/usr/local") ?? []).sorted() where name.hasPrefix("cuda-") {
            roots.append("/usr/local/\(name)")
        }
        roots.append("/opt/cuda")
        var seen: Set<String> = []
        var toolkits: [HostFacts.Located] = []
        for root in roots {
            guard let real = system.resolveLink(root), seen.insert(real).inserted else { continue }
            if let v = system.readFile("\(root)/version.json").flatMap(CUDAToolkitVersion.parseJSON) {
                toolkits.append(HostFacts.Located(version: v, path: real, source: "\(root)/version.json"))
            } else if let v = system.readFile("\(root)/version.txt").flatMap(CUDAToolkitVersion.parseText) {
                toolkits.append(HostFacts.Located(version: v, path: real, source: "\(root)/version.txt"))
            } else if system.exists("\(root)/bin/nvcc"), !options.noExec,
                let out = execute(Invocation("\(root)/bin/nvcc", ["--version"], key: "nvcc\(real)"), &state)
                    .successOutput,
                let v = CUDAToolkitVersion.parseNVCC(out)
            {
                toolkits.append(HostFacts.Located(version: v, path: real, source: "\(root)/bin/nvcc --version"))
            }
        }
        // The nvcc first on PATH (a distro package in /usr/bin has no version.json).
        if !options.noExec, let nvcc = system.executables(named: "nvcc").first {
            let home = String(nvcc.split(separator: "/").dropLast(2).joined(separator: "/"))
            let homePath = "/" + home
            if !seen.contains(system.resolveLink(homePath) ?? homePath),
                let out = execute(Commands.nvcc, &state).successOutput, let v = CUDAToolkitVersion.parseNVCC(out)
            {
                toolkits.append(HostFacts.Located(version: v, path: homePath, source: "\(nvcc) --version"))
            }
        }
        state.facts.toolkits = toolkits

        let libDirs =
            ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/aarch64-linux-gnu", "/usr/local/lib"]
            + toolkits.compactMap { $0.path.map { "\($0)/lib64" } }
        var cudnnHeaders: [String] = []
        for name in ["CUDNN_PATH", "CUDNN_HOME"] {
            if let v = system.environment(name) { cudnnHeaders.append("\(v)/include/cudnn_version.h") }
        }
        cudnnHeaders += toolkits.compactMap { $0.path.map { "\($0)/include/cudnn_version.h" } }
        cudnnHeaders += [
            "/usr/include/cudnn_version.h", "/usr/include/x86_64-linux-gnu/cudnn_version_v9.h",
            "/usr/include/x86_64-linux-gnu/cudnn_version_v8.h", "/usr/include/aarch64-linux-gnu/cudnn_version_v9.h",
            "/usr/include/aarch64-linux-gnu/cudnn_version_v8.h", "/usr/include/cudnn.h",
        ]
        state.facts.cudnn = located(
            headers: cudnnHeaders, parse: LibraryVersion.cudnnHeader, libDirs: libDirs, stem: "libcudnn")
        let ncclHeaders = ["/usr/include/nccl.h"] + toolkits.compactMap { $0.path.map { "\($0)/include/nccl.h" } }
        state.facts.nccl = located(
            headers: ncclHeaders, parse: LibraryVersion.ncclHeader, libDirs: libDirs, stem: "libnccl")
    }

    /// Versions from headers, then from versioned library names; one entry per version and folder.
    func located(headers: [String], parse: (String) -> String?, libDirs: [String], stem: String)
        -> [HostFacts.Located]
    {
        var out: [HostFacts.Located] = []
        var keys: Set<String> = []
        func add(_ version: String, _ path: String, _ source: String) {
            let dir = path.split(separator: "/").dropLast().joined(separator: "/")
            let key = version + "@" + (system.resolveLink("/" + dir) ?? dir)
            if keys.insert(key).inserted, !out.contains(where: { $0.version == version }) {
                out.append(HostFacts.Located(version: version, path: path, source: source))
            }
        }
        for h in headers {
            if let text = system.readFile(h), let v = parse(text) { add(v, h, h) }
        }
        var seenDirs: Set<String> = []
        for dir in libDirs {
            guard seenDirs.insert(system.resolveLink(dir) ?? dir).inserted, let names = system.listDirectory(dir)
            else { continue }
            // The longest version per major ("libcudnn.so.9.1.0" over "libcudnn.so.9").
            var best: [String: String] = [:]
            for name in names {
                guard let v = LibraryVersion.fromFileName(name, stem: stem) else { continue }
                let major = String(v.split(separator: ".")[0])
                if (best[major]?.count ?? 0) < v.count { best[major] = v }
            }
            for (_, v) in best.sorted(by: { $0.key < $1.key }) where v.contains(".") {
                add(v, "\(dir)/\(stem).so.\(v)", "\(dir)/\(stem).so.\(v)")
            }
        }
        return out
    }

    /// ROCm version files and the KFD topology's gfx targets (`reference/probe.md` §6).
    func probeROCm(_ state: inout ProbeState) {
        let root = system.environment("ROCM_PATH") ?? "/opt/rocm"
        var version: String?
        var source: String?
        let candidates: [(String, (String) -> String?)] = [
            ("\(root)/.info/version", ROCmFiles.infoVersion), ("\(root)/core/.info/version", ROCmFiles.infoVersion),
            ("\(root)/include/rocm-core/rocm_version.h", LibraryVersion.rocmHeader),
            ("\(root)/include/rocm_version.h", LibraryVersion.rocmHeader),
        ]
        for (path, parse) in candidates {
            if let v = system.readFile(path).flatMap(parse) {
                version = v
                source = path
                break
            }
        }
        if let hip = system.readFile("\(root)/share/hip/version").flatMap(ROCmFiles.hipVersion) {
            state.details["hip_version"] = hip
        }
        var targets: [String] = []
        let nodesDir = "/sys/class/kfd/kfd/topology/nodes"
        let nodes = (system.listDirectory(nodesDir) ?? []).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        var amdGPUs: [HostFacts.GPU] = []
        for n in nodes {
            guard let node = system.readFile("\(nodesDir)/\(n)/properties").flatMap(KFDNode.parse), node.isGPU,
                let gfx = node.gfxName
            else { continue }
            targets.append(gfx)
            amdGPUs.append(HostFacts.GPU(index: amdGPUs.count, gfx: gfx, source: "kfd topology"))
        }
        if let override = system.environment("HSA_OVERRIDE_GFX_VERSION") {
            state.details["hsa_override_gfx_version"] = override
            state.warn("HSA_OVERRIDE_GFX_VERSION=\(override) makes ROCm pretend to be another GPU architecture")
        }
        guard version != nil || !targets.isEmpty else { return }
        state.facts.rocm = HostFacts.ROCm(
            version: version, gfxTargets: targets, source: source ?? (targets.isEmpty ? nil : "kfd topology"))
        if state.facts.gpus.isEmpty { state.facts.gpus = amdGPUs }
    }
}
