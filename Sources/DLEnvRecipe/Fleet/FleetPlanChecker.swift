import DLEnvCore

/// dlenv's own checks of a plan folder, on top of the schema validators (kubernetes-validate does not
/// catch a bad enum value or quantity: reference/docker.md §5.2.4; bake ignores unknown attributes:
/// docker/buildx#2437). It reads the files as an engine would, so it also catches a hand-edited plan.
public struct FleetPlanChecker: Sendable {
    /// `nvidia.com/gpu.product` values the matrix knows; nil skips that check.
    public var knownProducts: Set<String>?
    /// Prefix of file names in diagnostics (the plan folder as the user named it).
    public var folder: String

    public init(knownProducts: Set<String>? = nil, folder: String = "") {
        self.knownProducts = knownProducts
        self.folder = folder
    }

    /// Every problem found in the files of one plan folder.
    public func check(_ files: [FleetFile]) -> [Diagnostic] {
        var problems = Problems(folder: folder)
        guard let bakeFile = files.first(where: { $0.path == "docker-bake.json" }) else {
            problems.add("docker-bake.json", "the plan has no docker-bake.json", "run `dlenv fleet plan` again")
            return problems.list
        }
        let tags = checkBake(bakeFile, &problems)
        let targets = Set(parsed(bakeFile, &problems)?["target"]?.pairs.map(\.0) ?? [])
        for file in files {
            if file.path.hasPrefix("kubernetes/") && file.path.hasSuffix(".yaml") {
                checkJob(file, tags: tags, &problems)
            } else if file.path.hasPrefix("slurm/") && file.path.hasSuffix(".sbatch") {
                checkSlurm(file, tags: tags, &problems)
            } else if file.path.hasPrefix("github/") && file.path.hasSuffix(".yml") {
                checkWorkflow(file, tags: tags, targets: targets, &problems)
            } else if file.path == FleetPlanDocument.path {
                checkPlanJSON(file, paths: Set(files.map(\.path)), targets: targets, &problems)
            }
        }
        return problems.list
    }

    struct Problems {
        var folder: String
        var list: [Diagnostic] = []
        mutating func add(_ path: String, _ message: String, _ remedy: String) {
            let file = folder.isEmpty ? path : "\(folder)/\(path)"
            list.append(Diagnostic(.error, message, at: SourceLocation(file: file), remedy: remedy))
        }
    }

    func parsed(_ file: FleetFile, _ problems: inout Problems) -> FleetDocument? {
        do {
            return try FleetDocument.parse(file.contents, file: file.path)
        } catch {
            for d in error.diagnostics { problems.add(file.path, d.message, "regenerate it with `dlenv fleet plan`") }
            return nil
        }
    }

    /// Checks the bake file and returns the image tags it builds.
    func checkBake(_ file: FleetFile, _ problems: inout Problems) -> Set<String> {
        guard let bake = parsed(file, &problems) else { return [] }
        let targets = bake["target"]?.pairs ?? []
        if targets.isEmpty { problems.add(file.path, "docker-bake.json has no targets", "plan at least one image") }
        var tags: Set<String> = []
        for (name, target) in targets {
            for key in ["context", "dockerfile"] where target[key]?.stringValue?.isEmpty != false {
                problems.add(file.path, "target '\(name)' has no \(key)", "give every target a \(key)")
            }
            if target["matrix"] != nil {
                problems.add(file.path, "target '\(name)' uses a matrix", "expand the matrix into one target each")
            }
            let targetTags = target["tags"]?.items.compactMap(\.stringValue) ?? []
            if targetTags.isEmpty { problems.add(file.path, "target '\(name)' has no tags", "tag every image") }
            tags.formUnion(targetTags)
            let platforms = target["platforms"]?.items.compactMap(\.stringValue) ?? []
            if platforms.isEmpty || platforms.contains(where: { $0.split(separator: "/").count < 2 }) {
                problems.add(file.path, "target '\(name)' has no valid platforms", "list platforms as os/arch")
            }
        }
        let names = Set(targets.map(\.0))
        let groups = bake["group"]?.pairs ?? []
        if !groups.contains(where: { $0.0 == "default" }) {
            problems.add(file.path, "docker-bake.json has no default group", "add a group named default")
        }
        for (group, value) in groups {
            for t in value["targets"]?.items.compactMap(\.stringValue) ?? [] where !names.contains(t) {
                problems.add(file.path, "group '\(group)' names target '\(t)', which the file lacks", "add the target")
            }
        }
        return tags
    }

