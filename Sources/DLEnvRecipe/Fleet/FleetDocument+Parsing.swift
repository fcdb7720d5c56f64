import DLEnvCore
import Yams

extension FleetDocument {
    /// Reads a JSON or YAML file back into a document, so that generated files on disk can be checked
    /// exactly as an engine would see them. Plain scalars become numbers, booleans or null as YAML 1.2's
    /// core schema reads them; quoted scalars stay strings.
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> FleetDocument {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .null }
            return convert(node)
        } catch let error as YamlError {
            throw DiagnosticsError(FleetWorkspace.fleetDiagnostic(for: error, file: file))
        } catch {
            throw DiagnosticsError(Diagnostic(.error, "cannot read \(file): \(error)", at: SourceLocation(file: file)))
        }
    }

    private static func convert(_ node: Node) -> FleetDocument {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            if let i = Int(scalar.string) { return .int(i) }
            if scalar.string == "true" { return .bool(true) }
            if scalar.string == "false" { return .bool(false) }
            if ["null", "~", ""].contains(scalar.string) { return .null }
            return .string(scalar.string)
        case .sequence(let sequence): return .array(sequence.map(convert))
        case .mapping(let mapping): return .object(mapping.map { ($0.key.scalar?.string ?? "", convert($0.value)) })
        case .alias: return .null
        }
    }

    /// The items of an array (empty for anything else).
    public var items: [FleetDocument] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The keys and values of an object (empty for anything else).
    public var pairs: [(String, FleetDocument)] {
        if case .object(let pairs) = self { return pairs }
        return []
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
}
