import DLEnvCore

/// Renders `plan.json`: every (project, GPU type) pair, planned with its image and jobs or refused with
/// the resolver's reasons, plus the images, GPU types and jobs. Keys are snake_case and stable.
public enum FleetPlanDocument {
    public static let path = "plan.json"
    public static let schemaVersion = 1

    public static func document(_ plan: FleetPlan) -> FleetDocument {
        let jobs = plan.jobs
        let planned = plan.pairs.filter { if case .planned = $0.outcome { true } else { false } }.count
        let pairs: [FleetDocument] = plan.pairs.map { pair in
            let target = plan.targets[pair.target]
            switch pair.outcome {
            case .planned(let image):
                let job = jobs.first { $0.image.name == image && $0.target == target }
                return .fields([
                    ("project", .string(pair.project)),
                    ("gpu", .string(target.gpu)),
                    ("driver", .string(target.driver)),
                    ("status", .string("planned")),
                    ("image", .string(image)),
                    ("job", job.map { .string($0.name) }),
                ])
            case .refused(let reasons):
                return .object([
                    ("project", .string(pair.project)),
                    ("gpu", .string(target.gpu)),
                    ("driver", .string(target.driver)),
                    ("status", .string("refused")),
                    ("reasons", .strings(reasons)),
                ])
            }
        }
        return .object([
            ("schema", .int(schemaVersion)),
            ("workspace", .string(plan.workspace)),
            ("registry", .string(plan.registry)),
            (
                "summary",
                .object([
                    ("pairs", .int(plan.pairs.count)), ("planned", .int(planned)),
                    ("refused", .int(plan.pairs.count - planned)), ("images", .int(plan.images.count)),
                    ("jobs", .int(jobs.count)),
                ])
            ),
            ("pairs", .array(pairs)),
            ("images", .array(plan.images.map(image))),
            ("gpus", .array(plan.targets.map(target))),
            ("jobs", .array(jobs.map(job))),
        ])
    }

    static func image(_ image: FleetImage) -> FleetDocument {
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

    static func target(_ target: FleetTarget) -> FleetDocument {
        .fields([
            ("gpu", .string(target.gpu)),
            ("product", .string(target.product)),
            ("driver", .string(target.driver)),
            ("count", .int(target.count)),
            ("node_label", target.nodeLabel.map { .string($0) }),
            ("compute_capability", target.computeCapability.map { .string($0) }),
        ])
    }

    static func job(_ job: FleetPlan.Job) -> FleetDocument {
        .object([
            ("name", .string(job.name)),
            ("image", .string(job.image.name)),
            ("tag", .string(job.image.tag)),
            ("gpu", .string(job.target.gpu)),
            ("product", .string(job.target.product)),
            ("driver", .string(job.target.driver)),
            ("projects", .strings(job.projects)),
            ("kubernetes", .string(FleetKubernetesGenerator.path(job))),
            ("slurm", .string(FleetSlurmGenerator.path(job))),
        ])
    }

    /// A stack with the same keys as `Stack`'s Codable form.
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
