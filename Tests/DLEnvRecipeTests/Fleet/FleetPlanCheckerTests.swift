import DLEnvCore
import Testing

@testable import DLEnvRecipe

@Suite struct FleetPlanCheckerTests {
    let files = FleetFixtures.plan(shards: 2).files(planDirectory: "plan")
    let checker = FleetPlanChecker(knownProducts: FleetFixtures.knownProducts, folder: "plan")

    func replacing(_ path: String, _ old: String, _ new: String) -> [FleetFile] {
        files.map { file in
            guard file.path.hasPrefix(path) else { return file }
            return FleetFile(path: file.path, contents: file.contents.replacingOccurrences(of: old, with: new))
        }
    }

    @Test func generatedPlanPasses() {
        #expect(checker.check(files) == [])
    }

    @Test(arguments: [
        ("kubernetes/", "nvidia.com/gpu: 1", "nvidia.com/gpu: one", "no whole-number nvidia.com/gpu limit"),
        ("kubernetes/", "completionMode: Indexed", "completionMode: Indexd", "neither Indexed nor NonIndexed"),
        ("kubernetes/", "gpu.product: NVIDIA-H100-80GB-HBM3", "gpu.product: NVIDIA-H100", "not one the matrix knows"),
        ("kubernetes/", "restartPolicy: Never", "restartPolicy: OnFailure", "restartPolicy is not Never"),
        ("kubernetes/", "image: ghcr.io/acme/dlenv/", "image: ghcr.io/other/", "not built by docker-bake.json"),
        ("slurm/", "#SBATCH --gres=gpu", "#SBATCH --gpus-wanted", "no #SBATCH --gres=gpu"),
        ("slurm/", "apptainer exec --nv", "apptainer exec", "without --nv"),
        ("docker-bake.json", "\"linux/amd64\"", "\"amd64\"", "no valid platforms"),
        ("github/", "tag: ghcr.io/acme/dlenv/", "tag: ghcr.io/other/", "not built by docker-bake.json"),
        ("plan.json", "\"Tesla K80 (sm_37) is not in any wheel\"", "", "carries no reasons"),
    ])
    func catchesWhatSchemasMiss(path: String, old: String, new: String, expected: String) {
        let changed = replacing(path, old, new)
        #expect(changed != files, "nothing in \(path) contains \(old)")
        let found = checker.check(changed)
        #expect(found.contains { $0.message.contains(expected) }, "\(found)")
        #expect(found.allSatisfy { $0.location?.file.hasPrefix("plan/") == true })
    }

    @Test func missingJobFileIsReported() {
        let found = checker.check(files.filter { !$0.path.hasPrefix("slurm/") })
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.message.contains("is missing") })
    }

    @Test func matrixOverGitHubsLimitIsReported() {
        let entry = "          - job: a\n            image: torch2-5-1-cu124-py3-11\n"
        let big =
            "name: x\njobs:\n  verify:\n    strategy:\n      matrix:\n        include:\n"
            + String(repeating: entry, count: 257)
        let found = checker.check(files + [FleetFile(path: "github/big.yml", contents: big)])
        #expect(found.map(\.message) == ["job 'verify' has 257 matrix entries, over GitHub's limit of 256"])
    }
}
