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
        #expect(text.contains("HEALTHCHECK"))
        #expect(!text.contains("curl"))
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
