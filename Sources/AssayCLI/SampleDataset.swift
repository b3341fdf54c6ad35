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

    /// CSV text of `rows` customers.
    public static func csv(rows: Int, seed: UInt64 = 42) -> String {
        var random = Generator(seed: seed)
        var out = header.joined(separator: ",") + "\n"
        out.reserveCapacity(rows * 120)
        let countries: [(String, Double)] = [("US", 40), ("DE", 12), ("GB", 10), ("FR", 8), ("IN", 9), ("BR", 7), ("JP", 6), ("CA", 5), ("ES", 3)]
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
            let age = min(90, max(18, Int((38 + 12 * random.normal()).rounded())))
            let income = exp(10.8 + 0.55 * random.normal()) * (0.7 + 0.01 * Double(age))
            let sessions = max(0, Int((12 * planBoost + 6 * random.normal()).rounded()))
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
