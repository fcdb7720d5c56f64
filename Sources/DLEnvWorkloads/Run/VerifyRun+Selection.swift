import DLEnvCore

extension VerifyRun {
    /// The workloads `--workload` names (all when none) on a `--device` the twin knows; a name that is not a
    /// workload or a device other than cpu/cuda is bad input with the alternatives.
    public static func selection(workloads names: [String], device: String) throws(DiagnosticsError)
        -> [any Workload]
    {
        let (selected, unknown) = Workloads.select(names)
        if let bad = unknown.first {
            let hint = closest(to: bad, in: Workloads.ids).first.map { "did you mean '\($0)'? " } ?? ""
            throw DiagnosticsError(
                Diagnostic(
                    .error, "unknown workload '\(bad)'",
                    remedy: hint + "workloads: \(Workloads.ids.joined(separator: ", "))"))
        }
        guard ["cpu", "cuda"].contains(device) else {
            throw DiagnosticsError(
                Diagnostic(.error, "unknown device '\(device)'", remedy: "use --device cpu or --device cuda"))
        }
        return selected
    }
}
