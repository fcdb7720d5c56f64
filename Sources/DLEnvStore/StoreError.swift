import Foundation
import GRDB

/// Why the store could not be opened, read or written. Each case names the database file and says what to do,
/// so the CLI can print it as it is (exit 3: the environment could not be used).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not a SQLite database, or SQLite found it damaged.
    case corrupt(path: String, detail: String)
    /// Another process held the write lock for longer than the busy timeout (after the retries).
    case locked(path: String, seconds: Double)
    /// The file or its folder cannot be created, opened or written (permissions, read-only disk, a folder).
    case cannotOpen(path: String, detail: String)
    /// The database was written by a newer dlenv (it has migrations this one does not know).
    case newerSchema(path: String, unknown: [String])
    /// A file handed to `import` is not a run export.
    case badImport(path: String, detail: String)
    /// A SQLite database that is not a dlenv history (it has tables of its own and no dlenv migrations).
    case foreign(path: String, tables: [String])

    public var description: String {
        switch self {
        case .corrupt(let path, let detail):
            return "the history database \(path) is damaged or not a SQLite file (\(detail))"
        case .locked(let path, let seconds):
            return "the history database \(path) stayed locked by another process for \(Self.format(seconds)) s"
        case .cannotOpen(let path, let detail):
            return "cannot open the history database \(path) (\(detail))"
        case .newerSchema(let path, let unknown):
            return "the history database \(path) was written by a newer dlenv (unknown migrations: "
                + unknown.joined(separator: ", ") + ")"
        case .badImport(let path, let detail):
            return "\(path) is not a dlenv run export (\(detail))"
        case .foreign(let path, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(path) is a SQLite database but not a dlenv history (its tables: \(shown)); it was left unchanged"
        }
    }

    /// A one-line fix for people.
    public var remedy: String {
        switch self {
        case .corrupt(let path, _):
            return "move it aside (mv \(path) \(path).broken) and rerun: dlenv creates a fresh database"
        case .locked:
            return "wait for the other dlenv to finish, or pass --db PATH to use another database"
        case .cannotOpen:
            return "check the path and its permissions, or pass --db PATH (or set XDG_DATA_HOME)"
        case .newerSchema:
            return "use the newer dlenv, or pass --db PATH to keep a separate history"
        case .badImport:
            return "pass a file written by dlenv (the file it named when it could not store a run)"
        case .foreign:
            return "pass --db PATH with a dlenv history (or a new path), or set XDG_DATA_HOME"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    /// Maps a GRDB/SQLite error to a store error for `path`; nil when it is none of the known kinds.
    static func classify(_ error: any Error, path: String, busySeconds: Double) -> StoreError? {
        if let store = error as? StoreError { return store }
        guard let db = error as? DatabaseError else { return nil }
        switch db.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: db.message ?? "\(db.resultCode)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path, seconds: busySeconds)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_AUTH:
            return .cannotOpen(path: path, detail: db.message ?? "\(db.resultCode)")
        default:
            return nil
        }
    }
}
