import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dockerfile", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv dockerfile' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
