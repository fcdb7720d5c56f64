import ArgumentParser
import DLEnvCore
import DLEnvService
import DLEnvStore
import DLEnvWorkloads
import Foundation

/// `dlenv verify`: the verification workloads on dlenv's tensor core; with `--python`, the same workloads in that
/// interpreter's torch (the twin), compared figure by figure.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the verification workloads on dlenv's core and, with --python, compare them with torch.",
        discussion: """
            Workloads: \(Workloads.ids.joined(separator: ", ")).
            Exit 1 when a workload fails its checks or disagrees with torch beyond its tolerance; exit 3 when the \
            interpreter will not start or has no torch.
            """)

    @Option(name: .long, help: "Run only this workload (repeatable).")
    var workload: [String] = []

    @Flag(name: .long, help: "Smaller sizes (fewer steps, smaller batches).")
    var quick = false

    @Flag(name: .long, help: "Print JSON (keys: workloads [{id, passed, figures, comparison}], environment, passed).")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also run the torch twin in this Python and compare: an interpreter (python3, .venv/bin/python) or a version (3.12: python3.12 on PATH)."
        ))
    var python: String?

    @Option(name: .long, help: "Device for the twin: cpu or cuda.")
    var device: String = "cpu"

    @Option(name: .long, help: "Write the twin script to FILE (alone: write it and exit).")
    var emitTwin: String?

    @Flag(name: .long, help: "With --emit-twin: embed the core's figures, so `python FILE --check` verifies alone.")
    var withExpected = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the Swift file of the committed quick figures (scripts/embed-twin-expected.sh).",
            visibility: .hidden))
    var emitExpectedSwift: String?

    @Option(name: .long, help: "Seconds the twin may run.")
    var timeout: Double = 600

    @Option(name: .long, help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    @Flag(name: .long, help: "Do not store the run in the history database.")
    var noStore = false

    @Flag(name: .long, help: "Print every check, not only the failing ones.")
    var verbose = false

    func validate() throws { try TimeLimitOption.check(timeout, "--timeout") }

    func run() throws {
        let selected = try VerifyRun.selection(workloads: workload, device: device)
        if let emitExpectedSwift {
            // The figures `dlenv dockerfile` embeds in the image's twin, so generating never runs the core.
            let text = TwinScript.expectedFiguresSwift(Workloads.run(Workloads.all, quick: true))
            try Output.writeFiles([FileSetWriter.File(path: emitExpectedSwift, text: text)])
            return
        }
        if let emitTwin {
            // With --with-expected the core runs first and the twin carries its figures, so it can `--check` alone.
            let expected = withExpected ? Workloads.run(Workloads.all, quick: quick) : nil
            let script = TwinScript.source(for: Workloads.all, expected: expected, quick: quick)
            try Output.writeFiles([FileSetWriter.File(path: emitTwin, text: script)])
            if python == nil {
                if !json {
                    print("wrote the torch twin to \(emitTwin)")
                    print(
                        withExpected
                            ? "check an environment with it: python3 \(emitTwin) --check [--device cuda] (exit 1 on a mismatch)"
                            : "run it: python3 \(emitTwin) [--device cuda] [--workload ID]… [--quick]")
                }
                return
            }
        }
        let outcome: VerifyRun
        do throws(TwinError) {
            outcome = try VerifyRun.perform(
                VerifyRun.Options(
                    workloads: selected, quick: quick, python: python.map(PythonSelection.interpreter), device: device,
                    timeout: timeout))
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        if json {
            try Output.printJSON(outcome.json)
        } else {
            print(VerifyRendering.table(outcome, verbose: verbose))
        }
        if !noStore {
            try StoreAccess.save(RunRecords.record(outcome, dlenvVersion: DLEnvVersion.current), db: db)
        }
        if !outcome.passed { throw ExitCode(ExitStatus.failed) }
    }
}
