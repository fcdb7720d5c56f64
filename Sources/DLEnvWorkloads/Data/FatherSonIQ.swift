/// A synthetic set of 100 father/son IQ pairs (IQ scale: mean 100, sd 15), shipped with dlenv for the
/// `gradient-descent` workload. Generated once with SplitMix64 (seed 1886, the year of Galton's "Regression
/// towards mediocrity in hereditary stature"): father = round(100 + 15·N), son = round(100 + 0.5·(father − 100)
/// + 13·N), N standard normal by Box-Muller, in that order per pair. `FatherSonIQTests` regenerates the table
/// from the generator and checks it. Least squares through the origin gives w ≈ 0.98; with an intercept the
/// slope is ≈ 0.55 (sons regress towards the mean).
public enum FatherSonIQ {
    public static let fathers: [Double] = [
        115, 95, 115, 92, 72, 111, 108, 90, 94, 60, 111, 106, 61, 84, 93, 97, 125, 96, 123, 109, 98, 88, 102, 99, 97,
        101, 129, 98, 101, 124, 120, 77, 86, 124, 97, 119, 103, 80, 124, 89, 93, 75, 132, 88, 122, 115, 86, 117, 100,
        108, 105, 112, 92, 81, 90, 105, 55, 105, 106, 123, 91, 96, 97, 102, 78, 77, 93, 102, 85, 125, 77, 108, 102,
        127, 105, 92, 105, 118, 95, 71, 85, 125, 110, 114, 92, 113, 126, 110, 53, 112, 92, 89, 108, 112, 105, 105,
        109, 79, 102, 99,
    ]

    public static let sons: [Double] = [
        120, 80, 106, 117, 93, 86, 92, 98, 83, 44, 75, 121, 75, 77, 95, 102, 105, 91, 118, 89, 98, 97, 84, 131, 85,
        104, 145, 90, 86, 127, 119, 79, 106, 134, 91, 122, 119, 103, 120, 79, 94, 96, 123, 70, 105, 121, 125, 102, 108,
        96, 99, 122, 107, 79, 83, 89, 75, 91, 91, 112, 73, 105, 100, 98, 84, 97, 85, 91, 101, 106, 86, 103, 94, 103,
        101, 106, 92, 123, 95, 81, 98, 100, 99, 99, 89, 123, 90, 92, 86, 99, 107, 76, 104, 79, 90, 88, 94, 90, 104,
        102,
    ]

    /// Regenerates the pairs from their generator (what the table was made with).
    public static func generate(seed: UInt64 = 1886, count: Int = 100) -> (fathers: [Double], sons: [Double]) {
        var rng = SplitMix64(seed: seed)
        var f: [Double] = [], s: [Double] = []
        for _ in 0..<count {
            let father = (100 + 15 * rng.normal()).rounded(.toNearestOrEven)
            let son = (100 + 0.5 * (father - 100) + 13 * rng.normal()).rounded(.toNearestOrEven)
            f.append(father)
            s.append(son)
        }
        return (f, s)
    }
}
