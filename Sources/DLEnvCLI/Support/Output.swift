import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Printing and JSON helpers shared by the commands.
enum Output {
    /// Writes a line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether standard output is a terminal (progress bars and colour only then).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Encodes a value as pretty, key-sorted JSON (stable output for tools and goldens).
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Writes a file a command was told to write (`--html FILE`, `--plot FILE`) atomically; a failure is bad
    /// input naming the file.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIFailure.badInput(
                "cannot write \(path): \((error as NSError).localizedFailureReason ?? "the folder is missing or not writable")",
                remedy: "check that the folder exists and is writable")
        }
    }

    /// Prints a value as JSON on standard output.
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try json(value))
    }
}
