/// `dlenv inspect --import`: what the interpreter says when it imports torch, against what the files say.
public struct ImportCheck: Sendable, Hashable, Codable {
    /// One fact on which the files and the import disagree.
    public struct Difference: Sendable, Hashable, Codable {
        /// "torch", "cuda", "arch_list", "cudnn", "python".
        public var field: String
        public var files: String?
        public var imported: String?

        public init(field: String, files: String?, imported: String?) {
            self.field = field
            self.files = files
            self.imported = imported
        }
    }

    public var interpreter: String
    /// What the import reported (nil when the interpreter would not run).
    public var python: HostFacts.Python?
    /// Why the interpreter could not be examined.
    public var error: String?
    public var differences: [Difference]

    public init(
        interpreter: String, python: HostFacts.Python? = nil, error: String? = nil, differences: [Difference] = []
    ) {
        self.interpreter = interpreter
        self.python = python
        self.error = error
        self.differences = differences
    }

    /// The import ran and agrees with the files on every fact compared.
    public var agrees: Bool { error == nil && differences.isEmpty }

    enum CodingKeys: String, CodingKey { case interpreter, python, error, differences, agrees }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interpreter = try c.decode(String.self, forKey: .interpreter)
        python = try c.decodeIfPresent(HostFacts.Python.self, forKey: .python)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        differences = try c.decode([Difference].self, forKey: .differences)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(interpreter, forKey: .interpreter)
        try c.encode(python, forKey: .python)
        try c.encode(error, forKey: .error)
        try c.encode(differences, forKey: .differences)
        try c.encode(agrees, forKey: .agrees)
    }
}
