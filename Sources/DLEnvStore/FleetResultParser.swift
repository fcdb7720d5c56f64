import DLEnvCore
import Foundation

/// Reads what a fleet job printed: the envelope the generated jobs write (`dlenv_fleet_result`, with the
/// job, shard, exit status, `dlenv probe --json` and `dlenv verify --json`), or a bare `dlenv verify --json`
/// report. The file comes from outside (a pod log, an artifact, a shared folder), so it is checked as bad input:
/// its size, its JSON, the type of every field read, and the job name, which must be a job name and never a path.
public enum FleetResultParser {
    public struct Parsed: Sendable, Hashable {
        public var job: String?
        public var shard: Int?
        public var exitStatus: Int?
        public var probe: HostFacts?
        public var probeJSON: String?
        /// The first GPU's name and the driver version from the probe report (read even when the report is
        /// from another dlenv version whose `HostFacts` no longer decodes whole).
        public var gpuName: String?
        /// Every GPU of the probe report, in index order (empty when the probe found none or sent no report).
        public var gpuNames: [String] = []
        public var driverVersion: String?
        /// The verify report re-encoded with sorted keys ("null" when the job produced none).
        public var verifyJSON: String
        public var passed: Bool
        public var failedWorkloads: [String]
        /// `environment` of the verify report: python, torch, cuda, cudnn, device.
        public var environment: [String: String]
    }

    /// The largest result file accepted (16 MiB). A job's envelope is a few hundred KiB at most (the verify
    /// report with every figure); anything larger is not one, and reading it whole would only cost memory.
    public static let maxBytes = 16 << 20

    /// The longest job name: a Kubernetes Job name is a DNS-1123 label of at most 63 characters.
    public static let maxJobNameLength = 63

    /// How to fix a file that is not a result.
    static let resultRemedy =
        "pass the JSON one fleet job printed, one per file (from a pod log: the envelope from `{\"dlenv_fleet_result\"` to the end), or `dlenv verify --json` output"

    public static func parse(_ data: Data, file: String) throws(DiagnosticsError) -> Parsed {
        let location = SourceLocation(file: file)
        func bad(_ message: String, remedy: String = resultRemedy) -> DiagnosticsError {
            DiagnosticsError(Diagnostic(.error, message, at: location, remedy: remedy))
        }
        if data.count > maxBytes { throw bad(tooLarge(bytes: data.count)) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw bad("not valid JSON (\(jsonErrorDetail(error)))")
        }
        guard let root = object as? [String: Any] else { throw bad("not a JSON object") }
        let isEnvelope = root["dlenv_fleet_result"] != nil
        if isEnvelope {
            guard let version = root["dlenv_fleet_result"] as? NSNumber, !isBool(version), version.intValue == 1,
                version.doubleValue == 1
            else {
                throw bad(
                    "'dlenv_fleet_result' is \(describe(root["dlenv_fleet_result"])), not 1",
                    remedy: "collect it with the dlenv that planned the jobs (this one reads envelope version 1)")
            }
        }
        let job = try string(root, "job", in: file)
        if let job, let problem = jobNameProblem(job) {
            throw bad(
                "the job name \(quoted(job)) \(problem)",
                remedy:
                    "a job name is a DNS-1123 label (a-z, 0-9 and '-', at most \(maxJobNameLength) characters), as `dlenv fleet plan` writes it, and never a path; collect the file the generated job wrote, unchanged"
            )
        }
        let verify = isEnvelope ? root["verify"] : root
        var parsed = Parsed(
            job: job, shard: try integer(root, "shard", in: file, atLeast: 0),
            exitStatus: try integer(root, "exit_status", in: file), probe: nil, probeJSON: nil, gpuName: nil,
            driverVersion: nil, verifyJSON: "null", passed: false, failedWorkloads: [], environment: [:])
        if isEnvelope, let probeValue = root["probe"], !(probeValue is NSNull) {
            guard let probe = probeValue as? [String: Any], let probeData = encoded(probe) else {
                throw bad("'probe' is \(describe(probeValue)), not a `dlenv probe --json` report")
            }
            parsed.probeJSON = String(decoding: probeData, as: UTF8.self)
            parsed.probe = try? JSONDecoder().decode(HostFacts.self, from: probeData)
            let gpus = (probe["gpus"] as? [[String: Any]] ?? []).sorted {
                (($0["index"] as? NSNumber)?.intValue ?? 0) < (($1["index"] as? NSNumber)?.intValue ?? 0)
            }
            parsed.gpuNames = gpus.compactMap { $0["name"] as? String }
            parsed.gpuName = gpus.first?["name"] as? String
            parsed.driverVersion = (probe["driver"] as? [String: Any])?["version"] as? String
        }
        guard let report = verify as? [String: Any] else {
            if isEnvelope && (verify == nil || verify is NSNull) {
                // The job ran but verify printed nothing (it crashed or was killed): a failure, kept as such.
                parsed.failedWorkloads = ["(no verify report)"]
                return parsed
            }
            if isEnvelope { throw bad("'verify' is \(describe(verify)), not a `dlenv verify --json` report") }
            throw bad("no verify report")
        }
        guard let passed = report["passed"] as? Bool, let workloads = report["workloads"] as? [[String: Any]] else {
            throw bad("not a `dlenv verify --json` report (no 'passed' and 'workloads')")
        }
        parsed.passed = passed && (parsed.exitStatus ?? 0) == 0
        parsed.failedWorkloads = workloads.compactMap { w in
            (w["passed"] as? Bool) == false ? (w["id"] as? String ?? "?") : nil
        }
        for (key, value) in report["environment"] as? [String: Any] ?? [:] {
            if let s = value as? String { parsed.environment[key] = s }
        }
        parsed.verifyJSON = encoded(report).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return parsed
    }

