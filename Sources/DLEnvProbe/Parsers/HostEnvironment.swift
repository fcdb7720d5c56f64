/// WSL, container and NVIDIA container-variable detection from file contents (`reference/probe.md` §7).
public enum HostEnvironment {
    /// `/proc/sys/kernel/osrelease` names Microsoft's kernel: "…-microsoft-standard-WSL2" (WSL2) or
    /// "…-Microsoft" (WSL1), matched case-insensitively as systemd's `detect_container()` does.
    public static func isWSLKernel(_ osrelease: String) -> Bool {
        let s = osrelease.lowercased()
        return s.contains("microsoft") || s.contains("wsl")
    }

    /// WSL1 kernels ("4.4.0-19041-Microsoft") have no GPU support at all.
    public static func isWSL1Kernel(_ osrelease: String) -> Bool {
        TextScan.trim(osrelease).hasSuffix("-Microsoft")
    }

    /// cgroup v1 lines naming a container manager ("…/docker/…", "kubepods", "libpod", "lxc"). cgroup v2 shows
    /// "0::/" inside a namespace and tells nothing.
    public static func cgroupNamesContainer(_ cgroup: String) -> Bool {
        for line in TextScan.lines(cgroup) {
            guard let path = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).last else {
                continue
            }
            for marker in ["/docker", "kubepods", "libpod", "/lxc", "containerd"] where path.contains(marker) {
                return true
            }
        }
        return false
    }

    /// `NVIDIA_VISIBLE_DEVICES` / `CUDA_VISIBLE_DEVICES` as the NVIDIA Container Toolkit documents them.
    public enum VisibleDevices: Sendable, Hashable {
        case all
        /// "none": driver libraries injected, no GPU.
        case none
        /// "void", or empty: the runtime does nothing (for CUDA_VISIBLE_DEVICES, empty hides every GPU).
        case void
        /// Indices, GPU-/MIG- UUIDs or prefixes.
        case list([String])

        public static func parse(_ value: String) -> VisibleDevices {
            let v = TextScan.trim(value)
            switch v.lowercased() {
            case "all": return .all
            case "none": return .none
            case "void", "": return .void
            default:
                return .list(v.split(separator: ",").map { TextScan.trim($0) }.filter { !$0.isEmpty })
            }
        }
    }
}
