import AssayColumns
import Foundation

/// A small, realistic ML feature table that Assay writes itself, so the demo and the tests need
/// no download: one row per customer of a subscription product, with the quirks real feature
/// tables have (missing values, skewed amounts, correlated features, a quoted free-text field).
/// Deterministic for a given seed.
public enum SampleDataset {
    public static let header = [
        "customer_id", "signup_date", "last_seen_at", "country", "plan", "age", "income",
        "sessions_30d", "avg_session_minutes", "support_tickets", "churn_score", "churned", "last_feedback",
    ]

    /// Draws from the distributions the sample needs.
    struct Generator {
        var source: SplitMix64
        init(seed: UInt64) { source = SplitMix64(seed: seed) }
        mutating func uniform() -> Double { source.nextUnit() }
        mutating func normal() -> Double {
            let u = max(uniform(), 1e-300)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
        }
        mutating func pick<T>(_ items: [(T, Double)]) -> T {
            var target = uniform() * items.reduce(0) { $0 + $1.1 }
            for (item, weight) in items {
                target -= weight
                if target <= 0 { return item }
            }
            return items[items.count - 1].0
        }
    }

    /// The suite for this table; `suites/customers.yml` holds the same text (a test keeps them equal).
    public static let suiteYAML = #"""
# Checks for the sample customer feature table (`assay sample`, `assay demo`).
# Run: assay validate reports/demo/customers.csv --suite suites/customers.yml
name: customers
expectations:
  - type: expect_table_row_count_to_be_between
    kwargs: {min_value: 1000, max_value: 1000000}
  - type: expect_table_columns_to_match_set
    kwargs:
      column_set: [customer_id, signup_date, last_seen_at, country, plan, age, income, sessions_30d,
                   avg_session_minutes, support_tickets, churn_score, churned, last_feedback]
  - type: expect_column_values_to_not_be_null
    kwargs: {column: customer_id}
  - type: expect_column_values_to_be_unique
    kwargs: {column: customer_id}
  - type: expect_column_values_to_be_between
    kwargs: {column: age, min_value: 18, max_value: 100, mostly: 0.99}
  - type: expect_column_values_to_not_be_null
    kwargs: {column: income, mostly: 0.9}
    meta: {notes: "about 5% of incomes are unknown (NA) in the feed"}
  - type: expect_column_values_to_be_in_set
    kwargs: {column: plan, value_set: [free, pro, team]}
  - type: expect_column_values_to_be_in_set
    kwargs: {column: country, value_set: [US, DE, GB, FR, IN, BR, JP, CA, ES]}
  - type: expect_column_values_to_be_between
    kwargs: {column: churn_score, min_value: 0, max_value: 1}
  - type: expect_column_mean_to_be_between
    kwargs: {column: sessions_30d, min_value: 10, max_value: 18}
  - type: expect_column_quantile_values_to_be_between
    kwargs:
      column: income
      quantile_ranges: {quantiles: [0.5, 0.95], value_ranges: [[40000, 70000], [100000, 180000]]}
  - type: expect_column_pair_correlation_to_be_between
    kwargs: {column_A: sessions_30d, column_B: churn_score, min_value: -0.9, max_value: -0.5}
    meta: {notes: "engagement drives churn in the model; if this weakens, retrain"}
  - type: expect_column_values_to_match_regex
    kwargs: {column: signup_date, regex: "^20[0-9]{2}-"}
  - type: expect_column_proportion_of_unique_values_to_be_between
    kwargs: {column: country, max_value: 0.01}
  - type: expect_column_values_to_be_null
    kwargs: {column: last_feedback, mostly: 0.8}
    severity: warning
    meta: {notes: "a warning: most customers leave no feedback; fails when fewer than 80% are empty"}

"""#

    /// The drift suite for this table; `suites/customers-drift.yml` holds the same text (a test keeps them equal).
    public static let driftSuiteYAML = #"""
# Drift checks for the sample customer table against a baseline profile of an earlier day:
#   assay sample --out day1.csv --seed 1 && assay profile day1.csv --json day1.profile.json
#   assay sample --out day2.csv --seed 2            # another day, same process: passes
#   assay sample --out day3.csv --seed 3 --drifted  # after a product change: fails
#   assay validate day2.csv --suite suites/customers-drift.yml --baseline day1.profile.json
name: customers-drift
expectations:
  # Per column, the default method: Wasserstein normed by the baseline std (numeric) or
  # Jensen-Shannon distance (categorical), threshold 0.1.
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: income}
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: age}
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: sessions_30d}
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: avg_session_minutes, method: psi, threshold: 0.1}
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: country}
  - type: expect_column_distribution_to_match_baseline
    kwargs: {column: plan, method: chisquare, p_value_min: 0.001}
  - type: expect_column_new_categories_fraction_to_be_less_than
    kwargs: {column: country, max_value: 0.01}
  - type: expect_column_unique_value_count_to_match_baseline
    kwargs: {column: country, relative_change_max: 0}
  - type: expect_correlation_matrix_to_match_baseline
    kwargs: {columns: [age, income, sessions_30d, avg_session_minutes, churn_score], max_abs_delta: 0.1}
  - type: expect_correlation_matrix_to_be_well_conditioned
    kwargs: {columns: [age, income, sessions_30d, avg_session_minutes, churn_score], condition_number_max: 100}
  - type: expect_multivariate_mean_to_match_baseline
    kwargs: {columns: [age, income, sessions_30d, avg_session_minutes], p_value_min: 0.001}
  - type: expect_covariance_to_match_baseline
    kwargs: {columns: [age, sessions_30d, avg_session_minutes], p_value_min: 0.001}
    severity: warning

