import DLEnvCore
import Foundation
import Testing

@testable import DLEnvRecipe

@Suite struct DockerfileRendererTests {
    static let full = """
        name: sample
        python: "3.11"
        torch: "2.7"
        accelerator: cu126
        target: {driver: "535.104.05", gpus: [P100, V100]}
        system_packages: [git, libgl1]
        python_packages: ["numpy>=1.26", "pandas[parquet]==2.2.*; python_version >= \\"3.10\\""]
        requirements: requirements.txt
        env: {HF_HOME: /workspace/.cache/hf}
        copy: ["."]
        run: ["python -c 'import numpy'"]
        """

    @Test func rendersTheDocumentedLayout() throws {
        let plan = try SamplePlans.plan(Self.full, capabilities: ["6.0", "7.0"])
        let text = DockerfileRenderer.render(plan)
        if let dir = ProcessInfo.processInfo.environment["DLENV_DUMP"] {
            try text.write(toFile: dir + "/Dockerfile", atomically: true, encoding: .utf8)
        }
        #expect(text.hasPrefix("# syntax=docker/dockerfile:1\n"))
        #expect(text.contains("FROM docker.io/library/ubuntu:24.04\n"))
        #expect(text.contains("--extra-index-url https://download.pytorch.org/whl/cu126"))
        #expect(text.contains("torch==2.7.1+cu126 torchvision==0.22.1+cu126 torchaudio==2.7.1+cu126"))
        #expect(text.contains("NVIDIA_VISIBLE_DEVICES=all"))
        #expect(text.contains("io.dlenv.min-driver=\"525.60.13\""))
        #expect(text.contains("USER 10001:10001"))
        #expect(text.contains("'numpy>=1.26'"))
        #expect(!text.contains("HEALTHCHECK"), "the GPU check at run time is opt-in")
        #expect(!text.contains("curl"))
    }

    @Test func verifyRuntimeAddsTheGPUHealthcheck() throws {
        let plan = try SamplePlans.plan(Self.full + "\nverify: runtime\n", capabilities: ["6.0", "7.0"])
        #expect(plan.spec.verify && plan.spec.runtimeCheck)
        let text = DockerfileRenderer.render(plan)
        #expect(text.contains("HEALTHCHECK --interval=5m"))
    }

    @Test func everyFileIsReturnedAsDataAndTheDockerfileStaysShort() throws {
        var plan = try SamplePlans.plan(Self.full, capabilities: ["6.0", "7.0"])
        plan.verification = plan.verification?.addingTwin(String(repeating: "x = 1\n", count: 50_000), torch: "2.7.1")
        let files = try DockerfileRenderer.files(plan)
        #expect(
            files.map(\.path) == [
                "Dockerfile", ".dockerignore", ".dlenv/build-steps.sh", ".dlenv/check_image.py", ".dlenv/verify.py",
            ])
        let dockerfile = try #require(files.first).contents
        #expect(dockerfile.utf8.count <= 8192)
        #expect(dockerfile.split(separator: "\n").allSatisfy { $0.count <= 200 })
        #expect(dockerfile.contains("COPY .dlenv/build-steps.sh /opt/dlenv/build-steps.sh\n"))
        #expect(dockerfile.contains(#"RUN ["/bin/bash", "/opt/dlenv/build-steps.sh"]"#))
        #expect(!dockerfile.contains("import numpy"), "the run steps live in .dlenv/build-steps.sh")
        #expect(files[2].contents.contains("/bin/bash -euo pipefail -c -- 'python -c "))
        #expect(!files[1].contents.contains(".dlenv"), ".dockerignore must keep .dlenv/ in the build context")
    }

    @Test func cpuImagesHaveNoNvidiaVariablesOrHealthcheck() throws {
        let plan = try SamplePlans.plan("name: cpu-only\naccelerator: cpu\n", stack: SamplePlans.cpu)
        let text = DockerfileRenderer.render(plan)
        #expect(!text.contains("NVIDIA_"))
        #expect(!text.contains("HEALTHCHECK"))
        #expect(text.contains("torch==2.7.1+cpu torchvision==0.22.1+cpu"))
        #expect(!text.contains("apt-get"))
    }

    @Test func mirrorsReplaceEveryDownloadSource() throws {
        let yaml = """
            name: airgap
            index:
              pytorch: https://mirror.internal/pytorch/whl
              pypi: https://mirror.internal/pypi/simple
              python: https://mirror.internal/python-build-standalone
              registry: registry.internal:5000/hub
            """
        let text = DockerfileRenderer.render(try SamplePlans.plan(yaml))
        #expect(text.contains("FROM registry.internal:5000/hub/astral-sh/uv:"))
        #expect(text.contains("FROM registry.internal:5000/hub/library/ubuntu:24.04"))
        #expect(text.contains("--extra-index-url https://mirror.internal/pytorch/whl/cu126"))
        #expect(text.contains("--index-url https://mirror.internal/pypi/simple"))
        #expect(text.contains("UV_PYTHON_INSTALL_MIRROR=https://mirror.internal/python-build-standalone"))
        #expect(!text.contains("download.pytorch.org"))
    }

    @Test func verifyFalseDropsTheCheck() throws {
        let text = DockerfileRenderer.render(try SamplePlans.plan("name: nocheck\nverify: false\n"))
        #expect(!text.contains("check_image.py"))
        #expect(!text.contains("HEALTHCHECK"))
    }

    @Test func renderingIsDeterministic() throws {
        let plan = try SamplePlans.plan(Self.full)
        #expect(DockerfileRenderer.render(plan) == DockerfileRenderer.render(plan))
    }
}
