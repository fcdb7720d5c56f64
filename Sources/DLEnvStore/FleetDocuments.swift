/// `dlenv fleet collect --json`: the database, how many results were new, and every result's attribution.
public struct FleetCollectDocument: Sendable, Encodable {
    public struct Item: Sendable, Encodable {
        public var source: String
        public var job: String?
        public var shard: Int?
        public var status: FleetResultRecord.Status
        public var gpu: String
        public var product: String
        public var driver: String
        public var stack: String
        public var failedWorkloads: [String]
        public var mismatches: [FleetMismatch]

        enum CodingKeys: String, CodingKey {
            case source, job, shard, status, gpu, product, driver, stack, mismatches
            case failedWorkloads = "failed_workloads"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(source, forKey: .source)
            try c.encode(job, forKey: .job)
            try c.encode(shard, forKey: .shard)
            try c.encode(status, forKey: .status)
            try c.encode(gpu, forKey: .gpu)
            try c.encode(product, forKey: .product)
            try c.encode(driver, forKey: .driver)
            try c.encode(stack, forKey: .stack)
            try c.encode(failedWorkloads, forKey: .failedWorkloads)
            try c.encode(mismatches, forKey: .mismatches)
        }
    }

    public var database: String
    public var stored: Int
    public var results: [Item]

    public init(database: String, stored: Int, records: [FleetResultRecord]) {
        self.database = database
        self.stored = stored
        results = records.map {
            Item(
                source: $0.source, job: $0.job, shard: $0.shard, status: $0.status, gpu: $0.gpu, product: $0.product,
                driver: $0.driver, stack: $0.stack, failedWorkloads: $0.failedWorkloads, mismatches: $0.mismatches)
        }
    }
}

/// `dlenv fleet report --json`: the rows and how many of each status.
public struct FleetReportDocument: Sendable, Encodable {
    public var rows: [FleetReport.Row]

    public init(rows: [FleetReport.Row]) { self.rows = rows }

    public var summary: [String: Int] {
        [
            "passed": rows.filter { $0.status == .passed }.count, "failed": rows.filter { $0.status == .failed }.count,
            "mismatch": rows.filter { $0.status == .mismatch }.count,
            "not_run": rows.filter { $0.status == .notRun }.count,
        ]
    }
    enum CodingKeys: String, CodingKey { case rows, summary }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(summary, forKey: .summary)
    }
}
