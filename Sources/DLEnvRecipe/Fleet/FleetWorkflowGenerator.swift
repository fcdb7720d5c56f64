/// Renders a GitHub Actions workflow with a matrix over the same images: a `build` job that bakes and
/// pushes each image, and a `verify` job per (image × GPU type) on self-hosted GPU runners, in the image as
/// a job container with the GPUs passed through. A matrix may generate at most 256 jobs
/// (docs.github.com, "Running variations of jobs in a workflow"); `FleetPlanChecker` enforces it.
/// Reference: reference/docker.md §5.3.
public enum FleetWorkflowGenerator {
    public static let path = "github/dlenv-fleet.yml"
    /// GitHub's limit on the jobs one matrix may generate.
    public static let matrixLimit = 256

    /// - Parameter planDirectory: the plan folder relative to the repository root (where bake runs).
    public static func document(_ plan: FleetPlan, planDirectory: String) -> FleetDocument {
        let jobs = plan.jobs
        let buildMatrix: FleetDocument = .object([
            ("include", .array(plan.images.map { .object([("image", .string($0.name))]) }))
        ])
        let verifyMatrix: FleetDocument = .object([
            (
                "include",
                .array(
                    jobs.map { job in
                        .object([
                            ("job", .string(job.name)),
                            ("image", .string(job.image.name)),
                            ("tag", .string(job.image.tag)),
                            ("gpu", .string(job.target.gpu)),
                            ("driver", .string(job.target.driver)),
                            ("runs_on", .strings(plan.engine.github.runsOn + [job.target.product])),
                        ])
                    })
            )
        ])
        let build: FleetDocument = .object([
            ("name", .string("build ${{ matrix.image }}")),
            ("runs-on", .string("ubuntu-latest")),
            ("strategy", .object([("fail-fast", .bool(false)), ("matrix", buildMatrix)])),
            (
                "steps",
                .array([
                    .object([("uses", .string("actions/checkout@v4"))]),
                    .object([("uses", .string("docker/setup-buildx-action@v3"))]),
                    // The images carry dlenv (the jobs run `dlenv verify`): bake takes it from the dlenv-bin context.
                    .object([
                        ("name", .string("dlenv binary for the images")),
                        ("working-directory", .string(planDirectory)),
                        (
                            "run",
                            .string(
                                "test -x dlenv-bin/dlenv || { echo \"::error::put a Linux build of dlenv at "
                                    + "\(planDirectory)/dlenv-bin/dlenv (see docs/fleet.md)\"; exit 1; }")
                        ),
                    ]),
                    .object([
                        ("name", .string("bake and push")),
                        ("working-directory", .string(planDirectory)),
                        ("run", .string("docker buildx bake -f docker-bake.json --push \"${{ matrix.image }}\"")),
                    ]),
                ])
            ),
        ])
        let verify: FleetDocument = .object([
            ("name", .string("verify ${{ matrix.image }} on ${{ matrix.gpu }}")),
            ("needs", .string("build")),
            ("runs-on", .string("${{ matrix.runs_on }}")),
            ("timeout-minutes", .int(plan.engine.deadlineMinutes)),
            (
                "strategy",
                .fields([
                    ("fail-fast", .bool(false)),
                    ("max-parallel", plan.engine.github.maxParallel.map { .int($0) }),
                    ("matrix", verifyMatrix),
                ])
            ),
            (
                "container",
                .object([
                    ("image", .string("${{ matrix.tag }}")),
                    // The images run as an unprivileged user; the runner's mounted work folder belongs to the
                    // runner's uid, so the job container runs as root to write result.json there.
                    ("options", .string("--gpus all --user 0:0")),
                    ("env", .object([("NVIDIA_VISIBLE_DEVICES", .string("all"))])),
                ])
            ),
            (
                "steps",
                .array([
                    .object([
                        ("name", .string("verify")),
                        ("shell", .string("sh")),
                        (
                            "run",
                            .string(
                                "cat >/tmp/dlenv-verify.sh <<'DLENV_VERIFY'\n"
                                    + FleetVerifyScript.script(job: "${{ matrix.job }}", shardExpression: "0")
                                    + "DLENV_VERIFY\nsh /tmp/dlenv-verify.sh >result.json\n")
                        ),
                    ]),
                    .object([
                        ("if", .string("always()")),
                        ("uses", .string("actions/upload-artifact@v4")),
                        (
                            "with",
                            .object([("name", .string("${{ matrix.job }}")), ("path", .string("result.json"))])
                        ),
                    ]),
                ])
            ),
        ])
        return .object([
            ("name", .string("dlenv fleet")),
            ("on", .object([("workflow_dispatch", .object([]))])),
            ("permissions", .object([("contents", .string("read")), ("packages", .string("write"))])),
            ("jobs", .object([("build", build), ("verify", verify)])),
        ])
    }

    public static func render(_ plan: FleetPlan, planDirectory: String) -> String {
        "# Generated by `dlenv fleet plan`; do not edit. Workspace:\n" + ShellSyntax.comment(plan.workspace) + "\n"
            + document(plan, planDirectory: planDirectory).yaml()
    }
}
