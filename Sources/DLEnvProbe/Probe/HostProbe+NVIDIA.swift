import DLEnvCore

extension HostProbe {
    /// A driver fact and where it came from.
    struct Sourced {
        var value: String
        var source: String
    }

    /// NVIDIA driver, CUDA driver version and GPUs, from the most trusted source that answers
    /// (`reference/probe.md` §0.1): NVML, libcuda, /sys/module, /proc/driver, then nvidia-smi's query, XML,
    /// -L and banner. nvidia-smi runs only for what the cheaper sources left open.
    func probeNVIDIA(_ state: inout ProbeState) {
        var driver: Sourced?
        var cuda: Sourced?
        var gpus: [HostFacts.GPU] = []
        let sysModule = system.readFile("/sys/module/nvidia/version").flatMap(SysModuleVersion.parse)
        let procFile = system.readFile("/proc/driver/nvidia/version").flatMap(DriverVersionFile.parse)
        if let procFile {
            state.details["kernel_module"] = procFile.openModule ? "open" : "proprietary"
            if procFile.debugBuild { state.details["kernel_module_build"] = "debug" }
        }
        // On Jetson the "driver version" of the open module is the L4T release (nixGL#139), not a driver number.
        let procIsL4T = procFile.map(Self.isL4T)
        if procIsL4T == true, let v = procFile?.version {
            if state.facts.jetson == nil { state.facts.jetson = "L4T \(v)" }
            state.sources["jetson"] = state.sources["jetson"] ?? "/proc/driver/nvidia/version"
        }

        // 1. NVML.
        var nvmlError: Int?
        if !options.noExec, let snap = system.nvml(timeout: options.timeout) {
            if let code = snap.initError {
                nvmlError = code
                let text = snap.initErrorString ?? NVMLSnapshot.errorName(code)
                if code == 18 {
                    state.warn(
                        "NVML: \(text): the NVIDIA user-space libraries do not match the loaded kernel module"
                            + (sysModule.map { " (\($0))" } ?? "") + "; reboot (or reload the nvidia modules)")
                } else if code != 9 || sysModule != nil {
                    state.warn("NVML could not initialise: \(text) (error \(code))")
                }
            } else {
                if let v = snap.driverVersion { driver = Sourced(value: v, source: "nvml") }
                if let c = snap.cudaDriverVersion { cuda = Sourced(value: Self.cudaText(c), source: "nvml") }
                for d in snap.devices {
                    if let e = d.error {
                        state.warn("NVML cannot open GPU \(d.index): \(NVMLSnapshot.errorName(e)) (error \(e))")
                    }
                    var cc: String?
                    if let ma = d.ccMajor, let mi = d.ccMinor { cc = "\(ma).\(mi)" }
                    gpus.append(
                        HostFacts.GPU(
                            index: d.index, name: d.name, computeCapability: cc,
                            memoryMiB: d.memoryTotalBytes.map { Int($0 / (1 << 20)) }, uuid: d.uuid,
                            mig: d.migMode.map { $0 == 1 }, source: "nvml"))
                    if let n = d.migDevices { state.details["gpu\(d.index).mig_devices"] = String(n) }
                }
            }
        }
        // 2. libcuda's cuDriverGetVersion.
        if cuda == nil, !options.noExec, nvmlError != 18, let c = system.cudaDriverVersion(timeout: options.timeout) {
            cuda = Sourced(value: Self.cudaText(c), source: "libcuda cuDriverGetVersion")
        }
        // 3./4. Kernel module files.
        if driver == nil, let v = sysModule { driver = Sourced(value: v, source: "/sys/module/nvidia/version") }
        if driver == nil, procIsL4T != true, let v = procFile?.version {
            driver = Sourced(value: v, source: "/proc/driver/nvidia/version")
        }
        if gpus.isEmpty { gpus = procGPUs() }

        // 5. nvidia-smi, for what is still open; not after an NVML version mismatch (it fails the same way).
        let needSMI = gpus.isEmpty || driver == nil || cuda == nil || gpus.contains { $0.computeCapability == nil }
        if needSMI, nvmlError != 18, !options.noExec {
            probeSMI(&state, driver: &driver, cuda: &cuda, gpus: &gpus)
        }

        if let driver {
            state.facts.driver = HostFacts.Driver(
                version: driver.value, cudaVersion: cuda?.value, source: driver.source)
            if let cuda, cuda.source != driver.source { state.sources["driver.cuda_version"] = cuda.source }
        }
        state.facts.gpus = gpus
        crossCheck(&state, sysModule: sysModule ?? (procIsL4T == true ? nil : procFile?.version))
        checkImageRequirement(&state)
    }

