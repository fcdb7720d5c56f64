/// `/etc/nv_tegra_release`: "# R36 (release), REVISION: 4.7, GCID: …, BOARD: generic, EABI: aarch64, DATE: …"
/// (`reference/probe.md` §7.4). The L4T version is R<major>.<revision>; a revision without a minor part
/// ("REVISION: 5") means .0.
public struct TegraRelease: Sendable, Hashable {
    /// The L4T release, e.g. "36.4.7", "32.5.0".
    public var l4t: String
    public var board: String?

    public static func parse(_ text: String) -> TegraRelease? {
        guard let line = TextScan.lines(text).first(where: { $0.hasPrefix("# R") }) else { return nil }
        let words = TextScan.words(line)
        guard words.count >= 2, words[1].hasPrefix("R"), let major = Int(words[1].dropFirst()) else { return nil }
        var revision: String?
        var board: String?
        for part in line.split(separator: ",") {
            guard let (k, v) = TextScan.keyValue(part) else { continue }
            if k == "REVISION" { revision = TextScan.dottedVersion(v) }
            if k == "BOARD", !v.isEmpty { board = v }
        }
        guard let revision else { return nil }
        let parts = revision.split(separator: ".")
        let full = parts.count == 1 ? "\(major).\(revision).0" : "\(major).\(revision)"
        return TegraRelease(l4t: full, board: board)
    }
}
