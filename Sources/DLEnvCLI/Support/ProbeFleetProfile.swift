import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe

/// `dlenv check --profile fleet.yaml`: DLEnvRecipe's `FleetProfile` as the host facts to check against; its
/// problems are bad input (exit 2), each with its file:line and remedy.
enum ProbeFleetProfile {
    static func parse(_ text: String, file: String, matrix: CompatibilityMatrix) throws -> HostFacts {
        do {
            return try FleetProfile.parse(text, file: file, matrix: matrix).facts
        } catch {
            throw CLIFailure.badInput(error.diagnostics)
        }
    }
}
