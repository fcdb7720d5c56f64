import DLEnvCore

/// The step that makes an image prove itself: files dlenv writes into the image, a command that runs at build
/// time on CPU (a non-zero exit fails the build) and a command that checks the GPU at run time (the default
/// `CMD` unless the spec sets one, and the `HEALTHCHECK` with `verify: runtime`).
///
/// `importCheck` imports torch and compares versions, variant, Python and compiled architectures with the lock;
/// `addingTwin` adds the self-checking `dlenv verify` twin, whose text the caller supplies (the recipe does not
/// depend on the workloads: the CLI, the composition root, passes `TwinScript.committedCheckingSource()`).
public struct VerificationStep: Sendable, Hashable {
    /// A file of the image: written into the build context's `.dlenv/` folder beside the Dockerfile and
    /// copied to `path` (in `Toolchain.dlenvDirectory`, under the same name).
    public struct ImageFile: Sendable, Hashable {
        public var path: String
        public var content: String
        /// The file's name, in `.dlenv/` and in the image.
        public var name: String { String(path.split(separator: "/").last ?? "") }
        public init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    public var files: [ImageFile]
    /// Exec-form commands run at build time, one after the other, after everything is installed.
    public var buildCommands: [[String]]
    /// Exec-form command that checks the GPU at run time.
    public var runtimeCommand: [String]
    /// One line for the Dockerfile comment above the build step.
    public var summary: String

    public init(files: [ImageFile], buildCommands: [[String]], runtimeCommand: [String], summary: String) {
        self.files = files
        self.buildCommands = buildCommands
        self.runtimeCommand = runtimeCommand
        self.summary = summary
    }

    /// Where the import check lives in the image.
    public static let checkScriptPath = "\(Toolchain.dlenvDirectory)/check_image.py"

    /// The import-and-versions check of the locked stack (see `ImageCheckScript`).
    public static func importCheck(for plan: RecipePlan) -> VerificationStep {
        VerificationStep(
            files: [ImageFile(path: checkScriptPath, content: ImageCheckScript.render(plan))],
            buildCommands: [[Toolchain.python, checkScriptPath, "--build"]],
            runtimeCommand: [Toolchain.python, checkScriptPath, "--runtime"],
            summary: "fails the build if torch, its variant, Python or the GPU architectures differ from the lock")
    }

    /// Where the twin lives in the image.
    public static let twinPath = "\(Toolchain.dlenvDirectory)/verify.py"

    /// The oldest torch the twin runs on: its init-scale workload passes `generator=` to `torch.nn.init`
    /// functions, added in April 2023 (pytorch/pytorch#98200, PR #99796), first released in torch 2.1.
    public static let twinMinimumTorch = Version(2, 1)

    /// This step plus the twin (`twin` is its full text, carrying the core's figures): at build time, after the
    /// import check, `python verify.py --check` runs every workload on the installed torch on CPU and fails
    /// the build when a figure differs from dlenv's core beyond its tolerance. Unchanged for a torch older than
    /// `twinMinimumTorch`, where the import check stays the only build-time check.
    public func addingTwin(_ twin: String, torch: String) -> VerificationStep {
        guard let version = Version(torch), version >= Self.twinMinimumTorch else { return self }
        var step = self
        step.files.append(ImageFile(path: Self.twinPath, content: twin))
        step.buildCommands.append([Toolchain.python, Self.twinPath, "--check"])
        step.summary += "; then dlenv's verification workloads must reproduce dlenv's own figures on this torch"
        return step
    }
}
