import AssayColumns
import AssayExpectations
import AssayMetrics
import AssayProfiles
import AssayReaders
import AssaySuites
import Foundation
import Testing

/// Drift expectations on a committed fixture — a baseline (2,000 rows) and a shifted current
/// table (1,500 rows: x and z moved by 0.5, category "e" gone, "f" new) — against the values
/// SciPy and NumPy give (`Fixtures/drift/make_fixtures.py` wrote both the files and
/// `expected.json`, each value with how it was computed). Tolerances: exact formulas on the
/// current side and exact baselines match to 1e-9; statistics the baseline enters through its
/// 1,001 quantiles (KS, Wasserstein, PSI, JS on numeric columns) to the stated absolute bound.
@Suite struct DriftTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/drift").path
    static func number(_ key: String, _ field: String) -> Double {
        let data = FileManager.default.contents(atPath: folder + "/expected.json") ?? Data()
        let expected = (try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]]) ?? [:]
        return (expected[key]?[field] as? NSNumber)?.doubleValue ?? .nan
    }

    static func run(_ expectations: String, data: String = "current.csv") throws -> ValidationRun {
        let baseline = try ProfileBuilder.build(try CSVReader(path: folder + "/baseline.csv"), workerCount: 2)
        let suite = try Suite.parse("name: drift\nexpectations:\n" + expectations, path: folder + "/drift.yml")
        return try Validator.run(suite, source: try CSVReader(path: folder + "/" + data), workerCount: 2, baseline: baseline)
    }

    static func observed(_ outcome: ExpectationOutcome) -> Double { outcome.result.first { $0.0 == "observed_value" }?.1.number ?? .nan }
    static func detail(_ outcome: ExpectationOutcome, _ key: String) -> Double {
        outcome.result.first { $0.0 == "details" }?.1[key]?.number ?? .nan
    }

    @Test func numericDriftMatchesSciPy() throws {
        let run = try Self.run("""
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: x, method: ks, p_value_min: 0.05}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: x, method: wasserstein, threshold: 0.1}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: x, method: psi, threshold: 0.2}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: x, method: js, threshold: 0.1}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: z, method: ks, p_value_min: 0.05}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: z, method: wasserstein, threshold: 0.1}}
            """)
        for outcome in run.outcomes { #expect(outcome.exception == nil, "\(outcome.exception ?? "")") }
        let o = run.outcomes
        // KS: D at the baseline's quantiles, within one quantile step of the exact D.
        #expect(abs(Self.observed(o[0]) - Self.number("ks_x", "statistic")) <= 0.002)
        #expect(abs(Self.observed(o[4]) - Self.number("ks_z", "statistic")) <= 0.002)
        // p-values of those D: the same order of magnitude (both ≤ 10,000 values: exact, as scipy's "auto"; the fixture's are "asymp").
        #expect(abs(log10(Self.detail(o[0], "p_value")) - log10(Self.number("ks_x", "pvalue"))) < 0.5)
        #expect(!o[0].success && !o[4].success)
        // Wasserstein normed by the baseline's std: 2% relative.
        #expect(abs(Self.observed(o[1]) / Self.number("wasserstein_x", "value") - 1) < 0.02)
        #expect(abs(Self.observed(o[5]) / Self.number("wasserstein_z", "value") - 1) < 0.02)
        // PSI and JS on baseline deciles (baseline shares from the quantiles: ±0.005).
        #expect(abs(Self.observed(o[2]) - Self.number("psi_x", "value")) < 0.005)
        #expect(abs(Self.observed(o[3]) - Self.number("js_x", "value")) < 0.005)
        // With several drift p-values the suite reports Benjamini–Hochberg-adjusted ones too.
        #expect(Self.detail(o[0], "p_value_adjusted") >= Self.detail(o[0], "p_value"))
    }

    @Test func categoricalDriftMatchesSciPy() throws {
        let run = try Self.run("""
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: cat, method: chisquare, p_value_min: 0.05}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: cat, method: js, threshold: 0.1}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: cat, method: linf, threshold: 0.05}}
              - {type: expect_column_new_categories_fraction_to_be_less_than, kwargs: {column: cat, max_value: 0.01}}
              - {type: expect_column_most_frequent_values_to_match_baseline, kwargs: {column: cat, top_k: 5, min_overlap: 1}}
            """)
        for outcome in run.outcomes { #expect(outcome.exception == nil, "\(outcome.exception ?? "")") }
        let o = run.outcomes
        #expect(abs(Self.observed(o[0]) / Self.number("chisquare_cat", "statistic") - 1) < 1e-9)
        #expect(abs(Self.detail(o[0], "p_value") / Self.number("chisquare_cat", "pvalue") - 1) < 1e-6)
        #expect(abs(Self.observed(o[1]) - Self.number("js_cat", "value")) < 1e-12)
        #expect(abs(Self.observed(o[2]) - Self.number("linf_cat", "value")) < 1e-12)
        #expect(abs(Self.observed(o[3]) - Self.number("new_fraction_cat", "value")) < 1e-12)
        #expect(o.allSatisfy { !$0.success })
        let details = o[3].result.first { $0.0 == "details" }?.1
        #expect(details?["new_values"]?.array?.first?["value"] == .string("f"))
        #expect(details?["vanished_values"]?.array?.first?["value"] == .string("e"))
        // Top 5: "e" left, "f" entered (4 of 5 kept).
        #expect(Self.observed(o[4]) == 0.8)
        let top = o[4].result.first { $0.0 == "details" }?.1
        #expect(top?["entered"] == .array([.string("f")]) && top?["left"] == .array([.string("e")]))
    }

    @Test func multivariateAndCorrelationChecksMatchNumPy() throws {
        let run = try Self.run("""
              - {type: expect_multivariate_mean_to_match_baseline, kwargs: {columns: [x, y, z], p_value_min: 0.01}}
              - {type: expect_covariance_to_match_baseline, kwargs: {columns: [x, y, z], p_value_min: 0.01}}
              - {type: expect_correlation_matrix_to_match_baseline, kwargs: {columns: [x, y, z], max_abs_delta: 0.5}}
              - {type: expect_correlation_matrix_to_be_well_conditioned, kwargs: {columns: [x, y, z], condition_number_max: 100}}
              - {type: expect_column_unique_value_count_to_match_baseline, kwargs: {column: z, relative_change_max: 0.1}}
            """)
        for outcome in run.outcomes { #expect(outcome.exception == nil, "\(outcome.exception ?? "")") }
        let o = run.outcomes
        #expect(abs(Self.observed(o[0]) / Self.number("hotelling", "mahalanobis") - 1) < 1e-9)
        #expect(abs(Self.detail(o[0], "t_squared") / Self.number("hotelling", "t2") - 1) < 1e-9)
        #expect(!o[0].success)
        #expect(abs(Self.detail(o[1], "box_m") / Self.number("box_m", "m") - 1) < 1e-9)
        #expect(abs(Self.detail(o[1], "p_value") - Self.number("box_m", "pvalue")) < 1e-9 * max(1, Self.number("box_m", "pvalue")))
        #expect(abs(Self.detail(o[2], "max_abs_delta") - Self.number("corr_drift", "max_abs_delta")) < 1e-12)
        #expect(abs(Self.detail(o[2], "frobenius_norm") - Self.number("corr_drift", "frobenius")) < 1e-12)
        #expect(o[2].success)
        #expect(abs(Self.observed(o[3]) / Self.number("condition", "value") - 1) < 1e-9)
        #expect(Self.observed(o[4]) == Self.number("distinct_z", "current"))
    }

    @Test func theBaselineAgainstItselfPasses() throws {
        let run = try Self.run("""
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: x}}
              - {type: expect_column_distribution_to_match_baseline, kwargs: {column: cat}}
              - {type: expect_multivariate_mean_to_match_baseline, kwargs: {columns: [x, y, z], p_value_min: 0.05}}
              - {type: expect_covariance_to_match_baseline, kwargs: {columns: [x, y, z], p_value_min: 0.05}}
              - {type: expect_column_new_categories_fraction_to_be_less_than, kwargs: {column: cat, max_value: 0}}
              - {type: expect_column_most_frequent_values_to_match_baseline, kwargs: {column: cat, min_overlap: 1}}
            """, data: "baseline.csv")
        for outcome in run.outcomes {
            #expect(outcome.success, "\(outcome.entry.type): \(outcome.result.map { "\($0.0)=\($0.1.compact)" }.joined(separator: " "))")
        }
    }

    /// Every column type through a profile written to JSON and read back: the sample table against
    /// its own profile passes every drift check (bools, dates and timestamps match their cells).
    @Test func everyTypeAgainstItsOwnProfileRoundTripPasses() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AssayMetricsTests/Fixtures/customers-500.csv").path
        let written = try ProfileBuilder.build(try CSVReader(path: data), workerCount: 2)
        let baseline = try Profile.load(from: written.jsonData())
        #expect(baseline == written)
        var expectations = ""
        for column in ["customer_id", "signup_date", "last_seen_at", "country", "plan", "age", "income", "churned", "last_feedback"] {
            expectations += "  - {type: expect_column_distribution_to_match_baseline, kwargs: {column: \(column)}}\n"
        }
        for column in ["signup_date", "country", "churned", "last_feedback"] {
            expectations += "  - {type: expect_column_new_categories_fraction_to_be_less_than, kwargs: {column: \(column), max_value: 0}}\n"
        }
        let suite = try Suite.parse("name: self\nexpectations:\n" + expectations, path: "self.yml")
        let run = try Validator.run(suite, source: try CSVReader(path: data), workerCount: 2, baseline: baseline)
        for outcome in run.outcomes {
            #expect(outcome.success, "\(outcome.entry.kwargs.map { $0.value.compact }): \(outcome.exception ?? "") \(outcome.result.map { "\($0.0)=\($0.1.compact)" }.joined(separator: " ").prefix(300))")
        }
    }
}
