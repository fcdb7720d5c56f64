import GRDB

/// One named schema migration. Migrations run in the order of `StoreMigration.registered`, each once, each in
/// its own transaction; a database records which ones it has seen (GRDB's `grdb_migrations` table).
///
/// To add tables for another area (e.g. fleet results), put `extension StoreMigration { static let fleetV1 = ... }`
/// in a file of its own and append `.fleetV1` to `registered`; never edit or reorder a migration that shipped.
public struct StoreMigration: Sendable {
    /// Stable identifier, recorded in the database ("v1-hosts-runs-results").
    public var identifier: String
    /// The schema change.
    public var migrate: @Sendable (Database) throws -> Void

    public init(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }

    /// Every migration, oldest first. The one list the store applies.
    public static let registered: [StoreMigration] = [
        .v1HostsRunsResults,
        .fleetV1,
        .v2RunSeries,
        .fleetV2Mismatch,
    ]

    /// A GRDB migrator holding `migrations` in order.
    static func migrator(_ migrations: [StoreMigration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            let body = migration.migrate
            migrator.registerMigration(migration.identifier) { db in try body(db) }
        }
        return migrator
    }
}
