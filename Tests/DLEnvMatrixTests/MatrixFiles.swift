import DLEnvCore
import Foundation

@testable import DLEnvMatrix

/// The repository's matrices and fixtures, found from this file's path (no SwiftPM resources).
enum MatrixFiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("matrices").path
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .path

    /// The files of matrices/ with their logical names ("matrices/torch.yaml").
    static let files: [MatrixFile] = CompatibilityMatrix.fileNames.map { name in
        let path = directory + "/" + name
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return MatrixFile(name: "matrices/\(name)", text: text)
    }

    /// The repository's matrix, loaded from the files (not the embedded copy).
    static let matrix: CompatibilityMatrix = {
        do { return try CompatibilityMatrix.load(files: files) } catch {
            fatalError("matrices/ does not validate:\n\(error)")
        }
    }()

    /// The repository's files with one file replaced by a fixture's text.
    static func replacing(_ name: String, withFixture fixture: String) -> [MatrixFile] {
        let text = (try? String(contentsOfFile: fixtures + "/" + fixture, encoding: .utf8)) ?? ""
        return files.map {
            $0.name == "matrices/\(name)" ? MatrixFile(name: "Fixtures/\(fixture)", text: text, kind: $0.kind) : $0
        }
    }
}
