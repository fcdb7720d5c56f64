import ArgumentParser
import DLEnvCore
import DLEnvMatrix

/// `--matrix DIR` (the embedded matrix otherwise) and `--json`, shared by the commands that report.
struct MatrixOptions: ParsableArguments {
    @Option(name: .customLong("matrix"), help: "Read the matrices from DIR instead of the embedded copy.")
    var directory: String?

    @Flag(name: .long, help: "Print JSON (stable snake_case keys) instead of tables.")
    var json = false

    /// The matrix to use; invalid matrix files are bad input (exit 2) with every diagnostic.
    func load() throws -> CompatibilityMatrix { try MatrixInput.load(directory) }

    static func load(_ directory: String?) throws -> CompatibilityMatrix { try MatrixInput.load(directory) }
}
