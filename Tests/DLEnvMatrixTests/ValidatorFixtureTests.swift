import DLEnvCore
import Foundation
import Testing

@testable import DLEnvMatrix

/// Every bad-input fixture in Fixtures/ replaces one matrix file; its `# expect: TEXT` comments name the
/// diagnostics the validator must report on the next non-comment line. Every error located in the fixture must be
/// expected (validation collects all problems; none is spurious).
@Suite struct ValidatorFixtureTests {
    static let fixtureNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: MatrixFiles.fixtures)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    struct Expectation: CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "line \(line): \(text)" }
    }

    static func expectations(in text: String) -> [Expectation] {
        var result: [Expectation] = []
        var pending: [String] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("# expect: ") {
                pending.append(String(line.dropFirst("# expect: ".count)))
            } else if !line.hasPrefix("#") {
                result += pending.map { Expectation(line: i + 1, text: $0) }
                pending = []
            }
        }
        return result
    }

    @Test func thereAreFixtures() { #expect(Self.fixtureNames.count >= 10) }

    @Test(arguments: fixtureNames)
    func fixtureReportsEveryProblemAtItsLine(name: String) throws {
        let target = String(name.prefix { $0 != "-" }) + ".yaml"
        let files = MatrixFiles.replacing(target, withFixture: name)
        let fixture = try #require(files.first { $0.name == "Fixtures/\(name)" }, "no matrix file \(target)")
        let expected = Self.expectations(in: fixture.text)
        #expect(!expected.isEmpty, "\(name) has no '# expect:' lines")
        let (_, diagnostics) = CompatibilityMatrix.validate(files: files)
        let mine = diagnostics.filter { $0.location?.file == "Fixtures/\(name)" && $0.severity == .error }
        for e in expected {
            let hit = mine.contains { d in
                d.location?.line == e.line && (d.message + " " + (d.remedy ?? "")).contains(e.text)
            }
            #expect(hit, "\(name): expected \(e); got:\n\(mine.map(\.description).joined(separator: "\n"))")
        }
        #expect(
            mine.count == expected.count,
            "\(name): \(mine.count) errors for \(expected.count) expectations:\n\(mine.map(\.description).joined(separator: "\n"))"
        )
        // Loading the same files throws every error instead of returning a matrix.
        #expect(throws: DiagnosticsError.self) { try CompatibilityMatrix.load(files: files) }
        for d in mine {
            #expect(d.location?.column != nil, "\(d) has no column")
            #expect(
                d.remedy != nil || d.message.contains("is listed twice") || d.message.contains("appears"),
                "\(d) has no fix")
        }
    }

    @Test func missingFilesAreReported() {
        let (_, diagnostics) = CompatibilityMatrix.validate(
            files: MatrixFiles.files.filter { !$0.name.hasSuffix("gpus.yaml") })
        #expect(diagnostics.contains { $0.message == "the matrix has no gpus.yaml" })
    }

    @Test func emptyFileIsReported() {
        let files = MatrixFiles.files.map {
            $0.name.hasSuffix("images.yaml") ? MatrixFile(name: $0.name, text: "") : $0
        }
        let (_, diagnostics) = CompatibilityMatrix.validate(files: files)
        #expect(diagnostics.contains { $0.message == "the file is empty" && $0.location?.line == 1 })
    }
}
