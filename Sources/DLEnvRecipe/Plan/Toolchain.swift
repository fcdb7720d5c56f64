/// The pinned tools a generated Dockerfile uses to install Python and packages.
public enum Toolchain {
    /// uv, copied from its own image and mounted only while it runs (never left in the image). 0.13.8 is the
    /// newest release on PyPI in the package list of 2026-11 (`uv 0.13.8`); Astral publishes
    /// `ghcr.io/astral-sh/uv:<version>` for every release (uv docs, "Using uv in Docker").
    public static let uvVersion = "0.13.8"
    /// The uv image the Dockerfile mounts the binary from.
    public static var uvImage: String { "ghcr.io/astral-sh/uv:\(uvVersion)" }
    /// Where uv installs the managed CPython (readable by the non-root user).
    public static let pythonDirectory = "/opt/python"
    /// The virtual environment every package goes into.
    public static let venv = "/opt/venv"
    /// The interpreter of the virtual environment.
    public static var python: String { "\(venv)/bin/python" }
    /// Where dlenv's own files live in the image (check script, constraints).
    public static let dlenvDirectory = "/opt/dlenv"
    /// The PyTorch wheel index root, replaced by `index.pytorch` on mirrored sites.
    public static let pytorchIndexRoot = "https://download.pytorch.org/whl"
}
