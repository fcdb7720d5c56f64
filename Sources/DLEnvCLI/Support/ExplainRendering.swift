import DLEnvCore
import DLEnvExplain
import DLEnvMatrix
import Foundation

/// Human output of `dlenv explain`, rendered from the typed explanation: per failure the cause, the evidence with
/// line numbers, the facts, the build and its failing links, and the fixes, best first.
enum ExplainRendering {
    static func render(_ e: Explanation, catalogue: FailureCatalogue) -> String {
        var out = ""
        guard e.recognised else { return unrecognised(e, catalogue: catalogue) }
        for (i, m) in e.matches.enumerated() {
            if i > 0 { out += "\n" }
            out += match(m, e)
        }
        out += "\n" + readSummary(e)
        return out
    }

    static func match(_ m: FailureMatch, _ e: Explanation) -> String {
        var out = "\(m.id): \(m.title)\n"
        out += wrap(m.cause, indent: "  ")
        out +=
            "  evidence (\(e.input.source)\(e.input.skippedBytes > 0 ? ", lines counted from the first one read" : "")):\n"
        for ev in m.evidence { out += "    line \(ev.line): \(ev.text)\n" }
        if m.matchedLines > m.evidence.count { out += "    … \(m.matchedLines - m.evidence.count) more lines\n" }
        let facts = factLines(m.facts)
        if !facts.isEmpty {
            out += "  facts:\n"
            for f in facts { out += "    \(f)\n" }
        }
        if let b = m.build {
            let from: String
            switch b.source {
            case .log: from = "named in the log"
            case .python(let path): from = "installed in \(path)"
            }
            out += "  build: \(b.label) (\(from))\n"
            if !m.links.isEmpty { out += ProbeCheckRendering.links(m.links).prefixed("  ") }
        }
        if !m.fixes.isEmpty {
            out += "  fixes, best first\(e.hostSource.map { " (joined with \($0))" } ?? ""):\n"
            for (i, f) in m.fixes.enumerated() { out += "    \(i + 1). \(fix(f, m))\n" }
        }
        for n in m.notes { out += "  note: \(note(n))\n" }
        out += "  sources: \(m.sources.prefix(3).joined(separator: ", "))\(m.sources.count > 3 ? ", …" : "")\n"
        return out
    }

    /// "driver_cuda: 11.4", sizes in GiB / MiB, sorted by name.
    static func factLines(_ facts: Facts) -> [String] {
        facts.keys.sorted().map { k in
            let v = facts[k]!
            switch v {
            case .bytes(let b): return "\(k): \(size(b))"
            default: return "\(k): \(v)"
            }
        }
    }

    static func size(_ bytes: Int64) -> String {
        let b = Double(bytes)
        let gib = 1_073_741_824.0, mib = 1_048_576.0
        if b >= gib { return String(format: "%.2f GiB", b / gib) }
        if b >= mib { return String(format: "%.2f MiB", b / mib) }
        if b >= 10_240 { return String(format: "%.1f KiB", b / 1024) }
        return "\(bytes) bytes"
    }

    static func fix(_ f: ExplainFix, _ m: FailureMatch) -> String {
        switch f {
        case .stack(let fix): return ProbeCheckRendering.fix(fix, torch: m.build?.torch)
        case .action(let a): return action(a, m)
        }
    }

