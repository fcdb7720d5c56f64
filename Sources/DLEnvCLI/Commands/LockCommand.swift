import ArgumentParser
import DLEnvRecipe

/// `dlenv lock [SPEC] [-o DIR | --stdout]`: the resolved stack as dlenv.lock.
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
        let spec = try RecipeSupport.loadSpec(options.spec)
        let matrix = try RecipeSupport.matrix(options.matrix)
        let plan = try RecipeSupport.plan(spec, matrix: matrix, specFile: options.spec)
        let lock = LockFile(plan: plan).render()
        if options.stdout {
            print(lock, terminator: "")
            return
        }
        let directory = options.output ?? RecipeSupport.directory(of: options.spec)
        try RecipeSupport.write([("dlenv.lock", lock)], into: directory)
        Output.printError("wrote \(directory)/dlenv.lock (\(plan.summaryLine))")
    }
}
