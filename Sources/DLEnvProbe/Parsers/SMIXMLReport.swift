/// `nvidia-smi -q -x` (`reference/probe.md` §2.6): `driver_version`, `cuda_version` and per `<gpu id="…">`
/// the product name, UUID, MIG mode and devices, and `fb_memory_usage/total` ("16384 MiB"). R610 may add
/// KMD/UMD elements (not seen in a real sample yet); they are preferred when present.
public struct SMIXMLReport: Sendable, Hashable {
    public var driverVersion: String?
    public var cudaVersion: String?
    public var gpus: [GPU]

    public struct GPU: Sendable, Hashable {
        public var busID: String?
        public var name: String?
        public var architecture: String?
        public var uuid: String?
        public var memoryMiB: Int?
        /// "Enabled" → true, "Disabled" → false, "N/A" → nil.
        public var migEnabled: Bool?
        public var migDeviceCount: Int
    }

    public static func parse(_ text: String) -> SMIXMLReport? {
        guard let root = MiniXML.parse(text), root.name == "nvidia_smi_log" else { return nil }
        func version(_ keys: [String]) -> String? {
            for k in keys {
                if let v = root.value(k).map(stripDeprecation), let d = TextScan.dottedVersion(v), d == v { return d }
            }
            return nil
        }
        var report = SMIXMLReport(
            driverVersion: version(["kmd_version", "driver_version"]),
            cudaVersion: version(["cuda_umd_version", "cuda_version"]), gpus: [])
        for g in root.all("gpu") {
            let mig = g.value("mig_mode/current_mig")
            report.gpus.append(
                GPU(
                    busID: g.attributes["id"], name: g.value("product_name").flatMap(present),
                    architecture: g.value("product_architecture").flatMap(present),
                    uuid: g.value("uuid").flatMap(present),
                    memoryMiB: g.value("fb_memory_usage/total").flatMap { SMIQueryCSV.mebibytes($0) },
                    migEnabled: mig == "Enabled" ? true : (mig == "Disabled" ? false : nil),
                    migDeviceCount: g.child("mig_devices")?.all("mig_device").count ?? 0))
        }
        guard report.driverVersion != nil || !report.gpus.isEmpty else { return nil }
        return report
    }

    static func present(_ s: String) -> String? { TextScan.isMissing(s) ? nil : s }

    /// "610.47 [Deprecated; will be removed in CUDA 14.0. Use KMD Version instead]" → "610.47".
    static func stripDeprecation(_ s: String) -> String {
        guard let i = s.firstIndex(of: "[") else { return s }
        return TextScan.trim(s[..<i])
    }
}