    /// Whether the kernel module's version file names the L4T release (Jetson's open module, nixGL#139) rather
    /// than a driver version.
    static func isL4T(_ file: DriverVersionFile) -> Bool {
        file.architecture == "aarch64" && (Version(file.version)?.major ?? 0) < 100
    }

    /// 12040 → "12.4" (`NVML_CUDA_DRIVER_VERSION_MAJOR/MINOR`).
    static func cudaText(_ v: Int) -> String { "\(v / 1000).\((v % 1000) / 10)" }

    /// GPUs from `/proc/driver/nvidia/gpus/*/information`, in PCI order (absent inside containers).
    func procGPUs() -> [HostFacts.GPU] {
        guard let dirs = system.listDirectory("/proc/driver/nvidia/gpus") else { return [] }
        var infos: [GPUInformation] = []
        for d in dirs.sorted() {
            if let info = system.readFile("/proc/driver/nvidia/gpus/\(d)/information").flatMap(GPUInformation.parse) {
                infos.append(info)
            }
        }
        return infos.enumerated().map { i, info in
            HostFacts.GPU(index: i, name: info.model, uuid: info.uuid, source: "/proc/driver/nvidia/gpus")
        }
    }

    /// Fills what is missing from nvidia-smi: the query CSV, then the XML, `-L`, and the banner.
    func probeSMI(
        _ state: inout ProbeState, driver: inout Sourced?, cuda: inout Sourced?, gpus: inout [HostFacts.GPU]
    ) {
        // Returns the output when it succeeded; warns and marks nvidia-smi dead when it failed.
        var dead = false
        func attempt(_ inv: Invocation, _ state: inout ProbeState) -> String? {
            guard !dead else { return nil }
            switch execute(inv, &state) {
            case .exited(0, let out, _): return out
            case .exited(let status, let out, let err):
                let failure = SMIFailure.classify(status: status, output: out + "\n" + err)
                // Exit 2 is a rejected argument (an unknown query field on an older nvidia-smi): the other forms
                // may still work.
                if case .invalidField = failure {
                    state.details["nvidia_smi_note"] = failure.explanation
                    return nil
                }
                if status == 2 {
                    state.details["nvidia_smi_note"] = "\(inv.commandLine): exit 2 (an argument was rejected)"
                    return nil
                }
                state.warn("nvidia-smi failed: \(failure.explanation)")
                dead = true
            case .timedOut, .signaled, .failedToStart: dead = true
            case .notFound: break
            }
            return nil
        }

        var rows = attempt(Commands.query, &state).map { SMIQueryCSV.parse($0, fields: Commands.queryFields) } ?? []
        if rows.isEmpty, let out = attempt(Commands.queryBasic, &state) {
            rows = SMIQueryCSV.parse(out, fields: Commands.basicFields)
        }
        if !rows.isEmpty {
            let fromQuery = rows.enumerated().map { i, row in
                HostFacts.GPU(
                    index: row["index"].flatMap { Int($0) } ?? i, name: row["name"],
                    computeCapability: row["compute_cap"].flatMap { TextScan.dottedVersion($0, minParts: 2) },
                    memoryMiB: SMIQueryCSV.mebibytes(row["memory.total"]), uuid: row["uuid"],
                    mig: row["mig.mode.current"].map { $0 == "Enabled" }, source: "nvidia-smi --query-gpu")
            }
            Self.merge(&gpus, fromQuery)
            if driver == nil, let v = rows.compactMap({ $0["driver_version"] }).first {
                driver = Sourced(value: v, source: "nvidia-smi --query-gpu")
            }
        }
        if gpus.isEmpty || cuda == nil || gpus.contains(where: { $0.name == nil }),
            let xml = attempt(Commands.xml, &state).flatMap(SMIXMLReport.parse)
        {
            let fromXML = xml.gpus.enumerated().map { i, g in
                HostFacts.GPU(
                    index: i, name: g.name, memoryMiB: g.memoryMiB, uuid: g.uuid, mig: g.migEnabled,
                    source: "nvidia-smi -q -x")
            }
            for (i, g) in xml.gpus.enumerated() where g.migDeviceCount > 0 {
                state.details["gpu\(i).mig_devices"] = String(g.migDeviceCount)
            }
            Self.merge(&gpus, fromXML)
            if driver == nil, let v = xml.driverVersion { driver = Sourced(value: v, source: "nvidia-smi -q -x") }
            if cuda == nil, let c = xml.cudaVersion { cuda = Sourced(value: c, source: "nvidia-smi -q -x") }
        }
        if gpus.isEmpty || gpus.contains(where: { $0.name == nil }) || gpus.contains(where: { $0.mig == true }),
            let out = attempt(Commands.list, &state)
        {
            let entries = SMIListEntry.parse(out)
            let fromList = entries.map { e in
                HostFacts.GPU(
                    index: e.index, name: e.name, uuid: e.uuid, mig: e.migDevices.isEmpty ? nil : true,
                    source: "nvidia-smi -L")
            }
            for e in entries where !e.migDevices.isEmpty {
                state.details["gpu\(e.index).mig_devices"] = String(e.migDevices.count)
                state.details["gpu\(e.index).mig_profiles"] = e.migDevices.map(\.profile).joined(separator: ",")
            }
            Self.merge(&gpus, fromList)
        }
        if driver == nil || cuda == nil || gpus.isEmpty, let out = attempt(Commands.banner, &state) {
            if let banner = SMIBanner.parse(out) {
                state.details["nvidia_smi_version"] = banner.smiVersion
                if banner.kmdWording { state.details["nvidia_smi_wording"] = "KMD/UMD (R610+)" }
                if driver == nil { driver = Sourced(value: banner.driverVersion, source: "nvidia-smi (banner)") }
                if cuda == nil, let c = banner.cudaVersion { cuda = Sourced(value: c, source: "nvidia-smi (banner)") }
                if let raw = banner.cudaRaw {
                    state.warn(
                        "nvidia-smi reports 'CUDA Version: \(raw)': the driver's CUDA version is unknown"
                            + (state.facts.wsl ? " (a known WSL failure; update the Windows NVIDIA driver)" : ""))
                }
                if banner.smiVersion != banner.driverVersion, !state.facts.wsl {
                    state.warn(
                        "nvidia-smi \(banner.smiVersion) does not belong to the running driver "
                            + "\(banner.driverVersion): another driver's tools are first on PATH")
                }
                if gpus.isEmpty {
                    // The table's names are truncated ("NVIDIA A100-SXM..."), so only count and memory are kept.
                    gpus = banner.tableMemoryMiB.enumerated().map { i, m in
                        HostFacts.GPU(index: i, memoryMiB: m, source: "nvidia-smi (banner table)")
                    }
                }
            }
        }
    }

