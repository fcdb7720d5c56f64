import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvRecipe
import Foundation

/// The machine a verdict is for: a saved `dlenv probe --json` report, a fleet profile, values declared on the
/// command line, or a live probe (of this host or of the files under a root folder).
public enum HostSelection: Sendable {
    /// `--host FILE` (`--target FILE` for init).
    case report(String)
    /// `--profile FILE`: a fleet's oldest driver and its GPUs.
    case profile(String)
    /// `--driver`/`--gpu` alone; the label says where they came from ("flags", "the target of dlenv.yaml").
    case declared(String)
    /// A probe of this host, or of the files under `root`.
    case probe(root: String?, options: ProbeOptions)

    /// The host's facts and the words that say which host it is ("this host (probed)", the report's path).
    public func facts(matrix: CompatibilityMatrix) throws -> (facts: HostFacts, source: String) {
        switch self {
        case .report(let path): return (try SavedHostReport.read(path), path)
        case .profile(let path):
            let text = try FileText.read(
                path, missing: "cannot read the fleet profile '\(path)'", remedy: "write 'driver:' and 'gpus:' lines",
                limit: BoundedFile.specLimit)
            return (try FleetProfile.parse(text, file: path, matrix: matrix).facts, path)
        case .declared(let label): return (HostFacts(), label)
        case .probe(let root, let options):
            if let root { try Self.requireFolder(root) }
            let report = HostProbe(system: LiveSystem(root: root), options: options).run()
            return (report.facts, root.map { "probe of \($0)" } ?? "this host (probed)")
        }
    }

    /// `--root DIR` must be a folder (bad input otherwise).
    public static func requireFolder(_ root: String) throws(DiagnosticsError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw DiagnosticsError(
                Diagnostic(.error, "--root \(root): no such folder", remedy: "pass an unpacked image's folder"))
        }
    }
}

/// Reads a saved `dlenv probe --json` report (`--host`, `--target`): the one reading of it for every command.
public enum SavedHostReport {
    public static func read(_ path: String) throws(DiagnosticsError) -> HostFacts {
        let text = try FileText.read(
            path, missing: "cannot read the probe report '\(path)'",
            remedy: "write one with dlenv probe --json > host.json")
        let facts: HostFacts
        do { facts = try JSONDecoder().decode(HostFacts.self, from: Data(text.utf8)) } catch {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "'\(path)' is not a probe report: \(DecodingErrorText.describe(error))",
                    at: SourceLocation(file: path), remedy: "pass the JSON that dlenv probe --json prints"))
        }
        if let problem = facts.rangeProblems(origin: path).first {
            throw DiagnosticsError(
                Diagnostic(.error, problem.description, remedy: "pass the JSON that dlenv probe --json prints"))
        }
        return facts.escapingControlCharacters
    }
}

/// Reading a text file a user named, with the messages every command uses.
public enum FileText {
    /// The file's text; a missing or unreadable file, or one that is not UTF-8, is bad input.
    public static func read(
        _ path: String, missing: String, remedy: String, limit: Int = BoundedFile.documentLimit
    ) throws(DiagnosticsError) -> String {
        guard let data = try BoundedFile.userFile(path, limit: limit).map({ Data($0) }) else {
            throw DiagnosticsError(Diagnostic(.error, missing, at: SourceLocation(file: path), remedy: remedy))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "'\(path)' is not UTF-8 text", at: SourceLocation(file: path), remedy: "save it as UTF-8"))
        }
        return text
    }

    /// The file's text when it exists (a project's requirements.txt, pyproject.toml), else nil.
    public static func optional(_ path: String) throws(DiagnosticsError) -> String? {
        try BoundedFile.userFile(path, limit: BoundedFile.specLimit).map { String(decoding: $0, as: UTF8.self) }
    }
}
