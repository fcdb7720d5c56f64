import DLEnvCore
import Foundation
import Testing

@testable import DLEnvMatrix

/// The `--json` shapes of `matrix` and `resolve` as values: every key present, null where unknown.
@Suite struct MatrixJSONTests {
    let matrix = MatrixFiles.matrix

    func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func aTorchReleaseHasEveryKeyAndItsVariants() throws {
        let (series, release) = try #require(matrix.torch(Version("2.4.1")!))
        let torch = MatrixJSON.Torch(series: series, release: release, matrix: matrix)
        let json = try object(torch)
        #expect(
            Set(json.keys) == [
                "version", "series", "released", "python", "python_windows", "torchvision", "torchaudio",
                "pypi_default", "variants", "source", "verified", "note", "disputes", "verified_on_hardware",
            ])
        #expect(torch.variants.filter(\.isDefault).map(\.name) == [series.pypiDefault])
        let variant = try #require((json["variants"] as? [[String: Any]])?.first)
        #expect(
            Set(variant.keys) == [
                "name", "cuda", "rocm", "cudnn", "nccl", "arch", "index_url", "find_links", "os", "default", "source",
                "verified",
            ])
    }

    @Test func aReleaseWithItsOwnIndexHasNoPyPIDefault() throws {
        let (series, release) = try #require(matrix.torch(Version("1.8.2")!))
        let torch = MatrixJSON.Torch(series: series, release: release, matrix: matrix)
        #expect(torch.pypiDefault == nil)
        #expect(torch.variants.allSatisfy { !$0.isDefault && !$0.findLinks })
    }

    @Test func aResolvedStackTakesItsIndexFromTheMatrixAndListsItsMarks() throws {
        let resolution = matrix.resolve(ResolveRequest(torch: try VersionSpec(parsing: "==1.8.2")))
        let stack = try #require(resolution.stacks.first)
        let mark = VerifiedMark(
            gpu: "NVIDIA A100-SXM4-80GB", product: "NVIDIA-A100-SXM4-80GB", driver: "550.54.15", passed: true,
            lastCollected: "2026-01-02T03:04:05Z")
        let doc = MatrixJSON.Resolve(resolution, matrix: matrix) { $0 == stack ? [mark] : [] }
        let (series, release) = try #require(matrix.torch(Version("1.8.2")!))
        let variant = try #require(series.variant(stack.variant))
        #expect(doc.stacks.first?.indexURL == (stack.indexURL ?? release.indexURL(for: variant)))
        #expect(doc.stacks.first?.verifiedOn == [mark])
        let json = try object(try #require(doc.stacks.first))
        #expect(json.count == 16)
        let marks = try #require(json["verified_on"] as? [[String: Any]])
        // The product label is not a key: the GPU's name says it.
        #expect(Set(marks[0].keys) == ["gpu", "driver", "passed", "last_collected"])
        #expect(doc.rejected == resolution.rejected && doc.notes == resolution.notes)
    }

    @Test func aStackMarkIsTheMarkWithItsStack() throws {
        let mark = VerifiedMark(gpu: "g", product: "p", driver: "d", passed: false, lastCollected: "t")
        let json = try object(MatrixJSON.StackMark(stack: "torch 2.4.1+cu124 · python 3.11", mark: mark))
        #expect(json["stack"] as? String == "torch 2.4.1+cu124 · python 3.11")
        #expect(json["passed"] as? Bool == false && json["product"] == nil)
    }

    @Test func validationCountsErrorsAndWarnings() throws {
        let diagnostics = [
            Diagnostic(.error, "bad", remedy: "fix"), Diagnostic(.warning, "odd", remedy: "look"),
            Diagnostic(.warning, "odd too", remedy: "look"),
        ]
        let v = MatrixJSON.Validation(matrix: matrix, diagnostics: diagnostics)
        #expect(!v.valid && v.errors == 1 && v.warnings == 2)
        #expect(v.counts.gpus == matrix.gpus.count)
        #expect(MatrixJSON.Validation(matrix: matrix, diagnostics: []).valid)
        let json = try object(v.counts)
        #expect(
            Set(json.keys) == [
                "torch_series", "torch_releases", "torch_variants", "cuda_toolkits", "cuda_releases", "gpus",
                "image_tags",
            ])
    }

    @Test func everyImageTagIsListed() {
        let tags = MatrixJSON.ImageTag.all(in: matrix)
        #expect(tags.count == matrix.images.reduce(0) { $0 + $1.tags.count })
        #expect(tags.allSatisfy { !$0.tag.isEmpty && !$0.status.isEmpty })
    }
}
