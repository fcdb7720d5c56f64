import Foundation

/// What a failing `nvidia-smi` means. It prints its errors on standard output (Starsmasher PR#24), so the
/// status is checked first and the text classified (`reference/probe.md` §2.1, §9.4, §9.5, §9.12).
public enum SMIFailure: Sendable, Hashable {
    /// "Failed to initialize NVML: Driver/library version mismatch" (NVML 18): libraries upgraded, old module
    /// still loaded. The library version is given by newer drivers ("NVML library version: 570.124").
    case versionMismatch(libraryVersion: String?)
    /// "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver" (exit 9).
    case cannotCommunicate
    /// "Failed to initialize NVML: Driver Not Loaded".
    case driverNotLoaded
    /// 'Field "compute_cap" is not a valid field to query.' (exit 2): an nvidia-smi from R470 or older.
    case invalidField(String)
    /// "Failed to initialize NVML: Unknown Error": device access revoked in a container, or a wrong NVML on WSL.
    case unknownError
    /// Anything else: the exit status and the first line of output.
    case other(status: Int32, message: String)

    public static func classify(status: Int32, output: String) -> SMIFailure {
        if output.contains("Driver/library version mismatch") {
            var library: String?
            if let r = output.range(of: "NVML library version:") {
                library = TextScan.dottedVersion(TextScan.trim(output[r.upperBound...]).prefix { !$0.isNewline })
            }
            return .versionMismatch(libraryVersion: library)
        }
        if output.contains("couldn't communicate with the NVIDIA driver") { return .cannotCommunicate }
        if output.contains("Driver Not Loaded") { return .driverNotLoaded }
        if let r = output.range(of: "Field \""), let end = output[r.upperBound...].firstIndex(of: "\""),
            output.contains("is not a valid field")
        {
            return .invalidField(String(output[r.upperBound..<end]))
        }
        if output.contains("Unknown Error") { return .unknownError }
        let first = TextScan.lines(output).map(TextScan.trim).first { !$0.isEmpty } ?? ""
        return .other(status: status, message: String(first.prefix(200)))
    }

    /// One sentence for the warning list, with the fix where one is known.
    public var explanation: String {
        switch self {
        case .versionMismatch(let lib):
            "NVIDIA driver/library version mismatch\(lib.map { " (NVML library \($0))" } ?? ""): the user-space "
                + "libraries were upgraded but the old kernel module is still loaded; reboot (or reload the nvidia "
                + "modules)"
        case .cannotCommunicate:
            "nvidia-smi couldn't communicate with the NVIDIA driver: the kernel module is not loaded (Secure Boot, "
                + "a kernel upgrade without a DKMS rebuild, or nouveau bound to the GPU)"
        case .driverNotLoaded: "NVML: Driver Not Loaded"
        case .invalidField(let f): "nvidia-smi does not know the field '\(f)' (an R470 or older nvidia-smi)"
        case .unknownError:
            "NVML: Unknown Error (inside a container: GPU device access revoked by a cgroup change; recreate the "
                + "container)"
        case .other(let status, let message): "exit \(status)\(message.isEmpty ? "" : ": \(message)")"
        }
    }
}
