/// GPU product × driver × stack → passed / failed / mismatch / not run: the collected results folded per
/// combination, with the combinations a plan expects but nobody ran yet.
public enum FleetReport {
    /// mismatch: the latest results of the combination did not run on what their job claims, so nothing verified
    /// it (a genuine failure among them still makes it `failed`). unknown_gpu: the results ran on a GPU the matrix
    /// does not know, so they verify no model of it.
    public enum Status: String, Sendable, Hashable, Codable {
        case passed, failed, mismatch
        case unknownGPU = "unknown_gpu"
        case notRun = "not_run"
    }

    /// A combination a plan expects to be verified.
    public struct Planned: Sendable, Hashable {
        public var gpu: String
        public var product: String
        public var driver: String
        public var stack: String
        public var image: String?
        public init(gpu: String, product: String, driver: String, stack: String, image: String? = nil) {
            self.gpu = gpu
            self.product = product
            self.driver = driver
            self.stack = stack
            self.image = image
        }
    }

    public struct Row: Sendable, Hashable, Codable {
        public var gpu: String
        public var product: String
        public var driver: String
        public var stack: String
        public var image: String?
        public var status: Status
        /// Results collected for this combination, all of them.
        public var results: Int
        /// Workloads that failed in the latest results.
        public var failedWorkloads: [String]
        /// What the latest mismatched results reported instead of what their jobs claim.
        public var mismatches: [FleetMismatch] = []

        enum CodingKeys: String, CodingKey {
            case gpu, product, driver, stack, image, status, results, mismatches
            case failedWorkloads = "failed_workloads"
        }
    }

    /// The rows, sorted by product, driver, stack. A combination failed when any of its latest results (the
    /// newest per job shard, or per file for results outside a plan) failed, so a rerun that passes clears an
    /// old failure while one failing shard still fails the combination. Else it is a mismatch when any latest
    /// result is one (that shard verified nothing), else unknown_gpu when any ran on a GPU outside the matrix, else
    /// passed.
    public static func rows(results: [FleetResultRecord], planned: [Planned]) -> [Row] {
        var rows: [String: Row] = [:]
        func key(_ product: String, _ driver: String, _ stack: String) -> String { "\(product)|\(driver)|\(stack)" }
        for p in planned {
            rows[key(p.product, p.driver, p.stack)] = Row(
                gpu: p.gpu, product: p.product, driver: p.driver, stack: p.stack, image: p.image, status: .notRun,
                results: 0, failedWorkloads: [])
        }
        var latest: [String: [String: FleetResultRecord]] = [:]
        for r in results {
            let k = key(r.product, r.driver, r.stack)
            var row =
                rows[k]
                ?? Row(
                    gpu: r.gpu, product: r.product, driver: r.driver, stack: r.stack, image: r.image, status: .notRun,
                    results: 0, failedWorkloads: [])
            row.results += 1
            if row.image == nil { row.image = r.image }
            rows[k] = row
            let slot = r.job.map { "\($0)#\(r.shard ?? 0)" } ?? r.source
            if let old = latest[k]?[slot], (old.collectedAt, old.id ?? 0) > (r.collectedAt, r.id ?? 0) { continue }
            latest[k, default: [:]][slot] = r
        }
        for (k, slots) in latest {
            let failed = slots.values.filter { $0.status == .failed }
            let mismatched = slots.values.filter { $0.status == .mismatch }.sorted { $0.source < $1.source }
            let unknown = slots.values.contains { $0.status == .unknownGPU }
            rows[k]?.status =
                !failed.isEmpty ? .failed : !mismatched.isEmpty ? .mismatch : unknown ? .unknownGPU : .passed
            rows[k]?.failedWorkloads = Array(Set(failed.flatMap(\.failedWorkloads))).sorted()
            var mismatches: [FleetMismatch] = []
            for m in mismatched.flatMap(\.mismatches) where !mismatches.contains(m) { mismatches.append(m) }
            rows[k]?.mismatches = mismatches
        }
        return rows.values.sorted { ($0.product, $0.driver, $0.stack) < ($1.product, $1.driver, $1.stack) }
    }
}
