import ArgumentParser
import DLEnvCore
import DLEnvExplain
import DLEnvMatrix
import DLEnvProbe
import DLEnvService
import Foundation

/// `dlenv explain`: an error message or a whole log → the known failures in it (matrices/failures.yaml), the
/// facts they carry, joined with the host and the environment → cause, evidence and ranked fixes.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an error message or a log: the known failure, its facts, and the fixes for this host.",
        discussion: """
            Pass the error text as arguments, a log with --file (a file over 64 MiB is read from its end), or - to \
            read standard input (up to 64 MiB). The failures dlenv knows are in matrices/failures.yaml. The facts \
            in the text (a driver's CUDA version, a GPU's compute capability, memory sizes) are joined with this \
            host (probed; --host reads a saved dlenv probe --json report, --no-probe uses none) and the torch of \
            the environment (--python PY, else the first probed interpreter that has torch); facts in the log win \
            over the host's.
            Exit codes: 0 recognised; 1 not recognised; 2 bad input (no input, an empty or binary file).
            """)

    @Argument(help: ArgumentHelp("The error text (quote it), or - to read standard input.", valueName: "TEXT"))
    var text: [String] = []
    @Option(help: ArgumentHelp("A log file to explain.", valueName: "LOG")) var file: String?
    @Option(help: "A saved probe report (dlenv probe --json) to join with instead of probing this host.")
    var host: String?
    @Option(help: ArgumentHelp("The interpreter whose torch is the environment (probed).", valueName: "PY"))
    var python: String?
    @Flag(help: "Explain the text alone: no probe and no host facts.") var noProbe = false
    @Option(help: .hidden) var checkCatalogue: String?

    @OptionGroup var options: MatrixOptions

    func run() throws {
        if let path = checkCatalogue { return try check(catalogue: path) }
        let input = try self.input()
        let matrix = try options.load()
        let catalogue = try loadCatalogue()
        let (scan, summary): (ScanResult, InputSummary)
        do { (scan, summary) = try input.scan(catalogue: catalogue) } catch {
            throw CLIFailure.badInput([error.diagnostic])
        }
        let (facts, source) = try hostFacts()
        let chosen = python.flatMap { p in facts?.pythons.contains { $0.path == p } == true ? p : nil }
        let context = ExplainContext(matrix: matrix, host: facts, hostSource: source, python: chosen)
        let explanation = Explainer.explain(scan, input: summary, catalogue: catalogue, context: context)
        if options.json {
            try Output.printJSON(explanation)
        } else {
            print(ExplainRendering.render(explanation, catalogue: catalogue), terminator: "")
        }
        if !explanation.recognised { throw ExitCode(ExitStatus.failed) }
    }

    /// TEXT…, --file LOG or - (exactly one).
    func input() throws -> LogInput {
        let stdin = text == ["-"]
        let given = (text.isEmpty ? 0 : 1) + (file == nil ? 0 : 1)
        guard given == 1 else {
            if given == 0 { throw CLIFailure.badInput([InputError.noInput.diagnostic]) }
            throw CLIFailure.badInput(
                "pass the text, --file LOG or - (one of them), not several",
                remedy: "dlenv explain --file build.log, or: some-command 2>&1 | dlenv explain -")
        }
        if let file { return .file(file) }
        return stdin ? .standardInput : .text(text.joined(separator: " "))
    }

    /// The catalogue: failures.yaml of --matrix DIR when it has one, else the embedded copy.
    func loadCatalogue() throws -> FailureCatalogue {
        if let dir = options.directory {
            let path = (dir.hasSuffix("/") ? dir : dir + "/") + FailureCatalogue.fileName
            if let data = FileManager.default.contents(atPath: path) {
                return try FailureCatalogue.load(text: String(decoding: data, as: UTF8.self), file: path)
            }
        }
        return try FailureCatalogue.embedded()
    }

    /// Validates a catalogue file (scripts/checks/failures-embedded.sh): every diagnostic, exit 2 on errors.
    func check(catalogue path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.badInput("cannot read '\(path)'", remedy: "pass the path of a failures.yaml")
        }
        let (catalogue, diagnostics) = FailureCatalogue.validate(
            text: String(decoding: data, as: UTF8.self), file: path)
        if !diagnostics.isEmpty { Output.printError(DiagnosticRenderer.render(diagnostics)) }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.badInput) }
        print("\(path): \(catalogue.entries.count) failures, \(catalogue.context.count) context patterns, valid")
    }

    /// The host: none (--no-probe), a saved report (--host, as `dlenv check --host` reads it), or a live probe;
    /// --python probes that interpreter (into the saved report's facts too).
    func hostFacts() throws -> (HostFacts?, String?) {
        if noProbe { return (nil, nil) }
        let pythons = python.map { [$0] } ?? []
        if let host {
            var facts = try SavedHostReport.read(host)
            if !pythons.isEmpty {
                let probed = HostProbe(system: LiveSystem(), options: ProbeOptions(pythons: pythons, searchPath: false))
                    .run()
                facts.pythons = probed.facts.pythons + facts.pythons.filter { $0.path != python }
            }
            return (facts, host)
        }
        let options = ProbeOptions(pythons: pythons, searchPath: pythons.isEmpty)
        return (HostProbe(system: LiveSystem(), options: options).run().facts, "this host (probed)")
    }
}
