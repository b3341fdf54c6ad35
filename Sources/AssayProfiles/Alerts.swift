import AssayColumns
import Foundation

/// What a profile warns about, as ydata-profiling users know it. Thresholds are named and can be
/// overridden (`assay profile --alert missing=0.1`).
public struct AlertThresholds: Sendable, Hashable {
    /// Missing share above which a column is flagged.
    public var missing = 0.05
    /// Share of zeros above which a numeric column is flagged.
    public var zeros = 0.10
    /// |skewness| above which a numeric column is flagged (ydata-profiling's 20).
    public var skewed = 20.0
    /// Text columns with more distinct values than this, and more than half of them distinct.
    public var highCardinality = 50.0
    /// Imbalance (1 − normalized entropy of the category shares) above which a column is flagged.
    public var imbalance = 0.5
    /// |Pearson r| above which a pair is flagged.
    public var correlation = 0.9
    /// Share of duplicated rows above which the table is flagged (0: any).
    public var duplicates = 0.0

    public init() {}

    public static let names = ["missing", "zeros", "skewed", "high_cardinality", "imbalance", "correlation", "duplicates"]

    /// Sets `name` (one of `names`) to `value`; false for an unknown name.
    public mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "missing": missing = value
        case "zeros": zeros = value
        case "skewed": skewed = value
        case "high_cardinality": highCardinality = value
        case "imbalance": imbalance = value
        case "correlation": correlation = value
        case "duplicates": duplicates = value
        default: return false
        }
        return true
    }
}

public struct Alert: Sendable, Hashable, Decodable {
    /// `constant`, `unique`, `high_cardinality`, `missing`, `zeros`, `infinite`, `skewed`,
    /// `imbalanced`, `high_correlation`, `duplicates`.
    public var type: String
    public var columns: [String]
    public var message: String
    public var value: Double?
    public var threshold: Double?

    public init(type: String, columns: [String], message: String, value: Double?, threshold: Double?) {
        self.type = type
        self.columns = columns
        self.message = message
        self.value = value
        self.threshold = threshold
    }

    var json: JSONValue {
        .object([("type", .string(type)), ("columns", .array(columns.map { .string($0) })), ("message", .string(message)),
                 ("value", .number(value)), ("threshold", .number(threshold))])
    }
}

public enum Alerts {
    public static func of(_ profile: Profile, thresholds: AlertThresholds = AlertThresholds()) -> [Alert] {
        var alerts: [Alert] = []
        let rows = Double(max(1, profile.rowCount))
        func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
        if let duplicates = profile.duplicateRowCount, duplicates > 0, Double(duplicates) / rows > thresholds.duplicates {
            alerts.append(Alert(type: "duplicates", columns: [], message: "\(duplicates) rows repeat an earlier row (\(percent(Double(duplicates) / rows)))",
                                value: Double(duplicates) / rows, threshold: thresholds.duplicates))
        }
        for column in profile.columns {
            let name = [column.name]
            let missing = Double(column.nullCount) / rows
            if missing > thresholds.missing {
                alerts.append(Alert(type: "missing", columns: name, message: "\(percent(missing)) missing", value: missing, threshold: thresholds.missing))
            }
            if let distribution = column.distribution, column.count > 0 {
                if distribution.distinctCountExact, distribution.distinctCount == 1 {
                    alerts.append(Alert(type: "constant", columns: name, message: "a single value", value: 1, threshold: nil))
                } else if distribution.distinctCountExact, distribution.distinctCount == column.count, column.count > 1 {
                    alerts.append(Alert(type: "unique", columns: name, message: "every value is distinct", value: 1, threshold: nil))
                }
                let ratio = Double(distribution.distinctCount) / Double(column.count)
                if column.type == .string, Double(distribution.distinctCount) > thresholds.highCardinality, ratio > 0.5,
                   !(distribution.distinctCountExact && distribution.distinctCount == column.count) {
                    alerts.append(Alert(type: "high_cardinality", columns: name, message: "\(distribution.distinctCount) distinct values",
                                        value: Double(distribution.distinctCount), threshold: thresholds.highCardinality))
                }
                if let zeros = distribution.zeroCount, Double(zeros) / Double(column.count) > thresholds.zeros {
                    let share = Double(zeros) / Double(column.count)
                    alerts.append(Alert(type: "zeros", columns: name, message: "\(percent(share)) zeros", value: share, threshold: thresholds.zeros))
                }
                if let imbalance = imbalance(distribution), imbalance > thresholds.imbalance {
                    alerts.append(Alert(type: "imbalanced", columns: name, message: String(format: "imbalance %.2f", imbalance),
                                        value: imbalance, threshold: thresholds.imbalance))
                }
            }
            if let numeric = column.numeric {
                if numeric.infiniteCount > 0 {
                    alerts.append(Alert(type: "infinite", columns: name, message: "\(numeric.infiniteCount) infinite values",
                                        value: Double(numeric.infiniteCount), threshold: nil))
                }
                if let skewness = numeric.skewness, abs(skewness) > thresholds.skewed {
                    alerts.append(Alert(type: "skewed", columns: name, message: String(format: "skewness %.1f", skewness),
                                        value: skewness, threshold: thresholds.skewed))
                }
            }
        }
        if let pearson = profile.correlations.pearson {
            for i in pearson.columns.indices {
                for j in (i + 1)..<pearson.columns.count {
                    guard let r = pearson.matrix[i][j], abs(r) > thresholds.correlation else { continue }
                    alerts.append(Alert(type: "high_correlation", columns: [pearson.columns[i], pearson.columns[j]],
                                        message: String(format: "Pearson r = %.3f", r), value: r, threshold: thresholds.correlation))
                }
            }
        }
        return alerts
    }

    /// 1 − (entropy of the category shares ÷ log of their number), as ydata-profiling's
    /// imbalance; nil unless the categories are all known and at least 2 (at most 50).
    static func imbalance(_ distribution: ColumnProfile.Distribution) -> Double? {
        guard distribution.frequentValuesComplete, let values = distribution.frequentValues, (2...50).contains(values.count) else { return nil }
        let total = Double(values.reduce(0) { $0 + $1.count })
        let entropy = values.reduce(0.0) { sum, value in
            let p = Double(value.count) / total
            return p > 0 ? sum - p * log(p) : sum
        }
        return 1 - entropy / log(Double(values.count))
    }
}
