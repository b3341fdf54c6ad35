import AssayProfiles
import Foundation

/// A plain-text table of a profile for the terminal.
enum DemoSummary {
    static func render(_ profile: AssayProfiles.Profile) -> String {
        var lines = ["\(profile.source): \(profile.rowCount) rows, \(profile.columns.count) columns", ""]
        let header = ["column", "type", "count", "nulls", "min", "max", "mean", "stddev"]
        var rows = [header]
        for column in profile.columns {
            let n = column.numeric
            rows.append([
                column.name, column.type.rawValue, String(column.count), String(column.nullCount),
                format(n?.min?.doubleValue), format(n?.max?.doubleValue), format(n?.mean), format(n?.stddev),
            ])
        }
        let widths = header.indices.map { index in rows.map { $0[index].count }.max() ?? 0 }
        for row in rows {
            lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if let pearson = profile.correlations.pearson {
            var strongest: (String, String, Double)?
            for i in pearson.columns.indices {
                for j in pearson.columns.indices where j > i {
                    if let r = pearson.matrix[i][j], abs(r) > abs(strongest?.2 ?? 0) { strongest = (pearson.columns[i], pearson.columns[j], r) }
                }
            }
            if let (a, b, r) = strongest {
                lines.append("")
                lines.append("strongest correlation: \(a) ~ \(b), Pearson r = \(String(format: "%.3f", r))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double?) -> String {
        guard let value else { return "" }
        return abs(value) >= 1e6 || (abs(value) < 1e-3 && value != 0) ? String(format: "%.4g", value) : String(format: "%.4f", value)
    }
}
