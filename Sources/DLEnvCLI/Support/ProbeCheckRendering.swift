import DLEnvCore
import DLEnvMatrix

/// Human output of `dlenv check` and the check part of `dlenv doctor`.
enum ProbeCheckRendering {
    static func render(_ r: CheckReport) -> String {
        var out = ""
        if let candidate = r.candidate {
            out += "\(candidate) on \(r.host)\n"
            out += links(r.links)
            out += r.compatible ? "compatible\n" : "NOT compatible\n"
        }
        if !r.fixes.isEmpty {
            out += "\nfixes, best first:\n"
            for (i, f) in r.fixes.enumerated() { out += "  \(i + 1). \(f)\n" }
        }
        if !r.installed.isEmpty {
            out += "\ninstalled torch:\n" + installed(r.installed)
        }
        if !r.warnings.isEmpty {
            out += "\nhost warnings:\n"
            for w in r.warnings { out += "  - \(w)\n" }
        }
        return out
    }

    static func links(_ links: [ChainLink]) -> String {
        let width = (links.map(\.name.count).max() ?? 0) + 2
        return links.map { l in "  \(l.ok ? "✓" : "✗") \(l.name.padding(width))\(l.detail)\n" }.joined()
    }

    static func installed(_ checks: [InstalledCheck]) -> String {
        var out = ""
        for c in checks {
            out += "  \(c.compatible ? "✓" : "✗") torch \(c.torch) in \(c.python)\n"
            for p in c.problems { out += "      \(p)\n" }
            for n in c.notes { out += "      note: \(n)\n" }
        }
        return out
    }
}
