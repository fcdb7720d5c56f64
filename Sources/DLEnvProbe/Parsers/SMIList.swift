import Foundation

/// `nvidia-smi -L`: "GPU <i>: <full name> (UUID: GPU-…)" lines, each followed by indented MIG children
/// "  MIG 1g.10gb     Device  0: (UUID: MIG-…)" (`reference/probe.md` §2.4). Names here are never truncated.
/// Old drivers (R450/R460) print MIG UUIDs as "MIG-GPU-<uuid>/<gi>/<ci>"; both forms are kept as printed.
public struct SMIListEntry: Sendable, Hashable {
    public var index: Int
    public var name: String
    public var uuid: String?
    public var migDevices: [MIGDevice]

    public struct MIGDevice: Sendable, Hashable {
        public var profile: String
        public var device: Int
        public var uuid: String?
    }

    public static func parse(_ text: String) -> [SMIListEntry] {
        var entries: [SMIListEntry] = []
        for raw in TextScan.lines(text) {
            let line = TextScan.trim(raw)
            if line.hasPrefix("GPU "), let colon = line.firstIndex(of: ":") {
                guard let index = Int(line[line.index(line.startIndex, offsetBy: 4)..<colon]) else { continue }
                var rest = TextScan.trim(line[line.index(after: colon)...])
                var uuid: String?
                if let open = rest.range(of: " (UUID: "), rest.hasSuffix(")") {
                    uuid = String(rest[open.upperBound..<rest.index(before: rest.endIndex)])
                    rest = String(rest[..<open.lowerBound])
                }
                guard !rest.isEmpty else { continue }
                entries.append(SMIListEntry(index: index, name: rest, uuid: uuid, migDevices: []))
            } else if line.hasPrefix("MIG "), !entries.isEmpty {
                let words = TextScan.words(line)
                guard words.count >= 4, words[2] == "Device" else { continue }
                let device = Int(words[3].filter { $0.isNumber }) ?? entries[entries.count - 1].migDevices.count
                var uuid: String?
                if let u = line.range(of: "(UUID: "), let close = line[u.upperBound...].firstIndex(of: ")") {
                    uuid = String(line[u.upperBound..<close])
                }
                entries[entries.count - 1].migDevices.append(
                    MIGDevice(profile: String(words[1]), device: device, uuid: uuid))
            }
        }
        return entries
    }
}
