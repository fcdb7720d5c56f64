import Foundation
import Testing

@testable import DLEnvProcess

/// Whether a process is gone: no such pid, or a zombie waiting for init to reap it (killed, holding nothing).
func isGone(_ pid: pid_t) -> Bool {
    for _ in 0..<100 {
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "Z"
        {
            return true
        }
        usleep(20_000)
    }
    return false
}

/// The one-shot run: status and output, the time limit killing the whole group, bounded output, stdin bytes,
/// the environment, signals, and executables that cannot start.
@Suite struct ProcessRunnerTests {
    @Test func capturesOutputAndExitStatus() throws {
        let r = try ProcessRunner.run(ProcessCommand(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], timeout: 5))
        #expect(r.termination == .exited(3))
        #expect(r.stdoutText == "out\n" && r.stderrText == "err\n")
        #expect(!r.timedOut && !r.stdoutTruncated && !r.stderrTruncated)
        #expect(r.termination.code == 3)
    }

    /// The case: a shell that started a background child. At the limit the group goes, not only the shell.
    @Test func theTimeoutKillsTheWholeProcessGroup() throws {
        let start = Date()
        let r = try ProcessRunner.run(
            ProcessCommand(["/bin/sh", "-c", "sleep 30 & echo $!; sleep 30"], timeout: 0.5))
        #expect(r.timedOut && r.termination == .timedOut && r.termination.code == nil)
        #expect(Date().timeIntervalSince(start) < 5)
        let background = try #require(pid_t(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isGone(background), "the background sleep \(background) outlived the timeout")
    }

    /// The child exits while a background child keeps its stdout open: its answer and status come back at once
    /// (no wait until the limit) and the background child is killed with the group (issue #18).
    @Test func aBackgroundChildHoldingTheOutputOpenDoesNotHoldTheRun() throws {
        let start = Date()
        let r = try ProcessRunner.run(ProcessCommand(["/bin/sh", "-c", "sleep 30 & echo $!; exit 4"], timeout: 20))
        #expect(r.termination == .exited(4))
        #expect(Date().timeIntervalSince(start) < 5)
        let background = try #require(pid_t(r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isGone(background))
    }

    /// At the limit the group gets SIGTERM first (a trap runs), then SIGKILL after the grace for what ignores it.
    @Test func theTimeoutSendsTermThenKill() throws {
        let start = Date()
        let r = try ProcessRunner.run(
            ProcessCommand(
                [
                    "/bin/sh", "-c",
                    "trap 'echo term; exit 7' TERM; (trap '' TERM; sleep 30) & echo $!; while :; do sleep 0.05; done",
                ],
                timeout: 0.5, killGrace: 1))
        #expect(r.timedOut)
        #expect(Date().timeIntervalSince(start) < 5)
        let background = try #require(pid_t(r.stdoutText.split(separator: "\n").first.map(String.init) ?? ""))
        #expect(isGone(background), "the TERM-ignoring child \(background) outlived the grace")
    }

    @Test func outputIsBoundedAndTheRestDrained() throws {
        let r = try ProcessRunner.run(
            ProcessCommand(
                ["/bin/sh", "-c", "head -c 1000000 /dev/zero; echo done >&2"], timeout: 10, outputLimit: 1000))
        #expect(r.termination == .exited(0))
        #expect(r.stdout.count == 1000 && r.stdoutTruncated)
        #expect(r.stderrText == "done\n" && !r.stderrTruncated)
    }

    /// A tool that never stops printing: killed at the limit with no more than the limit kept.
    @Test func aFloodingChildIsKilledAtTheLimit() throws {
        let start = Date()
        let r = try ProcessRunner.run(ProcessCommand(["/usr/bin/yes"], timeout: 0.5, outputLimit: 4096))
        #expect(r.timedOut)
        #expect(r.stdout.count == 4096 && r.stdoutTruncated)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// More input than a pipe holds, read back while it is still being written.
    @Test func stdinBytesAreWrittenWhileOutputIsRead() throws {
        let input = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let r = try ProcessRunner.run(ProcessCommand(["/bin/cat"], stdin: input, timeout: 10, outputLimit: 1 << 20))
        #expect(r.termination == .exited(0))
        #expect(r.stdout == input)
    }

    @Test func aChildThatDoesNotReadItsInputStillFinishes() throws {
        let r = try ProcessRunner.run(
            ProcessCommand(["/bin/sh", "-c", "exit 0"], stdin: [UInt8](repeating: 1, count: 1 << 20), timeout: 5))
        #expect(r.termination == .exited(0))
    }

    @Test func withoutStdinTheInputIsEmpty() throws {
        let r = try ProcessRunner.run(ProcessCommand(["/bin/cat"], timeout: 5))
        #expect(r.termination == .exited(0) && r.stdout.isEmpty)
    }

    @Test func theEnvironmentIsTheOneGiven() throws {
        let r = try ProcessRunner.run(
            ProcessCommand(
                ["/bin/sh", "-c", "echo \"$DLENV_X:${HOME:-unset}\""], environment: ["DLENV_X": "1"], timeout: 5))
        #expect(r.stdoutText == "1:unset\n")
    }

    /// dlenv ignores SIGPIPE once it writes to children; its children must not inherit that.
    @Test func childrenGetTheDefaultSIGPIPE() throws {
        _ = try ProcessRunner.run(ProcessCommand(["/bin/cat"], stdin: [1], timeout: 5))
        let r = try ProcessRunner.run(ProcessCommand(["/bin/sh", "-c", "yes | head -n 1"], timeout: 5))
        #expect(r.stdoutText == "y\n")
        #expect(r.stderrText.isEmpty, "yes saw EPIPE instead of dying of SIGPIPE: \(r.stderrText)")
    }

    @Test func aSignalIsReported() throws {
        let r = try ProcessRunner.run(ProcessCommand(["/bin/sh", "-c", "kill -SEGV $$"], timeout: 5))
        #expect(r.termination == .signaled(11) && r.termination.code == 11)
    }

    @Test func aNameIsLookedUpOnPATH() throws {
        let r = try ProcessRunner.run(ProcessCommand(["sh", "-c", "echo ok"], timeout: 5))
        #expect(r.stdoutText == "ok\n")
    }

    @Test(arguments: ["/nonexistent/tool", "dlenv-no-such-tool-xyz"])
    func aMissingExecutableCannotStart(_ executable: String) {
        #expect(throws: ProcessError.cannotStart(executable: executable, reason: "No such file or directory")) {
            _ = try ProcessRunner.run(ProcessCommand([executable], timeout: 5))
        }
    }
}
