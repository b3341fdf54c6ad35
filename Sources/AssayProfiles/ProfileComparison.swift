import AssayColumns
import AssayKernels
import AssayStatistics
import Foundation

/// `assay compare`: two profiles (a dataset is profiled first), per column and jointly.
///
/// Default method per column (documented in the README), threshold on the effect size:
/// numeric — normed Wasserstein-1 (∫|Q_b(p) − Q_c(p)| dp over the 1,001 quantiles, divided by the
/// baseline's standard deviation; threshold 0.1), with KS reported (D between the two quantile
/// CDFs, p-value as scipy's `ks_2samp` asymptotic); categorical — Jensen–Shannon distance (base 2;
/// threshold 0.1) over the frequent values plus "other", with the χ² test of homogeneity reported.
/// PSI on the baseline's deciles (numeric) or categories is reported for both. With at most 1,000
/// values on a side, the p-value decides instead (KS or χ² below 0.05 is drift).
public struct ProfileComparison: Sendable {
    public static let schemaVersion = 1

    public struct ColumnDrift: Sendable {
        public var name: String
        public var type: ColumnType
        public var method: String
        public var statistic: Double
        public var pValue: Double?
        public var threshold: Double
        public var drifted: Bool
        public var details: [(String, JSONValue)]
        /// Shares for the overlay figure: labels, baseline, current.
        public var bins: (labels: [String], baseline: [Double], current: [Double])
    }

    public var drifted: Bool
    public var columns: [ColumnDrift]
    public var added: [String]
    public var removed: [String]
    public var retyped: [(String, ColumnType, ColumnType)]
    public var rowCounts: (Int, Int)
    public var multivariate: [(String, JSONValue)]
    public var correlations: (columns: [String], baseline: [Double?], current: [Double?])?

    public static func compare(_ baseline: Profile, _ current: Profile, columns only: [String]? = nil, method: String? = nil,
                               threshold: Double? = nil) -> ProfileComparison {
        let names = Set(current.columns.map(\.name))
        let before = Set(baseline.columns.map(\.name))
        var result = ProfileComparison(
            drifted: false, columns: [], added: current.columns.map(\.name).filter { !before.contains($0) },
            removed: baseline.columns.map(\.name).filter { !names.contains($0) }, retyped: [], rowCounts: (baseline.rowCount, current.rowCount),
            multivariate: [], correlations: nil)
        for b in baseline.columns where only.map({ $0.contains(b.name) }) ?? true {
            guard let c = current.columns.first(where: { $0.name == b.name }) else { continue }
            if b.type != c.type {
                result.retyped.append((b.name, b.type, c.type))
                continue
            }
            if let drift = column(b, c, method: method, threshold: threshold) { result.columns.append(drift) }
        }
        result.columns.sort { ($0.drifted ? 1 : 0, $0.statistic / max($0.threshold, 1e-12)) > ($1.drifted ? 1 : 0, $1.statistic / max($1.threshold, 1e-12)) }
        result.multivariate = multivariate(baseline, current, columns: only)
        result.correlations = correlationPair(baseline, current, columns: only)
        let multivariateDrift = result.multivariate.contains { $0.0 == "drifted" && $0.1 == .bool(true) }
        result.drifted = result.columns.contains(where: \.drifted) || !result.added.isEmpty || !result.removed.isEmpty
            || !result.retyped.isEmpty || multivariateDrift
        return result
    }

    // MARK: Per column

