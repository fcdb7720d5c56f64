import DLEnvCore

/// Renders `plan.json` (`FleetPlanFile`): every (project, GPU type) pair, planned with its image and jobs or refused
/// with the resolver's reasons, plus the images, GPU types and jobs. Keys are snake_case and stable, in this order
/// (the names are `FleetPlanFile`'s coding keys; a test decodes every rendering back).
public enum FleetPlanDocument {
    public static let path = "plan.json"
    public static let schemaVersion = 1

    public static func document(_ plan: FleetPlan) -> FleetDocument { document(FleetPlanFile(plan)) }

    public static func document(_ file: FleetPlanFile) -> FleetDocument {
        .object([
            ("schema", .int(file.schema)),
            ("workspace", .string(file.workspace)),
            ("registry", .string(file.registry)),
            (
                "summary",
                .object([
                    ("pairs", .int(file.summary.pairs)), ("planned", .int(file.summary.planned)),
                    ("refused", .int(file.summary.refused)), ("images", .int(file.summary.images)),
                    ("jobs", .int(file.summary.jobs)),
                ])
            ),
            ("pairs", .array(file.pairs.map(pair))),
            ("images", .array(file.images.map(image))),
            ("gpus", .array(file.gpus.map(gpu))),
            ("jobs", .array(file.jobs.map(job))),
        ])
    }

    static func pair(_ pair: FleetPlanFile.Pair) -> FleetDocument {
        .fields([
            ("project", .string(pair.project)),
            ("gpu", .string(pair.gpu)),
            ("driver", .string(pair.driver)),
            ("status", .string(pair.status.rawValue)),
            ("image", pair.image.map { .string($0) }),
            ("job", pair.job.map { .string($0) }),
            ("reasons", pair.reasons.map { .strings($0) }),
        ])
    }

    static func image(_ image: FleetPlanFile.Image) -> FleetDocument {
        .fields([
            ("name", .string(image.name)),
            ("tag", .string(image.tag)),
            ("base_image", image.baseImage.map { .string($0) }),
            ("projects", .strings(image.projects)),
            ("context", .string(image.context)),
            ("dockerfile", .string(image.dockerfile)),
            ("stack", stack(image.stack)),
        ])
    }

    static func gpu(_ gpu: FleetPlanFile.GPU) -> FleetDocument {
        .fields([
            ("gpu", .string(gpu.gpu)),
            ("product", .string(gpu.product)),
            ("driver", .string(gpu.driver)),
            ("count", .int(gpu.count)),
            ("node_label", gpu.nodeLabel.map { .string($0) }),
            ("compute_capability", gpu.computeCapability.map { .string($0) }),
        ])
    }

    static func job(_ job: FleetPlanFile.Job) -> FleetDocument {
        .object([
            ("name", .string(job.name)),
            ("image", .string(job.image)),
            ("tag", .string(job.tag)),
            ("gpu", .string(job.gpu)),
            ("product", .string(job.product)),
            ("driver", .string(job.driver)),
            ("projects", .strings(job.projects)),
            ("kubernetes", .string(job.kubernetes)),
            ("slurm", .string(job.slurm)),
        ])
    }

    /// A stack with the same keys as `Stack`'s Codable form (without the Windows driver floor).
    public static func stack(_ s: Stack) -> FleetDocument {
        .fields([
            ("torch", .string(s.torch)),
            ("torchvision", s.torchvision.map { .string($0) }),
            ("torchaudio", s.torchaudio.map { .string($0) }),
            ("python", .string(s.python)),
            ("variant", .string(s.variant)),
            ("cuda", s.cuda.map { .string($0) }),
            ("rocm", s.rocm.map { .string($0) }),
            ("cudnn", s.cudnn.map { .string($0) }),
            ("nccl", s.nccl.map { .string($0) }),
            ("index_url", s.indexURL.map { .string($0) }),
            ("pypi_default", .bool(s.pypiDefault)),
            ("arch", .strings(s.arch)),
            ("min_driver_linux", s.minDriverLinux.map { .string($0) }),
        ])
    }
}

/// A generated file: its path inside the plan folder and its text.
public struct FleetFile: Sendable, Hashable {
    public var path: String
    public var contents: String
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

extension FleetPlan {
    /// The sub-folders of a plan folder that `files(planDirectory:)` fills and `dlenv fleet plan` owns: a file in
    /// them that the plan no longer produces is stale (the CLI removes it).
    public static let generatedFolders = ["dockerfiles", "github", "kubernetes", "slurm"]

    /// Every file of the plan folder, sorted by path: bake file, Dockerfiles, Kubernetes Jobs, Slurm
    /// scripts, the GitHub workflow and plan.json.
    public func files(planDirectory: String) -> [FleetFile] {
        var files = [
            FleetFile(path: "docker-bake.json", contents: FleetBakeGenerator.document(self).json()),
            FleetFile(path: FleetPlanDocument.path, contents: FleetPlanDocument.document(self).json()),
            FleetFile(
                path: FleetWorkflowGenerator.path,
                contents: FleetWorkflowGenerator.render(self, planDirectory: planDirectory)),
        ]
        for image in images {
            guard let text = image.dockerfileText else { continue }
            let path = image.context == "." ? image.dockerfile : "\(image.context)/\(image.dockerfile)"
            files.append(FleetFile(path: path, contents: text.hasSuffix("\n") ? text : text + "\n"))
            for file in image.contextFiles {
                let filePath = image.context == "." ? file.path : "\(image.context)/\(file.path)"
                files.append(FleetFile(path: filePath, contents: file.contents))
            }
        }
        for job in jobs {
            files.append(
                FleetFile(
                    path: FleetKubernetesGenerator.path(job), contents: FleetKubernetesGenerator.render(job, self)))
            files.append(
                FleetFile(path: FleetSlurmGenerator.path(job), contents: FleetSlurmGenerator.render(job, self)))
        }
        return files.sorted { $0.path < $1.path }
    }
}
