import DLEnvCore
import Yams

extension FleetWorkspace {
    static func parseEngine(_ node: Node, _ reader: inout FleetYAMLReader) -> FleetEngineOptions {
        var engine = FleetEngineOptions()
        guard let fields = reader.entries(node, "engine", allowed: engineKeys) else { return engine }
        for (key, value) in fields {
            switch key {
            case "shards": engine.shards = reader.int(value, "engine.shards", in: 1...1000) ?? engine.shards
            case "deadline_minutes":
                engine.deadlineMinutes =
                    reader.int(value, "engine.deadline_minutes", in: 1...10080) ?? engine.deadlineMinutes
            case "gpus_per_job":
                engine.gpusPerJob = reader.int(value, "engine.gpus_per_job", in: 1...64) ?? engine.gpusPerJob
            case "bake": engine.bake = parseBake(value, &reader)
            case "kubernetes": engine.kubernetes = parseKubernetes(value, &reader)
            case "slurm": engine.slurm = parseSlurm(value, &reader)
            default: engine.github = parseGitHub(value, &reader)
            }
        }
        return engine
    }

    private static func parseBake(_ node: Node, _ reader: inout FleetYAMLReader) -> FleetEngineOptions.Bake {
        var bake = FleetEngineOptions.Bake()
        guard let fields = reader.entries(node, "engine.bake", allowed: bakeKeys) else { return bake }
        for (key, value) in fields {
            switch key {
            case "platforms":
                guard let platforms = reader.strings(value, "engine.bake.platforms") else { break }
                for p in platforms {
                    let parts = p.split(separator: "/", omittingEmptySubsequences: false)
                    if !(2...3).contains(parts.count) || parts.contains(where: \.isEmpty) {
                        reader.error(
                            "platform '\(p)' is not os/arch[/variant]", at: value,
                            remedy: "write e.g. linux/amd64 or linux/arm64")
                    }
                }
                if platforms.isEmpty {
                    reader.error("engine.bake.platforms is empty", at: value, remedy: "list at least linux/amd64")
                }
                bake.platforms = platforms
            case "cache":
                bake.cache =
                    reader.choice(value, "engine.bake.cache", as: FleetEngineOptions.CacheBackend.self)
                    ?? bake.cache
            default:
                bake.cacheMode =
                    reader.choice(value, "engine.bake.cache_mode", as: FleetEngineOptions.CacheMode.self)
                    ?? bake.cacheMode
            }
        }
        return bake
    }

    private static func parseKubernetes(_ node: Node, _ reader: inout FleetYAMLReader)
        -> FleetEngineOptions.Kubernetes
    {
        var k8s = FleetEngineOptions.Kubernetes()
        guard let fields = reader.entries(node, "engine.kubernetes", allowed: kubernetesKeys) else { return k8s }
        for (key, value) in fields {
            switch key {
            case "namespace":
                guard let ns = reader.string(value, "engine.kubernetes.namespace") else { break }
                if !FleetNaming.isDNSLabel(ns) {
                    reader.error(
                        "namespace '\(ns)' is not a DNS-1123 label", at: value,
                        remedy: "use lowercase letters, digits and '-', at most 63 characters")
                }
                k8s.namespace = ns
            case "backoff_limit":
                k8s.backoffLimit = reader.int(value, "engine.kubernetes.backoff_limit", in: 0...100) ?? k8s.backoffLimit
            case "ttl_seconds_after_finished":
                k8s.ttlSecondsAfterFinished =
                    reader.int(value, "engine.kubernetes.ttl_seconds_after_finished", in: 0...31_536_000)
                    ?? k8s.ttlSecondsAfterFinished
            case "tolerate_gpu_taint":
                k8s.tolerateGPUTaint =
                    reader.bool(value, "engine.kubernetes.tolerate_gpu_taint") ?? k8s.tolerateGPUTaint
            default:
                guard let rc = reader.string(value, "engine.kubernetes.runtime_class") else { break }
                if !FleetNaming.isDNSLabel(rc) {
                    reader.error(
                        "runtime_class '\(rc)' is not a valid RuntimeClass name", at: value,
                        remedy: "use the RuntimeClass's name, e.g. nvidia")
                }
                k8s.runtimeClass = rc
            }
        }
        return k8s
    }

