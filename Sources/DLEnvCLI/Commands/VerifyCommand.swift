import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv verify' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
