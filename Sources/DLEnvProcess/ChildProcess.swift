import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A spawned child with pipes to its stdout and stderr (and its stdin, when it reads bytes from dlenv), in a
/// process group of its own: a hung tool and everything it started are killed together (`kill(-pgid, SIGKILL)`).
/// Internal: `ProcessRunner` and `LineProcess` drive it.
struct ChildProcess {
    let pid: pid_t
    /// The write end of the child's stdin (-1 when its input is /dev/null or was closed).
    var stdinFD: Int32
    var stdoutFD: Int32
    var stderrFD: Int32

    /// Starts `argv` with its own process group. `pipeStdin`: the child reads from a pipe (else /dev/null).
    static func spawn(_ argv: [String], environment: [String: String]?, pipeStdin: Bool) throws(ProcessError)
        -> ChildProcess
    {
        let executable = argv[0]
        var fds: [[Int32]] = []
        func closeAll() { for pair in fds { for fd in pair where fd >= 0 { close(fd) } } }
        for _ in 0..<(pipeStdin ? 3 : 2) {
            var pair: [Int32] = [-1, -1]
            guard POSIX.makePipe(&pair) else {
                let reason = "pipe: \(POSIX.errnoText())"
                closeAll()
                throw .cannotStart(executable: executable, reason: reason)
            }
            fds.append(pair)
        }
        let out = fds[0], err = fds[1], input = pipeStdin ? fds[2] : nil
        if pipeStdin {
            // A child that exits without reading its input must surface as EPIPE on write, not kill dlenv.
            POSIX.ignoreSIGPIPE()
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        // Nothing else: a descriptor another thread opened without O_CLOEXEC (a script being written) must not
        // leak into the child (exec of that script elsewhere would fail with ETXTBSY while it is held open).
        if let addCloseFrom = POSIX.addCloseFrom { _ = addCloseFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, default SIGPIPE (dlenv ignores it, and ignored signals survive exec) and an empty
        // signal mask (a test runner or a shell may leave signals blocked).
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        // SIGTERM too: an ignored SIGTERM survives exec, and the timeout sends it first.
        sigaddset(&defaults, SIGTERM)
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)

        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgv { free(p) } }
        let cEnv: [UnsafeMutablePointer<CChar>?]? = environment.map { env in
            env.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for p in cEnv ?? [] { free(p) } }

        var pid: pid_t = 0
        func spawn(_ envp: UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
            executable.contains("/")
                ? posix_spawn(&pid, executable, &actions, &attributes, cArgv, envp)
                : posix_spawnp(&pid, executable, &actions, &attributes, cArgv, envp)
        }
        let rc = cEnv.map { env in env.withUnsafeBufferPointer { spawn($0.baseAddress) } } ?? spawn(environ)
        // The child's ends: closed here, so end-of-file arrives when the child (and its children) close theirs.
        close(out[1])
        close(err[1])
        if let input { close(input[0]) }
        guard rc == 0 else {
            close(out[0])
            close(err[0])
            if let input { close(input[1]) }
            throw .cannotStart(executable: executable, reason: String(cString: strerror(rc)))
        }
        if let input { _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK) }
        return ChildProcess(pid: pid, stdinFD: input?[1] ?? -1, stdoutFD: out[0], stderrFD: err[0])
    }

    /// Closes the write end of the child's stdin (it sees end of input).
    mutating func closeStdin() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
    }

    /// Closes every pipe end still open.
    mutating func closePipes() {
        closeStdin()
        if stdoutFD >= 0 { close(stdoutFD) }
        if stderrFD >= 0 { close(stderrFD) }
        stdoutFD = -1
        stderrFD = -1
    }

    /// Kills the whole process group and then the child itself (in case it left the group), and reaps it.
    func killGroupAndReap() -> ProcessTermination {
        killGroup()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return .timedOut
    }

    /// At the time limit: `SIGTERM` to the group (a Python interpreter can clean up), `SIGKILL` to whatever is
    /// left after `grace` seconds or as soon as the child has exited (a descendant that ignores `SIGTERM` must
    /// not outlive dlenv), then reaps the child.
    func terminateGroupAndReap(grace: Double) -> ProcessTermination {
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        let end = POSIX.now() + max(0, grace)
        while POSIX.now() < end, !hasExited() { usleep(5000) }
        return killGroupAndReap()
    }

    /// `SIGKILL` to the child's process group and to the child (in case it left the group). Only while the child
    /// is unreaped: then its pid, and so its group id, cannot belong to anyone else.
    func killGroup() {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }

    /// Whether the child has exited, without reaping it (`waitid` with `WNOWAIT`): while it is an unreaped
    /// zombie its pid cannot be reused, so killing its group afterwards cannot hit a stranger.
    func hasExited() -> Bool {
        var info = siginfo_t()
        let r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return r == 0 && info.si_signo == SIGCHLD
    }

    /// Reaps the child (blocking) and decodes its wait status.
    func reap() -> ProcessTermination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return POSIX.termination(status)
    }
}

/// The POSIX pieces the runner shares.
enum POSIX {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `pipe2` looked up at run time: Swift's Glibc module hides it (it needs _GNU_SOURCE), and setting
    /// FD_CLOEXEC after `pipe` races with other threads spawning processes, which would inherit the write end and
    /// keep the pipe open (no end-of-file until they exit).
    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time: older C libraries lack it.
    static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    /// A pipe whose ends are closed in children.
    static func makePipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 { return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) } == 0 }
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Ignores SIGPIPE for the whole process, once (writes to a child that is gone fail with EPIPE instead).
    static func ignoreSIGPIPE() { _ = ignoredSIGPIPE }
    private static let ignoredSIGPIPE: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// `close(2)`, for types whose own `close` method hides it.
    static func closeFD(_ fd: Int32) { close(fd) }

    /// A `waitpid` status as a termination (WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import).
    static func termination(_ status: Int32) -> ProcessTermination {
        let signal = status & 0x7f
        return signal != 0 ? .signaled(signal) : .exited((status >> 8) & 0xff)
    }

    /// Reads what is available from `fd` into `sink`; false at end of file or on an error other than EINTR/EAGAIN.
    static func drain(_ fd: Int32, into sink: (ArraySlice<UInt8>) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            sink(buffer[0..<n])
            return true
        }
        return n < 0 && (errno == EINTR || errno == EAGAIN)
    }
}
