import DLEnvCore
import DLEnvMatrix

/// Human tables for `dlenv matrix` and `dlenv resolve` (plain text, aligned columns).
enum MatrixTables {
    static func table(_ header: [String], _ rows: [[String]]) -> String { TextTable.render(header, rows) }

    /// "sm_50 sm_60 … compute_90" shortened to fit a table cell.
    static func archSummary(_ arch: [String]) -> String {
        guard arch.count > 4 else { return arch.joined(separator: " ") }
        return "\(arch[0]) \(arch[1]) … \(arch[arch.count - 2]) \(arch[arch.count - 1]) (\(arch.count))"
    }

    static func torch(_ t: MatrixJSON.Torch) -> String {
        var lines = [
            "torch \(t.version)  (released \(t.released ?? "?"))",
            "  python       \(t.python.joined(separator: ", "))",
            "  torchvision  \(t.torchvision ?? "-")",
            "  torchaudio   \(t.torchaudio ?? "-")",
            "  PyPI default \(t.pypiDefault ?? "none (not on PyPI)")",
            "",
        ]
        let rows = t.variants.map { v in
            [
                v.name + (v.isDefault ? " *" : ""), v.cuda ?? v.rocm ?? "-", v.cudnn ?? "-", v.nccl ?? "-",
                v.arch.isEmpty ? "-" : v.arch.joined(separator: " "), v.indexURL + (v.findLinks ? " (-f)" : ""),
            ]
        }
        lines.append(table(["variant", "cuda/rocm", "cudnn", "nccl", "arch", "index"], rows))
        lines.append("")
        lines.append("* PyPI's plain `pip install torch==\(t.version)` on Linux x86_64")
        lines.append("source: \(t.source) [\(t.verified)]")
        if let note = t.note { lines.append("note: \(note)") }
        for d in t.disputes {
            lines.append("dispute: \(d.field) = \(d.value) per \(d.source); not used: \(d.whyNot)")
        }
        return lines.joined(separator: "\n")
    }

    static func torchList(_ rows: [MatrixJSON.Torch]) -> String {
        table(
            ["torch", "released", "python", "torchvision", "torchaudio", "variants"],
            rows.map { t in
                let py = t.python.count > 1 ? "\(t.python.first!)–\(t.python.last!)" : t.python.joined()
                let variants = t.variants.map { $0.isDefault ? "\($0.name)*" : $0.name }.joined(separator: " ")
                return [t.version, t.released ?? "?", py, t.torchvision ?? "-", t.torchaudio ?? "-", variants]
            })
    }

    static func cuda(_ c: MatrixJSON.CUDA) -> String {
        [
            "CUDA \(c.version) (\(c.label))",
            "  toolkit driver        Linux ≥ \(c.minDriver.linux ?? "n/a")   Windows ≥ \(c.minDriver.windows ?? "n/a")",
            "  minor-version floor   Linux ≥ \(c.minorVersionMinDriver.linux ?? "n/a")   Windows ≥ \(c.minorVersionMinDriver.windows ?? "n/a")",
            "  compute capabilities  \(c.computeCapabilities.joined(separator: " "))",
            "  releases              \(c.releases.joined(separator: ", "))",
            "source: \(c.source) [\(c.verified)]",
        ].joined(separator: "\n") + (c.note.map { "\nnote: \($0)" } ?? "")
    }

    static func cudaList(_ rows: [MatrixJSON.CUDA]) -> String {
        table(
            ["cuda", "label", "driver linux", "driver windows", "minor-compat linux", "capabilities"],
            rows.map { c in
                [
                    c.version, c.label, c.minDriver.linux ?? "n/a", c.minDriver.windows ?? "n/a",
                    c.minorVersionMinDriver.linux ?? "n/a",
                    "\(c.computeCapabilities.first ?? "")–\(c.computeCapabilities.last ?? "")",
                ]
            })
    }

    static func gpu(_ g: MatrixJSON.GPU) -> String {
        var lines = [g.name]
        if let cc = g.computeCapability { lines.append("  compute capability  \(cc) (\(g.sm ?? ""))") }
        if let gfx = g.gfx { lines.append("  gfx target          \(gfx)") }
        lines.append("  architecture        \(g.architecture)")
        if !g.aliases.isEmpty { lines.append("  aliases             \(g.aliases.joined(separator: ", "))") }
        lines.append("source: \(g.source) [\(g.verified)]")
        if let note = g.note { lines.append("note: \(note)") }
        return lines.joined(separator: "\n")
    }

    static func gpuList(_ rows: [MatrixJSON.GPU]) -> String {
        table(
            ["name", "cc", "architecture"],
            rows.map { [$0.name, $0.computeCapability ?? $0.gfx ?? "-", $0.architecture] })
    }
}

extension MatrixTables {
    /// The builds of a torch release that fleet results verified on hardware ("" when none).
    static func verified(_ marks: [MatrixJSON.StackMark]) -> String {
        guard !marks.isEmpty else { return "" }
        return "\nverified on hardware (dlenv fleet collect):\n"
            + marks.map {
                "  \($0.stack): \($0.mark.gpu) (driver \($0.mark.driver)) \($0.mark.passed ? "passed" : "FAILED")\n"
            }
            .joined()
    }
}
