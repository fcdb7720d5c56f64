import DLEnvCore
import Foundation

/// What the twin printed: its environment and, per workload, the figures or the error it raised.
public struct TwinOutput: Sendable, Hashable {
    /// What the twin reports of its interpreter: dlenv's one `RunEnvironment` (its thread fields stay nil).
    public typealias Environment = RunEnvironment

    public var environment: Environment
    /// A whole-script error ("cannot import torch: …").
    public var error: String?
    public var figures: [String: Figures]
    public var errors: [String: String]
    public var seconds: [String: Double]

    /// Why the twin's output could not be read.
    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses the twin's standard output (the last line that parses as a JSON object).
    public init(parsing text: String) throws(Unreadable) {
        let lines = text.split(whereSeparator: \.isNewline).reversed()
        guard
            let line = lines.first(where: { $0.hasPrefix("{") }),
            let json = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        else {
            throw Unreadable(description: "the twin printed no JSON document (output: \(text.prefix(300)))")
        }
        let env = json["environment"]
        let text = { (key: String) -> String? in
            if case .string(let s)? = env?[key] { return s }
            return nil
        }
        environment = Environment(
            python: text("python"), torch: text("torch"), cuda: text("cuda"), cudnn: text("cudnn"),
            device: text("device"))
        if case .string(let e)? = json["error"] { error = e } else { error = nil }
        figures = [:]
        errors = [:]
        seconds = [:]
        if case .object(let workloads)? = json["workloads"] {
            for (id, w) in workloads {
                if case .string(let e)? = w["error"] { errors[id] = e }
                if let f = w["figures"] { figures[id] = Figures(json: f) }
                if let s = w["seconds"]?.numbers?.first { seconds[id] = s }
            }
        }
    }
}

extension JSONValue {
    /// One-line JSON text (keys sorted, so the emitted script is stable).
    public var compactText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }
}
