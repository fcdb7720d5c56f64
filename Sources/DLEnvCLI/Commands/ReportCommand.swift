import ArgumentParser
import DLEnvCore
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
        // Reading only: the report never creates, migrates or switches the database it reads.
        let store = try StoreAccess.openForReading(db: db)
        let runs = try StoreAccess.runs(in: store)
        let database = store?.path ?? StoreAccess.path(db: db)
        if store == nil { Output.printError(StoreAccess.noHistory(database)) }
        let page = ReportPage.html(
            ReportPage.collect(
                host: RunRecords.currentHost(), dlenvVersion: DLEnvVersion.current, database: database,
                regressionRule: StoreHistoryRendering.describe(.standard), runs: runs))
        try Output.writeFiles([FileSetWriter.File(path: html, text: page)])
        if json {
            try Output.printJSON(Written(file: html, bytes: page.utf8.count, runs: runs.count, database: database))
            return
        }
        print("wrote \(html) (\(page.utf8.count / 1024) KiB, \(runs.count) stored runs)")
    }
}
