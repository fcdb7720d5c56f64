/// The step that makes an image prove itself: files dlenv writes into the image, a command that runs at build
/// time on CPU (a non-zero exit fails the build) and a command that checks the GPU at run time (the
/// `HEALTHCHECK` and, unless the spec sets one, the default `CMD`).
///
/// This is the seam for the verification issue: today `importCheck` imports torch and compares versions,
/// variant, Python and compiled architectures with the lock; the `dlenv verify` twin script can replace it
/// by constructing a `VerificationStep` with its own files and commands.
public struct VerificationStep: Sendable, Hashable {
    /// A file written into the image with a `COPY` heredoc.
    public struct ImageFile: Sendable, Hashable {
        public var path: String
        public var content: String
        public init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    public var files: [ImageFile]
    /// Exec-form command run at build time, after everything is installed, as the image's user.
    public var buildCommand: [String]
    /// Exec-form command that checks the GPU at run time.
    public var runtimeCommand: [String]
    /// One line for the Dockerfile comment above the build step.
    public var summary: String

    public init(files: [ImageFile], buildCommand: [String], runtimeCommand: [String], summary: String) {
        self.files = files
        self.buildCommand = buildCommand
        self.runtimeCommand = runtimeCommand
        self.summary = summary
    }

    /// Where the import check lives in the image.
    public static let checkScriptPath = "\(Toolchain.dlenvDirectory)/check_image.py"

    /// The import-and-versions check of the locked stack (see `ImageCheckScript`).
    public static func importCheck(for plan: RecipePlan) -> VerificationStep {
        VerificationStep(
            files: [ImageFile(path: checkScriptPath, content: ImageCheckScript.render(plan))],
            buildCommand: [Toolchain.python, checkScriptPath, "--build"],
            runtimeCommand: [Toolchain.python, checkScriptPath, "--runtime"],
            summary: "fails the build if torch, its variant, Python or the GPU architectures differ from the lock")
    }
}
