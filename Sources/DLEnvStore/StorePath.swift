import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file a `--db` path names: the path itself, or where its symbolic links lead. A loop of links, or a link
/// to nothing, is refused: opening it would replace the link with a new database.
enum StorePath {
    static func resolve(_ path: String) throws(StoreError) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            let loop = errno == ELOOP
            throw .cannotOpen(
                path: path,
                detail: loop
                    ? "it is a loop of symbolic links"
                    : "it is a symbolic link to nothing (\(String(cString: strerror(errno))))")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