    static func column(_ b: ColumnProfile, _ c: ColumnProfile, method: String?, threshold: Double?) -> ColumnDrift? {
        guard let bd = b.distribution, let cd = c.distribution else { return nil }
        let small = min(b.count, c.count) <= 1_000
        var details: [(String, JSONValue)] = [
            ("null_rate", .object([("baseline", .double(Double(b.nullCount) / Double(max(1, b.count + b.nullCount)))),
                                   ("current", .double(Double(c.nullCount) / Double(max(1, c.count + c.nullCount))))])),
            ("distinct_count", .object([("baseline", .integer(Int64(bd.distinctCount))), ("current", .integer(Int64(cd.distinctCount)))])),
        ]
        if let bn = b.numeric, let cn = c.numeric {
            details.append(("min", .object([("baseline", bn.min.map { .double($0.doubleValue) } ?? .null), ("current", cn.min.map { .double($0.doubleValue) } ?? .null)])))
            details.append(("max", .object([("baseline", bn.max.map { .double($0.doubleValue) } ?? .null), ("current", cn.max.map { .double($0.doubleValue) } ?? .null)])))
            details.append(("mean", .object([("baseline", .number(bn.mean)), ("current", .number(cn.mean))])))
        }
        if let bq = bd.quantiles, let cq = cd.quantiles, method != "chisquare", method != "js" || b.type.isNumeric {
            let ks = ksDistance(bq, cq)
            let pKS = KolmogorovSmirnov.twoSamplePValue(d: ks, n: b.count, m: c.count)
            let spread = b.numeric?.stddev ?? QuantileFunction.spread(bq) ?? 0
            let wasserstein = zip(bq, cq).map { abs($0 - $1) }.reduce(0, +) / Double(bq.count) / max(spread, 1e-300)
            let (labels, bShares, cShares) = deciles(bq, cq)
            let psi = Contingency.populationStabilityIndex(expected: bShares, actual: cShares)
            details += [("ks", .object([("statistic", .double(ks)), ("p_value", .double(pKS))])), ("wasserstein_normed", .double(wasserstein)), ("psi", .double(psi))]
            let chosen = method ?? (small ? "ks" : "wasserstein")
            let statistic = chosen == "ks" ? ks : chosen == "psi" ? psi : wasserstein
            let limit = threshold ?? (chosen == "psi" ? 0.2 : 0.1)
            let drifted = small && method == nil ? pKS < 0.05 : statistic > limit
            return ColumnDrift(name: b.name, type: b.type, method: small && method == nil ? "ks (p < 0.05)" : chosen, statistic: statistic,
                               pValue: chosen == "ks" ? pKS : nil, threshold: small && method == nil ? 0.05 : limit, drifted: drifted,
                               details: details, bins: (labels, bShares, cShares))
        }
        guard let bf = bd.frequentValues, let cf = cd.frequentValues else { return nil }
        var labels = bf.map { $0.value.string ?? $0.value.compact }
        var baselineCounts = bf.map { Double($0.count) }
        var currentCounts = bf.map { value in Double(cf.first { $0.value == value.value }?.count ?? 0) }
        let newValues = cf.filter { value in !bf.contains { $0.value == value.value } }
        let vanished = bf.filter { value in !cf.contains { $0.value == value.value } }
        labels.append("(other)")
        baselineCounts.append(max(0, Double(b.count) - baselineCounts.reduce(0, +)))
        currentCounts.append(max(0, Double(c.count) - currentCounts.reduce(0, +)))
        let bShares = baselineCounts.map { $0 / max(1, Double(b.count)) }
        let cShares = currentCounts.map { $0 / max(1, Double(c.count)) }
        let js = Contingency.jensenShannonDistance(bShares, cShares)
        let (chi, degrees) = Contingency.homogeneity(baselineCounts, currentCounts)
        let pChi = degrees > 0 ? Distributions.chiSquaredSF(chi, degreesOfFreedom: Double(degrees)) : 1
        let psi = Contingency.populationStabilityIndex(expected: bShares, actual: cShares)
        details += [("js", .double(js)), ("chisquare", .object([("statistic", .double(chi)), ("p_value", .double(pChi)), ("degrees_of_freedom", .integer(Int64(degrees)))])),
                    ("psi", .double(psi)), ("new_categories", .array(newValues.prefix(20).map(\.value))),
                    ("vanished_categories", .array(vanished.prefix(20).map(\.value)))]
        let chosen = method ?? (small ? "chisquare" : "js")
        let statistic = chosen == "chisquare" ? chi : chosen == "psi" ? psi : js
        let limit = threshold ?? (chosen == "psi" ? 0.2 : 0.1)
        let drifted = chosen == "chisquare" ? pChi < (threshold ?? 0.05) : statistic > limit
        return ColumnDrift(name: b.name, type: b.type, method: chosen, statistic: statistic, pValue: chosen == "chisquare" ? pChi : nil,
                           threshold: chosen == "chisquare" ? (threshold ?? 0.05) : limit, drifted: drifted, details: details,
                           bins: (Array(labels.prefix(40)), Array(bShares.prefix(40)), Array(cShares.prefix(40))))
    }

