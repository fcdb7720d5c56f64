import ArgumentParser

// Placeholder until its issue lands; replaced by the command's real implementation.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "(not implemented yet)")

    func run() throws {
        throw CLIFailure(rendered: "error: 'dlenv doctor' is not implemented yet", exitCode: ExitStatus.badInput)
    }
}
