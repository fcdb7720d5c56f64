import DLEnvCore

/// A project's environment as written in `dlenv.yaml`: what the image must contain and where it must run.
/// Every string in it has passed `FieldGuard` (no newline, no line continuation, no `$(`, no backtick, no
/// escaping quote), so the renderers can write it into a Dockerfile as it is.
public struct Spec: Sendable, Hashable {
    /// Image and project name (`[a-z0-9][a-z0-9._-]*`).
    public var name: String
    /// The Python release ("3.11") or an exact patch ("3.11.9"); nil lets the resolver choose.
    public var python: Version?
    /// Which torch releases are acceptable (`*` when absent).
    public var torch: VersionSpec
    /// torchvision: paired with torch (`auto`, the default), a spec, or left out (`none`).
    public var torchvision: Companion
    /// torchaudio: paired with torch (`auto`, the default), a spec, or left out (`none`).
    public var torchaudio: Companion
    /// The accelerator request as written ("auto", "cpu", "cu126", "cuda>=12.4", "rocm6.2").
    public var accelerator: String
    /// Where the image must run: the fleet's minimum driver and its GPUs.
    public var target: Target
    /// Debian packages installed with apt (name, optionally `=version`).
    public var systemPackages: [String]
    /// PEP 508 requirement lines installed after torch.
    public var pythonPackages: [String]
    /// A requirements file inside the build context (relative path), installed after torch.
    public var requirements: String?
    /// Mirrors for air-gapped sites.
    public var index: Index
    /// Environment variables, in the order written.
    public var env: [EnvironmentVariable]
    /// Absolute working directory of the image.
    public var workdir: String
    /// The non-root account the image runs as.
    public var user: User
    /// Files copied from the build context into the image.
    public var copy: [CopyItem]
    /// Extra build steps (shell, run as root before switching to `user`).
    public var run: [String]
    /// Exec-form entrypoint and command; nil keeps dlenv's default.
    public var entrypoint: [String]?
    public var cmd: [String]?
    /// Whether the build checks the installed torch against the lock (default true).
    public var verify: Bool
    /// Whether the image also checks its GPUs at run time in a `HEALTHCHECK` (`verify: runtime`; default off:
    /// a health check that launches a CUDA kernel every few minutes does not belong in a training container).
    public var runtimeCheck: Bool = false
    /// Whether the image compiles CUDA extensions (needs a devel image with nvcc).
    public var buildExtensions: Bool
    /// Where each key was written (`"target.gpus[1]"` → file:line:column), for diagnostics after parsing.
    public var locations: [String: SourceLocation]

    public init(
        name: String, python: Version? = nil, torch: VersionSpec = .any, torchvision: Companion = .auto,
        torchaudio: Companion = .auto, accelerator: String = "auto", target: Target = Target(),
        systemPackages: [String] = [], pythonPackages: [String] = [], requirements: String? = nil,
        index: Index = Index(), env: [EnvironmentVariable] = [], workdir: String = "/workspace", user: User = User(),
        copy: [CopyItem] = [], run: [String] = [], entrypoint: [String]? = nil, cmd: [String]? = nil,
        verify: Bool = true, buildExtensions: Bool = false, locations: [String: SourceLocation] = [:]
    ) {
        self.name = name
        self.python = python
        self.torch = torch
        self.torchvision = torchvision
        self.torchaudio = torchaudio
        self.accelerator = accelerator
        self.target = target
        self.systemPackages = systemPackages
        self.pythonPackages = pythonPackages
        self.requirements = requirements
        self.index = index
        self.env = env
        self.workdir = workdir
        self.user = user
        self.copy = copy
        self.run = run
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.verify = verify
        self.buildExtensions = buildExtensions
        self.locations = locations
    }

    /// torchvision / torchaudio: `auto` pairs with torch; `none` leaves the package out.
    public enum Companion: Sendable, Hashable, CustomStringConvertible {
        case auto
        case none
        case spec(VersionSpec)

        public var description: String {
            switch self {
            case .auto: "auto"
            case .none: "none"
            case .spec(let s): s.text
            }
        }
    }

    /// The machines the image must run on.
    public struct Target: Sendable, Hashable {
        /// The oldest NVIDIA driver in the fleet ("535.104.05").
        public var driver: Version?
        /// GPU names ("A100", "H100") or compute capabilities ("8.0", "sm_90").
        public var gpus: [String]
        public init(driver: Version? = nil, gpus: [String] = []) {
            self.driver = driver
            self.gpus = gpus
        }
        public var isEmpty: Bool { driver == nil && gpus.isEmpty }
    }

    /// Package index mirrors (air-gapped sites).
    public struct Index: Sendable, Hashable {
        /// Mirror of the PyTorch wheel index root (`https://download.pytorch.org/whl`); the variant is appended.
        public var pytorch: String?
        /// Mirror of PyPI's simple index (`https://pypi.org/simple`).
        public var pypi: String?
        /// Mirror of the standalone Python builds uv downloads (`UV_PYTHON_INSTALL_MIRROR`).
        public var python: String?
        /// Registry that mirrors the base images (`registry.example:5000`): replaces `docker.io` and `ghcr.io`.
        public var registry: String?
        public init(pytorch: String? = nil, pypi: String? = nil, python: String? = nil, registry: String? = nil) {
            self.pytorch = pytorch
            self.pypi = pypi
            self.python = python
            self.registry = registry
        }
        public var isEmpty: Bool { pytorch == nil && pypi == nil && python == nil && registry == nil }
    }

    /// One `ENV` entry.
    public struct EnvironmentVariable: Sendable, Hashable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The account the image runs as (never root).
    public struct User: Sendable, Hashable {
        public var name: String
        public var uid: Int
        public var gid: Int
        public init(name: String = "dlenv", uid: Int = 10001, gid: Int? = nil) {
            self.name = name
            self.uid = uid
            self.gid = gid ?? uid
        }
    }

    /// One `COPY`: a path in the build context to a path in the image (relative to `workdir` when not absolute).
    public struct CopyItem: Sendable, Hashable {
        public var source: String
        public var destination: String
        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }
}
