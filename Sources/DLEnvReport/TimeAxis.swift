import Foundation

/// The date axis every benchmark chart of the page shares: one domain (the first to the last stored benchmark
/// run, padded) and round ticks in UTC (whole hours, days, weeks or 30-day months), so the same date sits at the
/// same place in every chart.
public struct TimeAxis: Sendable, Hashable {
    /// Seconds since 1970, UTC.
    public var lower: Double
    public var upper: Double

    /// The axis covering `times` (seconds since 1970): padded by 4 % of the span on each side, and at least two
    /// hours wide so that a single run sits in the middle of a readable range instead of on the frame.
    public init?(covering times: [Double]) {
        let finite = times.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return nil }
        let minimumSpan = 2 * 3600.0
        if hi - lo < minimumSpan {
            let mid = (lo + hi) / 2
            lower = mid - minimumSpan / 2
            upper = mid + minimumSpan / 2
        } else {
            let pad = (hi - lo) * 0.04
            lower = lo - pad
            upper = hi + pad
        }
    }

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Tick steps in seconds: minutes, hours, days, weeks, 30-day months, quarters, years.
    static let steps: [Double] =
        [5, 10, 15, 30].map { $0 * 60 } + [1, 2, 3, 6, 12].map { $0 * 3600 }
        + [1, 2, 7, 14, 30, 91, 182, 365].map { $0 * 86_400 }

    /// At most six ticks on multiples of one step (multiples of a day fall on UTC midnight), each with its label:
    /// "12-03 14:00" for steps under a day, "2026-12-03" otherwise.
    public var ticks: [(value: Double, label: String)] {
        let span = upper - lower
        let year = Self.steps[Self.steps.count - 1]
        let step = Self.steps.first { span / $0 <= 5 } ?? year * (span / 5 / year).rounded(.up)
        var out: [(value: Double, label: String)] = []
        var t = (lower / step).rounded(.up) * step
        while t <= upper && out.count < 12 {
            out.append((t, Self.label(t, step: step)))
            t += step
        }
        return out
    }

    static func label(_ t: Double, step: Double) -> String {
        let c = Self.calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: t))
        let two = { (v: Int?) in String(format: "%02d", v ?? 0) }
        if step < 86_400 { return "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// "2026-12-03 14:05 UTC": a time for the page's tables.
    public static func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let two = { (v: Int?) in String(format: "%02d", v ?? 0) }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) UTC"
    }
}
