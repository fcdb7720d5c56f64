import DLEnvCore
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

    /// Prints a value as JSON on standard output.
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try json(value))
    }

    /// Writes a command's files all or none (`FileSetWriter`): a folder or a duplicate in the way is bad input
    /// (exit 2), a disk that refuses is the environment (exit 3).
    static func writeFiles(_ files: [FileSetWriter.File]) throws {
        do {
            try FileSetWriter.write(files)
        } catch {
            switch error.kind {
            case .badTarget: throw CLIFailure.badInput(error.description, remedy: error.remedy)
            case .cannotWrite: throw CLIFailure.environment(error.description, remedy: error.remedy)
            }
        }
    }
}
