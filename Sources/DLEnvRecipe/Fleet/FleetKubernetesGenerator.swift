/// Renders one Kubernetes Job per (image × GPU type). All indexes of an Indexed Job share one pod template,
/// so images and GPU products never share a Job; indexes only shard the verification inside one image
/// (reference/docker.md §0.6, §5.2).
public enum FleetKubernetesGenerator {
    /// The GPU resource name of the NVIDIA device plugin (kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus).
    public static let gpuResource = "nvidia.com/gpu"
    /// GPU Feature Discovery's product label (NVIDIA/k8s-device-plugin docs/gpu-feature-discovery).
    public static let productLabel = "nvidia.com/gpu.product"
    /// GPU Feature Discovery's driver-major label: keeps the job on nodes with the declared driver.
    public static let driverMajorLabel = "nvidia.com/cuda.driver.major"

    /// The manifest's path inside the plan folder.
    public static func path(_ job: FleetPlan.Job) -> String { "kubernetes/\(job.name).yaml" }

    /// How many pods of a job run at once: the shards, bounded by the GPUs of that type.
    public static func parallelism(_ job: FleetPlan.Job, _ engine: FleetEngineOptions) -> Int {
        max(1, min(engine.shards, job.target.count / engine.gpusPerJob))
    }

    public static func document(_ job: FleetPlan.Job, _ plan: FleetPlan) -> FleetDocument {
        let engine = plan.engine
        let k8s = engine.kubernetes
        let sharded = engine.shards > 1
        let parallel = parallelism(job, engine)
        // Shards that cannot run at once run in waves; the deadline covers the whole Job.
        let waves = (engine.shards + parallel - 1) / parallel
        let labels: FleetDocument = .object([
            ("app.kubernetes.io/name", .string("dlenv-verify")),
            ("app.kubernetes.io/managed-by", .string("dlenv")),
            ("dlenv.dev/image", .string(FleetNaming.dnsLabel(job.image.name))),
            ("dlenv.dev/gpu-product", .string(String(job.target.product.prefix(63)))),
        ])
        var selector: [(String, FleetDocument)] = [
            (productLabel, .string(job.target.product)),
            (driverMajorLabel, .string(job.target.driverMajor)),
        ]
        if let nodeLabel = job.target.nodeLabel {
            let parts = nodeLabel.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { selector.append((parts[0], .string(parts[1]))) }
        }
        let failAction = sharded ? "FailIndex" : "FailJob"
        let podFailurePolicy: FleetDocument = .object([
            (
                "rules",
                .array([
                    // A node drained or pre-empted under the pod is not the image's fault: retry without counting.
                    .object([
                        ("action", .string("Ignore")),
                        (
                            "onPodConditions",
                            .array([.object([("type", .string("DisruptionTarget")), ("status", .string("True"))])])
                        ),
                    ]),
                    // dlenv's exit codes 1-3 (failed, bad input, environment) are answers; retrying repeats them.
                    .object([
                        ("action", .string(failAction)),
                        (
                            "onExitCodes",
                            .object([
                                ("containerName", .string("verify")), ("operator", .string("In")),
                                ("values", .array([.int(1), .int(2), .int(3)])),
                            ])
                        ),
                    ]),
                ])
            )
        ])
        let container: FleetDocument = .object([
            ("name", .string("verify")),
            ("image", .string(job.image.tag)),
            ("imagePullPolicy", .string("IfNotPresent")),
            ("command", .strings(["/bin/sh", "-c"])),
            (
                "args",
                .array([
                    .string(
                        FleetVerifyScript.script(
                            job: job.name, shardExpression: "${JOB_COMPLETION_INDEX:-0}", shards: engine.shards))
                ]
                )
            ),
            (
                "env",
                .array([
                    .object([("name", .string("NVIDIA_DRIVER_CAPABILITIES")), ("value", .string("compute,utility"))])
                ])
            ),
            ("resources", .object([("limits", .object([(gpuResource, .int(engine.gpusPerJob))]))])),
        ])
        let podSpec: FleetDocument = .fields([
            ("restartPolicy", .string("Never")),
            ("runtimeClassName", k8s.runtimeClass.map { .string($0) }),
            ("nodeSelector", .object(selector)),
            (
                "tolerations",
                k8s.tolerateGPUTaint
                    ? .array([
                        .object([
                            ("key", .string(gpuResource)), ("operator", .string("Exists")),
                            ("effect", .string("NoSchedule")),
                        ])
                    ]) : nil
            ),
            ("containers", .array([container])),
        ])
        let spec: FleetDocument = .fields([
            ("completionMode", sharded ? .string("Indexed") : nil),
            ("completions", sharded ? .int(engine.shards) : nil),
            ("parallelism", sharded ? .int(parallel) : nil),
            ("backoffLimit", sharded ? nil : .int(k8s.backoffLimit)),
            ("backoffLimitPerIndex", sharded ? .int(k8s.backoffLimit) : nil),
            ("activeDeadlineSeconds", .int(engine.deadlineMinutes * 60 * waves)),
            ("ttlSecondsAfterFinished", .int(k8s.ttlSecondsAfterFinished)),
            ("podFailurePolicy", podFailurePolicy),
            ("template", .object([("metadata", .object([("labels", labels)])), ("spec", podSpec)])),
        ])
        let annotations: FleetDocument = .object([
            ("dlenv.dev/gpu", .string(job.target.gpu)),
            ("dlenv.dev/driver", .string(job.target.driver)),
            ("dlenv.dev/projects", .string(job.projects.joined(separator: ","))),
            ("dlenv.dev/stack", .string(stackSummary(job.image))),
        ])
        return .object([
            ("apiVersion", .string("batch/v1")),
            ("kind", .string("Job")),
            (
                "metadata",
                .object([
                    ("name", .string(job.name)), ("namespace", .string(k8s.namespace)), ("labels", labels),
                    ("annotations", annotations),
                ])
            ),
            ("spec", spec),
        ])
    }

    /// "torch 2.5.1 cu124, python 3.11".
    static func stackSummary(_ image: FleetImage) -> String {
        "torch \(image.stack.torch) \(image.stack.variant), python \(image.stack.python)"
    }

    /// The manifest text, headed by a comment that says where it came from.
    public static func render(_ job: FleetPlan.Job, _ plan: FleetPlan) -> String {
        "# Generated by `dlenv fleet plan`; do not edit. Workspace:\n" + ShellSyntax.comment(plan.workspace) + "\n"
            + document(job, plan).yaml()
    }
}
