import DLEnvCore

extension FleetProject {
    /// One project of a workspace as the CLI found it on disk.
    public struct Source: Sendable, Hashable {
        /// The workspace's line for the project.
        public var reference: FleetWorkspace.ProjectReference
        /// The spec's path as read: the reference against the workspace's folder (a folder: its `dlenv.yaml`).
        public var path: String
        /// The spec's text; nil when there is no file to read.
        public var text: String?

        public init(reference: FleetWorkspace.ProjectReference, path: String, text: String?) {
            self.reference = reference
            self.path = path
            self.text = text
        }
    }

    /// Every project's spec, parsed. A missing or invalid spec, or two projects with one `name`, is bad input:
    /// every problem at once, a missing spec or a duplicate name at the workspace's line.
    public static func load(_ sources: [Source]) throws(DiagnosticsError) -> [FleetProject] {
        var projects: [FleetProject] = []
        var problems: [Diagnostic] = []
        var names: [String: String] = [:]
        for source in sources {
            let reference = source.reference
            guard let text = source.text else {
                problems.append(
                    Diagnostic(
                        .error, "project '\(reference.path)' has no dlenv.yaml at \(source.path)",
                        at: reference.location,
                        remedy: "fix the path (relative to the workspace file) or create it with `dlenv init`"))
                continue
            }
            do throws(DiagnosticsError) {
                let spec = try SpecParser.parse(text, file: source.path)
                if let other = names[spec.name] {
                    problems.append(
                        Diagnostic(
                            .error, "projects '\(other)' and '\(reference.path)' are both named '\(spec.name)'",
                            at: reference.location, remedy: "give each project its own `name` in its dlenv.yaml"))
                }
                names[spec.name] = reference.path
                projects.append(FleetProject(name: spec.name, file: reference.path, spec: spec))
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return projects
    }
}
