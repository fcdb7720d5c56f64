import ArgumentParser
import DLEnvService
import DLEnvStore
import Foundation

/// `dlenv history`: stored verify and bench runs per host, benchmark trends per series, and regressions judged
/// by `RegressionRule.standard` within a `SeriesKey` (see the discussion below and docs/verify.md).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show stored verify and bench runs per host, with trends and regressions.",
        discussion: """
            Figures are compared only within a series: the same host (fingerprint), dlenv version, torch build \
            (its version with the local tag, e.g. 2.13.0+cpu, and the device), quick or full sizes, and thread \
            count (the BLAS threads for dlenv's figures, torch's threads for torch/... figures). Runs stored \
            before dlenv recorded the sizes and threads form series of their own.

            The latest value of a series is a regression when it is slower than the median m of the (up to) 10 \
            runs before it by more than max(5 %, 3 x s), where s = 1.4826 x median(|x - m|) / m over those runs \
            (their scaled median absolute deviation, relative to m: the series' own noise). With fewer than 3 \
            runs before it the verdict is "not enough runs", never a regression. Units that are neither a rate \
            (.../s) nor a time (s, ms, us) are not judged.

            Exit 1 when the latest value of any series regresses, else 0.
            """)

    @Flag(name: .long, help: "Print JSON (keys: database, rule, hosts [{host, runs, trends}], regressions).")
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
        // Reading only: a history command never creates, migrates or switches the database it looks at.
        let store = try StoreAccess.openForReading(db: db)
        let runs = try StoreAccess.runs(in: store, hostFingerprint: host)
        let database = store?.path ?? StoreAccess.path(db: db)
        let document = HistoryDocument(database: database, hosts: HostHistory.build(from: runs))
        if json {
            try Output.printJSON(document)
        } else if store == nil {
            print(StoreAccess.noHistory(database))
        } else {
            print(StoreHistoryRendering.text(document.hosts, database: database))
        }
        if !document.regressions.isEmpty { throw ExitCode(ExitStatus.failed) }
    }

    /// Each run in its own transaction, so a concurrent writer interleaves rather than waits for the whole file.
    private func importRuns() throws {
        var runs: [RunRecord] = []
        for file in importFiles { runs += try StoreAccess.readExport(file) }
        let (store, stored) = try StoreAccess.store(runs, db: db)
        let results = runs.reduce(0) { $0 + $1.results.count }
        if json {
            try Output.printJSON(["database": store.path, "runs": "\(stored)", "results": "\(results)"])
        } else {
            print("stored \(stored) runs (\(results) results) in \(store.path)")
        }
    }
}