    private static func parseSlurm(_ node: Node, _ reader: inout FleetYAMLReader) -> FleetEngineOptions.Slurm {
        var slurm = FleetEngineOptions.Slurm()
        guard let fields = reader.entries(node, "engine.slurm", allowed: slurmKeys) else { return slurm }
        for (key, value) in fields {
            switch key {
            case "partitions":
                let map = reader.stringMap(value, "engine.slurm.partitions") ?? [:]
                checkSlurmWords(map, value, "engine.slurm.partitions", commas: true, &reader)
                if !map.isEmpty { slurm.partitions = map }
            case "default_partition":
                guard let name = reader.string(value, "engine.slurm.default_partition") else { break }
                checkSlurmWords(["": name], value, "engine.slurm.default_partition", commas: true, &reader)
                slurm.defaultPartition = name
            case "gres_types":
                let map = reader.stringMap(value, "engine.slurm.gres_types") ?? [:]
                checkSlurmWords(map, value, "engine.slurm.gres_types", commas: false, &reader)
                if !map.isEmpty { slurm.gresTypes = map }
            case "cpus_per_task":
                slurm.cpusPerTask = reader.int(value, "engine.slurm.cpus_per_task", in: 1...1024) ?? slurm.cpusPerTask
            default:
                guard let memory = reader.string(value, "engine.slurm.memory") else { break }
                let digits = memory.prefix(while: \.isNumber)
                let unit = memory.dropFirst(digits.count)
                if digits.isEmpty || !["", "K", "M", "G", "T"].contains(String(unit)) {
                    reader.error(
                        "memory '\(memory)' is not a Slurm size", at: value,
                        remedy: "write a number with K, M, G or T, e.g. 32G")
                }
                slurm.memory = memory
            }
        }
        return slurm
    }

    private static func parseGitHub(_ node: Node, _ reader: inout FleetYAMLReader) -> FleetEngineOptions.GitHub {
        var github = FleetEngineOptions.GitHub()
        guard let fields = reader.entries(node, "engine.github", allowed: githubKeys) else { return github }
        for (key, value) in fields {
            switch key {
            case "runs_on":
                guard let labels = reader.strings(value, "engine.github.runs_on") else { break }
                for label in labels where !isRunnerLabel(label) {
                    reader.error(
                        "engine.github.runs_on label '\(label)' is not a runner label", at: value,
                        remedy: "use letters, digits, '.', '_' and '-' (e.g. self-hosted, gpu), at most 100 characters")
                }
                github.runsOn = labels
            default:
                github.maxParallel = reader.int(value, "engine.github.max_parallel", in: 1...256)
            }
        }
        return github
    }

    /// Slurm partition and GRES names are written into `#SBATCH` directives, which sbatch splits at
    /// whitespace without any quoting: only `[A-Za-z0-9._-]` (and ',' between several partitions).
    private static func checkSlurmWords(
        _ map: [String: String], _ node: Node, _ what: String, commas: Bool, _ reader: inout FleetYAMLReader
    ) {
        let extra = commas ? "._-," : "._-"
        for (gpu, word) in map.sorted(by: { $0.key < $1.key }) {
            let ok =
                !word.isEmpty && word.count <= 64 && !word.hasPrefix(",") && !word.hasSuffix(",")
                && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
            guard !ok else { continue }
            reader.error(
                "\(what)\(gpu.isEmpty ? "" : " for '\(gpu)'") '\(TextSafety.printable(word, limit: 64))' is not a "
                    + "Slurm name", at: node,
                remedy: "use letters, digits, '.', '_' and '-'" + (commas ? " (',' between partitions)" : ""))
        }
    }

    /// A GitHub runner label as dlenv writes it into `runs-on`: plain words only, so no expression or YAML
    /// structure can come in through it.
    static func isRunnerLabel(_ label: String) -> Bool {
        (1...100).contains(label.count)
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
