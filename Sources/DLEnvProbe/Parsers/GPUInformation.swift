import Foundation

/// `/proc/driver/nvidia/gpus/<pci>/information`: "Key:<tabs> value" lines (`nv-procfs.c`
/// `nv_procfs_read_gpu_info`); copies in issues have the tabs expanded to spaces, so both are accepted.
/// Older drivers lack "Device Minor", "GPU Firmware" and "GPU Excluded".
public struct GPUInformation: Sendable, Hashable {
    public var model: String?
    public var uuid: String?
    public var busLocation: String?
    public var deviceMinor: Int?
    public var firmware: String?
    public var excluded: Bool?

    public static func parse(_ text: String) -> GPUInformation? {
        var info = GPUInformation()
        var any = false
        for line in TextScan.lines(text) {
            guard let (key, value) = TextScan.keyValue(line) else { continue }
            switch key {
            case "Model": info.model = value.isEmpty ? nil : value
            case "GPU UUID": info.uuid = value.hasPrefix("GPU-") ? value : nil
            case "Bus Location": info.busLocation = value.isEmpty ? nil : value
            case "Device Minor": info.deviceMinor = Int(value)
            case "GPU Firmware": info.firmware = TextScan.isMissing(value) ? nil : value
            case "GPU Excluded": info.excluded = value == "Yes" ? true : (value == "No" ? false : nil)
            default: continue
            }
            any = true
        }
        return any && info.model != nil ? info : nil
    }

    /// PCI addresses compare with a 4-digit domain: the folder is "0000:70:00.0", NVML prints "00000000:70:00.0".
    public static func normalisedBusID(_ id: String) -> String {
        let lower = id.lowercased()
        guard let colon = lower.firstIndex(of: ":") else { return lower }
        let domain = lower[..<colon]
        return String(domain.suffix(4)) + lower[colon...]
    }
}
