import Foundation

/// The registry: every workload, in the order `dlenv verify` runs and prints them.
public enum Workloads {
    /// All ten workloads.
    public static let all: [any Workload] = [
        InitSymmetryWorkload(), InitScaleWorkload(), ActivationsWorkload(), GradientDescentWorkload(),
        LRSchedulesWorkload(), FreezeWorkload(), DTypesWorkload(), GemmWorkload(), DetectionMetricsWorkload(),
        TrainingWorkload(),
    ]

    /// The ids, in order.
    public static var ids: [String] { all.map(\.id) }

    /// The workloads with these ids (all for an empty list), in registry order; unknown ids are returned apart.
    public static func select(_ ids: [String]) -> (workloads: [any Workload], unknown: [String]) {
        if ids.isEmpty { return (all, []) }
        let known = Set(Self.ids)
        return (all.filter { ids.contains($0.id) }, ids.filter { !known.contains($0) })
    }

    /// Runs workloads on the core, timing each.
    public static func run(_ workloads: [any Workload], quick: Bool) -> [WorkloadResult] {
        workloads.map { w in
            let start = DispatchTime.now().uptimeNanoseconds
            let (figures, checks) = w.run(quick: quick)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return WorkloadResult(
                id: w.id, summary: w.summary, headline: w.headline, figures: figures, checks: checks, seconds: seconds)
        }
    }

    /// Attaches the twin's figures to each result, compared under the workload's tolerances.
    public static func compare(_ results: [WorkloadResult], with twin: TwinOutput) -> [WorkloadResult] {
        results.map { r in
            var r = r
            guard let w = all.first(where: { $0.id == r.id }) else { return r }
            if let e = twin.errors[r.id] {
                r.attach(.failed("torch raised \(e)"))
            } else if let f = twin.figures[r.id] {
                r.attach(.compare(core: r.figures, torch: f, rules: w.tolerances))
            } else {
                r.attach(.failed(twin.error ?? "the twin did not run this workload"))
            }
            return r
        }
    }
}
