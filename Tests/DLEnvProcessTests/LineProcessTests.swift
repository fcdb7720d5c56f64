import Foundation
import Testing

@testable import DLEnvProcess

/// The long-lived process: a line per request and per answer, the per-request timeout killing the whole group,
/// the end of output, the stderr tail, and stragglers killed at close.
@Suite struct LineProcessTests {
    @Test func eachRequestGetsItsAnswer() throws {
        let p = try LineProcess(["/bin/sh", "-c", "while read l; do echo \"got $l\"; done"])
        #expect(try p.request("a", timeout: 5) == "got a")
        #expect(try p.request("b c", timeout: 5) == "got b c")
        #expect(p.close(grace: 5) == .exited(0))
        #expect(p.termination == .exited(0))
        #expect(throws: ProcessError.notRunning) { try p.request("d", timeout: 5) }
    }

    /// The case on the long-lived side: no answer within the request's time limit kills the group.
    @Test func aRequestTimeoutKillsTheWholeProcessGroup() throws {
        let p = try LineProcess(["/bin/sh", "-c", "sleep 30 & echo $!; read x; sleep 30"])
        let line = try #require(try p.readLine(timeout: 5))
        let background = try #require(pid_t(line))
        let start = Date()
        #expect(throws: ProcessError.timedOut(seconds: 0.5)) { try p.request("x", timeout: 0.5) }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(p.termination == .timedOut)
        #expect(isGone(background), "the background sleep \(background) outlived the timeout")
        #expect(throws: ProcessError.notRunning) { try p.readLine(timeout: 1) }
    }

    @Test func theEndOfOutputIsNilAndTheStatusAndStderrTailAreKept() throws {
        let p = try LineProcess(
            ["/bin/sh", "-c", "echo first; printf 'last without newline'; echo e1 >&2; echo e2 >&2; exit 5"],
            stderrLimit: 3)
        #expect(try p.readLine(timeout: 5) == "first")
        #expect(try p.readLine(timeout: 5) == "last without newline")
        #expect(try p.readLine(timeout: 5) == nil)
        #expect(p.close(grace: 5) == .exited(5))
        #expect(p.stderr == "e2\n")
    }

    @Test func writingToAProcessThatExitedIsInputClosed() throws {
        let p = try LineProcess(["/bin/sh", "-c", "exit 0"])
        #expect(try p.readLine(timeout: 5) == nil)
        #expect(throws: ProcessError.inputClosed) {
            for _ in 0..<100 {
                try p.send("x", timeout: 1)
                usleep(10_000)
            }
        }
    }

    @Test func aLineLongerThanTheLimitKillsTheProcess() throws {
        let p = try LineProcess(["/bin/sh", "-c", "head -c 1000 /dev/zero | tr '\\0' y; sleep 30"], lineLimit: 50)
        #expect(throws: ProcessError.lineTooLong(limit: 50)) { try p.readLine(timeout: 5) }
        #expect(p.termination == .timedOut)
    }

    /// A server that exits at the end of its input but left a background child: close kills the straggler too.
    @Test func closeKillsWhatTheProcessLeftBehind() throws {
        let p = try LineProcess(["/bin/sh", "-c", "sleep 30 & echo $!; cat >/dev/null"])
        let line = try #require(try p.readLine(timeout: 5))
        let background = try #require(pid_t(line))
        #expect(p.close(grace: 5) == .exited(0))
        #expect(isGone(background))
    }

    /// A server that ignores the end of its input is killed after the grace period.
    @Test func aServerThatIgnoresTheEndOfInputIsKilledAfterTheGrace() throws {
        let p = try LineProcess(["/bin/sh", "-c", "exec sleep 30"])
        let start = Date()
        #expect(p.close(grace: 0.3) == .timedOut)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func aMissingExecutableCannotStart() {
        #expect(
            throws: ProcessError.cannotStart(executable: "/nonexistent/server", reason: "No such file or directory")
        ) {
            _ = try LineProcess(["/nonexistent/server"])
        }
    }
}
