import ArgumentParser
import DLEnvReport
import DLEnvService
import DLEnvStore
import Foundation

/// `dlenv report --html FILE`: a self-contained HTML page: the stored environments, verifications and benchmark
/// history first, then the reference plots (schedules, initialisations, activations, losses), folded.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report: your environments, verifications and benchmark history, then reference plots.")

    @Option(name: .long, help: "The HTML file to write.")
    var html: String

    @Option(name: .long, help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    @Flag(help: "Print what was written as JSON (keys: file, bytes, runs, database).")
    var json = false

    /// What `report --json` prints.
    struct Written: Encodable {
        var file: String
        var bytes: Int
        var runs: Int
        var database: String
    }

    func run() throws {
        let store = try StoreAccess.open(db: db)
        let runs: [RunRecord]
        do {
            runs = try store.runs()
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        let page = ReportPage.html(
            ReportPage.collect(
                host: RunRecords.currentHost(), dlenvVersion: DLEnvVersion.current, database: store.path,
                regressionRule: StoreHistoryRendering.describe(.standard), runs: runs))
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
        } catch {
            throw CLIFailure.badInput(
                "cannot write \(html): \(error.localizedDescription)", remedy: "check that the folder exists")
        }
        if json {
            try Output.printJSON(Written(file: html, bytes: page.utf8.count, runs: runs.count, database: store.path))
            return
        }
        print("wrote \(html) (\(page.utf8.count / 1024) KiB, \(runs.count) stored runs)")
    }
}
