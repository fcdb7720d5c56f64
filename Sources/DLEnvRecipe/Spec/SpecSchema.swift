/// The keys `dlenv.yaml` accepts, per mapping. Anything else is rejected with a "did you mean" suggestion.
/// The schema is documented in docs/recipe.md; keep the two in step.
public enum SpecSchema {
    /// Top-level keys.
    public static let topLevel = [
        "name", "python", "torch", "torchvision", "torchaudio", "accelerator", "target", "system_packages",
        "python_packages", "requirements", "index", "env", "workdir", "user", "copy", "run", "entrypoint", "cmd",
        "verify", "build_extensions",
    ]
    /// Keys of `target`.
    public static let target = ["driver", "gpus"]
    /// Keys of `index`.
    public static let index = ["pytorch", "pypi", "python", "registry"]
    /// Keys of `user` (when written as a mapping).
    public static let user = ["name", "uid", "gid"]
    /// Keys of one `copy` item (when written as a mapping).
    public static let copyItem = ["src", "dest"]
}
