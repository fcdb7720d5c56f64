import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `posix_spawn` with captured output and a hard time limit. The child gets its own process group, so a
/// hung tool and anything it started are killed together (`kill(-pgid, SIGKILL)`).
enum Subprocess {
    /// Output beyond this is dropped: no probed tool prints more, and a runaway one must not exhaust memory.
    static let outputLimit = 4 << 20

    static func run(executable: String, arguments: [String], timeout: Double) -> CommandResult {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) else { return .failedToStart("pipe: \(errnoText())") }
        guard makePipe(&errPipe) else {
            close(outPipe[0])
            close(outPipe[1])
            return .failedToStart("pipe: \(errnoText())")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            return .failedToStart(String(cString: strerror(rc)))
        }

        let deadline = now() + timeout
        var out: [UInt8] = []
        var err: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 16384)
        while !open.isEmpty {
            let remaining = deadline - now()
            if remaining <= 0 {
                timedOut = true
                break
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1000)) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for f in fds where f.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(f.fd, $0.baseAddress, 16384) }
                if n > 0 {
                    if f.fd == outPipe[0] {
                        if out.count < outputLimit { out.append(contentsOf: buffer[0..<n]) }
                    } else if err.count < outputLimit {
                        err.append(contentsOf: buffer[0..<n])
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(f.fd)
                    open.removeAll { $0 == f.fd }
                }
            }
        }
        var status: Int32 = 0
        if !timedOut {
            // Both pipes closed; the process may still linger (it closed its output but did not exit).
            while true {
                let r = waitpid(pid, &status, WNOHANG)
                if r == pid { break }
                if r < 0 && errno != EINTR { break }
                if now() >= deadline {
                    timedOut = true
                    break
                }
                usleep(1000)
            }
        }
        if timedOut {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            for fd in open { close(fd) }
            return .timedOut(seconds: timeout)
        }
        let stdout = String(decoding: out, as: UTF8.self)
        let stderr = String(decoding: err, as: UTF8.self)
        let signal = status & 0x7f
        if signal != 0 { return .signaled(signal: signal, stdout: stdout, stderr: stderr) }
        return .exited(status: (status >> 8) & 0xff, stdout: stdout, stderr: stderr)
    }

    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `pipe2` looked up at run time: Swift's Glibc module hides it (it needs _GNU_SOURCE), and setting
    /// FD_CLOEXEC after `pipe` races with other threads spawning processes, which would inherit the write end and
    /// keep the pipe open (no end-of-file until they exit).
    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    /// A pipe whose ends are closed in children.
    static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 { return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) } == 0 }
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Runs work on another thread and gives up waiting after a time limit: a wedged GPU can hang NVML or libcuda
/// inside the driver ("GPU has fallen off the bus"). The abandoned thread is left behind; the process exits
/// soon after the probe anyway.
enum WithTimeout {
    final class Box<T>: @unchecked Sendable {
        // Written once by the worker before it signals; read by the waiter after the signal.
        var value: T?
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.value = work()
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.value
    }
}
