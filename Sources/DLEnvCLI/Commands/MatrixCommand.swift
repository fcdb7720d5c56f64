import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "matrix", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv matrix' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
