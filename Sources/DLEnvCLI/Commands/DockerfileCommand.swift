import ArgumentParser
import DLEnvRecipe

/// `dlenv dockerfile [SPEC] [-o DIR | --stdout]`: the project's Dockerfile and .dockerignore.
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Write the Dockerfile and .dockerignore for a dlenv.yaml.",
        discussion: """
            Resolves the spec against the compatibility matrix and its target (driver, GPUs), then writes a \
            Dockerfile that installs exactly that stack and checks itself. Exit 1 when no stack runs on the \
            target (the reasons and fixes are printed, nothing is written); exit 2 for a bad spec.
            """)

    @OptionGroup var options: RecipeOptions

    func run() throws {
        let spec = try RecipeSupport.loadSpec(options.spec)
        let matrix = try RecipeSupport.matrix(options.matrix)
        let plan = try RecipeSupport.plan(spec, matrix: matrix, specFile: options.spec)
        let dockerfile = DockerfileRenderer.render(plan)
        if options.stdout {
            print(dockerfile, terminator: "")
            return
        }
        let directory = options.output ?? RecipeSupport.directory(of: options.spec)
        try RecipeSupport.write(
            [("Dockerfile", dockerfile), (".dockerignore", DockerignoreRenderer.render(plan))], into: directory)
        Output.printError("wrote \(directory)/Dockerfile and \(directory)/.dockerignore (\(plan.summaryLine))")
    }
}
