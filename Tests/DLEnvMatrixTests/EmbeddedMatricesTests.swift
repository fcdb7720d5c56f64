import DLEnvCore
import Testing

@testable import DLEnvMatrix

@Suite struct EmbeddedMatricesTests {
    @Test(arguments: CompatibilityMatrix.fileNames)
    func embeddedCopyEqualsTheFile(name: String) {
        let file = MatrixFiles.files.first { $0.name == "matrices/\(name)" }
        let embedded = EmbeddedMatrices.files.first { $0.name == "matrices/\(name)" }
        #expect(file != nil && !(file?.text.isEmpty ?? true), "matrices/\(name) is missing")
        #expect(
            embedded?.text == file?.text,
            "the embedded copy of matrices/\(name) differs from the file: run scripts/embed-matrices.sh")
    }

    @Test func repositoryMatrixValidatesWithoutDiagnostics() {
        let (_, diagnostics) = CompatibilityMatrix.validate(files: MatrixFiles.files)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test func embeddedMatrixLoads() throws {
        let matrix = try CompatibilityMatrix.embedded()
        #expect(!matrix.series.isEmpty)
        #expect(matrix.gpus.count >= 80)
        #expect(matrix.toolkits.contains { $0.version == Version(7, 0) })
    }
}
