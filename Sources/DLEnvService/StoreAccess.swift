import DLEnvCore
import DLEnvStore
import Foundation

/// Where the history database lives and how commands open it and write runs into it. The path is
/// `--db PATH`, else `$XDG_DATA_HOME/dlenv/dlenv.sqlite`, else `~/.local/share/dlenv/dlenv.sqlite`.
public enum StoreAccess {
    /// The database path for a `--db` value and an environment.
    public static func path(db: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String
    {
        if let db, !db.isEmpty { return db }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/dlenv/dlenv.sqlite"
        }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.local/share/dlenv/dlenv.sqlite"
    }

    /// Seconds a writer waits for another process's lock: `DLENV_STORE_TIMEOUT` (tests shorten it), default 15.
    public static var busyTimeout: Double {
        ProcessInfo.processInfo.environment["DLENV_STORE_TIMEOUT"].flatMap(Double.init) ?? 15
    }

    /// Opens the store, turning a failure into exit 3 with the store's own message and remedy.
    public static func open(db: String?) throws -> Store {
        let path = path(db: db)
        do {
            return try Store(path: path, busyTimeout: busyTimeout)
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
    }

    /// Opens the store for reading only (`Store.openForReading`: nothing created, migrated or switched to WAL);
    /// nil when there is no history yet. A foreign, newer or damaged file is exit 3 with the store's message.
    public static func openForReading(db: String?) throws -> Store? {
        do {
            return try Store.openForReading(path: path(db: db), busyTimeout: busyTimeout)
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
    }

    /// The runs of a read-only store (none without history), optionally of one host.
    public static func runs(in store: Store?, hostFingerprint: String? = nil) throws -> [RunRecord] {
        guard let store else { return [] }
        do {
            return try store.runs(hostFingerprint: hostFingerprint)
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
    }

    /// What `history` and `report` say when there is no database yet.
    public static func noHistory(_ path: String) -> String {
        "no history yet at \(path) (no runs stored yet; nothing was created): `dlenv verify` and `dlenv bench` "
            + "store their runs there"
    }

    /// Stores `run`. If that fails, the run is written to a JSON file that `dlenv history --import FILE` stores
    /// later, and the failure (exit 3) names that file: results are never dropped silently.
    @discardableResult
    public static func save(_ run: RunRecord, db: String?) throws -> Int64 {
        let path = path(db: db)
        do {
            let store = try Store(path: path, busyTimeout: busyTimeout)
            return try store.record(run)
        } catch {
            let saved = try? writeUnsaved(run, near: path)
            let where_ = saved.map { "the run was saved to \($0); store it later with: dlenv history --import \($0)" }
            throw EnvironmentError(
                "\(error.description); the results above were not stored",
                remedy: [where_, error.remedy].compactMap { $0 }.joined(separator: "\n      "))
        }
    }

    /// Writes a run export next to the database (in `unsaved/`), or in the temporary folder if that fails.
    public static func writeUnsaved(_ run: RunRecord, near dbPath: String) throws -> String {
        let data = try RunRecord.export([run])
        let stamp = RunRecord.formatTime(run.startedAt).replacingOccurrences(of: ":", with: "")
        let name = "dlenv-run-\(run.kind.rawValue)-\(stamp)-\(getpid()).json"
        let folders = [
            URL(fileURLWithPath: dbPath).deletingLastPathComponent().appendingPathComponent("unsaved"),
            FileManager.default.temporaryDirectory,
        ]
        var lastError: (any Error)?
        for folder in folders {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let file = folder.appendingPathComponent(name)
                try data.write(to: file, options: .atomic)
                return file.path
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }

    /// Stores runs (a run export), each in its own transaction so a concurrent writer interleaves rather than
    /// waits for the whole file; returns the store and how many were stored.
    public static func store(_ runs: [RunRecord], db: String?) throws -> (store: Store, stored: Int) {
        let store = try open(db: db)
        var stored = 0
        for run in runs {
            do {
                try store.record(run)
                stored += 1
            } catch {
                throw EnvironmentError(
                    "\(error.description); stored \(stored) of \(runs.count) runs", remedy: error.remedy)
            }
        }
        return (store, stored)
    }

    /// The fleet's "verified on hardware" marks (none when no database exists and --db was not given).
    public static func verifiedMarks(db: String?) throws -> VerifiedMarks {
        try VerifiedMarks.read(path: path(db: db), named: db != nil, busyTimeout: busyTimeout)
    }

    /// Reads a run export (one run or a list of runs).
    public static func readExport(_ file: String) throws -> [RunRecord] {
        guard let bytes = try BoundedFile.userFile(file, limit: BoundedFile.exportLimit) else {
            throw DiagnosticsError(
                Diagnostic(.error, "cannot read \(file)", at: SourceLocation(file: file), remedy: "check the path"))
        }
        let data = Data(bytes)
        do {
            return try RunRecord.decodeExport(data, path: file)
        } catch {
            throw DiagnosticsError(
                Diagnostic(
                    .error, error.description, at: SourceLocation(file: file, line: 1, column: 1),
                    remedy: error.remedy))
        }
    }
}
