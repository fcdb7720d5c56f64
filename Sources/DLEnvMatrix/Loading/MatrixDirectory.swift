import DLEnvCore
import Foundation

extension CompatibilityMatrix {
    /// Reads the matrix files of a directory (the one place this module touches the disk); names in diagnostics
    /// are `<directory>/<file>`.
    public static func files(inDirectory directory: String) throws(DiagnosticsError) -> [MatrixFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "matrix directory '\(directory)' does not exist", at: SourceLocation(file: directory),
                    remedy: "pass a directory holding \(fileNames.joined(separator: ", "))"))
        }
        var files: [MatrixFile] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in fileNames {
            let path = prefix + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            // A matrix file is tens of KiB: a bound keeps a planted 64 MB gpus.yaml from costing GBs (docs/limits.md).
            guard let data = try BoundedFile.userFile(path, limit: BoundedFile.documentLimit) else {
                throw DiagnosticsError(Diagnostic(.error, "cannot read \(path)", at: SourceLocation(file: path)))
            }
            files.append(MatrixFile(name: path, text: String(decoding: data, as: UTF8.self)))
        }
        return files
    }

    /// Loads and validates the matrix files of a directory.
    public static func load(directory: String) throws(DiagnosticsError) -> CompatibilityMatrix {
        try load(files: try files(inDirectory: directory))
    }
}