    /// KS D between two quantile functions: the largest CDF gap at any quantile of either.
    static func ksDistance(_ a: [Double], _ b: [Double]) -> Double {
        (a + b).reduce(0.0) { max($0, abs(QuantileFunction.cdf(a, $1) - QuantileFunction.cdf(b, $1))) }
    }

    /// Shares of both sides in the baseline's deciles, plus below its minimum and above its maximum.
    static func deciles(_ b: [Double], _ c: [Double]) -> ([String], [Double], [Double]) {
        let edges = (0...10).map { b[min(b.count - 1, $0 * (b.count - 1) / 10)] }
        var labels = ["below"], bShares = [0.0], cShares = [QuantileFunction.cdf(c, edges[0])]
        for index in 0..<10 {
            labels.append(String(format: "%.4g–%.4g", edges[index], edges[index + 1]))
            bShares.append(QuantileFunction.cdf(b, edges[index + 1]) - QuantileFunction.cdf(b, edges[index]))
            cShares.append(QuantileFunction.cdf(c, edges[index + 1]) - QuantileFunction.cdf(c, edges[index]))
        }
        labels.append("above")
        bShares.append(0)
        cShares.append(1 - QuantileFunction.cdf(c, edges[10]))
        return (labels, bShares.map { max(0, $0) }, cShares.map { max(0, $0) })
    }

    // MARK: Jointly

    static func multivariate(_ baseline: Profile, _ current: Profile, columns only: [String]?) -> [(String, JSONValue)] {
        guard let bc = baseline.correlations.covariance, let cc = current.correlations.covariance else { return [("available", .bool(false))] }
        // Numeric columns both sides know, kept while the pooled matrix stays positive definite.
        func samples(_ columns: [String]) -> (MultivariateTests.Sample, MultivariateTests.Sample)? {
            guard let a = try? MultivariateTests.sample(baseline, columns: columns), let b = try? MultivariateTests.sample(current, columns: columns) else { return nil }
            return (a, b)
        }
        var chosen: [String] = []
        for name in bc.columns where cc.columns.contains(name) && (only?.contains(name) ?? true) && chosen.count < 20 {
            let candidate = chosen + [name]
            if let (a, b) = samples(candidate), Cholesky(MultivariateTests.pooled(a, b), dimension: candidate.count) != nil { chosen = candidate }
        }
        guard chosen.count >= 2, let (a, b) = samples(chosen) else { return [("available", .bool(false))] }
        let k = chosen.count
        var members: [(String, JSONValue)] = [("available", .bool(true)), ("columns", .array(chosen.map { .string($0) }))]
        var drifted = false
        if let test = try? MultivariateTests.hotelling(a, b) {
            let contributions = zip(chosen, test.standardizedDifferences).sorted { abs($0.1) > abs($1.1) }
            members.append(("hotelling", .object([("t_squared", .double(test.tSquared)), ("p_value", .double(test.pValue)), ("mahalanobis", .double(test.distance)),
                                                  ("standardized_mean_differences", .array(contributions.prefix(5).map { .object([("column", .string($0.0)), ("difference", .double($0.1))]) }))])))
            drifted = drifted || test.distance > 0.1
        }
        if let test = try? MultivariateTests.boxM(a, b) {
            members.append(("box_m", .object([("statistic", .double(test.m)), ("p_value", .double(test.pValue))])))
        }
        // Correlation-matrix drift and the leading eigenvalues of both matrices.
        func correlation(_ s: MultivariateTests.Sample) -> [Double] {
            (0..<(k * k)).map { index in
                let (i, j) = (index % k, index / k)
                return s.covariance[index] / (s.covariance[i + i * k] * s.covariance[j + j * k]).squareRoot()
            }
        }
        let rb = correlation(a), rc = correlation(b)
        var worst: [(String, Double, Double)] = []
        var squares = 0.0
        for i in 0..<k {
            for j in (i + 1)..<k {
                let delta = rc[i + j * k] - rb[i + j * k]
                squares += 2 * delta * delta
                worst.append(("\(chosen[i]) ~ \(chosen[j])", rb[i + j * k], rc[i + j * k]))
            }
        }
        worst.sort { abs($0.2 - $0.1) > abs($1.2 - $1.1) }
        let maxDelta = worst.first.map { abs($0.2 - $0.1) } ?? 0
        drifted = drifted || maxDelta > 0.1
        members.append(("correlation", .object([
            ("max_abs_delta", .double(maxDelta)), ("frobenius", .double(squares.squareRoot())),
            ("pairs_moved_most", .array(worst.prefix(5).map { .object([("pair", .string($0.0)), ("baseline", .double($0.1)), ("current", .double($0.2))]) })),
        ])))
        let eigenBaseline = SymmetricEigen.eigenvalues(rb, dimension: k)?.reversed() ?? []
        let eigenCurrent = SymmetricEigen.eigenvalues(rc, dimension: k)?.reversed() ?? []
        members.append(("eigenvalues", .object([("baseline", .array(eigenBaseline.prefix(5).map { .double($0) })),
                                                ("current", .array(eigenCurrent.prefix(5).map { .double($0) }))])))
        members.append(("drifted", .bool(drifted)))
        return members
    }

