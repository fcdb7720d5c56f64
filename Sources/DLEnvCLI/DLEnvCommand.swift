import ArgumentParser
import DLEnvCore
import DLEnvRecipe

/// The root command. Each subcommand lives in `Commands/<Name>Command.swift`.
struct DLEnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlenv",
        abstract: "Environment and compatibility manager for PyTorch stacks.",
        discussion: """
            Exit codes: 0 ok / compatible / passed; 1 incompatible or a failed verification; \
            2 bad input or usage; 3 the environment could not be examined.
            """,
        version: DLEnvVersion.current,
        subcommands: [
            DoctorCommand.self, ProbeCommand.self, CheckCommand.self, ResolveCommand.self, MatrixCommand.self,
            InitCommand.self, DockerfileCommand.self, LockCommand.self, VerifyCommand.self, BenchCommand.self,
            HistoryCommand.self, ReportCommand.self, ScheduleCommand.self, FleetCommand.self, ExplainCommand.self,
            InspectCommand.self,
        ]
    )
}

/// dlenv's own version, written into generated files and reports.
public enum DLEnvVersion {
    public static let current = "0.1.0"
}

/// Entry point used by the `dlenv` executable: parses, runs, and maps every outcome to the documented exit
/// codes (ArgumentParser's own usage errors become 2, not 64).
public enum DLEnvMain {
    public static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try DLEnvCommand.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let failure as CLIFailure {
            Output.printError(failure.rendered)
            return failure.exitCode
        } catch let error as DiagnosticsError {
            Output.printError(DiagnosticRenderer.render(error.diagnostics))
            return ExitStatus.badInput
        } catch let refusal as RecipeRefusal {
            // A spec the matrix cannot satisfy: the reasons, exit 1, and no file touched.
            Output.printError(
                "error: \(refusal.summary)\n" + DiagnosticRenderer.render(refusal.reasons) + "\nnothing was written")
            return ExitStatus.failed
        } catch let error as EnvironmentError {
            Output.printError(DiagnosticRenderer.render([error.diagnostic]))
            return ExitStatus.environment
        } catch {
            let code = DLEnvCommand.exitCode(for: error)
            let message = DLEnvCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            Output.printError(message)
            return ExitStatus.badInput
        }
    }
}
