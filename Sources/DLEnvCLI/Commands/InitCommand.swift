import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv init' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
