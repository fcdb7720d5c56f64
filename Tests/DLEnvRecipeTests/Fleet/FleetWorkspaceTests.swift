import DLEnvCore
import Testing

@testable import DLEnvRecipe

@Suite struct FleetWorkspaceTests {
    static let valid = """
        projects:
          - projects/vision/dlenv.yaml
          - projects/detector/dlenv.yaml
        registry: ghcr.io/acme/dlenv
        fleet:
          - gpu: NVIDIA H100 80GB HBM3
            driver: "550.54.15"
            count: 8
          - {gpu: Tesla T4, driver: "470.82.01", count: 2, node_label: pool=t4, product: Tesla-T4}
        engine:
          shards: 2
          deadline_minutes: 30
          bake: {platforms: [linux/amd64], cache: gha, cache_mode: min}
          kubernetes: {namespace: ml-verify, backoff_limit: 1, runtime_class: nvidia}
          slurm:
            partitions: {NVIDIA H100 80GB HBM3: h100}
            gres_types: {NVIDIA H100 80GB HBM3: h100}
            memory: 64G
          github: {runs_on: [self-hosted, gpu], max_parallel: 3}
        """

    func parse(_ yaml: String) throws -> FleetWorkspace {
        try FleetWorkspace.parse(yaml: yaml, file: "ws.yaml")
    }

