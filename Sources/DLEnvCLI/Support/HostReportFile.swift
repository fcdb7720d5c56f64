import DLEnvCore
import Foundation

/// Reads a saved `dlenv probe --json` report (`--host`, `--target`): the one reading of it for every command, with
/// the same exit-2 messages.
enum HostReportFile {
    static func read(_ path: String) throws -> HostFacts {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.badInput(
                "cannot read the probe report '\(path)'", remedy: "write one with dlenv probe --json > host.json")
        }
        let facts: HostFacts
        do { facts = try JSONDecoder().decode(HostFacts.self, from: data) } catch {
            throw CLIFailure.badInput(
                "'\(path)' is not a probe report: \(DecodingErrorText.describe(error))", at: SourceLocation(file: path),
                remedy: "pass the JSON that dlenv probe --json prints")
        }
        if let problem = facts.rangeProblems(origin: path).first {
            throw CLIFailure.badInput(problem.description, remedy: "pass the JSON that dlenv probe --json prints")
        }
        return facts.escapingControlCharacters
    }
}