    static func action(_ a: FixAction, _ m: FailureMatch) -> String {
        let commands = a.commands.joined(separator: "; ")
        func fact(_ k: String) -> String? { a.facts[k].map { v in v.bytes.map(size) ?? v.description } }
        switch a.kind {
        case .olderImage:
            return
                "build on an image whose CUDA the driver supports (CUDA ≤ \(fact("driver_cuda") ?? "?")): \(commands)"
        case .reloadDriver:
            let versions = [
                fact("kernel_module").map { "kernel module \($0)" }, fact("nvml_version").map { "NVML \($0)" },
            ]
            .compactMap { $0 }
            return
                "reboot, or unload and reload the NVIDIA modules (\(a.commands.dropFirst().joined(separator: "; "))), "
                + "so the kernel module and the libraries match"
                + (versions.isEmpty ? "" : " (\(versions.joined(separator: ", ")))")
        case .recreateContainer:
            return "recreate the container (a restart keeps the lost device access): \(commands)"
        case .devCharSymlinks:
            return
                "on the host, create the /dev/char symlinks so a systemd reload keeps the GPUs in containers: \(commands)"
        case .installFabricManager:
            return
                "install the fabric manager of the driver's exact version\(fact("driver").map { " (\($0))" } ?? "") and start it: \(commands)"
        case .removeForwardCompat:
            return "stop loading the forward-compatibility libcuda (cuda-compat, /usr/local/cuda/compat: drop it from "
                + "LD_LIBRARY_PATH or remove the package); find it with: \(commands)"
        case .cleanLibraryPath:
            var what = "the other copy of the library"
            if let library = fact("library") {
                let symbol = fact("symbol").map { ", which lacks \($0)" } ?? ""
                what = "the older copy of what \(baseName(library)) loads\(symbol)"
            }
            if let runtime = fact("runtime_cudnn") { what = "the other cuDNN (\(runtime))" }
            var at = ""
            if let copy = fact("other_copy") {
                at = " (this host has one at \(copy))"
            } else if let toolkit = fact("toolkit") {
                at = " (a toolkit's lib64 such as \(toolkit)/lib64 is the usual one)"
            }
            return "take \(what)\(at) off the loader path (LD_LIBRARY_PATH) so torch loads its own; check with: "
                + (a.commands.last ?? "")
        case .wslLibraryPath:
            return "put WSL's driver libraries on the loader path: \(commands)"
        case .gpuRuntime:
            return "start the container with the GPUs passed in: \(commands)"
        case .installDriver:
            return "install the NVIDIA driver (libcuda.so.1 comes with it; nvidia-smi must then work)"
        case .reduceBatchSize:
            let need = fact("requested_bytes"), free = fact("free_bytes"), total = fact("total_bytes")
            let numbers =
                need.map { n in
                    " (\(n) asked" + (free.map { ", \($0) free" } ?? "") + (total.map { " of \($0)" } ?? "") + ")"
                }
                ?? ""
            return "reduce the batch size (or the model: smaller, lower precision, gradient checkpointing)\(numbers)"
        case .expandableSegments:
            let frag = fact("reserved_unallocated_bytes").map { " (\($0) reserved by torch but unallocated)" } ?? ""
            return "let the allocator grow segments instead of fragmenting\(frag): \(commands)"
        case .freeGPUMemory:
            return
                "other processes hold \(fact("other_processes_bytes") ?? "memory") of the GPU: find them with \(commands)"
        case .stack, .cudaBuild, .pairTorchvision, .driverForCUDA, .driverForToolkit:
            return commands
        }
    }

    static func note(_ n: MatchNote) -> String {
        switch n {
        case .noBuildKnown:
            return "neither the log nor the environment names a torch build: the fixes are the best stacks for the host"
        case .unknownBuild(let torch, let variant): return "the matrix has no torch \(torch) \(variant) build"
        case .cpuBuildIgnored(let build):
            return "the environment's \(build) is a CPU build, which cannot fail this way: the log comes from another "
                + "environment, so the fixes are the best stacks for the host"
        case .buildRunsHere(let build):
            return
                "the matrix says \(build) runs on this host as described: the cause is outside the chain dlenv checks"
        case .logOverridesHost(let fact, let log, let host):
            return
                "the log says \(fact) \(log), the host \(host): the log's value was used (it is the failing machine's)"
        case .driverFromCUDA(let cuda, let driver):
            return "the log gives only the driver's CUDA (\(cuda)): assumed the lowest driver of that CUDA, \(driver)"
        case .driverNewEnough(let have, let need):
            return "this host's driver \(have) is already ≥ \(need): the log comes from another machine, or the driver "
                + "was upgraded since"
        case .driverNotChecked(let build, let need):
            return "no driver known (neither the host nor the log gives one): \(build) needs a driver ≥ \(need)"
        case .noNVIDIAGPU: return "this host shows no NVIDIA GPU or driver: a CUDA build will not use a GPU here"
        case .notAContainer: return "this host is not a container: the message usually comes from inside one"
        case .wsl:
            return "on WSL the usual cause is a Linux libnvidia-ml earlier on LD_LIBRARY_PATH than /usr/lib/wsl/lib"
        case .consumerGPU(let name):
            return "\(name) is a consumer GPU: forward compatibility works only on datacenter GPUs"
        case .driverVersions(let kernel, let library):
            return "the kernel module is \(kernel), the libraries are \(library)"
        }
    }

