import Testing

@testable import DLEnvProbe

/// nvidia-smi's CSV, -L, banner, XML and error outputs (reference/probe.md §2).
@Suite struct SMIParserTests {
    @Test func csvWithHeaderAndMixedGPUs() {
        let rows = SMIQueryCSV.parse(FixtureSupport.corpus("F2.2a"), fields: [])
        #expect(rows.count == 2)
        #expect(rows[0]["name"] == "NVIDIA TITAN V" && rows[0]["compute_cap"] == "7.0")
        #expect(rows[1]["compute_cap"] == "8.9" && rows[1]["index"] == "1")
    }

    @Test func csvUnitsInHeaderAndValues() {
        let rows = SMIQueryCSV.parse(FixtureSupport.corpus("F2.2c"), fields: [])
        #expect(rows.count == 2)
        #expect(SMIQueryCSV.mebibytes(rows[0]["memory.total"]) == 46068)
        #expect(rows[1]["pci.bus_id"] == "00000000:91:00.0")
    }

    @Test func csvTwoDigitMajorCapability() {
        let rows = SMIQueryCSV.parse(FixtureSupport.corpus("F2.2d"), fields: [])
        #expect(rows.count == 7)
        #expect(rows.allSatisfy { $0["compute_cap"] == "10.3" })
    }

    @Test func csvBracketedValuesAreMissing() {
        let rows = SMIQueryCSV.parse(FixtureSupport.corpus("F2.2e"), fields: [])
        #expect(rows.count == 1)
        #expect(rows[0]["fan.speed"] == nil)
        #expect(rows[0]["memory.free"] == "16280")
    }

    @Test func csvWithoutHeaderUsesRequestedFields() {
        let fields = ["index", "name", "memory.total", "memory.used", "utilization.gpu", "temperature.gpu"]
        let rows = SMIQueryCSV.parse(FixtureSupport.corpus("F2.2f"), fields: fields)
        #expect(rows.map { $0["name"] } == ["NVIDIA GeForce RTX 4080 SUPER", "NVIDIA GeForce RTX 4080 SUPER"])
        #expect(SMIQueryCSV.mebibytes(rows[1]["memory.used"]) == 13625)
    }

    @Test func listWithMIG() {
        let entries = SMIListEntry.parse(FixtureSupport.corpus("F2.4a"))
        #expect(entries.count == 4)
        #expect(entries[0].migDevices.count == 4)
        #expect(entries[0].migDevices[3].uuid == "MIG-930574a9-d43a-5d2b-95da-3e68384c8d6b")
        #expect(entries[1].uuid == "GPU-d8594bd4-0fc3-8595-e355-7c98138f3b95")
        #expect(entries[1].migDevices.isEmpty)
        let seven = SMIListEntry.parse(FixtureSupport.corpus("F2.4b"))
        #expect(seven.first?.migDevices.map(\.profile) == Array(repeating: "1g.10gb", count: 7))
        #expect(SMIListEntry.parse(FixtureSupport.corpus("F2.4e")).first?.name == "NVIDIA B300 SXM6 AC")
    }

    @Test(arguments: [
        ("F2.3a", "430.34", "10.1", false), ("F2.3b", "450.57", "11.0", false), ("F2.3c", "470.256.02", "11.4", false),
        ("F2.3d", "510.47.03", "11.6", false), ("F2.3f", "520.61.05", "11.8", false),
        ("F2.3g", "535.86.10", "12.2", false), ("F2.3h", "545.23.08", "12.3", false),
        ("F2.3i", "550.40.07", "12.4", false), ("F2.3j", "550.135", "12.4", false),
        ("F2.3k", "580.119.02", "13.0", false), ("F2.3l", "610.43.02", "13.3", true),
        ("F2.3m", "610.43.02", "13.3", true), ("F2.3o", "555.99", "12.5", false),
        ("F2.3p", "418.67", "10.1", false), ("F2.3r", "580.95.05", "13.0", false),
    ])
    func banner(id: String, driver: String, cuda: String, kmd: Bool) throws {
        let b = try #require(SMIBanner.parse(FixtureSupport.corpus(id)))
        #expect(b.driverVersion == driver)
        #expect(b.cudaVersion == cuda)
        #expect(b.kmdWording == kmd)
    }

    @Test func bannerEdgeCases() throws {
        let old = try #require(SMIBanner.parse(FixtureSupport.corpus("F2.3q")))
        #expect(old.driverVersion == "384.111" && old.cudaVersion == nil && old.cudaRaw == nil)
        let wsl = try #require(SMIBanner.parse(FixtureSupport.corpus("F2.3n")))
        #expect(wsl.smiVersion == "545.46" && wsl.driverVersion == "546.80")
        #expect(wsl.cudaVersion == nil && wsl.cudaRaw == "ERR!")
        let mismatched = try #require(SMIBanner.parse(FixtureSupport.corpus("F2.3p")))
        #expect(mismatched.smiVersion == "450.66")
        let mig = try #require(SMIBanner.parse(FixtureSupport.corpus("F2.3d") + FixtureSupport.corpus("F2.3e")))
        #expect(mig.tableMemoryMiB == [81920, 81920])
        #expect(SMIBanner.parse("| NVIDIA-SMI has failed |") == nil)
    }

    @Test func xmlP100() throws {
        let r = try #require(SMIXMLReport.parse(FixtureSupport.corpus("F2.6a")))
        #expect(r.driverVersion == "510.47.03" && r.cudaVersion == "11.6")
        #expect(r.gpus.count == 1)
        #expect(r.gpus[0].name == "Tesla P100-PCIE-16GB")
        #expect(r.gpus[0].architecture == "Pascal")
        #expect(r.gpus[0].memoryMiB == 16384)
        #expect(r.gpus[0].migEnabled == nil && r.gpus[0].migDeviceCount == 0)
        #expect(r.gpus[0].busID == "00000000:00:04.0")
    }

    @Test func xmlTruncatedWithMIG() throws {
        let r = try #require(SMIXMLReport.parse(FixtureSupport.corpus("F2.6b")))
        #expect(r.driverVersion == "535.129.03")
        #expect(r.gpus.count == 2)
        #expect(r.gpus[0].migEnabled == true && r.gpus[0].migDeviceCount == 3)
        #expect(r.gpus[1].migEnabled == nil)
    }

    @Test func xmlR610DeprecationSuffix() throws {
        let xml = """
            <nvidia_smi_log><driver_version>610.47 [Deprecated; will be removed in CUDA 14.0. Use KMD Version \
            instead]</driver_version><cuda_version>13.3</cuda_version></nvidia_smi_log>
            """
        #expect(SMIXMLReport.parse(xml)?.driverVersion == "610.47")
        #expect(SMIXMLReport.parse("<html></html>") == nil)
    }

    @Test func failures() {
        #expect(
            SMIFailure.classify(status: 18, output: "Failed to initialize NVML: Driver/library version mismatch\n")
                == .versionMismatch(libraryVersion: nil))
        #expect(
            SMIFailure.classify(
                status: 18,
                output: "Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 570.124")
                == .versionMismatch(libraryVersion: "570.124"))
        #expect(
            SMIFailure.classify(
                status: 9,
                output: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure")
                == .cannotCommunicate)
        #expect(SMIFailure.classify(status: 2, output: FixtureSupport.corpus("F2.2g")) == .invalidField("compute_cap"))
        #expect(SMIFailure.classify(status: 255, output: "") == .other(status: 255, message: ""))
        #expect(
            SMIFailure.classify(status: 9, output: "Failed to properly shut down NVML: Driver Not Loaded")
                == .driverNotLoaded)
    }
}
