/// One file a generator writes: its path relative to the output folder ("Dockerfile", ".dlenv/verify.py")
/// and its text. Generators return these as data; the CLI only writes them.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    public var contents: String
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
