import Foundation

@testable import DLEnvProbe

/// Paths of the fixture folders (found via #filePath: SwiftPM resources are not used).
enum FixtureSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let hosts = testsFolder.appendingPathComponent("Fixtures/hosts")
    static let corpus = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/corpus")

    /// Every scenario folder name, sorted.
    static var scenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: hosts.path)) ?? []).sorted()
    }

    /// A captured output from the fuzz corpus (a `Fixture <ID>` block of reference/probe.md).
    static func corpus(_ id: String) -> String {
        let url = corpus.appendingPathComponent("\(id).txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func scenario(_ name: String) throws -> FakeSystem {
        try FakeSystem(scenario: hosts.appendingPathComponent(name))
    }

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: hosts.appendingPathComponent(name).appendingPathComponent("expected.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
