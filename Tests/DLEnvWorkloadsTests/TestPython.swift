import Foundation

/// The Python the tests run (one choice for the tests and the check scripts): `DLENV_PYTHON` (scripts/test.sh sets
/// it through scripts/python-env.sh), else the repository's `.venv/bin/python` (scripts/setup.sh creates it), else
/// `python3` on PATH, so the tests still run where there is no venv. Run it through `/usr/bin/env`.
enum TestPython {
    static let executable: String = {
        if let chosen = ProcessInfo.processInfo.environment["DLENV_PYTHON"], !chosen.isEmpty { return chosen }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let venv = root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()
}