    static func correlationPair(_ baseline: Profile, _ current: Profile, columns only: [String]?) -> (columns: [String], baseline: [Double?], current: [Double?])? {
        guard let b = baseline.correlations.pearson, let c = current.correlations.pearson else { return nil }
        let names = b.columns.filter { c.columns.contains($0) && (only?.contains($0) ?? true) }.prefix(30)
        guard names.count >= 2 else { return nil }
        func flat(_ m: CorrelationMatrix) -> [Double?] {
            names.flatMap { row in names.map { column in m.matrix[m.columns.firstIndex(of: row)!][m.columns.firstIndex(of: column)!] } }
        }
        return (Array(names), flat(b), flat(c))
    }

    // MARK: JSON

    public var json: JSONValue {
        .object([
            ("schema_version", .integer(Int64(Self.schemaVersion))), ("assay_version", .string(ProfileBuilder.assayVersion)),
            ("drifted", .bool(drifted)),
            ("row_count", .object([("baseline", .integer(Int64(rowCounts.0))), ("current", .integer(Int64(rowCounts.1)))])),
            ("schema", .object([("added", .array(added.map { .string($0) })), ("removed", .array(removed.map { .string($0) })),
                                ("retyped", .array(retyped.map { .object([("column", .string($0.0)), ("baseline", .string($0.1.rawValue)), ("current", .string($0.2.rawValue))]) }))])),
            ("drifted_share", .double(columns.isEmpty ? 0 : Double(columns.filter(\.drifted).count) / Double(columns.count))),
            ("columns", .array(columns.map { column in
                .object([("name", .string(column.name)), ("type", .string(column.type.rawValue)), ("method", .string(column.method)),
                         ("statistic", .number(column.statistic)), ("p_value", .number(column.pValue)), ("threshold", .double(column.threshold)),
                         ("drifted", .bool(column.drifted))] + column.details)
            })),
            ("multivariate", .object(multivariate)),
        ])
    }
}

/// `assay compare --series`: each profile in order against the first (or the previous), the
/// drift score of every column per day (statistic ÷ threshold: above 1 is drift), and the day
/// each column's drift began.
public struct SeriesComparison: Sendable {
    public var names: [String]
    public var againstPrevious: Bool
    /// Per column, in the first profile's order: scores per day (day 0 has none) and whether drifted.
    public var columns: [(name: String, method: String, scores: [Double?], drifted: [Bool])]
    public var multivariateDrifted: [Bool]
    /// Per column, per day: the key metrics of that day's profile (mean, null rate, distinct count).
    public var metrics: [String: [JSONValue]] = [:]

    public var drifted: Bool { columns.contains { $0.drifted.contains(true) } || multivariateDrifted.contains(true) }

