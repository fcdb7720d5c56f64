import DLEnvCore

/// Injection safety for every user string that reaches a generated file.
///
/// A Dockerfile is line-oriented and its `RUN` lines go to a shell, so a newline starts a new instruction,
/// a trailing backslash glues the next line on, `$(` and backticks run commands, and an unbalanced quote
/// escapes the quoting dlenv puts around the value. Each field is first checked for those constructs (so the
/// message names the exact problem), then against an allow-list grammar for its kind.
public enum FieldGuard {
    /// What a field holds, which decides its grammar.
    public enum Kind: Sendable, Hashable {
        case projectName, userName, pythonVersion, versionSpec, accelerator, driverVersion, gpu
        case debianPackage, requirement, relativePath, absolutePath, imagePath, url, registry
        case envKey, envValue, shellCommand, execArgument
    }

    /// The first problem with `value` as a `kind` field, or nil when it is safe.
    public static func check(_ value: String, as kind: Kind, field: String, at location: SourceLocation?)
        -> Diagnostic?
    {
        if let problem = dangerousConstruct(in: value, kind: kind) {
            return Diagnostic(
                .error, "field '\(field)' contains \(problem.what), which could inject into the generated Dockerfile",
                at: location, remedy: problem.remedy)
        }
        if let problem = grammarProblem(value, kind: kind) {
            return Diagnostic(.error, "field '\(field)': \(problem.what)", at: location, remedy: problem.remedy)
        }
        return nil
    }

    struct Problem {
        var what: String
        var remedy: String
    }

    /// The longest value a field may hold (a build step may be longer than a name): every generated line
    /// stays far below the 64 KiB BuildKit reads.
    public static func maximumLength(_ kind: Kind) -> Int { kind == .shellCommand ? 4096 : 1024 }

    /// Overlong value, newline, control character (C0, DEL, C1, Unicode line separators, BOM, bidi
    /// overrides), line continuation, command substitution, backtick, escaping quote.
    static func dangerousConstruct(in value: String, kind: Kind) -> Problem? {
        if value.count > maximumLength(kind) {
            return Problem(
                what: "a value of \(value.count) characters (at most \(maximumLength(kind)))",
                remedy: "shorten the value; put long commands in a script inside the project and run the script")
        }
        if value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || value.unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" })
        {
            return Problem(
                what: "a newline", remedy: "write the value on one line (a list item per line for several values)")
        }
        if let bad = value.unicodeScalars.first(where: TextSafety.isUnsafe) {
            return Problem(
                what: "a control character (\(TextSafety.codePoint(bad)))", remedy: "remove the control character")
        }
        if value.hasSuffix("\\") {
            return Problem(
                what: "a line continuation (trailing backslash)", remedy: "remove the trailing backslash")
        }
        if value.contains("$(") {
            return Problem(
                what: "a command substitution '$('",
                remedy: "put the command in a script inside the project, copy it and run the script")
        }
        if value.contains("`") {
            return Problem(
                what: "a backtick (command substitution)",
                remedy: "put the command in a script inside the project, copy it and run the script")
        }
        switch kind {
        case .shellCommand:
            if let quote = unbalancedQuote(in: value) {
                return Problem(
                    what: "an unterminated \(quote) quote that would escape the RUN line",
                    remedy: "close the quote inside the same command")
            }
        case .requirement:
            if value.contains("'") || value.contains("\\") {
                return Problem(
                    what: "a quote or backslash that would escape its quoting",
                    remedy: "write environment markers with double quotes: python_version >= \"3.10\"")
            }
        case .envValue:
            if value.contains("\"") || value.contains("\\") {
                return Problem(
                    what: "a double quote or backslash that would escape its quoting",
                    remedy: "drop the quote or backslash (values are written inside double quotes)")
            }
        default:
            if value.contains("\"") || value.contains("'") || value.contains("\\") {
                return Problem(
                    what: "a quote or backslash that would escape its quoting",
                    remedy: "remove the quote or backslash: the value is quoted by dlenv")
            }
        }
        return nil
    }

    /// The kind of quote left open at the end of a shell command, following POSIX quoting rules.
    static func unbalancedQuote(in command: String) -> String? {
        var single = false, double = false, escaped = false
        for ch in command {
            if escaped {
                escaped = false
                continue
            }
            switch ch {
            case "\\" where !single: escaped = true
            case "'" where !double: single.toggle()
            case "\"" where !single: double.toggle()
            default: break
            }
        }
        if single { return "single" }
        if double { return "double" }
        return nil
    }

