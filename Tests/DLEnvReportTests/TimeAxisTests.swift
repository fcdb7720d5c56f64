import Foundation
import Testing

@testable import DLEnvReport

@Suite struct TimeAxisTests {
    static let t0 = 1_790_000_000.0  // 2026-09-21T14:13:20Z

    @Test func oneRunGetsATwoHourAxisCentredOnIt() throws {
        let axis = try #require(TimeAxis(covering: [Self.t0]))
        #expect(axis.lower == Self.t0 - 3600 && axis.upper == Self.t0 + 3600)
        #expect(axis.ticks.map(\.label) == ["09-21 13:30", "09-21 14:00", "09-21 14:30", "09-21 15:00"])
        #expect(axis.ticks.allSatisfy { $0.label.hasPrefix("09-21 ") })
        #expect(TimeAxis(covering: []) == nil)
    }

    static let spans: [Double] = [3600, 25_200, 86_400, 777_600, 5_184_000, 34_560_000, 259_200_000]

    @Test(arguments: spans)
    func ticksAreFewRoundAndInside(span: Double) throws {
        let axis = try #require(TimeAxis(covering: [Self.t0, Self.t0 + span]))
        let ticks = axis.ticks
        #expect(ticks.count >= 2 && ticks.count <= 6, "\(ticks.map(\.label))")
        #expect(ticks.allSatisfy { $0.value >= axis.lower && $0.value <= axis.upper })
        let steps = Set(zip(ticks.dropFirst(), ticks).map { $0.value - $1.value })
        #expect(steps.count == 1)
        if steps.first! >= 86_400 {
            // Day steps fall on UTC midnight and read as dates.
            #expect(ticks.allSatisfy { $0.value.truncatingRemainder(dividingBy: 86_400) == 0 })
            #expect(ticks.allSatisfy { $0.label.count == 10 && $0.label.hasPrefix("20") })
        }
    }

    @Test func tablesShowMinutesInUTC() {
        #expect(TimeAxis.format(Date(timeIntervalSince1970: Self.t0)) == "2026-09-21 14:13 UTC")
    }
}
