import ArgumentParser
import DLEnvCore
import DLEnvProbe
import DLEnvService
import Foundation

/// `dlenv probe`: what is on this machine (GPUs, driver, toolkits, cuDNN/NCCL, ROCm, container/WSL/Jetson,
/// CPU/BLAS, Python environments with torch), each fact with the source that answered.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Show the host's GPUs, driver, CUDA toolkits, cuDNN/NCCL, ROCm, CPU/BLAS and Python environments.",
        discussion: """
            Sources, most trusted first: NVML, libcuda, /sys/module/nvidia, /proc/driver/nvidia, nvidia-smi \
            (query, XML, -L, banner). Every command runs with a time limit; a hung or failing tool becomes a \
            warning, a missing tool or no GPU is a normal result.
            """)

    @OptionGroup var probe: ProbeFlags

    @Flag(help: "Print the report as JSON (the HostFacts keys, plus sources and details).")
    var json = false

    func run() throws {
        let report = probe.makeReport()
        if json {
            try Output.printJSON(report)
        } else {
            print(ProbeRendering.render(report), terminator: "")
        }
    }
}

/// The flags every command that probes the host shares (`probe`, `check`, `doctor`).
struct ProbeFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Read every file under DIR (a fixture, an unpacked image).", valueName: "DIR"))
    var root: String?

    @Flag(help: "Run no command and load no driver library: read files only.")
    var noExec = false

    @Option(
        help: ArgumentHelp(
            "A Python to examine (repeatable): an interpreter (python3, .venv/bin/python) or a version (3.12: "
                + "python3.12 on PATH).", valueName: "PY"))
    var python: [String] = []

    @Flag(help: "Examine only the interpreters given with --python, not those on PATH.")
    var noPathPythons = false

    @Option(
        name: [.customLong("tool-timeout"), .customLong("timeout")],
        help: ArgumentHelp(
            "Time limit for each tool (nvidia-smi, nvcc), in seconds (--timeout: the old spelling, deprecated).",
            valueName: "SECONDS"))
    var timeout: Double = 5

    @Option(help: ArgumentHelp("Time limit for each Python interpreter, in seconds.", valueName: "SECONDS"))
    var pythonTimeout: Double = 30

    func validate() throws {
        try TimeLimitOption.check(timeout, "--tool-timeout")
        try TimeLimitOption.check(pythonTimeout, "--python-timeout")
        if let root {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
                throw ValidationError("--root \(root): no such folder")
            }
        }
    }

    func makeReport() -> ProbeReport {
        let system = LiveSystem(root: root)
        let options = ProbeOptions(
            noExec: noExec, pythons: python.map(PythonSelection.interpreter), searchPath: !noPathPythons,
            timeout: timeout, pythonTimeout: pythonTimeout)
        return HostProbe(system: system, options: options).run()
    }
}
