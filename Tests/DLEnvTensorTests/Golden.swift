import Foundation

/// Reads a golden JSON file written by `scripts/goldens/tensor_goldens.py` (regenerate with that script).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Goldens")

    static func load(_ name: String) -> [String: Any] {
        let data = try! Data(contentsOf: directory.appendingPathComponent(name))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A JSON number array (NaN and infinities are written as strings).
    static func doubles(_ value: Any?) -> [Double] {
        (value as? [Any] ?? []).map(number)
    }

    /// One number written as a repr() string ("0.1", "nan", "-inf"); Swift's parser rounds correctly.
    static func number(_ v: Any?) -> Double {
        if let s = v as? String { return Double(s)! }
        return (v as! NSNumber).doubleValue
    }

    /// 16-bit patterns written as signed int16.
    static func bits(_ value: Any?) -> [UInt16] {
        (value as? [Any] ?? []).map { UInt16(bitPattern: Int16(truncating: $0 as! NSNumber)) }
    }

    /// Whether two values agree within `rtol`·|expected| + `atol` (NaNs and infinities must match exactly).
    static func close(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return Swift.abs(a - b) <= atol + rtol * Swift.abs(b)
    }
}
