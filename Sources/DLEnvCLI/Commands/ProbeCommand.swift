import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv probe' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
