import DLEnvCore
import GRDB

extension Store {
    /// Stored runs, oldest first, with their hosts and results; optionally only one kind or one host.
    public func runs(kind: RunRecord.Kind? = nil, hostFingerprint: String? = nil) throws(StoreError) -> [RunRecord] {
        try read { db in
            var sql = """
                SELECT run.*, host.fingerprint, host.cpu_model, host.gpus, host.driver
                FROM run JOIN host ON host.id = run.host_id WHERE 1
                """
            var arguments: StatementArguments = []
            if let kind {
                sql += " AND run.kind = ?"
                arguments += [kind.rawValue]
            }
            if let hostFingerprint {
                sql += " AND host.fingerprint = ?"
                arguments += [hostFingerprint]
            }
            sql += " ORDER BY run.started_at, run.id"
            var runs: [RunRecord] = []
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                runs.append(try Self.decodeRun(row))
            }
            var byID: [Int64: [ResultRecord]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM result ORDER BY id") {
                let result = ResultRecord(
                    name: row["name"], value: row["value"], unit: row["unit"], passed: row["passed"])
                byID[row["run_id"], default: []].append(result)
            }
            for i in runs.indices { runs[i].results = byID[runs[i].id ?? -1] ?? [] }
            return runs
        }
    }

    /// The number of stored runs and results (for tests and `history` summaries).
    public func counts() throws(StoreError) -> (runs: Int, results: Int, hosts: Int) {
        try read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM result") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM host") ?? 0
            )
        }
    }

    private static func decodeRun(_ row: Row) throws -> RunRecord {
        let gpus: String = row["gpus"] ?? ""
        let host = HostIdentity(
            fingerprint: row["fingerprint"], cpuModel: row["cpu_model"],
            gpus: gpus.isEmpty ? [] : gpus.split(separator: "\n").map(String.init), driver: row["driver"])
        let kindText: String = row["kind"]
        let timeText: String = row["started_at"]
        guard let kind = RunRecord.Kind(rawValue: kindText), let time = RunRecord.parseTime(timeText) else {
            throw StoreError.corrupt(path: "run \(row["id"] as Int64)", detail: "unreadable kind or time")
        }
        return RunRecord(
            id: row["id"], kind: kind, startedAt: time, host: host, dlenvVersion: row["dlenv_version"],
            environment: RunEnvironment(
                python: row["python"], torch: row["torch"], cuda: row["cuda"], cudnn: row["cudnn"],
                device: row["device"], blasThreads: row["blas_threads"], torchThreads: row["torch_threads"]),
            stackJSON: row["stack_json"], passed: row["passed"], quick: row["quick"], results: [])
    }
}
