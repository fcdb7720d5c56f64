import ArgumentParser
import DLEnvRecipe

/// `dlenv dockerfile [SPEC…] [-o DIR | --stdout]`: the project's Dockerfile and .dockerignore.
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Write the Dockerfile, .dockerignore and the .dlenv/ check files for a dlenv.yaml.",
        discussion: """
            Resolves the spec against the compatibility matrix and its target (driver, GPUs), then writes a \
            Dockerfile that installs exactly that stack and checks itself. Exit 1 when no stack runs on the \
            target (the reasons and fixes are printed, nothing is written); exit 2 for a bad spec.
            """)

    @OptionGroup var options: RecipeOptions

    func run() throws {
        try RecipeSupport.generate(
            options,
            files: DockerfileRenderer.files,
            stdoutFile: "Dockerfile")
    }
}
