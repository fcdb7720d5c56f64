import DLEnvCore
import Foundation
import Testing

@testable import DLEnvProbe

/// Files read with a size cap and never blocking (issue #18): FIFOs, devices and oversized files under `--root`
/// are refused with a warning; implausible cpufreq clocks and tool output over the runner's cap are warnings too.
@Suite struct FileReaderTests {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(FileReader.contents(fifo.path, limit: 1 << 20) == .refused("a FIFO, not a regular file"))
    }

    @Test func aDeviceIsRefused() {
        #expect(FileReader.contents("/dev/zero", limit: 1 << 20) == .refused("a device, not a regular file"))
    }

    @Test func filesOverTheCapAreRefusedAndSmallOnesRead() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big")
        try Data(repeating: 0x41, count: 3 << 20).write(to: file)
        guard case .refused(let why) = FileReader.contents(file.path, limit: 2 << 20) else {
            Issue.record("a 3 MiB file was read under a 2 MiB cap")
            return
        }
        #expect(why.contains("larger than 2 MiB"))
        #expect(FileReader.contents("/proc/self/stat", limit: 1 << 20) != .absent)
        #expect(FileReader.contents(dir.appendingPathComponent("none").path, limit: 1) == .absent)
    }

    @Test func theProbeWarnsAboutEachRefusedFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let version = dir.appendingPathComponent("proc/driver/nvidia/version")
        try FileManager.default.createDirectory(
            at: version.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(mkfifo(version.path, 0o644) == 0)
        let report = HostProbe(system: LiveSystem(root: dir.path), options: ProbeOptions(noExec: true)).run()
        #expect(
            report.facts.warnings.contains {
                $0.contains("/proc/driver/nvidia/version was not read: a FIFO")
            })
    }

    @Test func anImplausibleClockIsAWarningAndIgnored() throws {
        let cpuinfo = FixtureSupport.corpus("local-cpuinfo-amd-epyc-zen4-avx512")
        let system = FakeSystem(files: [
            "/proc/cpuinfo": cpuinfo,
            "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq": "1000000000000000000000000000\n",
        ])
        let report = HostProbe(system: system).run()
        let cpu = try #require(report.facts.cpu)
        #expect((cpu.fp32PeakGflops ?? 0) < 10_000)
        #expect(report.facts.warnings.contains { $0.contains("cpuinfo_max_freq says") })
    }

    @Test func controlCharactersInToolOutputAreEscapedInTheReport() throws {
        var system = FakeSystem(paths: ["nvidia-smi": ["/usr/bin/nvidia-smi"]])
        system.commands[HostProbe.Commands.list.key] = .output(
            status: 0, stdout: "GPU 0: NVIDIA \u{1B}[31mH100\u{07} (UUID: GPU-1)\n", stderr: "")
        let report = HostProbe(system: system).run()
        #expect(!report.facts.gpus.isEmpty)
        for gpu in report.facts.gpus { #expect(!(gpu.name ?? "").contains("\u{1B}")) }
    }
}