    public static func build(_ profiles: [Profile], names: [String], againstPrevious: Bool, columns only: [String]?, method: String?,
                             threshold: Double?) -> SeriesComparison {
        var result = SeriesComparison(names: names, againstPrevious: againstPrevious, columns: [], multivariateDrifted: [false])
        let order = profiles[0].columns.map(\.name).filter { only?.contains($0) ?? true }
        var table: [String: (method: String, scores: [Double?], drifted: [Bool])] = [:]
        for name in order { table[name] = ("", [nil], [false]) }
        for day in 1..<profiles.count {
            let reference = againstPrevious ? profiles[day - 1] : profiles[0]
            let comparison = ProfileComparison.compare(reference, profiles[day], columns: only, method: method, threshold: threshold)
            for name in order {
                let drift = comparison.columns.first { $0.name == name }
                let score = drift.map { column -> Double in
                    // p-value methods: the level ÷ the p-value (above 1: significant); else statistic ÷ threshold.
                    let byPValue = column.method.hasPrefix("ks (p") || column.method == "chisquare"
                    let p = column.pValue ?? (column.method.hasPrefix("ks (p") ? column.details.first { $0.0 == "ks" }?.1["p_value"]?.number ?? 1 : 1)
                    return byPValue ? column.threshold / max(p, 1e-300) : column.statistic / max(column.threshold, 1e-300)
                }
                guard var entry = table[name] else { continue }
                entry.method = drift?.method ?? entry.method
                entry.scores.append(score)
                entry.drifted.append(drift?.drifted ?? false)
                table[name] = entry
            }
            result.multivariateDrifted.append(comparison.multivariate.contains { $0.0 == "drifted" && $0.1 == .bool(true) })
        }
        result.columns = order.compactMap { name in table[name].map { (name, $0.method, $0.scores, $0.drifted) } }
        for name in order {
            result.metrics[name] = profiles.map { profile in
                guard let column = profile.columns.first(where: { $0.name == name }) else { return .null }
                let rows = Double(max(1, column.count + column.nullCount))
                return .object([("mean", .number(column.numeric?.mean)), ("null_rate", .double(Double(column.nullCount) / rows)),
                                ("distinct_count", column.distribution.map { .integer(Int64($0.distinctCount)) } ?? .null)])
            }
        }
        return result
    }

    /// The first day a column drifted, or nil.
    public static func onset(_ drifted: [Bool]) -> Int? { drifted.firstIndex(of: true) }

    public var text: String {
        var lines = ["\(drifted ? "DRIFT" : "NO DRIFT") over \(names.count) days (each against the \(againstPrevious ? "previous" : "first"))"]
        let width = min(40, columns.map(\.name.count).max() ?? 6)
        // Day columns are named by their file, cut to 7 characters (without the extension).
        let labels = names.dropFirst().map { name in String(name.split(separator: ".").first.map(String.init) ?? name).prefix(7) }
        lines.append("column".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + labels.map { String($0).padding(toLength: 8, withPad: " ", startingAt: 0) }.joined() + "  began")
        for column in columns {
            let cells = column.scores.dropFirst().enumerated().map { index, score -> String in
                let text = score.map { String(format: "%.2f", min($0, 999)) } ?? "—"
                return (text + (column.drifted[index + 1] ? "*" : "")).padding(toLength: 8, withPad: " ", startingAt: 0)
            }
            let began = Self.onset(column.drifted).map { names[$0] } ?? "—"
            lines.append(String(column.name.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cells.joined() + "  " + began)
        }
        if let day = Self.onset(multivariateDrifted) { lines.append("multivariate: moved from \(names[day])") }
        lines.append("(score = statistic ÷ threshold, or level ÷ p-value; * drifted)")
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: JSONValue {
        .object([
            ("schema_version", .integer(1)), ("drifted", .bool(drifted)), ("against", .string(againstPrevious ? "previous" : "first")),
            ("days", .array(names.map { .string($0) })),
            ("columns", .array(columns.map { column in
                .object([("name", .string(column.name)), ("method", .string(column.method)),
                         ("scores", .array(column.scores.map { JSONValue.number($0) })), ("drifted", .array(column.drifted.map { .bool($0) })),
                         ("drift_began", Self.onset(column.drifted).map { .string(names[$0]) } ?? .null),
                         ("metrics", .array(metrics[column.name] ?? []))])
            })),
            ("multivariate_drifted", .array(multivariateDrifted.map { .bool($0) })),
        ])
    }
}
