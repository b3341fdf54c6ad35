import AssayColumns
import AssayKernels
import Foundation

/// A suite suggested from a profile (`assay suggest`): checks that pass on the data the profile
/// came from, each with a comment saying why it was suggested. Written as YAML by hand (comments
/// are the point), every value JSON-quoted, which YAML reads as it is.
public enum SuiteSuggester {
    /// Columns with at most this many distinct values (all known) get an accepted-values check.
    public static let acceptedValuesMax = 20
    /// Margin added on each side of an observed numeric range: this share of its width.
    public static let rangeMargin = 0.1
    /// Row-count checks accept this share below and above the profiled count.
    public static let rowCountMargin = 0.2
    /// z of the one-sided 99% Wilson lower bound used for completeness.
    public static let completenessZ = 2.326
    /// Numeric columns in the multivariate checks, at most.
    public static let multivariateColumnsMax = 10

    /// `baseline`: the path the suite's `baseline:` should name (drift checks are suggested only with one).
    public static func yaml(_ profile: Profile, name: String, baseline: String?) -> String {
        var lines = [
            "# Suggested by assay \(ProfileBuilder.assayVersion) from \(Self.comment(profile.source)) (\(profile.rowCount) rows, \(profile.columns.count) columns).",
            "# Every check passes on that data; the comments say why each was suggested. Edit freely.",
            "name: \(quoted(name))",
        ]
        if let baseline { lines.append("baseline: \(quoted(baseline))  # the profile drift checks compare with") }
        lines.append("expectations:")
        func add(_ why: String, _ type: String, _ kwargs: [(String, JSONValue)]) {
            lines.append("  # \(why)")
            let arguments = kwargs.map { "\($0.0): \($0.1.compact)" }.joined(separator: ", ")
            lines.append("  - type: \(type)")
            lines.append("    kwargs: {\(arguments)}")
        }
        let n = profile.rowCount
        let low = Int((Double(n) * (1 - rowCountMargin)).rounded(.down)), high = Int((Double(n) * (1 + rowCountMargin)).rounded(.up))
        add("\(n) rows were profiled; a run with \(Int(rowCountMargin * 100))% fewer or more is suspect.",
            "expect_table_row_count_to_be_between", [("min_value", .integer(Int64(low))), ("max_value", .integer(Int64(high)))])
        add("The columns, as profiled.", "expect_table_columns_to_match_set",
            [("column_set", .array(profile.columns.map { .string($0.name) })), ("exact_match", .bool(true))])
        for column in profile.columns {
            suggest(column, rowCount: n, baseline: baseline != nil, add)
        }
        if baseline != nil { multivariate(profile, add) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func suggest(_ column: ColumnProfile, rowCount n: Int, baseline: Bool, _ add: (String, String, [(String, JSONValue)]) -> Void) {
        let name: (String, JSONValue) = ("column", .string(column.name))
        add("Inferred type \(column.type.rawValue).", "expect_column_values_to_be_of_type",
            [name, ("type_", .string(pandasName(column.type)))])
        if column.nullCount == 0 {
            add("No value was missing in \(n) rows.", "expect_column_values_to_not_be_null", [name])
        } else if column.count > 0 {
            let share = Double(column.count) / Double(n)
            let bound = (wilsonLower(share, n: n) * 1000).rounded(.down) / 1000
            add("\(column.nullCount) of \(n) values missing (\(percent(1 - share))); mostly is the 99% lower confidence bound of the filled share.",
                "expect_column_values_to_not_be_null", [name, ("mostly", .double(bound))])
        }
        if let numeric = column.numeric, let minimum = numeric.min?.doubleValue, let maximum = numeric.max?.doubleValue,
           minimum.isFinite, maximum.isFinite, numeric.infiniteCount == 0 {
            let width = maximum - minimum
            let margin = width > 0 ? width * rangeMargin : max(1, abs(minimum) * rangeMargin)
            var lower = minimum - margin, upper = maximum + margin
            if minimum >= 0 { lower = max(0, lower) }
            let integral = column.type == .int64
            if integral { lower = lower.rounded(.down); upper = upper.rounded(.up) }
            add("Values ranged from \(NumberText.text(minimum)) to \(NumberText.text(maximum)); the range is widened by \(Int(rangeMargin * 100))% of its width"
                + (minimum >= 0 ? ", never below 0." : "."),
                "expect_column_values_to_be_between",
                [name, ("min_value", integral ? .integer(Int64(lower)) : .double(lower)), ("max_value", integral ? .integer(Int64(upper)) : .double(upper))])
        }
        if let distribution = column.distribution {
            if distribution.frequentValuesComplete, let values = distribution.frequentValues, !values.isEmpty,
               values.count <= acceptedValuesMax, values.count < column.count {
                add("Only \(values.count) distinct values were seen.", "expect_column_values_to_be_in_set",
                    [name, ("value_set", .array(values.map(\.value).sorted { $0.compact < $1.compact }))])
            }
            if distribution.distinctCountExact, distribution.distinctCount == column.count, column.count > 1 {
                add("Every non-missing value was unique.", "expect_column_values_to_be_unique", [name])
            }
            if baseline, column.count > 0 {
                add("Compare the distribution with the profile (Wasserstein or Jensen–Shannon; see the README for the default).",
                    "expect_column_distribution_to_match_baseline", [name])
                if distribution.frequentValuesComplete, (distribution.frequentValues?.count ?? 0) <= acceptedValuesMax * 5 {
                    add("No value outside the profiled categories; new ones are named when they appear.",
                        "expect_column_new_categories_fraction_to_be_less_than", [name, ("max_value", .double(0))])
                }
            }
        }
    }

    /// Hotelling's T² and Box's M on the numeric columns whose covariance matrix is well defined.
    private static func multivariate(_ profile: Profile, _ add: (String, String, [(String, JSONValue)]) -> Void) {
        guard let covariance = profile.correlations.covariance else { return }
        var chosen: [Int] = []
        for index in covariance.columns.indices where chosen.count < multivariateColumnsMax {
            guard let variance = covariance.matrix[index][index], variance > 0, covariance.means[index] != nil else { continue }
            let candidate = chosen + [index]
            let k = candidate.count
            var matrix = [Double](repeating: 0, count: k * k)
            var defined = true
            for (i, a) in candidate.enumerated() {
                for (j, b) in candidate.enumerated() {
                    guard let value = covariance.matrix[a][b] else { defined = false; continue }
                    matrix[i + j * k] = value
                }
            }
            // Keep a column only if the matrix stays positive definite (no collinear columns).
            if defined, Cholesky(matrix, dimension: k) != nil { chosen = candidate }
        }
        guard chosen.count >= 2 else { return }
        let columns: JSONValue = .array(chosen.map { .string(covariance.columns[$0]) })
        add("The mean vector of these numeric columns, tested jointly against the profile (Hotelling's T²).",
            "expect_multivariate_mean_to_match_baseline", [("columns", columns), ("p_value_min", .double(0.001))])
        add("Their covariance matrix against the profile's (Box's M).",
            "expect_covariance_to_match_baseline", [("columns", columns), ("p_value_min", .double(0.001))])
    }

    static func pandasName(_ type: ColumnType) -> String {
        switch type {
        case .int64: "int64"
        case .float64: "float64"
        case .bool: "bool"
        case .timestamp: "datetime64"
        case .date, .string: "object"
        }
    }

    /// The one-sided Wilson score lower bound of a share p over n trials.
    static func wilsonLower(_ p: Double, n: Int) -> Double {
        let z = completenessZ, count = Double(n)
        let centre = p + z * z / (2 * count)
        let spread = z * ((p * (1 - p) + z * z / (4 * count)) / count).squareRoot()
        return max(0, (centre - spread) / (1 + z * z / count))
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).compact }

    static func comment(_ text: String) -> String {
        String(text.prefix(200).map { $0.isNewline ? " " : $0 })
    }

    static func percent(_ share: Double) -> String { String(format: "%.2f%%", share * 100) }
}

/// Numbers for people: integers as integers, others with `digits` significant digits (suite
/// comments, report labels).
public enum NumberText {
    public static func text(_ value: Double, digits: Int = 6) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.\(digits)g", value)
    }
}