    /// Not recognised: what was read, what the log and the host show, what the catalogue knows.
    static func unrecognised(_ e: Explanation, catalogue: FailureCatalogue) -> String {
        var out = "not recognised: no known failure in \(e.input.source)\n"
        out += readSummary(e)
        if !e.logFacts.isEmpty {
            out += "the log shows: " + factLines(e.logFacts).joined(separator: ", ") + "\n"
        }
        out += host(e)
        out += "known failures: " + catalogue.entries.map(\.id).joined(separator: ", ") + " (matrices/failures.yaml)\n"
        return out
    }

    static func host(_ e: Explanation) -> String {
        guard let h = e.host else { return "host: not examined (--no-probe)\n" }
        var parts: [String] = [h.os.rawValue]
        if h.container { parts.append("container") }
        if h.wsl { parts.append("WSL") }
        if let d = h.driver {
            parts.append("driver \(d.version)" + (d.cudaVersion.map { " (CUDA \($0))" } ?? ""))
        } else {
            parts.append("no NVIDIA driver")
        }
        let gpus = h.gpus.map { g in
            "GPU \(g.index) \(g.name ?? g.gfx ?? "?")" + (g.computeCapability.map { " (\($0))" } ?? "")
        }
        parts.append(gpus.isEmpty ? "no GPU" : gpus.joined(separator: ", "))
        var out = "host (\(e.hostSource ?? "?")): " + parts.joined(separator: ", ") + "\n"
        for p in h.pythons {
            let torch =
                p.torch.map { "torch \($0.version)" + ($0.cudaAvailable ? " (CUDA available)" : "") } ?? "no torch"
            out += "  python \(p.path)" + (p.version.map { " \($0)" } ?? "") + ": \(p.error ?? torch)\n"
        }
        return out
    }

    static func readSummary(_ e: Explanation) -> String {
        let i = e.input
        var s = "read \(i.lines) line\(i.lines == 1 ? "" : "s") (\(size(Int64(i.bytesRead))))"
        if i.skippedBytes > 0, let total = i.totalBytes {
            s += " — the last \(size(Int64(i.bytesRead))) of \(size(Int64(total))): larger logs are read from their end"
        }
        if i.stoppedAtLimit, i.skippedBytes == 0 {
            s += " — stopped at the 64 MiB limit; pass the end of the log (tail -c 64M LOG | dlenv explain -)"
        }
        if i.longLines > 0 { s += "; \(i.longLines) line\(i.longLines == 1 ? "" : "s") over 16 KiB matched in pieces" }
        return s + "\n"
    }

    /// "libcusparse.so.12" of a path.
    static func baseName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The cause, wrapped at 116 columns.
    static func wrap(_ text: String, indent: String) -> String {
        var out = "", line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 116, line != indent {
                out += line + "\n"
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        return out + line + "\n"
    }
}

extension String {
    /// Every line prefixed.
    fileprivate func prefixed(_ prefix: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }
            .joined(separator: "\n")
    }
}
