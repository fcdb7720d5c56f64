import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv report' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
