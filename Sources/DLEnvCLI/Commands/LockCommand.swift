import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv lock' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