    func problems(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try FleetWorkspace.parse(yaml: yaml, file: "ws.yaml")
            return []
        } catch { return error.diagnostics }
    }

    @Test func parsesEverySection() throws {
        let ws = try parse(Self.valid)
        #expect(ws.projects.map(\.path) == ["projects/vision/dlenv.yaml", "projects/detector/dlenv.yaml"])
        #expect(ws.projects[1].location?.line == 3)
        #expect(ws.registry == "ghcr.io/acme/dlenv")
        #expect(ws.fleet.count == 2)
        #expect(ws.fleet[0].gpu == "NVIDIA H100 80GB HBM3")
        #expect(ws.fleet[0].driver == "550.54.15")
        #expect(ws.fleet[0].count == 8)
        #expect(ws.fleet[1].nodeLabel == "pool=t4")
        #expect(ws.fleet[1].product == "Tesla-T4")
        #expect(ws.engine.shards == 2)
        #expect(ws.engine.deadlineMinutes == 30)
        #expect(ws.engine.bake.cache == .gha)
        #expect(ws.engine.bake.cacheMode == .min)
        #expect(ws.engine.kubernetes.namespace == "ml-verify")
        #expect(ws.engine.kubernetes.backoffLimit == 1)
        #expect(ws.engine.kubernetes.runtimeClass == "nvidia")
        #expect(ws.engine.slurm.partitions == ["NVIDIA H100 80GB HBM3": "h100"])
        #expect(ws.engine.slurm.memory == "64G")
        #expect(ws.engine.github.runsOn == ["self-hosted", "gpu"])
        #expect(ws.engine.github.maxParallel == 3)
    }

    @Test func defaultsWhenEngineIsLeftOut() throws {
        let ws = try parse(
            "projects: [a/dlenv.yaml]\nregistry: r.io/x\nfleet: [{gpu: Tesla T4, driver: '535.104.05'}]\n")
        #expect(ws.engine == FleetEngineOptions())
        #expect(ws.fleet[0].count == 1)
    }

    @Test func unknownKeySuggestsTheClosestWithItsLine() {
        let found = problems(Self.valid.replacingOccurrences(of: "  shards: 2", with: "  shard: 2"))
        #expect(found.count == 1)
        #expect(found[0].message == "unknown key 'shard' in engine")
        #expect(found[0].remedy == "did you mean 'shards'?")
        #expect(found[0].location?.description == "ws.yaml:11:3")
    }

    @Test func unknownKeysAtEveryLevel() {
        let yaml = """
            project: [a/dlenv.yaml]
            registry: r.io/x
            fleet:
              - {gpu: Tesla T4, drvier: "535.104.05"}
            engine: {kubernetes: {namspace: x}}
            """
        let messages = problems(yaml).map(\.description)
        #expect(
            messages.contains { $0.contains("unknown key 'project' in the workspace (fix: did you mean 'projects'?)") })
        #expect(messages.contains { $0.contains("ws.yaml:4:") && $0.contains("did you mean 'driver'?") })
        #expect(messages.contains { $0.contains("did you mean 'namespace'?") })
        #expect(messages.contains { $0.contains("the workspace has no 'projects'") })
        #expect(messages.contains { $0.contains("a fleet entry has no 'driver'") })
    }

    @Test(arguments: [
        ("registry: https://ghcr.io/x", "has a scheme"),
        ("registry: ghcr.io/x:latest", "has a tag"),
        ("registry: ghcr.io/X", "lowercase"),
        ("registry: ghcr.io/x/", "ends with '/'"),
    ])
    func badRegistries(line: String, fragment: String) {
        let yaml = "projects: [a/dlenv.yaml]\n\(line)\nfleet: [{gpu: Tesla T4, driver: '535.104.05'}]\n"
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains(fragment) == true, "\(found)")
        #expect(found.first?.location?.line == 2)
    }

    @Test(arguments: [
        ("driver: latest", "not a driver version"),
        ("driver: '550'", "not a driver version"),
        ("count: 0", "outside 1…100000"),
        ("count: two", "whole number"),
        ("node_label: pool", "key=value"),
        ("product: NVIDIA H100", "not a valid nvidia.com/gpu.product"),
    ])
    func badFleetEntries(field: String, fragment: String) {
        let base = ["gpu: Tesla T4", "driver: '535.104.05'"]
        let key = field.split(separator: ":")[0]
        let fields = base.filter { !$0.hasPrefix(key) } + [field]
        let yaml =
            "projects: [a/dlenv.yaml]\nregistry: r.io/x\nfleet:\n  - " + fields.joined(separator: "\n    ") + "\n"
        let found = problems(yaml)
        #expect(found.contains { $0.message.contains(fragment) }, "\(found)")
    }

    @Test func duplicatesAreReported() {
        let yaml = """
            projects: [a/dlenv.yaml, a/dlenv.yaml]
            registry: r.io/x
            fleet:
              - {gpu: Tesla T4, driver: "535.104.05"}
              - {gpu: Tesla T4, driver: "535.104.05"}
            """
        let messages = problems(yaml).map(\.message)
        #expect(messages.contains("project 'a/dlenv.yaml' is listed twice"))
        #expect(messages.contains("GPU 'Tesla T4' with driver 535.104.05 is listed twice"))
    }

    @Test func slurmPartitionForAGPUOutsideTheFleet() {
        let yaml = Self.valid.replacingOccurrences(
            of: "partitions: {NVIDIA H100 80GB HBM3: h100}", with: "partitions: {NVIDIA H100 80GB HBM: h100}")
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.remedy == "did you mean 'NVIDIA H100 80GB HBM3'?")
    }

    @Test func badEngineValues() {
        let yaml = """
            projects: [a/dlenv.yaml]
            registry: r.io/x
            fleet: [{gpu: Tesla T4, driver: "535.104.05"}]
            engine:
              shards: 0
              bake: {platforms: [amd64], cache: registy}
              kubernetes: {namespace: ML_Verify, tolerate_gpu_taint: maybe}
              slurm: {memory: lots}
            """
        let messages = problems(yaml).map(\.description)
        #expect(messages.count == 6, "\(messages)")
        #expect(messages.contains { $0.contains("engine.shards is 0") })
        #expect(messages.contains { $0.contains("platform 'amd64'") })
        #expect(messages.contains { $0.contains("did you mean 'registry'?") })
        #expect(messages.contains { $0.contains("not a DNS-1123 label") })
        #expect(messages.contains { $0.contains("true or false") })
        #expect(messages.contains { $0.contains("not a Slurm size") })
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        let found = problems("projects: [a\nregistry: x\n")
        #expect(found.count == 1)
        #expect(found[0].message.hasPrefix("YAML syntax"))
        #expect(found[0].location?.line != nil)
    }

    @Test func emptyFileIsBadInput() {
        #expect(problems("").first?.message == "the workspace file is empty")
    }
}
