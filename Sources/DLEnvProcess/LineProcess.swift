#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A long-lived child spoken to in lines: each request is one line on its stdin, each answer one line on its
/// stdout, each wait bounded by a time limit after which its whole process group is killed. Its stderr is drained
/// whenever dlenv waits on it (so a chatty child never blocks) and the last `stderrLimit` bytes are kept for the
/// error message. `dlenv bench` keeps one torch server for a whole run this way.
///
/// Not thread-safe: one caller at a time.
public final class LineProcess {
    /// The command line it was started with.
    public let argv: [String]
    /// The most bytes of stdout held while waiting for a newline (a child printing more without one is killed).
    public let lineLimit: Int
    /// How many trailing bytes of stderr are kept.
    public let stderrLimit: Int
    /// How it ended; nil while it runs.
    public private(set) var termination: ProcessTermination?

    private var child: ChildProcess
    private var pending: [UInt8] = []
    private var stderrTail: [UInt8] = []

    /// Starts `argv` in a process group of its own, with pipes to its stdin, stdout and stderr.
    public init(
        _ argv: [String], environment: [String: String]? = nil, lineLimit: Int = 1 << 20, stderrLimit: Int = 64 << 10
    ) throws(ProcessError) {
        self.argv = argv
        self.lineLimit = lineLimit
        self.stderrLimit = stderrLimit
        child = try ChildProcess.spawn(argv, environment: environment, pipeStdin: true)
    }

    deinit { close(grace: 0) }

    /// The end of what the child wrote to stderr (the last `stderrLimit` bytes read so far), as UTF-8.
    public var stderr: String { String(decoding: stderrTail, as: UTF8.self) }

    /// Writes `line` and a newline to the child's stdin within `timeout` seconds.
    public func send(_ line: String, timeout: Double) throws(ProcessError) {
        try send(line, deadline: POSIX.now() + timeout, timeout: timeout)
    }

    private func send(_ line: String, deadline: Double, timeout: Double) throws(ProcessError) {
        guard termination == nil else { throw .notRunning }
        guard child.stdinFD >= 0 else { throw .inputClosed }
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(child.stdinFD, $0.baseAddress, $0.count) }
            if n > 0 {
                written += n
                continue
            }
            guard n < 0, errno == EINTR || errno == EAGAIN else {
                child.closeStdin()
                throw .inputClosed
            }
            // The pipe is full: wait for room, reading the child's output meanwhile so it can make progress.
            try wait(for: child.stdinFD, until: deadline, timeout: timeout)
        }
    }

    /// The next line of the child's stdout (without its newline), or nil at the end of its output. After
    /// `timeout` seconds without a whole line the process group is killed and `ProcessError.timedOut` thrown.
    public func readLine(timeout: Double) throws(ProcessError) -> String? {
        try readLine(deadline: POSIX.now() + timeout, timeout: timeout)
    }

    private func readLine(deadline: Double, timeout: Double) throws(ProcessError) -> String? {
        guard termination == nil else { throw .notRunning }
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if pending.count > lineLimit {
                termination = child.killGroupAndReap()
                child.closePipes()
                throw .lineTooLong(limit: lineLimit)
            }
            guard child.stdoutFD >= 0 else {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return String(decoding: pending, as: UTF8.self)
            }
            try wait(for: nil, until: deadline, timeout: timeout)
        }
    }

    /// Sends `line` and returns the next line of output: one request, one answer, both within `timeout`.
    public func request(_ line: String, timeout: Double) throws(ProcessError) -> String? {
        let deadline = POSIX.now() + timeout
        try send(line, deadline: deadline, timeout: timeout)
        return try readLine(deadline: deadline, timeout: timeout)
    }

    /// Ends the child: closes its stdin (a server exits at end of input), waits up to `grace` seconds for it to
    /// exit (reading its output meanwhile), then kills its process group — stragglers it left behind included —
    /// and reaps it. Returns how it ended; calling it again returns the same.
    @discardableResult
    public func close(grace: Double) -> ProcessTermination {
        if let termination { return termination }
        child.closeStdin()
        let deadline = POSIX.now() + grace
        var exited = child.hasExited()
        while !exited && POSIX.now() < deadline {
            pump(milliseconds: 20)
            exited = child.hasExited()
        }
        let ended: ProcessTermination
        if exited {
            // What it wrote before it exited is all in the pipes now: read it without waiting (a straggler holding
            // them open, or writing on, must not keep dlenv here).
            var reads = 0
            while reads < 64 && pump(milliseconds: 0) { reads += 1 }
            kill(-child.pid, SIGKILL)
            ended = child.reap()
        } else {
            ended = child.killGroupAndReap()
        }
        child.closePipes()
        termination = ended
        return ended
    }

    /// Polls stdout and stderr (and `writable`, for room to write) until something happens; throws after the
    /// deadline, having killed the group.
    private func wait(for writable: Int32?, until deadline: Double, timeout: Double) throws(ProcessError) {
        let remaining = deadline - POSIX.now()
        guard remaining > 0 else {
            termination = child.killGroupAndReap()
            child.closePipes()
            throw .timedOut(seconds: timeout)
        }
        pump(milliseconds: Int32(min(remaining * 1000, 1000)) + 1, writable: writable)
    }

    /// One `poll` over the open output pipes: stdout is appended to the pending line, stderr to the bounded tail.
    /// Returns whether any pipe had something (data or its end).
    @discardableResult
    private func pump(milliseconds: Int32, writable: Int32? = nil) -> Bool {
        var fds: [pollfd] = []
        for fd in [child.stdoutFD, child.stderrFD] where fd >= 0 {
            fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
        }
        if let writable { fds.append(pollfd(fd: writable, events: Int16(POLLOUT), revents: 0)) }
        guard !fds.isEmpty else {
            usleep(UInt32(milliseconds) * 1000)
            return false
        }
        guard poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return false }
        var any = false
        for f in fds where f.revents != 0 && f.fd != writable {
            any = true
            let isOut = f.fd == child.stdoutFD
            let open = POSIX.drain(f.fd) { bytes in
                if isOut {
                    pending.append(contentsOf: bytes)
                } else {
                    stderrTail.append(contentsOf: bytes)
                    if stderrTail.count > stderrLimit { stderrTail.removeFirst(stderrTail.count - stderrLimit) }
                }
            }
            if !open {
                POSIX.closeFD(f.fd)
                if isOut { child.stdoutFD = -1 } else { child.stderrFD = -1 }
            }
        }
        return any
    }
}
