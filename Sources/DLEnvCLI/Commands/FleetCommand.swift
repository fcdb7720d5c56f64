import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fleet", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv fleet' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
