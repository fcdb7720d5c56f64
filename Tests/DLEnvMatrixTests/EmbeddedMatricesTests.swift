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

    @Test func snapshotEqualsTheParsedFiles() throws {
        let snapshot = try #require(
            EmbeddedSnapshot.matrix, "EmbeddedSnapshot.swift is a stub: run scripts/embed-matrices.sh")
        let parsed = MatrixFiles.matrix
        // Field by field first, for a readable failure; then the whole value.
        #expect(snapshot.series == parsed.series, "torch differs: run scripts/embed-matrices.sh")
        #expect(snapshot.toolkits == parsed.toolkits && snapshot.cudaMajors == parsed.cudaMajors, "cuda differs")
        #expect(snapshot.gpus == parsed.gpus && snapshot.architectures == parsed.architectures, "gpus differ")
        #expect(snapshot.images == parsed.images && snapshot.imagePolicy == parsed.imagePolicy, "images differ")
        #expect(snapshot == parsed, "the embedded snapshot differs from matrices/: run scripts/embed-matrices.sh")
    }

    @Test func yamlFallbackEqualsTheSnapshot() throws {
        // Without the snapshot, the embedded YAML (cross-file rules skipped) gives the same matrix.
        let fallback = try CompatibilityMatrix.load(files: EmbeddedMatrices.files, crossFile: false)
        #expect(fallback == MatrixFiles.matrix)
    }

    @Test func embeddedMatrixLoads() throws {
        let matrix = try CompatibilityMatrix.embedded()
        #expect(!matrix.series.isEmpty)
        #expect(matrix.gpus.count >= 80)
        #expect(matrix.toolkits.contains { $0.version == Version(7, 0) })
    }
}
