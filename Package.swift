// swift-tools-version: 6.0
// dlenv: an environment and compatibility manager for PyTorch stacks. See ../shared/DESIGN.md §3 for the layering:
// arrows point at what a module may import; no cycles, no sideways edges.
import PackageDescription

let package = Package(
    name: "dlenv",
    products: [
        .executable(name: "dlenv", targets: ["dlenv"]),
        .library(name: "DLEnvNN", targets: ["DLEnvNN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: Vocabulary (pure, no I/O)
        // Version, VersionSpec (PEP 440 subset), Diagnostic, HostFacts, Stack.
        .target(name: "DLEnvCore", exclude: ["README.md"]),

        // MARK: Compatibility matrix (matrices/*.yaml, embedded) and the resolver
        .target(
            name: "DLEnvMatrix", dependencies: ["DLEnvCore", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),

        // MARK: The one subprocess runner (posix_spawn, own process group killed at the limit, bounded output)
        // A one-shot run and a long-lived line-based process; Foundation/Glibc only. The probe, the twin and the
        // bench server use it.
        .target(name: "DLEnvProcess", exclude: ["README.md"]),

        // MARK: Host probing over the SystemInterface seam
        .target(name: "DLEnvProbe", dependencies: ["DLEnvCore", "DLEnvProcess"], exclude: ["README.md"]),

        // MARK: dlenv.yaml → plan → Dockerfile / bake / Kubernetes / Slurm (pure text)
        .target(
            name: "DLEnvRecipe", dependencies: ["DLEnvCore", "DLEnvMatrix", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),

        // MARK: Known failures (matrices/failures.yaml, embedded): an error text or a log → cause, facts, fixes
        .target(
            name: "DLEnvExplain",
            dependencies: ["DLEnvCore", "DLEnvMatrix", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]
        ),

        // MARK: Tensor stack (OpenBLAS loaded at run time with dlopen, so no link-time dependency)
        // CDLEnvKernels: AVX2+FMA activation kernels (per-function target attributes, run-time dispatch).
        .target(name: "CDLEnvKernels"),
        // DLEnvCore only for the CPU model's pure OpenBLAS core choice (the probe reports the same one).
        .target(name: "DLEnvTensor", dependencies: ["DLEnvCore", "CDLEnvKernels"], exclude: ["README.md"]),
        .target(name: "DLEnvNN", dependencies: ["DLEnvTensor"], exclude: ["README.md"]),
        // The Python-subset interpreter behind `dlenv schedule`: a torch scheduler's constructor text → DLEnvNN.
        .target(name: "DLEnvScheduleExpression", dependencies: ["DLEnvCore", "DLEnvNN"], exclude: ["README.md"]),
        // DLEnvProcess runs the torch twin.
        .target(
            name: "DLEnvWorkloads",
            dependencies: ["DLEnvCore", "DLEnvTensor", "DLEnvNN", "DLEnvScheduleExpression", "DLEnvProcess"],
            exclude: ["README.md"]
        ),

        // MARK: Benchmarks: the suite on the tensor core, round statistics, the embedded torch script and its server
        .target(
            name: "DLEnvBench", dependencies: ["DLEnvCore", "DLEnvTensor", "DLEnvProcess"], exclude: ["README.md"]),

        // MARK: History of probes, verifications and benchmarks (SQLite through GRDB)
        .target(
            name: "DLEnvStore", dependencies: ["DLEnvCore", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"]
        ),

        // MARK: The HTML report of `dlenv report`: a self-contained page of SVG charts (pure text, like the Dockerfile)
        .target(
            name: "DLEnvReport", dependencies: ["DLEnvStore", "DLEnvWorkloads"], exclude: ["README.md"]),

        // MARK: Command line (composition root) and the thin executable
        // DLEnvService: what each command does, as functions from typed requests to typed results (no printing).
        .target(
            name: "DLEnvService",
            dependencies: [
                "DLEnvCore", "DLEnvMatrix", "DLEnvProbe", "DLEnvRecipe", "DLEnvStore", "DLEnvWorkloads", "DLEnvBench",
                "DLEnvExplain",
            ],
            exclude: ["README.md"]),
        .target(
            name: "DLEnvCLI",
            dependencies: [
                "DLEnvCore", "DLEnvMatrix", "DLEnvProbe", "DLEnvRecipe", "DLEnvTensor", "DLEnvNN",
                "DLEnvScheduleExpression", "DLEnvWorkloads", "DLEnvBench", "DLEnvStore", "DLEnvExplain", "DLEnvReport",
                "DLEnvService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "dlenv", dependencies: ["DLEnvCLI"]),

        // MARK: Tests (one target per module; Swift Testing)
        .testTarget(name: "DLEnvCoreTests", dependencies: ["DLEnvCore"]),
        .testTarget(name: "DLEnvMatrixTests", dependencies: ["DLEnvMatrix"], exclude: ["Fixtures"]),
        .testTarget(name: "DLEnvProcessTests", dependencies: ["DLEnvProcess"]),
        .testTarget(name: "DLEnvProbeTests", dependencies: ["DLEnvProbe"], exclude: ["Fixtures"]),
        .testTarget(name: "DLEnvExplainTests", dependencies: ["DLEnvExplain", "DLEnvMatrix"], exclude: ["Fixtures"]),
        .testTarget(name: "DLEnvRecipeTests", dependencies: ["DLEnvRecipe", "DLEnvMatrix"]),
        .testTarget(name: "DLEnvTensorTests", dependencies: ["DLEnvTensor"], exclude: ["Goldens"]),
        .testTarget(name: "DLEnvNNTests", dependencies: ["DLEnvNN", "DLEnvTensor"], exclude: ["Goldens"]),
        // Reads the scheduler goldens from DLEnvNNTests/Goldens (one recording script writes every nn golden).
        .testTarget(name: "DLEnvScheduleExpressionTests", dependencies: ["DLEnvScheduleExpression", "DLEnvNN"]),
        .testTarget(name: "DLEnvWorkloadsTests", dependencies: ["DLEnvWorkloads"]),
        .testTarget(name: "DLEnvBenchTests", dependencies: ["DLEnvBench", "DLEnvCore", "DLEnvTensor", "DLEnvProcess"]),
        .testTarget(name: "DLEnvStoreTests", dependencies: ["DLEnvStore"]),
        .testTarget(name: "DLEnvReportTests", dependencies: ["DLEnvReport", "DLEnvStore", "DLEnvWorkloads"]),
        .testTarget(name: "DLEnvCLITests", dependencies: ["DLEnvCLI", "DLEnvBench", "DLEnvService", "dlenv"]),
    ]
)
