import DLEnvCore
import DLEnvMatrix
import DLEnvStore
import Foundation

/// "Verified on hardware": the GPU × driver × stack combinations that `dlenv fleet collect` stored as passed or
/// failed, looked up for the stacks `dlenv resolve` prints (mismatches, results that did not run on what their job
/// claims, verify nothing and are never listed). The store is read only when it already exists (resolve never creates one), so a
/// host without history pays nothing.
enum StoreVerified {
    /// Marks per stack key ("torch 2.4.1+cu124 · python 3.11"); empty when no store exists. A store that exists but
    /// cannot be read is an error (exit 3), never silently ignored.
    static func marks(db: String?) throws -> [String: [VerifiedMark]] {
        let path = StoreAccess.path(db: db)
        guard FileManager.default.fileExists(atPath: path) else {
            if db != nil {
                throw CLIFailure.badInput(
                    "no history database at \(path)",
                    remedy: "collect results first with dlenv fleet collect --db \(path)")
            }
            return [:]
        }
        let combinations: [FleetVerifiedCombination]
        do {
            combinations = try FleetStore.verifiedCombinations(readingOnly: path, busyTimeout: StoreAccess.busyTimeout)
        } catch {
            throw CLIFailure.environment(error.description, remedy: error.remedy)
        }
        let iso = ISO8601DateFormatter()
        var marks: [String: [VerifiedMark]] = [:]
        for c in combinations {
            marks[c.stack, default: []].append(
                VerifiedMark(
                    gpu: c.gpu, product: c.product, driver: c.driver, passed: c.passed,
                    lastCollected: iso.string(from: c.lastCollected)
                ))
        }
        return marks
    }

    /// Every mark of the builds of one torch release ("torch 2.4.1+…").
    static func marks(forTorch version: String, in marks: [String: [VerifiedMark]]) -> [MatrixJSON.StackMark] {
        marks.keys.sorted().filter { FleetResultRecord.isStackKey($0, ofTorch: version) }
            .flatMap { key in marks[key, default: []].map { MatrixJSON.StackMark(stack: key, mark: $0) } }
    }

    /// The store's key of a resolved stack.
    static func key(_ stack: Stack) -> String {
        FleetResultRecord.stackKey(torch: stack.torch, variant: stack.variant, python: stack.python)
    }

    /// Lines under the resolve table: which listed stacks were verified on which GPUs.
    static func render(_ stacks: [Stack], marks: [String: [VerifiedMark]]) -> String {
        var lines: [String] = []
        for (i, s) in stacks.enumerated() {
            guard let m = marks[key(s)], !m.isEmpty else { continue }
            let what = m.map { "\($0.gpu) (driver \($0.driver)) \($0.passed ? "passed" : "FAILED")" }
            lines.append("  \(i + 1). \(key(s)): \(what.joined(separator: "; "))")
        }
        guard !lines.isEmpty else { return "" }
        return "\nVerified on hardware (dlenv fleet collect):\n" + lines.joined(separator: "\n") + "\n"
    }
}
