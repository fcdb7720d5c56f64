import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schedule", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv schedule' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
