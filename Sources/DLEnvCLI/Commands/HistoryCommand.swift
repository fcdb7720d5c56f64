import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv history' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
