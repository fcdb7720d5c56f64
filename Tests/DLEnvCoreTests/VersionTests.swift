import Testing

@testable import DLEnvCore

@Suite struct VersionTests {
    @Test(arguments: [
        ("2.4.1", [2, 4, 1]), ("470.82.01", [470, 82, 1]), ("12.4", [12, 4]), ("v1.0", [1, 0]),
        ("2.4.0+cu121", [2, 4, 0]), ("2.15.0a0", [2, 15, 0]),
    ])
    func parses(text: String, components: [Int]) throws {
        let v = try #require(Version(text))
        #expect(v.components == components)
    }

    @Test(arguments: ["", "abc", "1..2", "2.x", "1.2.3.4.5.6.7", "2.4+", "12345678901.0"])
    func rejects(text: String) {
        #expect(Version(text) == nil)
    }

    @Test func ordersNumericallyAndPadsZeros() throws {
        let a = try #require(Version("470.82.01")), b = try #require(Version("470.82"))
        #expect(b < a)
        #expect(Version("12.4") == Version("12.4.0"))
        #expect(Version("2.10.0")! > Version("2.9.1")!)
        #expect(Version("2.5.0rc1")! < Version("2.5.0")!)
        #expect(Version("2.4.0+cu121") == Version("2.4.0"))
        #expect(Version("470.82.01")?.text == "470.82.01")
        #expect(Version("2.4.0+cu121")?.local == "cu121")
        #expect(Version("2.4.0+cu121")?.withoutLocal.text == "2.4.0")
    }
}

@Suite struct VersionSpecTests {
    @Test(arguments: [
        ("2.4", "2.4.1", true), ("2.4", "2.5.0", false), ("==2.4.1", "2.4.1", true), ("==2.4.1", "2.4.0", false),
        (">=2.1,<2.4", "2.3.1", true), (">=2.1,<2.4", "2.4.0", false), (">=2.1,<2.4", "2.0.1", false),
        ("~=2.3.0", "2.3.1", true), ("~=2.3.0", "2.4.0", false), ("~=2.3", "2.9.0", true), ("~=2.3", "3.0", false),
        ("==2.4.*", "2.4.9", true), ("!=2.4.0", "2.4.0", false), ("*", "1.0.0", true), ("", "0.1", true),
        ("2.4.1", "2.4.1", true), ("2.4.1", "2.4.10", false), (">2.0", "2.0.0", false), ("<=2.3", "2.3.0", true),
        ("==2.4.0+cu121", "2.4.0+cu121", true), ("==2.4.0+cu121", "2.4.0+cu118", false),
        ("==2.4.0", "2.4.0+cu121", true),
    ])
    func contains(spec: String, version: String, expected: Bool) throws {
        let s = try VersionSpec(parsing: spec)
        let v = try #require(Version(version))
        #expect(s.contains(v) == expected, "\(spec) ∋ \(version)")
    }

    @Test func reportsColumnOfBadClause() {
        #expect(throws: VersionSpecError.malformed(text: ">=2.1,<two", clause: "<two", column: 7)) {
            try VersionSpec(parsing: ">=2.1,<two")
        }
        #expect(throws: VersionSpecError.empty(text: ">=2.1,", column: 7)) { try VersionSpec(parsing: ">=2.1,") }
        #expect(throws: VersionSpecError.impossible(text: ">=2.4,<2.1")) { try VersionSpec(parsing: ">=2.4,<2.1") }
        #expect(throws: VersionSpecError.compatibleNeedsTwoComponents(text: "~=2", clause: "~=2", column: 1)) {
            try VersionSpec(parsing: "~=2")
        }
        #expect(throws: VersionSpecError.wildcardNotAllowed(text: ">=2.*", clause: ">=2.*", column: 1)) {
            try VersionSpec(parsing: ">=2.*")
        }
    }
}

@Suite struct DiagnosticTests {
    @Test func suggestsClosestNames() {
        #expect(closest(to: "cu12l", in: ["cu121", "cu118", "cpu", "rocm6.1"]).first == "cu121")
        #expect(editDistance("kitten", "sitting") == 3)
    }

    @Test func rendersLocationAndRemedy() {
        let d = Diagnostic(
            .error, "unknown key 'pyton'", at: SourceLocation(file: "dlenv.yaml", line: 3, column: 1),
            remedy: "did you mean 'python'?")
        #expect(d.description == "dlenv.yaml:3:1: error: unknown key 'pyton' (fix: did you mean 'python'?)")
    }
}
