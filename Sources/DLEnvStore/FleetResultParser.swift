import DLEnvCore
import Foundation

/// Reads what a fleet job printed: the envelope the generated jobs write (`dlenv_fleet_result`, with the
/// job, shard, exit status, `dlenv probe --json` and `dlenv verify --json`), or a bare `dlenv verify --json`
/// report.
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
        public var driverVersion: String?
        /// The verify report re-encoded with sorted keys ("null" when the job produced none).
        public var verifyJSON: String
        public var passed: Bool
        public var failedWorkloads: [String]
        /// `environment` of the verify report: python, torch, cuda, cudnn, device.
        public var environment: [String: String]
    }

    public static func parse(_ data: Data, file: String) throws(DiagnosticsError) -> Parsed {
        let location = SourceLocation(file: file)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let root = object as? [String: Any]
        else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "not a JSON object", at: location,
                    remedy: "pass the output of a fleet job or of `dlenv verify --json`"))
        }
        let isEnvelope = root["dlenv_fleet_result"] != nil
        let verify = isEnvelope ? root["verify"] : root
        var parsed = Parsed(
            job: root["job"] as? String, shard: (root["shard"] as? NSNumber)?.intValue,
            exitStatus: (root["exit_status"] as? NSNumber)?.intValue, probe: nil, probeJSON: nil, gpuName: nil,
            driverVersion: nil,
            verifyJSON: "null",
            passed: false, failedWorkloads: [], environment: [:])
        if isEnvelope, let probe = root["probe"] as? [String: Any], let probeData = encoded(probe) {
            parsed.probeJSON = String(decoding: probeData, as: UTF8.self)
            parsed.probe = try? JSONDecoder().decode(HostFacts.self, from: probeData)
            let gpus = (probe["gpus"] as? [[String: Any]] ?? []).sorted {
                (($0["index"] as? NSNumber)?.intValue ?? 0) < (($1["index"] as? NSNumber)?.intValue ?? 0)
            }
            parsed.gpuName = gpus.first?["name"] as? String
            parsed.driverVersion = (probe["driver"] as? [String: Any])?["version"] as? String
        }
        guard let report = verify as? [String: Any] else {
            if isEnvelope {
                // The job ran but verify printed nothing (it crashed or was killed): a failure, kept as such.
                parsed.failedWorkloads = ["(no verify report)"]
                return parsed
            }
            throw DiagnosticsError(Diagnostic(.error, "no verify report", at: location, remedy: "pass verify output"))
        }
        guard let passed = report["passed"] as? Bool, let workloads = report["workloads"] as? [[String: Any]] else {
            throw DiagnosticsError(
                Diagnostic(
                    .error, "not a `dlenv verify --json` report (no 'passed' and 'workloads')", at: location,
                    remedy: "pass the output of `dlenv verify --json` or of a fleet job"))
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

    static func encoded(_ object: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
