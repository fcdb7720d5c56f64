import DLEnvCore
import DLEnvProbe

/// The human summary of a probe report.
enum ProbeRendering {
    static func render(_ report: ProbeReport) -> String {
        let f = report.facts
        var out = ""
        func line(_ label: String, _ value: String) { out += label.padding(12) + value + "\n" }

        if let d = f.driver {
            var text = "NVIDIA \(d.version)"
            if let c = d.cudaVersion { text += ", supports CUDA ≤ \(c)" }
            line("driver", text + " [\(d.source ?? "?")]")
        } else if f.jetson != nil {
            line("driver", "Jetson integrated GPU (the L4T release is under host)")
        } else {
            line("driver", "no NVIDIA driver")
        }
        if f.gpus.isEmpty {
            line("gpus", f.rocm == nil ? "no NVIDIA GPU" : "none")
        }
        for g in f.gpus {
            var parts: [String] = [g.name ?? (g.gfx.map { "AMD \($0)" } ?? "GPU (name unknown)")]
            if let cc = g.computeCapability { parts.append("sm_\(cc.replacingOccurrences(of: ".", with: ""))") }
            if let m = g.memoryMiB { parts.append("\(m) MiB") }
            if g.mig == true {
                let n = report.details["gpu\(g.index).mig_devices"].map { " (\($0) instances)" } ?? ""
                parts.append("MIG on\(n)")
            }
            line(
                g.index == f.gpus.first?.index ? "gpus" : "",
                "\(g.index): " + parts.joined(separator: ", ") + " [\(g.source ?? "?")]")
        }
        if let r = f.rocm {
            line(
                "rocm",
                (r.version ?? "version unknown")
                    + (r.gfxTargets.isEmpty ? "" : ", " + r.gfxTargets.joined(separator: " ")))
        }
        line("toolkits", f.toolkits.isEmpty ? "none" : f.toolkits.map(describe).joined(separator: "; "))
        if !f.cudnn.isEmpty { line("cudnn", f.cudnn.map(describe).joined(separator: "; ")) }
        if !f.nccl.isEmpty { line("nccl", f.nccl.map(describe).joined(separator: "; ")) }
        var env: [String] = []
        if f.container { env.append("container (\(report.sources["container"] ?? "?"))") }
        if f.wsl { env.append("WSL") }
        if let j = f.jetson { env.append("Jetson \(j)") }
        line("host", env.isEmpty ? "bare metal or VM" : env.joined(separator: ", "))
        if let c = f.cpu {
            var text = "\(c.model), \(c.cores) logical cores"
            if let p = c.fp32PeakGflops { text += ", nominal FP32 peak ≈ \(p) GFLOP/s (dlenv bench measures it)" }
            line("cpu", text)
            if let m = report.sources["cpu.fp32_peak_gflops"] { line("", "peak = " + m) }
            if !c.flags.isEmpty { line("", "simd: " + c.flags.joined(separator: " ")) }
        }
        if let b = f.blas {
            if let lib = b.library {
                var text = "OpenBLAS \(b.version ?? "?") at \(lib)"
                if let core = b.core { text += ", core \(core)" }
                if let t = b.threads { text += ", \(t) threads" }
                line("blas", text)
            }
            if let note = b.note { line(b.library == nil ? "blas" : "", note) }
        }
        if f.pythons.isEmpty { line("python", "none found") }
        for (i, p) in f.pythons.enumerated() {
            var text = p.path + (p.version.map { " (\($0))" } ?? "")
            if let t = p.torch {
                text += ": torch \(t.version)"
                if let c = t.cuda { text += ", CUDA \(c)" }
                if let h = t.hip { text += ", HIP \(h)" }
                text += t.cudaAvailable ? ", \(t.deviceCount) GPU(s) usable" : ", no GPU usable"
            } else if let e = p.error {
                text += ": \(e)"
            } else {
                text += ": no torch"
            }
            line(i == 0 ? "python" : "", text)
        }
        if !f.warnings.isEmpty {
            out += "\nwarnings:\n"
            for w in f.warnings { out += "  - \(w)\n" }
        }
        return out
    }

    static func describe(_ l: HostFacts.Located) -> String {
        l.version + (l.path.map { " (\($0))" } ?? "")
    }
}

extension String {
    /// The string padded with spaces to a width (for aligned labels).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
