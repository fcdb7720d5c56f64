import DLEnvCore

extension HostProbe {
    /// Container, WSL, Jetson and the NVIDIA container variables (`reference/probe.md` §7). Runs first: the
    /// NVIDIA part reads its answers (on WSL there is no /proc/driver/nvidia by design).
    func probeEnvironment(_ state: inout ProbeState) {
        // WSL: the kernel release names Microsoft; /dev/dxg is the GPU paravirtualisation device.
        if let osrelease = system.readFile("/proc/sys/kernel/osrelease"), HostEnvironment.isWSLKernel(osrelease) {
            state.facts.wsl = true
            state.sources["wsl"] = "/proc/sys/kernel/osrelease"
            if HostEnvironment.isWSL1Kernel(osrelease) {
                state.warn("this is WSL1, which has no GPU support; convert the distribution with 'wsl --set-version'")
            } else if !system.exists("/dev/dxg") {
                state.warn(
                    "WSL2 without /dev/dxg: no GPU is shared with this distribution (update WSL and the "
                        + "Windows NVIDIA driver)")
            }
        } else if system.exists("/dev/dxg") {
            state.facts.wsl = true
            state.sources["wsl"] = "/dev/dxg"
        }

        // Containers, strongest signal first (systemd `detect_container()` order, then cgroup v1 names).
        let markers: [(String, String)] = [
            ("/run/.containerenv", "podman"), ("/.dockerenv", "docker"), ("/run/systemd/container", "systemd"),
        ]
        for (path, engine) in markers where system.exists(path) {
            state.facts.container = true
            state.sources["container"] = path
            state.details["container_engine"] = engine
            break
        }
        if !state.facts.container {
            for path in ["/proc/1/cgroup", "/proc/self/cgroup"] {
                if let text = system.readFile(path), HostEnvironment.cgroupNamesContainer(text) {
                    state.facts.container = true
                    state.sources["container"] = path
                    break
                }
            }
        }
        if !state.facts.container, system.environment("KUBERNETES_SERVICE_HOST") != nil {
            state.facts.container = true
            state.sources["container"] = "KUBERNETES_SERVICE_HOST"
        }

        for name in ["NVIDIA_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES"] {
            if let v = system.environment(name) { state.details[name.lowercased()] = v }
        }
        if let v = system.environment("CUDA_VISIBLE_DEVICES"), HostEnvironment.VisibleDevices.parse(v) == .void {
            state.warn("CUDA_VISIBLE_DEVICES is empty: CUDA programs see no GPU")
        }
        if state.facts.container, let v = system.environment("NVIDIA_VISIBLE_DEVICES") {
            switch HostEnvironment.VisibleDevices.parse(v) {
            case .none: state.warn("NVIDIA_VISIBLE_DEVICES=none: the container gets the driver but no GPU")
            case .void: state.warn("NVIDIA_VISIBLE_DEVICES=\(v): the NVIDIA runtime does nothing for this container")
            default: break
            }
        }
        if state.facts.container, system.exists("/proc/driver/nvidia"), !system.exists("/proc/driver/nvidia/gpus") {
            // The NVIDIA runtime mounts a tmpfs over /proc/driver/nvidia without gpus/ (lxd#7840).
            state.details["proc_driver_nvidia"] = "container tmpfs (no gpus/ folder)"
        }
        if let image = system.environment("NVIDIA_REQUIRE_CUDA") {
            state.details["nvidia_require_cuda"] = String(image.prefix(120))
        }
        // A toolkit's stubs/ folder on the library path loads a libcuda/libnvidia-ml whose every call fails
        // (CUDA_ERROR_STUB_LIBRARY = 34; reference/probe.md §9.11).
        for dir in (system.environment("LD_LIBRARY_PATH") ?? "").split(separator: ":") where dir.contains("/stubs") {
            state.warn(
                "LD_LIBRARY_PATH contains \(dir): its stub libcuda/libnvidia-ml load but fail every call; remove it")
        }

        // Jetson: /etc/nv_tegra_release names the L4T release; the device tree names the board.
        if let release = system.readFile("/etc/nv_tegra_release").flatMap(TegraRelease.parse) {
            var text = "L4T \(release.l4t)"
            if let model = system.readFile("/proc/device-tree/model").map(TextScan.trim), !model.isEmpty {
                text += " (\(model))"
            }
            state.facts.jetson = text
            state.sources["jetson"] = "/etc/nv_tegra_release"
        }
    }
}
