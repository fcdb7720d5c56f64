import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv check' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