"""#

    /// CSV text of `rows` customers. `drifted`: the same table after a product change — incomes
    /// 35% higher, customers 6 years older, 3 fewer sessions a month, a new country (MX) — for
    /// trying drift checks.
    public static func csv(rows: Int, seed: UInt64 = 42, drifted: Bool = false) -> String {
        var random = Generator(seed: seed)
        var out = header.joined(separator: ",") + "\n"
        out.reserveCapacity(rows * 120)
        let countries: [(String, Double)] = [("US", 40), ("DE", 12), ("GB", 10), ("FR", 8), ("IN", 9), ("BR", 7), ("JP", 6), ("CA", 5), ("ES", 3)]
            + (drifted ? [("MX", 8)] : [])
        let plans: [(String, Double)] = [("free", 60), ("pro", 30), ("team", 10)]
        let feedback: [(String, Double)] = [
            ("", 70), ("great product", 8), ("too expensive", 6), ("\"meh\", said the user", 3),
            ("missing export, please add", 5), ("slow on mobile\nand on tablets", 2), ("N/A", 6),
        ]
        let epochDay2020 = CivilCalendar.daysFromCivil(year: 2020, month: 1, day: 1)
        for index in 0..<rows {
            let plan = random.pick(plans)
            let planBoost = plan == "team" ? 1.6 : plan == "pro" ? 1.25 : 1.0
            let signupDay = epochDay2020 + Int(random.uniform() * 1800)
            let (y, m, d) = CivilCalendar.civilFromDays(signupDay)
            let seenDay = signupDay + Int(random.uniform() * Double(epochDay2020 + 1826 - signupDay))
            let (sy, sm, sd) = CivilCalendar.civilFromDays(seenDay)
            let seconds = Int(random.uniform() * 86_400)
            let age = min(90, max(18, Int(((drifted ? 44 : 38) + 12 * random.normal()).rounded())))
            let income = exp(10.8 + 0.55 * random.normal()) * (0.7 + 0.01 * Double(age)) * (drifted ? 1.35 : 1)
            let sessions = max(0, Int((12 * planBoost - (drifted ? 3 : 0) + 6 * random.normal()).rounded()))
            let minutes = max(0.5, 4 + 0.35 * Double(sessions) + 2.5 * random.normal())
            let tickets = random.uniform() < 0.8 ? 0 : Int(1 + random.uniform() * 4)
            let logit = 1.2 - 0.12 * Double(sessions) - 0.08 * minutes + 0.45 * Double(tickets) + 0.6 * random.normal()
            let score = 1 / (1 + exp(-logit))
            let churned = random.uniform() < score
            var fields: [String] = []
            fields.append(String(100_000 + index))
            fields.append(String(format: "%04d-%02d-%02d", y, m, d))
            fields.append(String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", sy, sm, sd, seconds / 3600, seconds / 60 % 60, seconds % 60))
            fields.append(random.pick(countries))
            fields.append(plan)
            fields.append(random.uniform() < 0.02 ? "" : String(age))
            fields.append(random.uniform() < 0.05 ? "NA" : String(format: "%.2f", income))
            fields.append(String(sessions))
            fields.append(String(format: "%.3f", minutes))
            fields.append(String(tickets))
            fields.append(String(format: "%.6f", score))
            fields.append(churned ? "true" : "false")
            fields.append(quoted(random.pick(feedback)))
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// RFC 4180 quoting where a field needs it.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