    /// Why `name` is not a job name (nil when it is one): it must be a DNS-1123 label, so it can never name a
    /// path ("../x", "a/b"), carry a control character, or be empty.
    public static func jobNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.contains("/") || name.contains("\\") || name.contains("..") { return "looks like a path" }
        if name.utf8.count > maxJobNameLength { return "is longer than \(maxJobNameLength) characters" }
        let allowed = name.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "-"
        }
        if !allowed { return "has characters other than a-z, 0-9 and '-'" }
        if name.hasPrefix("-") || name.hasSuffix("-") { return "starts or ends with '-'" }
        return nil
    }

    /// The message for a file of `bytes` bytes, over the limit.
    public static func tooLarge(bytes: Int) -> String {
        let mib = { (b: Int) in String(format: "%.1f MiB", Double(b) / Double(1 << 20)) }
        return "is \(mib(bytes)), larger than any fleet result (at most \(mib(maxBytes)))"
    }

    static func string(_ root: [String: Any], _ key: String, in file: String) throws(DiagnosticsError) -> String? {
        guard let value = root[key], !(value is NSNull) else { return nil }
        guard let s = value as? String else { throw typeError(key, value, "a string", file) }
        return s
    }

    static func integer(_ root: [String: Any], _ key: String, in file: String, atLeast minimum: Int? = nil)
        throws(DiagnosticsError) -> Int?
    {
        guard let value = root[key], !(value is NSNull) else { return nil }
        guard let n = value as? NSNumber, !isBool(n), n.doubleValue == n.doubleValue.rounded(),
            abs(n.doubleValue) < 1e9, n.intValue >= (minimum ?? Int.min)
        else {
            throw typeError(key, value, minimum == 0 ? "a whole number ≥ 0" : "a whole number", file)
        }
        return n.intValue
    }

    static func typeError(_ key: String, _ value: Any, _ expected: String, _ file: String) -> DiagnosticsError {
        DiagnosticsError(
            Diagnostic(
                .error, "'\(key)' is \(describe(value)), not \(expected)", at: SourceLocation(file: file),
                remedy: resultRemedy))
    }

    /// A JSON value in a message, short.
    static func describe(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "missing" }
        if let n = value as? NSNumber { return isBool(n) ? (n.boolValue ? "true" : "false") : "\(n)" }
        if let s = value as? String { return quoted(s) }
        if value is [Any] { return "a list" }
        if value is [String: Any] { return "an object" }
        return "\(type(of: value))"
    }

    /// `'text'`, cut at 80 characters, with control characters shown as `\u{…}` (the text comes from outside
    /// and is printed to a terminal).
    static func quoted(_ s: String) -> String {
        let cut = s.count > 80 ? String(s.prefix(80)) + "…" : s
        let shown = cut.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }
        return "'" + shown.joined() + "'"
    }

    /// JSON's true and false (Foundation's boolean numbers report the C type "c"; `as? Bool` also takes 0 and 1).
    static func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    static func jsonErrorDetail(_ error: any Error) -> String {
        let ns = error as NSError
        if let debug = ns.userInfo["NSDebugDescription"] as? String, !debug.isEmpty { return debug }
        return ns.localizedDescription
    }

    static func encoded(_ object: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