    /// Fills the missing fields of `gpus` from `more` (matched by UUID, else index); adopts `more` when empty.
    static func merge(_ gpus: inout [HostFacts.GPU], _ more: [HostFacts.GPU]) {
        guard !gpus.isEmpty else {
            gpus = more
            return
        }
        for m in more {
            guard
                let i = gpus.firstIndex(where: { g in
                    if let a = g.uuid, let b = m.uuid { return a == b }
                    return g.index == m.index
                })
            else { continue }
            gpus[i].name = gpus[i].name ?? m.name
            gpus[i].computeCapability = gpus[i].computeCapability ?? m.computeCapability
            gpus[i].memoryMiB = gpus[i].memoryMiB ?? m.memoryMiB
            gpus[i].uuid = gpus[i].uuid ?? m.uuid
            gpus[i].mig = gpus[i].mig ?? m.mig
        }
    }

    /// Consistency checks between the kernel module, the user-space libraries and the PCI bus
    /// (`reference/probe.md` §9.4, §9.5).
    func crossCheck(_ state: inout ProbeState, sysModule: String?) {
        let wsl = state.facts.wsl
        if let kernel = sysModule, let d = state.facts.driver, !wsl, d.source?.hasPrefix("/") == false,
            Version(kernel) != Version(d.version)
        {
            state.warn(
                "the loaded kernel module is \(kernel) but the user-space driver is \(d.version) (\(d.source ?? "")); "
                    + "reboot to load the new module")
        }
        if let kernel = sysModule, !wsl {
            for lib in ["libnvidia-ml", "libcuda"] {
                for (version, path) in driverLibraries(lib) where Version(version) != Version(kernel) {
                    state.warn(
                        "\(path) is version \(version) but the loaded kernel module is \(kernel): a half-upgraded "
                            + "driver; reboot, or reinstall one driver version")
                }
            }
        }
        if state.facts.driver == nil, state.facts.gpus.isEmpty, !wsl {
            let nvidia = nvidiaPCIDevices()
            if !nvidia.isEmpty {
                var message =
                    "an NVIDIA GPU is on the PCI bus (\(nvidia.joined(separator: ", "))) but no NVIDIA driver is loaded"
                if system.exists("/sys/module/nouveau") { message += "; the nouveau driver holds it" }
                state.warn(message + "; install the NVIDIA driver (check Secure Boot and DKMS)")
            }
        }
    }

