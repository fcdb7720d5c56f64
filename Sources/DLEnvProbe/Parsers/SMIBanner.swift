import Foundation

/// The banner of plain `nvidia-smi`: "| NVIDIA-SMI 550.40.07   Driver Version: 550.40.07   CUDA Version: 12.4 |"
/// and, from R610, "| NVIDIA-SMI 610.43.02   KMD Version: 610.43.02   CUDA UMD Version: 13.3 |"
/// (`reference/probe.md` §2.3). Drivers up to R384 print no CUDA field; WSL can print "CUDA Version: ERR!".
/// The GPU table below is read only for the number of GPUs and their memory: its names are truncated
/// ("NVIDIA A100-SXM...") and are never used.
public struct SMIBanner: Sendable, Hashable {
    /// The version of the nvidia-smi binary (and the NVML it loaded).
    public var smiVersion: String
    /// The kernel-mode driver ("Driver Version" / "KMD Version").
    public var driverVersion: String
    /// The newest CUDA the driver supports, nil when absent or unreadable.
    public var cudaVersion: String?
    /// The raw CUDA field ("ERR!", "N/A"), when it was not a version.
    public var cudaRaw: String?
    /// Whether the R610+ wording ("KMD Version", "CUDA UMD Version") was used.
    public var kmdWording: Bool
    /// Memory totals (MiB) of the GPU rows of the table, in order.
    public var tableMemoryMiB: [Int]

    public static func parse(_ text: String) -> SMIBanner? {
        var banner: SMIBanner?
        var memory: [Int] = []
        var inTable = false
        for raw in TextScan.lines(text) {
            let line = String(raw)
            if banner == nil, let r = line.range(of: "NVIDIA-SMI ") {
                let words = TextScan.words(line[r.upperBound...])
                guard let smi = words.first.flatMap({ TextScan.dottedVersion($0) }) else { continue }
                let kmd = line.contains("KMD Version:")
                guard let driverWord = value(after: kmd ? "KMD Version:" : "Driver Version:", in: line),
                    let driver = TextScan.dottedVersion(driverWord), driver == driverWord
                else { continue }
                var cuda: String?
                var cudaRaw: String?
                if let c = value(after: "CUDA UMD Version:", in: line) ?? value(after: "CUDA Version:", in: line) {
                    if let v = TextScan.dottedVersion(c), v == c { cuda = v } else { cudaRaw = c }
                }
                banner = SMIBanner(
                    smiVersion: smi, driverVersion: driver, cudaVersion: cuda, cudaRaw: cudaRaw, kmdWording: kmd,
                    tableMemoryMiB: [])
                continue
            }
            // The GPU table ends where the "MIG devices:" or "Processes:" tables begin.
            if line.contains("Processes:") || line.contains("MIG devices:") { break }
            if line.hasPrefix("|=") { inTable = true }
            // A GPU's second row holds "used MiB / total MiB"; MIG rows sit in another table.
            if inTable, banner != nil, let slash = line.range(of: "MiB /") {
                let after = line[slash.upperBound...]
                if let total = Int(TextScan.trim(after).prefix { $0.isNumber }) { memory.append(total) }
            }
        }
        banner?.tableMemoryMiB = memory
        return banner
    }

    static func value(after label: String, in line: String) -> String? {
        guard let r = line.range(of: label) else { return nil }
        return TextScan.words(line[r.upperBound...]).first.flatMap { $0 == "|" ? nil : $0 }
    }
}
