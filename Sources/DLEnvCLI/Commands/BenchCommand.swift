import ArgumentParser
import DLEnvBench
import DLEnvCore
import DLEnvProbe
import DLEnvService
import DLEnvTensor
import Foundation

/// `dlenv bench`: throughput of the tensor core against the machine's peak and, with --python, against torch.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark GEMM, activations and MLP training steps against the CPU's peak and torch.",
        discussion: """
            Figures are rates (higher is better): the best of --rounds rounds, each the best of a few repetitions; \
            every round is kept with its median and spread, and a round more than 3× from the median of the \
            rounds is flagged, re-run and never reported. peak_fraction divides by the FP32 FMA throughput \
            measured on all cores at the start and the end of the run (the better kept, under 0.1 s each), nominal_peak_fraction by the nominal peak \
            (cores × FLOP/cycle × clock from dlenv's CPU model, as `dlenv probe` shows it); float64 peaks are \
            half. With --python PY the same workloads run in torch in PY, interleaved round by round (dlenv, \
            torch, dlenv, …; one torch process for the whole run), and vs_torch = best dlenv / best torch, \
            printed only when both sides' rounds spread less than 25 % (else the row says noisy).
            """)

    @Flag(help: "Fewer sizes and repetitions (seconds instead of a minute).")
    var quick = false

    @Flag(help: "Print the report as JSON (results, blas, cpu).")
    var json = false

    @Option(help: "A Python with torch (an interpreter, or a version: 3.12): measure torch in the same run.")
    var python: String?

    @Option(help: "Interleaved rounds per benchmark (dlenv, torch, dlenv, …); each side keeps its best. 1: one each.")
    var rounds = 3

    @Option(help: "Only these benchmarks (comma-separated names, e.g. sgemm_1024,mlp_step).")
    var only: String?

    @Option(help: ArgumentHelp("Write the torch benchmark script to FILE and exit.", valueName: "FILE"))
    var emitTorchScript: String?

    @Option(help: ArgumentHelp("The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).", valueName: "PATH"))
    var db: String?

    @Flag(help: "Do not record this run in the history database.")
    var noStore = false

    @Option(help: ArgumentHelp("Seconds torch may take to start, and to answer each benchmark.", valueName: "SECONDS"))
    var timeout: Double = 900

    func validate() throws { try TimeLimitOption.check(timeout, "--timeout") }

    func run() throws {
        if let path = emitTorchScript {
            try Output.writeFiles([FileSetWriter.File(path: path, text: BenchTorchScript.source)])
            return
        }
        var options = BenchSuite.Options(
            quick: quick, python: python.map(PythonSelection.interpreter), rounds: rounds, torchTimeout: timeout)
        if let only {
            options.only = Set(only.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        }
        do throws(BenchError) {
            try BenchSuite.validate(options)
        } catch {
            throw CLIFailure(error)
        }
        let cpu = HostProbe.cpuModelOrUnknown(system: LiveSystem())
        let started = Date()
        let showProgress = !json && Output.isTerminal && isatty(STDERR_FILENO) != 0
        let report: BenchReport
        do throws(BenchError) {
            report = try BenchSuite.run(options, cpu: cpu) { done, total, label in
                guard showProgress else { return }
                let width = 24, filled = total == 0 ? width : width * done / total
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(done)/\(total) \(label)".utf8))
                if done == total { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            }
        } catch {
            throw CLIFailure(error)
        }
        if json {
            try Output.printJSON(report)
        } else {
            print(BenchRendering.text(report))
        }
        // Stored after printing, so a locked or damaged database never costs the figures just measured.
        if !noStore {
            try StoreAccess.save(
                RunRecords.record(report, startedAt: started, dlenvVersion: DLEnvVersion.current), db: db)
        }
    }
}
