import Foundation

@testable import DLEnvProbe

/// The `dlenv inspect` fixtures, written by Fixtures/make-inspect-fixtures.py: small ELF files (Fixtures/inspect/elf)
/// and fake environments in the scenario layout `FakeSystem` reads (root/, env.txt).
enum InspectFixtures {
    static let folder = FixtureSupport.testsFolder.appendingPathComponent("Fixtures/inspect")
    static let sitePackages = "/venv/lib/python3.11/site-packages"

    static func elf(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("elf").appendingPathComponent(name)))
    }

    static func file(_ name: String) throws -> FakeFile { FakeFile(bytes: try elf(name)) }

    static func scenario(_ name: String) throws -> FakeSystem {
        try FakeSystem(scenario: folder.appendingPathComponent(name))
    }

    /// Every ELF fixture's name.
    static var elfNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("elf").path)) ?? [])
            .sorted()
    }
}
