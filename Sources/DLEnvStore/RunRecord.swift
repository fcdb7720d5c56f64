import DLEnvCore
import Foundation

/// One `dlenv verify` or `dlenv bench` invocation on a host, with the software it saw and its results.
/// The JSON form (snake_case, ISO 8601 time) is also the export format `dlenv history --import` reads.
public struct RunRecord: Sendable, Hashable, Codable {
    /// What produced the run.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable { case verify, bench }

    /// The database row id; nil before the run is stored.
    public var id: Int64?
    public var kind: Kind
    public var startedAt: Date
    public var host: HostIdentity
    public var dlenvVersion: String
    /// The interpreter and torch the run compared against (nil fields when there was none).
    public var environment: RunEnvironment
    /// The resolved stack as JSON text, when one was known.
    public var stackJSON: String?
    /// Whether the run passed as a whole (verify); nil for benchmarks.
    public var passed: Bool?
    /// Whether the run used the quick sizes (`--quick`); nil for runs stored before dlenv recorded it.
    public var quick: Bool?
    public var results: [ResultRecord]

    public init(
        id: Int64? = nil, kind: Kind, startedAt: Date, host: HostIdentity, dlenvVersion: String,
        environment: RunEnvironment = RunEnvironment(), stackJSON: String? = nil, passed: Bool? = nil,
        quick: Bool? = nil, results: [ResultRecord]
    ) {
        self.id = id
        self.kind = kind
        self.startedAt = startedAt
        self.host = host
        self.dlenvVersion = dlenvVersion
        self.environment = environment
        self.stackJSON = stackJSON
        self.passed = passed
        self.quick = quick
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, host, environment, passed, quick, results
        case startedAt = "started_at"
        case dlenvVersion = "dlenv_version"
        case stackJSON = "stack_json"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        kind = try c.decode(Kind.self, forKey: .kind)
        let text = try c.decode(String.self, forKey: .startedAt)
        guard let date = Self.parseTime(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .startedAt, in: c, debugDescription: "'\(text)' is not an ISO 8601 time")
        }
        startedAt = date
        host = try c.decode(HostIdentity.self, forKey: .host)
        dlenvVersion = try c.decode(String.self, forKey: .dlenvVersion)
        environment = try c.decodeIfPresent(RunEnvironment.self, forKey: .environment) ?? RunEnvironment()
        stackJSON = try c.decodeIfPresent(String.self, forKey: .stackJSON)
        passed = try c.decodeIfPresent(Bool.self, forKey: .passed)
        quick = try c.decodeIfPresent(Bool.self, forKey: .quick)
        results = try c.decode([ResultRecord].self, forKey: .results)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(Self.formatTime(startedAt), forKey: .startedAt)
        try c.encode(host, forKey: .host)
        try c.encode(dlenvVersion, forKey: .dlenvVersion)
        try c.encode(environment, forKey: .environment)
        try c.encodeIfPresent(stackJSON, forKey: .stackJSON)
        try c.encode(passed, forKey: .passed)
        try c.encode(quick, forKey: .quick)
        try c.encode(results, forKey: .results)
    }

    /// ISO 8601 with milliseconds, UTC ("2026-11-26T20:14:03.120Z"); also the text stored in the database, so
    /// times sort as strings.
    public static func formatTime(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// Parses what `formatTime` writes (fractional seconds optional).
    public static func parseTime(_ text: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return d }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

/// One named figure of a run: a benchmark throughput ("sgemm_1024", 290.1, "GFLOP/s") or a verification
/// outcome ("gemm", max error, "", passed).
public struct ResultRecord: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double?
    public var unit: String
    public var passed: Bool?

    public init(name: String, value: Double?, unit: String = "", passed: Bool? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.passed = passed
    }
}
