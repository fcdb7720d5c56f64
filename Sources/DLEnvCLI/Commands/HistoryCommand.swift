import ArgumentParser
import DLEnvStore
import Foundation

/// `dlenv history`: stored verify and bench runs per host, benchmark trends, and regressions (the latest value
/// more than 10 % slower than the median of the five runs before it).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show stored verify and bench runs per host, with trends and regressions.",
        discussion: """
            A figure regresses when its latest value is more than 10 % slower than the median of the (up to) five \
            runs before it on the same host. Exit 1 when any figure regresses.
            """)

    @Flag(name: .long, help: "Print JSON (keys: database, hosts [{host, runs, trends}], regressions).")
    var json = false

    @Option(name: .long, help: "The history database (default: $XDG_DATA_HOME/dlenv/dlenv.sqlite).")
    var db: String?

    @Option(name: .long, help: "Only the host with this fingerprint.")
    var host: String?

    @Option(
        name: .customLong("import"),
        help: "Store the runs in FILE (a run export dlenv wrote when it could not store them), then exit.")
    var importFiles: [String] = []

    func run() throws {
        if !importFiles.isEmpty {
            try importRuns()
            return
        }
        let store = try StoreAccess.open(db: db)
        let runs: [RunRecord]
        do {
            runs = try store.runs(hostFingerprint: host)
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        let hosts = HostHistory.build(from: runs)
        let regressions = hosts.flatMap { h in h.trends.filter(\.regression).map { "\(h.host.fingerprint)/\($0.name)" }
        }
        if json {
            try Output.printJSON(HistoryJSON(database: store.path, hosts: hosts, regressions: regressions))
        } else {
            print(StoreHistoryRendering.text(hosts, database: store.path))
        }
        if !regressions.isEmpty { throw ExitCode(ExitStatus.failed) }
    }

    /// Each run in its own transaction, so a concurrent writer interleaves rather than waits for the whole file.
    private func importRuns() throws {
        var runs: [RunRecord] = []
        for file in importFiles { runs += try StoreAccess.readExport(file) }
        let store = try StoreAccess.open(db: db)
        var stored = 0
        for run in runs {
            do {
                try store.record(run)
                stored += 1
            } catch {
                throw CLIFailure.environment(
                    "\(error.description); stored \(stored) of \(runs.count) runs", remedy: error.remedy)
            }
        }
        let results = runs.reduce(0) { $0 + $1.results.count }
        if json {
            try Output.printJSON(["database": store.path, "runs": "\(stored)", "results": "\(results)"])
        } else {
            print("stored \(stored) runs (\(results) results) in \(store.path)")
        }
    }
}

/// `dlenv history --json`.
struct HistoryJSON: Encodable {
    var database: String
    var hosts: [HostHistory]
    var regressions: [String]
}
