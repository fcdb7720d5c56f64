import DLEnvCore
import Testing

@testable import DLEnvProbe

/// The dist-info files (METADATA, RECORD, the folder name), Requires-Dist lines, PEP 508 markers and version.py.
@Suite struct DistInfoTests {
    @Test func metadataHeadersStopAtTheBody() {
        let m = DistInfo.metadata(
            """
            Metadata-Version: 2.1
            Name: torch
            Version: 2.15.0
            Requires-Python: >=3.11
            Requires-Dist: filelock
            Requires-Dist: nvidia-cudnn-cu13==9.26.0.51;
              platform_system == "Linux"
            Summary: Tensors

            Version: 9.9.9
            Requires-Dist: not-a-header
            """)
        #expect(m.name == "torch" && m.version == "2.15.0" && m.requiresPython == ">=3.11")
        #expect(m.requiresDist == ["filelock", "nvidia-cudnn-cu13==9.26.0.51; platform_system == \"Linux\""])
    }

    @Test func metadataWithoutVersionHasNone() {
        let m = DistInfo.metadata("Metadata-Version: 2.1\nName: torch\nVersion:\n")
        #expect(m.version == nil && m.name == "torch")
        #expect(DistInfo.metadata("").version == nil)
        #expect(DistInfo.metadata("\u{0}\u{1}garbage\n:::\n").requiresDist.isEmpty)
    }

    @Test(arguments: [
        ("torchvision-0.28.0+cu130.dist-info", "torchvision", "0.28.0+cu130"),
        ("nvidia_cudnn_cu13-9.26.0.51.dist-info", "nvidia-cudnn-cu13", "9.26.0.51"),
        ("Flash_Attn-2.8.3.dist-info", "flash-attn", "2.8.3"),
    ])
    func folderNames(folder: String, name: String, version: String) throws {
        let f = try #require(DistInfo.folder(folder))
        #expect(f.name == name && f.version == version)
    }

    @Test func notDistInfoFolders() {
        #expect(DistInfo.folder("torch") == nil)
        #expect(DistInfo.folder("torch.dist-info") == nil)
        #expect(DistInfo.folder("-1.0.dist-info") == nil)
    }

    /// RECORD is CSV written by Python's csv module: "\r\n" line ends, quotes around paths with commas.
    @Test func recordPaths() {
        let text =
            "nvidia/cudnn/lib/libcudnn.so.9,sha256=abc,123\r\n\"odd,name.py\",,\r\ntorch-2.15.0.dist-info/RECORD,,\r\n"
        #expect(
            DistInfo.record(text) == ["nvidia/cudnn/lib/libcudnn.so.9", "odd,name.py", "torch-2.15.0.dist-info/RECORD"])
    }

    @Test func requirements() throws {
        let a = try #require(
            DistInfo.requirement("cuda-toolkit[cublas, cudart]==13.2.2; platform_system == \"Linux\""))
        #expect(a.name == "cuda-toolkit" && a.extras == ["cublas", "cudart"] && a.specifier == "==13.2.2")
        #expect(a.marker == "platform_system == \"Linux\"")
        let b = try #require(DistInfo.requirement("torch (>=2.4, <2.6)"))
        #expect(b.name == "torch" && b.specifier == ">=2.4,<2.6" && b.marker == nil)
        let c = try #require(DistInfo.requirement("Torch_TensorRT @ https://example.com/x.whl"))
        #expect(c.name == "torch-tensorrt" && c.specifier == "")
        #expect(DistInfo.requirement("   ") == nil)
        #expect(DistInfo.requirement(";;;") == nil)
    }

    @Test(arguments: [
        ("platform_system == \"Linux\"", true),
        ("platform_system == 'Windows'", false),
        ("python_version < \"3.16\"", true),
        ("python_version >= '3.12'", false),
        ("platform_system == \"Linux\" and python_version < \"3.15\"", true),
        ("sys_platform == 'win32' or (sys_platform == 'linux' and platform_machine == 'x86_64')", true),
        ("extra == 'cublas'", true),
        ("extra == \"optree\"", false),
        ("(sys_platform == 'linux' and platform_machine == 'aarch64') and extra == 'all'", false),
        ("'linux' in sys_platform", true),
        ("python_full_version not in '3.11.9'", false),
    ])
    func markers(marker: String, holds: Bool) {
        let env = MarkerEnvironment(python: "3.11.9", extras: ["cublas"])
        #expect(env.evaluate(marker) == holds)
    }

    @Test(arguments: ["python_version <", "(platform_system == 'Linux'", "extra", "'unterminated", "a == b == c", "§"])
    func garbledMarkersAreNil(marker: String) {
        #expect(MarkerEnvironment(python: "3.11").evaluate(marker) == nil)
    }

    @Test func torchVersionFile() {
        let f = DistInfo.versionFile(
            """
            from typing import Optional

            __all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'rocm', 'xpu']
            __version__ = '2.15.0+cu132'
            debug = False
            cuda: Optional[str] = '13.2'
            git_version = 'd0f2af8b66b20da4baa50644c0cd3f887a2eae2e'
            hip: Optional[str] = None
            """, path: "torch/version.py")
        #expect(f.version == "2.15.0+cu132" && f.cuda == "13.2" && f.hip == nil && f.debug == false)
        #expect(f.gitVersion == "d0f2af8b66b20da4baa50644c0cd3f887a2eae2e")
        #expect(f.variant == "cu132")
    }

    @Test func garbledVersionFile() {
        let f = DistInfo.versionFile("__version__ = \ncuda = '13.2\u{0}\ngarbage ((((\n  cuda = '9.9'\n", path: "x")
        #expect(f.version == nil && f.cuda == nil)
        #expect(DistInfo.versionFile("cuda = None\n__version__ = '2.13.0'\n", path: "x").variant == "cpu")
        #expect(DistInfo.versionFile("hip = '6.2.41134'\n__version__ = '2.5.1'\n", path: "x").variant == "rocm6.2")
    }
}