    func checkJob(_ file: FleetFile, tags: Set<String>, _ problems: inout Problems) {
        guard let job = parsed(file, &problems) else { return }
        let p = file.path
        if job["apiVersion"]?.stringValue != "batch/v1" || job["kind"]?.stringValue != "Job" {
            problems.add(p, "not a batch/v1 Job", "set apiVersion: batch/v1 and kind: Job")
        }
        let name = job["metadata"]?["name"]?.stringValue ?? ""
        if !FleetNaming.isDNSLabel(name) {
            problems.add(p, "Job name '\(name)' is not a DNS-1123 label of at most 63 characters", "shorten it")
        }
        // One file per Job, named after it: two files with one Job name would replace each other on apply.
        let stem = String(p.dropFirst("kubernetes/".count).dropLast(".yaml".count))
        if name != stem {
            problems.add(p, "Job '\(name)' is in a file named '\(stem).yaml'", "name the file after the Job")
        }
        let spec = job["spec"]
        let pod = spec?["template"]?["spec"]
        if let mode = spec?["completionMode"]?.stringValue {
            if !["Indexed", "NonIndexed"].contains(mode) {
                problems.add(p, "completionMode '\(mode)' is neither Indexed nor NonIndexed", "use Indexed")
            }
            let completions = spec?["completions"]?.intValue ?? 0
            if mode == "Indexed" && completions < 1 {
                problems.add(p, "an Indexed Job without completions", "set completions to the number of shards")
            }
            if let parallelism = spec?["parallelism"]?.intValue, parallelism < 1 || parallelism > completions {
                problems.add(p, "parallelism \(parallelism) is outside 1…\(completions)", "bound it by completions")
            }
        }
        if (spec?["activeDeadlineSeconds"]?.intValue ?? 0) < 1 {
            problems.add(p, "the Job has no activeDeadlineSeconds", "give every Job a deadline")
        }
        if spec?["backoffLimit"]?.intValue == nil && spec?["backoffLimitPerIndex"]?.intValue == nil {
            problems.add(p, "the Job has no backoff limit", "set backoffLimit (or backoffLimitPerIndex)")
        }
        if pod?["restartPolicy"]?.stringValue != "Never" {
            problems.add(p, "restartPolicy is not Never", "pod failure policies and per-index limits need Never")
        }
        let product = pod?["nodeSelector"]?[FleetKubernetesGenerator.productLabel]?.stringValue
        if let product {
            if let knownProducts, !knownProducts.contains(product) {
                let near = closest(to: product, in: knownProducts.sorted(), limit: 1).first
                problems.add(
                    p, "GPU product label '\(product)' is not one the matrix knows",
                    near.map { "did you mean '\($0)'?" } ?? "use a GPU name from matrices/gpus.yaml")
            }
        } else {
            problems.add(p, "no nodeSelector on \(FleetKubernetesGenerator.productLabel)", "select the GPU product")
        }
        let containers = pod?["containers"]?.items ?? []
        if containers.isEmpty { problems.add(p, "the pod has no containers", "add the verify container") }
        for container in containers {
            let cname = container["name"]?.stringValue ?? "?"
            let limit = container["resources"]?["limits"]?[FleetKubernetesGenerator.gpuResource]
            let count = limit?.intValue ?? limit?.stringValue.flatMap { Int($0) }
            if (count ?? 0) < 1 {
                problems.add(
                    p, "container '\(cname)' has no whole-number \(FleetKubernetesGenerator.gpuResource) limit",
                    "GPUs go in resources.limits as a positive integer")
            }
            if let request = container["resources"]?["requests"]?[FleetKubernetesGenerator.gpuResource],
                request != limit
            {
                problems.add(p, "container '\(cname)' requests differ from its GPU limits", "make them equal")
            }
            let image = container["image"]?.stringValue ?? ""
            if !tags.contains(image) {
                problems.add(p, "image '\(image)' is not built by docker-bake.json", "plan the image in the bake file")
            }
        }
    }

