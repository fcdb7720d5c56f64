import DLEnvCore

/// Writes the `dlenv.yaml` that `dlenv init` proposes. Every value it writes is validated first, so the text
/// always parses back into the same spec (tested).
public enum SpecWriter {
    /// What goes into a new spec.
    public struct Draft: Sendable, Hashable {
        public var name: String
        public var python: String?
        public var torch: String
        public var torchvision: String
        public var torchaudio: String
        public var accelerator: String
        public var driver: String?
        public var gpus: [String]
        public var requirements: String?
        public var pythonPackages: [String]
        /// Comment lines written above the keys (where the target came from, skipped lines).
        public var notes: [String]

        public init(
            name: String, python: String? = nil, torch: String = "*", torchvision: String = "auto",
            torchaudio: String = "auto", accelerator: String = "cpu", driver: String? = nil, gpus: [String] = [],
            requirements: String? = nil, pythonPackages: [String] = [], notes: [String] = []
        ) {
            self.name = name
            self.python = python
            self.torch = torch
            self.torchvision = torchvision
            self.torchaudio = torchaudio
            self.accelerator = accelerator
            self.driver = driver
            self.gpus = gpus
            self.requirements = requirements
            self.pythonPackages = pythonPackages
            self.notes = notes
        }
    }

    /// The spec text for a draft.
    public static func render(_ draft: Draft) -> String {
        var lines = [
            "# The environment of this project, for `dlenv dockerfile` and `dlenv lock` (schema: docs/recipe.md).",
            "# Written by `dlenv init`; edit freely.",
        ]
        lines += draft.notes.map { "# \($0)" }
        lines.append("name: \(draft.name)")
        if let python = draft.python { lines.append("python: \"\(python)\"") }
        lines.append("torch: \"\(draft.torch)\"")
        lines.append("torchvision: \(quoteIfNeeded(draft.torchvision))")
        lines.append("torchaudio: \(quoteIfNeeded(draft.torchaudio))")
        lines.append("accelerator: \(quoteIfNeeded(draft.accelerator))")
        if draft.driver != nil || !draft.gpus.isEmpty {
            lines.append("target:")
            if let driver = draft.driver { lines.append("  driver: \"\(driver)\"") }
            if !draft.gpus.isEmpty {
                lines.append("  gpus:")
                lines += draft.gpus.map { "    - \"\($0)\"" }
            }
        }
        if let requirements = draft.requirements { lines.append("requirements: \(requirements)") }
        if !draft.pythonPackages.isEmpty {
            lines.append("python_packages:")
            lines += draft.pythonPackages.map { "  - '\($0)'" }
        }
        lines.append("copy:")
        lines.append("  - \".\"")
        lines.append("verify: true")
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoteIfNeeded(_ value: String) -> String {
        value.allSatisfy { $0.isLetter || $0.isASCIIDigit || $0 == "." } ? value : "\"\(value)\""
    }

    /// A spec name from a folder or project name: lowercase, other characters become '-'.
    public static func name(from text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            out.append(ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "_" || ch == "-") ? ch : "-")
        }
        while out.hasPrefix("-") || out.hasPrefix(".") || out.hasPrefix("_") { out.removeFirst() }
        return out.isEmpty ? "project" : String(out.prefix(128))
    }
}