    /// Versioned driver libraries in the loader's usual folders: "libcuda.so.550.144.03" → 550.144.03.
    func driverLibraries(_ stem: String) -> [(String, String)] {
        var found: [(String, String)] = []
        for dir in ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/aarch64-linux-gnu"] {
            for name in system.listDirectory(dir) ?? [] {
                guard let v = LibraryVersion.fromFileName(name, stem: stem), v.split(separator: ".").count >= 2,
                    (Version(v)?.major ?? 0) >= 100
                else { continue }
                found.append((v, "\(dir)/\(name)"))
            }
        }
        return found
    }

    /// PCI functions with vendor 0x10de and a display class (0x03xxxx).
    func nvidiaPCIDevices() -> [String] {
        guard let devices = system.listDirectory("/sys/bus/pci/devices") else { return [] }
        return devices.sorted().filter { d in
            let vendor = system.readFile("/sys/bus/pci/devices/\(d)/vendor").map(TextScan.trim)
            let cls = system.readFile("/sys/bus/pci/devices/\(d)/class").map(TextScan.trim) ?? ""
            return vendor == "0x10de" && cls.hasPrefix("0x03")
        }
    }

    /// An image's `NVIDIA_REQUIRE_CUDA` ("cuda>=12.4 brand=tesla,driver>=470,driver<471 …") against the driver's
    /// CUDA version: the terms are ORed (reference/probe.md §7.3, §9.10); only the `cuda>=` term is judged here,
    /// so a brand/driver window that would let an older datacenter driver through is mentioned, not decided.
    func checkImageRequirement(_ state: inout ProbeState) {
        guard let require = system.environment("NVIDIA_REQUIRE_CUDA"),
            let term = TextScan.words(require).first(where: { $0.hasPrefix("cuda>=") }),
            let needed = Version(String(term.dropFirst("cuda>=".count))),
            let have = state.facts.driver?.cudaVersion.flatMap(Version.init), have < needed
        else { return }
        let windows = require.contains("brand=") ? " (unless a brand/driver window of the image applies)" : ""
        state.warn(
            "this image requires CUDA ≥ \(needed.text) (NVIDIA_REQUIRE_CUDA) but the driver supports CUDA "
                + "\(have.text)\(windows); update the host driver or use an image for CUDA ≤ \(have.text)")
    }
}
