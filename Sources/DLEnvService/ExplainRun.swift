import DLEnvCore
import DLEnvExplain
import DLEnvMatrix
import DLEnvProbe
import Foundation

/// `dlenv explain`: the input (text, a log file or standard input), the catalogue, the host joined with it, and the
/// explanation.
public enum ExplainRun {
    /// Where the host facts come from.
    public enum Host: Sendable {
        /// `--no-probe`: the text alone.
        case none
        /// `--host FILE`: a saved probe report.
        case report(String)
        /// This host, probed.
        case probe
    }

    /// The input from the arguments: TEXT…, --file LOG or - (exactly one).
    public static func input(text: [String], file: String?) throws(DiagnosticsError) -> LogInput {
        let given = (text.isEmpty ? 0 : 1) + (file == nil ? 0 : 1)
        guard given == 1 else {
            if given == 0 { throw DiagnosticsError(InputError.noInput.diagnostic) }
            throw DiagnosticsError(
                Diagnostic(
                    .error, "pass the text, --file LOG or - (one of them), not several",
                    remedy: "dlenv explain --file build.log, or: some-command 2>&1 | dlenv explain -"))
        }
        if let file { return .file(file) }
        return text == ["-"] ? .standardInput : .text(text.joined(separator: " "))
    }

    /// The catalogue: failures.yaml of `--matrix DIR` when it has one, else the embedded copy.
    public static func catalogue(matrixDirectory: String?) throws(DiagnosticsError) -> FailureCatalogue {
        if let dir = matrixDirectory {
            let path = (dir.hasSuffix("/") ? dir : dir + "/") + FailureCatalogue.fileName
            if let data = try BoundedFile.userFile(path, limit: BoundedFile.documentLimit) {
                return try FailureCatalogue.load(text: String(decoding: data, as: UTF8.self), file: path)
            }
        }
        return try FailureCatalogue.embedded()
    }

    /// The explanation of `input`, joined with the host and the torch of `python` (probed).
    public static func explain(
        _ input: LogInput, host: Host, python: String?, matrix: CompatibilityMatrix, catalogue: FailureCatalogue
    ) throws -> Explanation {
        let (scan, summary): (ScanResult, InputSummary)
        do { (scan, summary) = try input.scan(catalogue: catalogue) } catch {
            throw DiagnosticsError(error.diagnostic)
        }
        let (facts, source) = try hostFacts(host, python: python)
        let chosen = python.flatMap { p in facts?.pythons.contains { $0.path == p } == true ? p : nil }
        let context = ExplainContext(matrix: matrix, host: facts, hostSource: source, python: chosen)
        return Explainer.explain(scan, input: summary, catalogue: catalogue, context: context)
    }

    /// The host: none, a saved report (as `dlenv check --host` reads it), or a live probe; `python` probes that
    /// interpreter (into the saved report's facts too).
    static func hostFacts(_ host: Host, python: String?) throws -> (HostFacts?, String?) {
        let pythons = python.map { [$0] } ?? []
        switch host {
        case .none: return (nil, nil)
        case .report(let path):
            var facts = try SavedHostReport.read(path)
            if !pythons.isEmpty {
                let probed = HostProbe(system: LiveSystem(), options: ProbeOptions(pythons: pythons, searchPath: false))
                    .run()
                facts.pythons = probed.facts.pythons + facts.pythons.filter { $0.path != python }
            }
            return (facts, path)
        case .probe:
            let options = ProbeOptions(pythons: pythons, searchPath: pythons.isEmpty)
            return (HostProbe(system: LiveSystem(), options: options).run().facts, "this host (probed)")
        }
    }
}
