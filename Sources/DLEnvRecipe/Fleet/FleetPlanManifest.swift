/// The list of files `dlenv fleet plan` wrote into a plan folder (`.dlenv-plan-manifest` in it). A new plan
/// removes only the files of the previous manifest that it no longer produces, so a file someone else put into
/// the folder (a hand-written Job next to the generated ones) is never deleted.
public enum FleetPlanManifest {
    /// The manifest's name inside the plan folder.
    public static let path = ".dlenv-plan-manifest"

    static let header =
        "# written by dlenv fleet plan: the files it wrote here, one per line; it removes only these when a later plan no longer has them"

    /// The manifest of a plan whose files are `paths` (relative to the plan folder).
    public static func render(_ paths: [String]) -> String {
        ([header] + paths.sorted()).joined(separator: "\n") + "\n"
    }

    /// The paths a manifest lists. Lines that could reach outside the plan folder (absolute, `..`, empty parts)
    /// or that name the manifest itself are dropped: the file is in the user's folder and may have been edited.
    public static func parse(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line -> String? in
            let path = String(line)
            guard !path.hasPrefix("#"), isInsideFolder(path), path != Self.path else { return nil }
            return path
        }
    }

    /// The files of the previous plan (`previous`, its manifest's text; nil without one) that the new plan's
    /// `paths` no longer has: the ones to remove.
    public static func stale(previous: String?, paths: [String]) -> [String] {
        guard let previous else { return [] }
        let kept = Set(paths)
        return parse(previous).filter { !kept.contains($0) }.sorted()
    }

    /// Whether `path` is a plain relative path that stays inside its folder.
    static func isInsideFolder(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
            && !path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }
    }
}
