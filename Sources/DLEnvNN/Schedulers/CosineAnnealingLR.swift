/// `CosineAnnealingLR` in torch's recursive form (which carries changes made by other schedulers forward,
/// and drifts from the closed form in the last bits, exactly as torch does).
///
/// The closed form η_min + (base − η_min)(1 + cos(πt/T_max))/2 is periodic with period 2·T_max; the
/// recursion adds an absolute increment after each trough (torch PR #19180) to avoid 0/0.
public final class CosineAnnealingLR: LRScheduler {
    public let tMax: Double
    public let etaMin: Double

    public init(_ optimizer: any ParamGroupsOwner, tMax: Double, etaMin: Double = 0, lastEpoch: Int = -1) throws {
        self.tMax = tMax
        self.etaMin = etaMin
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        let t = Double(lastEpoch)
        if isInitial { return currentLRs }
        if stepCount == 1 && lastEpoch > 0 {
            let c = Py.cos(try Py.div(t * Py.pi, tMax))
            return baseLRs.map { etaMin + ($0 - etaMin) * (1 + c) / 2 }
        }
        if try Py.fmod(t - 1 - tMax, 2 * tMax) == 0 {
            let c = Py.cos(try Py.div(Py.pi, tMax))
            return zip(baseLRs, currentLRs).map { base, lr in lr + (base - etaMin) * (1 - c) / 2 }
        }
        let ratio = try Py.div(
            1 + Py.cos(try Py.div(Py.pi * t, tMax)), 1 + Py.cos(try Py.div(Py.pi * (t - 1), tMax)))
        return currentLRs.map { ratio * ($0 - etaMin) + etaMin }
    }

    override func closedFormLR() throws -> [Double]? {
        let c = Py.cos(try Py.div(Py.pi * Double(lastEpoch), tMax))
        return baseLRs.map { etaMin + ($0 - etaMin) * (1 + c) / 2 }
    }
}

/// `CosineAnnealingWarmRestarts` (SGDR): cosine from base to η_min over T_i epochs, then restart with
/// T_i ← T_i · T_mult. Absolute: it overwrites the lr on every step.
public final class CosineAnnealingWarmRestarts: LRScheduler {
    public let t0: Int
    public let tMult: Int
    public let etaMin: Double
    /// Current period length and position in it (Double: an explicit fractional epoch makes T_cur fractional).
    public private(set) var tI: Double
    public private(set) var tCur: Double

    public init(_ optimizer: any ParamGroupsOwner, t0: Int, tMult: Int = 1, etaMin: Double = 0, lastEpoch: Int = -1)
        throws
    {
        if t0 <= 0 { throw TorchError.value("Expected positive integer T_0, but got \(t0)") }
        if tMult < 1 { throw TorchError.value("Expected integer T_mult >= 1, but got \(tMult)") }
        self.t0 = t0
        self.tMult = tMult
        self.etaMin = etaMin
        self.tI = Double(t0)
        self.tCur = Double(lastEpoch)
        try super.init(optimizer: optimizer, lastEpoch: lastEpoch)
    }

    override func getLR() throws -> [Double] {
        let c = Py.cos(Py.pi * tCur / tI)
        return baseLRs.map { etaMin + ($0 - etaMin) * (1 + c) / 2 }
    }

    public override func step() throws {
        try step(epoch: nil as Double?)
    }

    public override func step(epoch: Int) throws {
        try step(epoch: Double(epoch))
    }

    /// torch's own `step(epoch=None)`: with an explicit (possibly fractional) epoch it finds the cycle with
    /// a floating logarithm, as torch does (which can pick the wrong cycle at exact restart boundaries).
    public func step(epoch requested: Double?) throws {
        var epoch: Double
        if requested == nil && lastEpoch < 0 {
            epoch = 0
        } else if let requested {
            epoch = requested
        } else {
            epoch = Double(lastEpoch + 1)
            tCur += 1
            if tCur >= tI {
                tCur = try Py.fmod(tCur, tI)
                tI *= Double(tMult)
            }
            try finish(epoch)
            return
        }
        if epoch < 0 { throw TorchError.value("Expected non-negative epoch, but got \(Py.repr(epoch))") }
        if epoch >= Double(t0) {
            if tMult == 1 {
                tCur = try Py.fmod(epoch, Double(t0))
            } else {
                let m = Double(tMult)
                let n = Int(logBase(epoch / Double(t0) * (m - 1) + 1, m))
                tCur = epoch - Double(t0) * (Py.pow(m, Double(n)) - 1) / (m - 1)
                tI = Double(t0) * Py.pow(m, Double(n))
            }
        } else {
            tI = Double(t0)
            tCur = epoch
        }
        try finish(epoch)
    }

    private func finish(_ epoch: Double) throws {
        lastEpoch = Int(epoch.rounded(.down))
        let values = try getLR()
        for (i, lr) in values.enumerated() { optimizer.groupOptions[i].lr = lr }
        lastLR = currentLRs
    }

    /// Python's `math.log(x, base)` = log(x) / log(base).
    private func logBase(_ x: Double, _ base: Double) -> Double {
        PyLog.log(x) / PyLog.log(base)
    }
}
