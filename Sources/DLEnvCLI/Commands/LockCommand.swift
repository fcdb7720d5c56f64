import ArgumentParser
import DLEnvRecipe

/// `dlenv lock [SPEC…] [-o DIR | --stdout]`: the resolved stack as dlenv.lock.
struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Write dlenv.lock: the exact stack, indexes, base image, driver floor and GPU architectures.",
        discussion: """
            The lock is JSON with sorted keys: wheels with their local tags (2.7.1+cu126), the index URLs, the \
            base image, the minimum NVIDIA driver and the compute capabilities the image needs. Exit codes as \
            for `dlenv dockerfile`.
            """)

    @OptionGroup var options: RecipeOptions

    func run() throws {
        try RecipeSupport.generate(
            options, files: { [GeneratedFile(path: "dlenv.lock", contents: LockFile(plan: $0).render())] },
            stdoutFile: "dlenv.lock")
    }
}
