import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv bench' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
