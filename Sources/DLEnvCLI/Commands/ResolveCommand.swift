import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resolve", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv resolve' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
