import DLEnvCore

extension HostProbe {
    /// The facts a host's identity is made of (the store's `HostIdentity`: the CPU model, the NVIDIA driver version,
    /// the GPUs' names and UUIDs), read from files only, so that storing a run costs no probe: no command, no
    /// library, whatever `options` say. The parsers and the file sources are `run()`'s (the CPU from /proc/cpuinfo;
    /// the driver from /sys/module/nvidia/version, else /proc/driver/nvidia/version unless it names a Jetson's L4T
    /// release; the GPUs from /proc/driver/nvidia/gpus), so a host without NVML gets the identity of its probe.
    /// Facts the files do not give stay empty (a container without /proc/driver/nvidia has no GPUs here).
    public func identityFacts() -> HostFacts {
        var facts = HostFacts()
        if let info = system.readFile("/proc/cpuinfo").flatMap(CPUInfo.parse) {
            facts.cpu = HostFacts.CPU(model: info.model, cores: info.logicalCores)
        }
        facts.driver = moduleDriver()
        facts.gpus = procGPUs()
        return facts
    }

    /// The driver version the kernel module's files give, with the file that gave it.
    func moduleDriver() -> HostFacts.Driver? {
        let sysModule = "/sys/module/nvidia/version", procFile = "/proc/driver/nvidia/version"
        if let version = system.readFile(sysModule).flatMap(SysModuleVersion.parse) {
            return HostFacts.Driver(version: version, source: sysModule)
        }
        if let file = system.readFile(procFile).flatMap(DriverVersionFile.parse), !Self.isL4T(file) {
            return HostFacts.Driver(version: file.version, source: procFile)
        }
        return nil
    }
}