    func checkSlurm(_ file: FleetFile, tags: Set<String>, _ problems: inout Problems) {
        let lines = file.contents.split(separator: "\n").map(String.init)
        if lines.first?.hasPrefix("#!") != true { problems.add(file.path, "no #! line", "start with #!/bin/bash") }
        let directives = lines.filter { $0.hasPrefix("#SBATCH ") }
        for needed in ["--gres=gpu", "--partition=", "--time=", "--job-name="]
        where !directives.contains(where: { $0.contains(needed) }) {
            problems.add(file.path, "no #SBATCH \(needed) directive", "add it; jobs get GPUs only if they ask")
        }
        let images = lines.compactMap { line -> String? in
            guard let r = line.range(of: "docker://") else { return nil }
            return String(line[r.upperBound...].prefix(while: { $0 != "'" && $0 != "\"" && $0 != " " }))
        }
        if images.isEmpty { problems.add(file.path, "no docker:// image", "convert the image with apptainer build") }
        for image in images where !tags.contains(image) {
            problems.add(file.path, "image '\(image)' is not built by docker-bake.json", "plan it in the bake file")
        }
        if !lines.contains(where: { $0.contains("apptainer exec --nv") }) {
            problems.add(file.path, "apptainer runs without --nv", "pass --nv to bind the host driver")
        }
    }

    func checkWorkflow(_ file: FleetFile, tags: Set<String>, targets: Set<String>, _ problems: inout Problems) {
        guard let workflow = parsed(file, &problems) else { return }
        for (jobName, job) in workflow["jobs"]?.pairs ?? [] {
            let include = job["strategy"]?["matrix"]?["include"]?.items ?? []
            if include.count > FleetWorkflowGenerator.matrixLimit {
                problems.add(
                    file.path, "job '\(jobName)' has \(include.count) matrix entries, over GitHub's limit of 256",
                    "split the fleet into several workspaces")
            }
            for entry in include {
                if let image = entry["image"]?.stringValue, !targets.contains(image) {
                    problems.add(file.path, "matrix image '\(image)' is not a bake target", "plan it in the bake file")
                }
                if let tag = entry["tag"]?.stringValue, !tags.contains(tag) {
                    problems.add(file.path, "matrix tag '\(tag)' is not built by docker-bake.json", "plan the image")
                }
            }
        }
    }

    func checkPlanJSON(_ file: FleetFile, paths: Set<String>, targets: Set<String>, _ problems: inout Problems) {
        guard let plan = parsed(file, &problems) else { return }
        for job in plan["jobs"]?.items ?? [] {
            for key in ["kubernetes", "slurm"] {
                if let path = job[key]?.stringValue, !paths.contains(path) {
                    problems.add(file.path, "job file '\(path)' is missing", "run `dlenv fleet plan` again")
                }
            }
        }
        for pair in plan["pairs"]?.items ?? [] {
            if let image = pair["image"]?.stringValue, !targets.contains(image) {
                problems.add(file.path, "planned image '\(image)' is not a bake target", "run `dlenv fleet plan` again")
            }
            if pair["status"]?.stringValue == "refused", pair["reasons"]?.items.isEmpty != false {
                problems.add(file.path, "a refused pair carries no reasons", "every refusal must say why")
            }
        }
    }
}