    static func grammarProblem(_ value: String, kind: Kind) -> Problem? {
        switch kind {
        case .projectName:
            return matches(value, first: lowerDigit, rest: lowerDigit + "._-", maxLength: 128)
                ? nil
                : Problem(
                    what: "'\(value)' is not a valid name",
                    remedy: "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit")
        case .userName:
            if value == "root" {
                return Problem(what: "the image must not run as root", remedy: "name a non-root user, e.g. 'dlenv'")
            }
            return matches(value, first: lower + "_", rest: lowerDigit + "_-", maxLength: 32)
                ? nil
                : Problem(
                    what: "'\(value)' is not a valid user name",
                    remedy: "use lowercase letters, digits, '_' and '-', starting with a letter or '_'")
        case .pythonVersion:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            let ok = (2...3).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
            return ok ? nil : Problem(what: "'\(value)' is not a Python version", remedy: "write e.g. \"3.11\"")
        case .versionSpec:
            return only(value, digits + letters + ".*+!<>=~, ")
                ? nil
                : Problem(
                    what: "'\(value)' is not a version specifier",
                    remedy: "write e.g. '2.6', '==2.6.0', '>=2.4,<2.7' or 'auto'")
        case .accelerator:
            return only(value, lowerDigit + ".<>=~,") && !value.isEmpty
                ? nil
                : Problem(
                    what: "'\(value)' is not an accelerator", remedy: "write auto, cpu, cu126, cuda>=12.4 or rocm6.2")
        case .driverVersion:
            return only(value, digits + ".") && Version(value) != nil
                ? nil : Problem(what: "'\(value)' is not a driver version", remedy: "write e.g. \"535.104.05\"")
        case .gpu:
            return matches(value, first: letters + digits, rest: letters + digits + " ._-", maxLength: 64)
                ? nil
                : Problem(
                    what: "'\(value)' is not a GPU name or compute capability",
                    remedy: "write a model such as A100 or a capability such as 8.0")
        case .debianPackage:
            return debianPackageProblem(value)
        case .requirement:
            return PythonRequirement.problem(in: value)
        case .relativePath:
            return pathProblem(value, absolute: false, glob: true)
        case .absolutePath:
            return pathProblem(value, absolute: true, glob: false)
        case .imagePath:
            return pathProblem(value, absolute: nil, glob: false)
        case .url:
            let ok =
                (value.hasPrefix("https://") || value.hasPrefix("http://")) && value.count > 8
                && only(value, letters + digits + "._~:/?#@%=+,-")
            guard ok else {
                return Problem(
                    what: "'\(value)' is not an index URL dlenv accepts",
                    remedy: "write an http(s) URL of letters, digits and . _ ~ : / ? # @ % = + , -")
            }
            // The URL is written into the Dockerfile and so into the image's history: refuse credentials
            // rather than redact them (a redacted URL would not authenticate either).
            let authority = value.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
            if authority.contains("@") {
                return Problem(
                    what: "'\(authority.split(separator: "@").last ?? "")' is given with credentials (user:password@), "
                        + "which would be written into the Dockerfile and the image's history",
                    remedy: "drop the credentials from the URL and give them to uv at build time (UV_INDEX_* "
                        + "variables from a BuildKit secret, or a netrc file)")
            }
            return nil
        case .registry:
            let ok = matches(value, first: lowerDigit, rest: lowerDigit + ".-:/_", maxLength: 253)
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            let hostOK = parts.first.map { !$0.hasSuffix(":") && $0.split(separator: ":").count <= 2 } ?? false
            return ok && hostOK && !parts.contains(where: \.isEmpty)
                && parts.dropFirst().allSatisfy({ !$0.contains(":") })
                ? nil
                : Problem(
                    what: "'\(value)' is not a registry host (a host, an optional :port and path, no scheme)",
                    remedy: "write e.g. registry.example.org:5000/mirror, without https://")
        case .envKey:
            return matches(value, first: letters + "_", rest: letters + digits + "_", maxLength: 128)
                ? nil
                : Problem(
                    what: "'\(value)' is not an environment variable name",
                    remedy: "use letters, digits and '_', starting with a letter or '_'")
        case .envValue:
            // `$NAME` and `${NAME}` are Dockerfile substitutions; any other `$` would be misread.
            let scalars = Array(value)
            for (i, ch) in scalars.enumerated() where ch == "$" {
                let next = i + 1 < scalars.count ? scalars[i + 1] : " "
                if !(next == "{" || next == "_" || next.isLetter) {
                    return Problem(
                        what: "a '$' that is not a variable reference",
                        remedy: "write $NAME or ${NAME}, or drop the '$'")
                }
            }
            return nil
        case .shellCommand:
            return value.trimmingSpaces.isEmpty ? Problem(what: "empty command", remedy: "remove the empty step") : nil
        case .execArgument:
            return nil
        }
    }

    static func debianPackageProblem(_ value: String) -> Problem? {
        let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let nameOK = name.count >= 2 && matches(name, first: lowerDigit, rest: lowerDigit + "+.-", maxLength: 128)
        let versionOK =
            parts.count == 1 || (!parts[1].isEmpty && only(String(parts[1]), letters + digits + ".+~:-"))
        return nameOK && versionOK
            ? nil
            : Problem(
                what: "'\(value)' is not a Debian package name",
                remedy: "write a package name such as libgl1 or git, optionally pinned as git=1:2.43.0-1ubuntu7")
    }

    static func pathProblem(_ value: String, absolute: Bool?, glob: Bool) -> Problem? {
        let allowed = letters + digits + "._@+/-" + (glob ? "*" : "")
        guard !value.isEmpty, only(value, allowed) else {
            return Problem(
                what: "'\(value)' is not a path dlenv accepts",
                remedy: "use letters, digits and . _ @ + / -" + (glob ? " (and * for globs)" : ""))
        }
        if value.hasPrefix("-") {
            return Problem(what: "'\(value)' starts with '-'", remedy: "write the path without a leading '-'")
        }
        if value.split(separator: "/").contains("..") {
            return Problem(what: "'\(value)' leaves its folder with '..'", remedy: "write a path inside the project")
        }
        if absolute == true, !value.hasPrefix("/") {
            return Problem(what: "'\(value)' is not an absolute path", remedy: "start the path with '/'")
        }
        if absolute == false, value.hasPrefix("/") {
            return Problem(
                what: "'\(value)' is absolute; it must be inside the build context", remedy: "write a relative path")
        }
        return nil
    }

    static let lower = "abcdefghijklmnopqrstuvwxyz"
    static let letters = lower + lower.uppercased()
    static let digits = "0123456789"
    static let lowerDigit = lower + digits

    static func only(_ value: String, _ allowed: String) -> Bool {
        value.allSatisfy { allowed.contains($0) }
    }

    static func matches(_ value: String, first: String, rest: String, maxLength: Int) -> Bool {
        guard let head = value.first, value.count <= maxLength, first.contains(head) else { return false }
        return only(String(value.dropFirst()), rest)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
