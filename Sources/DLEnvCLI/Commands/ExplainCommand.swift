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
        let catalogue = try ExplainRun.catalogue(matrixDirectory: options.directory)
        let explanation = try ExplainRun.explain(
            try ExplainRun.input(text: text, file: file),
            host: noProbe ? .none : host.map(ExplainRun.Host.report) ?? .probe,
            python: python, matrix: try options.load(), catalogue: catalogue)
        if options.json {
            try Output.printJSON(explanation)
        } else {
            print(ExplainRendering.render(explanation, catalogue: catalogue), terminator: "")
        }
        if !explanation.recognised { throw ExitCode(ExitStatus.failed) }
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
}
