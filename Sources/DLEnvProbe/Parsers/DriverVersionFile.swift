import Foundation

/// `/proc/driver/nvidia/version`: "NVRM version: NVIDIA UNIX x86_64 Kernel Module  384.98  Thu Oct 26 …" (the
/// proprietary module) or "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.144.03  Release Build  …"
/// (the open module). Fields are separated by two spaces (`open-gpu-kernel-modules:utils.mk`,
/// `kernel-open/nvidia/nv-procfs.c`); the version is the second one (uv's rule, `reference/probe.md` §1.1).
/// The date is locale-dependent or missing and is never read.
public struct DriverVersionFile: Sendable, Hashable {
    public var version: String
    /// The open kernel module ("Open Kernel Module") rather than the proprietary one.
    public var openModule: Bool
    /// The target architecture ("x86_64", "aarch64"), when the line names it.
    public var architecture: String?
    public var debugBuild: Bool

    public static func parse(_ text: String) -> DriverVersionFile? {
        guard let line = TextScan.lines(text).first(where: { $0.contains("NVRM version:") }) else { return nil }
        let fields = line.components(separatedBy: "  ").map(TextScan.trim).filter { !$0.isEmpty }
        guard fields.count >= 2, let version = TextScan.dottedVersion(fields[1], minParts: 2),
            version.split(separator: ".").count == TextScan.trim(fields[1]).split(separator: ".").count
        else { return nil }
        let head = fields[0]
        var arch: String?
        if let r = head.range(of: " for ") {
            arch = TextScan.words(head[r.upperBound...]).first
        } else {
            let words = TextScan.words(head)
            if let i = words.firstIndex(of: "UNIX"), i + 1 < words.count { arch = words[i + 1] }
        }
        return DriverVersionFile(
            version: version, openModule: head.contains("Open Kernel Module"), architecture: arch,
            debugBuild: fields.contains("Debug Build"))
    }
}

/// `/sys/module/nvidia/version`: one line holding only the version ("550.144.03"), NVIDIA's recommended source
/// (neofetch PR#2128).
public enum SysModuleVersion {
    public static func parse(_ text: String) -> String? {
        let t = TextScan.trim(text)
        guard let v = TextScan.dottedVersion(t, minParts: 2), v == t else { return nil }
        return v
    }
}
