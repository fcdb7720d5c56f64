/// `--python` on every command takes a version (3.12) or an interpreter (a name or a path): see `PythonSelection`.
enum PythonOption {
    static let help =
        "A Python: a version (3.12; 3.13t free-threaded) or an interpreter (python3, .venv/bin/python)."
}
