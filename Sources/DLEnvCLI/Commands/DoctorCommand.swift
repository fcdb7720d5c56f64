import ArgumentParser
import DLEnvCore
import DLEnvMatrix
import DLEnvProbe
import DLEnvService

/// `dlenv doctor`: the main job on embedded defaults (see `Doctor` in DLEnvService).
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Probe this host, check installed torch, name the best stack and how to install it, list fixes.",
        discussion: "Exit codes: 0 no problem found; 1 an installed torch cannot run here; 2 bad input.")

    @OptionGroup var probe: ProbeFlags
    @OptionGroup var matrixOptions: MatrixOptions

    @Flag(help: "Skip the quick verification of dlenv's tensor core.")
    var noVerify = false

    @Flag(name: .customLong("import"), help: "Import torch in each interpreter (slow) instead of reading its files.")
    var importTorch = false

    func run() throws {
        let request = Doctor.Request(
            root: probe.root, noExec: probe.noExec, pythons: probe.python.map(PythonSelection.interpreter),
            searchPath: !probe.noPathPythons, timeout: probe.timeout, pythonTimeout: probe.pythonTimeout,
            importTorch: importTorch, verify: !noVerify)
        let diagnosis = Doctor.run(request, matrix: try matrixOptions.load())
        if matrixOptions.json {
            try Output.printJSON(diagnosis)
        } else {
            print(DoctorRendering.render(diagnosis), terminator: "")
        }
        if !diagnosis.healthy { throw ExitCode(ExitStatus.failed) }
    }
}
