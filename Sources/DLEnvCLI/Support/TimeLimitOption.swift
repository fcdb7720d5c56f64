import ArgumentParser
import DLEnvCore

/// Reads a `--timeout`-like flag through DLEnvCore's `TimeLimit`: out of range is a usage error (exit 2) that
/// names the flag, the value and the range.
enum TimeLimitOption {
    static func check(_ value: Double, _ flag: String) throws {
        do throws(OutOfRange) {
            _ = try TimeLimit.seconds(value, origin: flag)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
