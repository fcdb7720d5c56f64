#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a command once with captured, bounded output and a hard time limit (`posix_spawn`, one `poll` loop). The
/// child gets its own process group, so a hung tool and anything it started are killed together at the limit.
/// dlenv's one way to run a tool: the probe's `nvidia-smi`, the torch twin. `LineProcess` is the long-lived kind.
public enum ProcessRunner {
    /// Runs `command` to its end or its time limit. Throws only when it cannot be started; a non-zero exit, a
    /// signal or the time limit are outcomes.
    public static func run(_ command: ProcessCommand) throws(ProcessError) -> ProcessOutcome {
        var child = try ChildProcess.spawn(
            command.argv, environment: command.environment, pipeStdin: command.stdin != nil)
        let deadline = POSIX.now() + command.timeout
        let limit = command.outputLimit
        var out: [UInt8] = [], err: [UInt8] = []
        var outTruncated = false, errTruncated = false
        var input = command.stdin ?? []
        var written = 0
        if input.isEmpty { child.closeStdin() }
        var timedOut = false
        // When the child has exited but a descendant still holds its stdout or stderr open (`sleep 1000 &`),
        // the rest is read for a short while only: the child's answer is complete, the descendant is killed.
        var drainUntil: Double?
        while child.stdoutFD >= 0 || child.stderrFD >= 0 {
            let now = POSIX.now()
            let remaining = deadline - now
            if remaining <= 0 {
                timedOut = true
                break
            }
            if let until = drainUntil {
                if now >= until { break }
            } else if child.hasExited() {
                drainUntil = now + ProcessRunner.descendantDrain
            }
            var fds: [pollfd] = []
            for fd in [child.stdoutFD, child.stderrFD] where fd >= 0 {
                fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0))
            }
            if child.stdinFD >= 0 { fds.append(pollfd(fd: child.stdinFD, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1000)) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for f in fds where f.revents != 0 {
                if f.fd == child.stdinFD {
                    // Non-blocking writes, so a child that does not read cannot stall the output loop.
                    let n = input[written...].withUnsafeBytes { write(f.fd, $0.baseAddress, $0.count) }
                    if n > 0 { written += n }
                    if written == input.count || (n < 0 && errno != EINTR && errno != EAGAIN) {
                        input = []
                        child.closeStdin()
                    }
                    continue
                }
                let isOut = f.fd == child.stdoutFD
                let open = POSIX.drain(f.fd) { bytes in
                    if isOut {
                        keep(bytes, in: &out, limit: limit, truncated: &outTruncated)
                    } else {
                        keep(bytes, in: &err, limit: limit, truncated: &errTruncated)
                    }
                }
                if !open {
                    close(f.fd)
                    if isOut { child.stdoutFD = -1 } else { child.stderrFD = -1 }
                }
            }
        }
        var termination: ProcessTermination = .timedOut
        if !timedOut {
            // Both pipes closed; the process may still linger (it closed its output but did not exit).
            timedOut = true
            while POSIX.now() < deadline {
                if child.hasExited() {
                    timedOut = false
                    break
                }
                usleep(1000)
            }
            if !timedOut {
                // Descendants left in its group (a daemon it started) go with it; the group id is still its own
                // while it is an unreaped zombie.
                child.killGroup()
                termination = child.reap()
            }
        }
        if timedOut { termination = child.terminateGroupAndReap(grace: command.killGrace) }
        child.closePipes()
        return ProcessOutcome(
            termination: termination, stdout: out, stderr: err, stdoutTruncated: outTruncated,
            stderrTruncated: errTruncated)
    }

    /// Seconds the output of a child that has exited is still read while a descendant keeps its pipes open.
    static let descendantDrain = 0.2

    /// Appends up to `limit` bytes in all; notes whether any were dropped.
    static func keep(_ bytes: ArraySlice<UInt8>, in buffer: inout [UInt8], limit: Int, truncated: inout Bool) {
        let room = max(0, limit - buffer.count)
        if bytes.count > room { truncated = true }
        buffer.append(contentsOf: bytes.prefix(room))
    }
}
