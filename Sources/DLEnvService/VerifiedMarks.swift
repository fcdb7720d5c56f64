import DLEnvCore
import DLEnvMatrix
import DLEnvStore
import Foundation

/// "Verified on hardware": the GPU × driver × stack combinations that `dlenv fleet collect` stored as passed or
/// failed, looked up for the stacks `dlenv resolve` and `dlenv matrix` print (mismatches, results that did not run
/// on what their job claims, verify nothing and are never listed). The store is read only when it already exists
/// (resolve never creates one), so a host without history pays nothing.
public struct VerifiedMarks: Sendable {
    /// Marks per stack key ("torch 2.4.1+cu124 · python 3.11").
    public var byStack: [String: [VerifiedMark]]

    public init(byStack: [String: [VerifiedMark]] = [:]) { self.byStack = byStack }

    /// The marks in the database at `path`; none when it does not exist and was not named (`named` false). A store
    /// that exists but cannot be read is an error (exit 3), never silently ignored.
    public static func read(path: String, named: Bool, busyTimeout: Double) throws -> VerifiedMarks {
        guard FileManager.default.fileExists(atPath: path) else {
            if named {
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "no history database at \(path)",
                        remedy: "collect results first with dlenv fleet collect --db \(path)"))
            }
            return VerifiedMarks()
        }
        let combinations: [FleetVerifiedCombination]
        do {
            combinations = try FleetStore.verifiedCombinations(readingOnly: path, busyTimeout: busyTimeout)
        } catch {
            throw EnvironmentError(error.description, remedy: error.remedy)
        }
        let iso = ISO8601DateFormatter()
        var marks: [String: [VerifiedMark]] = [:]
        for c in combinations {
            marks[c.stack, default: []].append(
                VerifiedMark(
                    gpu: c.gpu, product: c.product, driver: c.driver, passed: c.passed,
                    lastCollected: iso.string(from: c.lastCollected)))
        }
        return VerifiedMarks(byStack: marks)
    }

    /// Every mark of the builds of one torch release ("torch 2.4.1+…").
    public func marks(forTorch version: String) -> [MatrixJSON.StackMark] {
        byStack.keys.sorted().filter { FleetResultRecord.isStackKey($0, ofTorch: version) }
            .flatMap { key in byStack[key, default: []].map { MatrixJSON.StackMark(stack: key, mark: $0) } }
    }

    /// The marks of one resolved stack.
    public func marks(for stack: Stack) -> [VerifiedMark] { byStack[Self.key(stack)] ?? [] }

    /// The store's key of a resolved stack.
    public static func key(_ stack: Stack) -> String {
        FleetResultRecord.stackKey(torch: stack.torch, variant: stack.variant, python: stack.python)
    }
}
