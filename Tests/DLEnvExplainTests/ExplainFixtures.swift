import DLEnvCore
import DLEnvMatrix
import Foundation
import Testing

@testable import DLEnvExplain

/// The repository's catalogue, matrix and the fixtures of this target, found from this file's path.
enum ExplainFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let catalogueFile = repositoryRoot.appendingPathComponent("matrices/failures.yaml")

    static let catalogueText: String = (try? String(contentsOf: catalogueFile, encoding: .utf8)) ?? ""

    /// matrices/failures.yaml, validated (not the embedded copy).
    static let catalogue: FailureCatalogue = {
        do { return try FailureCatalogue.load(text: catalogueText) } catch {
            fatalError("matrices/failures.yaml does not validate:\n\(error)")
        }
    }()

    static let matrix: CompatibilityMatrix = {
        do {
            return try CompatibilityMatrix.load(directory: repositoryRoot.appendingPathComponent("matrices").path)
        } catch { fatalError("matrices/ does not validate:\n\(error)") }
    }()

    static func path(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    /// A saved probe report of Fixtures/hosts.
    static func host(_ name: String) -> HostFacts {
        let data = FileManager.default.contents(atPath: path("hosts/\(name).json")) ?? Data()
        do { return try JSONDecoder().decode(HostFacts.self, from: data) } catch {
            fatalError("hosts/\(name).json: \(error)")
        }
    }

    /// Explains a fixture file as the CLI does (through LogInput), joined with a host (or none).
    static func explain(file name: String, host: String? = nil, python: String? = nil) throws -> Explanation {
        let (scan, summary) = try LogInput.file(path(name)).scan(catalogue: catalogue)
        let facts = host.map { Self.host($0) }
        let context = ExplainContext(matrix: matrix, host: facts, hostSource: host, python: python)
        return Explainer.explain(scan, input: summary, catalogue: catalogue, context: context)
    }

    static func explain(text: String, host: String? = nil) throws -> Explanation {
        let context = ExplainContext(matrix: matrix, host: host.map { Self.host($0) }, hostSource: host)
        return try Explainer.explain(text: text, catalogue: catalogue, context: context)
    }
}

/// One fixture of cases.json: a real text, its thread, the failure it is and the facts it must yield.
struct ThreadCase: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var source: String
    var id: String
    var facts: [String: String]
    var logFacts: [String: String]?
    /// Long logs: the lines (1-based) of the buried error text.
    var errorFrom: Int?
    var errorTo: Int?

    enum CodingKeys: String, CodingKey {
        case file, source, id, facts
        case logFacts = "log_facts"
        case errorFrom = "error_from"
        case errorTo = "error_to"
    }

    var testDescription: String { file }

    static func load(_ manifest: String) -> [ThreadCase] {
        let data = FileManager.default.contents(atPath: ExplainFixtures.path(manifest)) ?? Data()
        return (try? JSONDecoder().decode([ThreadCase].self, from: data)) ?? []
    }

    static let threads = load("cases.json")
    static let long = load("long/cases.json")
}

/// Compares a fact with its expected text: sizes as torch prints them ("2.26 GiB"), the rest as the fact's text.
func matches(_ value: FactValue?, _ expected: String) -> Bool {
    guard let value else { return false }
    if case .bytes(let b) = value { return Pattern.size(expected) == b }
    return value.description == expected
}
