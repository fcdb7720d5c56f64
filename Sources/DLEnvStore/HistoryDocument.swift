/// `dlenv history --json`: the database, the rule the verdicts follow, every host's runs and trends, and the
/// regressed figures.
public struct HistoryDocument: Sendable, Encodable {
    public var database: String
    /// The regression rule the verdicts follow.
    public var rule: RegressionRule
    public var hosts: [HostHistory]
    /// "fingerprint/figure" of every regressed figure (`regressions(in:)`).
    public var regressions: [String]

    /// The document of some hosts' histories (built under `rule`).
    public init(database: String, rule: RegressionRule = .standard, hosts: [HostHistory]) {
        self.database = database
        self.rule = rule
        self.hosts = hosts
        self.regressions = Self.regressions(in: hosts)
    }

    /// "fingerprint/figure", once per figure even when several of its series regress (`trends` has each).
    public static func regressions(in hosts: [HostHistory]) -> [String] {
        var regressions: [String] = []
        for h in hosts {
            for t in h.trends where t.regression {
                let id = "\(h.host.fingerprint)/\(t.name)"
                if !regressions.contains(id) { regressions.append(id) }
            }
        }
        return regressions
    }
}
