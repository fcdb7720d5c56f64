import Foundation
import Testing

/// `history`, `report` and `fleet report` only read: they open the store read-only, never create, migrate or
/// switch it, and report (without changing) a database that is not theirs (#19 part 5).
@Suite struct StoreReadOnlyTests {
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Runs Python's sqlite3 on `db` (a foreign database, or a row a newer dlenv would have written).
    static func sqlite(_ db: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            TestPython.executable, "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", db, sql,
        ]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// A history with one stored run.
    static func history(in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("h.sqlite").path
        let file = dir.appendingPathComponent("runs.json")
        try writeExport(to: file, count: 1, results: 2)
        #expect(try CLIRunner.run(["history", "--import", file.path, "--db", db]).status == 0)
        return db
    }

    @Test func aReadOnlyDatabaseIsReadAndLeftByteForByte() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.history(in: dir)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        let before = Self.bytes(db)
        let history = try CLIRunner.run(["history", "--db", db])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("runs: 1"))
        let report = try CLIRunner.run(["report", "--html", dir.appendingPathComponent("r.html").path, "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("1 stored runs"))
        #expect(try CLIRunner.run(["fleet", "report", "--db", db]).status == 0)
        #expect(Self.bytes(db) == before)
    }

    @Test func aMissingDatabaseIsNoHistoryAndNothingIsCreated() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xdg = dir.appendingPathComponent("xdg")
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = xdg.path
        let history = try CLIRunner.run(["history"], environment: env)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("no history yet at \(xdg.path)/dlenv/dlenv.sqlite"))
        let report = try CLIRunner.run(
            ["report", "--html", dir.appendingPathComponent("r.html").path], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("no history yet"))
        #expect(try CLIRunner.run(["fleet", "report"], environment: env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: xdg.path))
    }

    @Test func someoneElsesSQLiteFileIsReportedAndNeverChanged() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("theirs.db").path
        try Self.sqlite(db, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        let before = Self.bytes(db)
        for args in [
            ["history"], ["report", "--html", dir.appendingPathComponent("r.html").path], ["fleet", "report"],
        ] {
            let r = try CLIRunner.run(args + ["--db", db])
            #expect(r.status == 3, "\(args)")
            #expect(
                r.stderr.contains("is a SQLite database but not a dlenv history (its tables: notes)"), "\(r.stderr)")
        }
        // A writer refuses it too: verify would otherwise add dlenv's tables to it.
        let verify = try CLIRunner.run(["verify", "--quick", "--workload", "dtypes", "--db", db])
        #expect(verify.stderr.contains("not a dlenv history"), "\(verify.stderr)")
        #expect(Self.bytes(db) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"))
    }

    @Test func aNewerSchemaIsReportedAndNeverChanged() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.history(in: dir)
        try Self.sqlite(db, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future');")
        let before = Self.bytes(db)
        let r = try CLIRunner.run(["history", "--db", db])
        #expect(r.status == 3)
        #expect(r.stderr.contains("was written by a newer dlenv (unknown migrations: v99-from-the-future)"))
        #expect(Self.bytes(db) == before)
    }

    @Test func aSymbolicLinkIsFollowedAndALoopRefused() throws {
        let dir = try historyScratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.history(in: dir)
        let link = dir.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        #expect(try CLIRunner.run(["history", "--db", link]).stdout.contains("runs: 1"))
        let l1 = dir.appendingPathComponent("l1").path
        let l2 = dir.appendingPathComponent("l2").path
        try FileManager.default.createSymbolicLink(atPath: l1, withDestinationPath: l2)
        try FileManager.default.createSymbolicLink(atPath: l2, withDestinationPath: l1)
        for args in [["history"], ["history", "--import", dir.appendingPathComponent("runs.json").path]] {
            let r = try CLIRunner.run(args + ["--db", l1])
            #expect(r.status == 3, "\(args)")
            #expect(r.stderr.contains("it is a loop of symbolic links"), "\(r.stderr)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: l1) == l2)
    }
}
