import AssayColumns
import AssayContracts
import Testing

/// Two versions of one contract differing by `change`: the base is table `t` with
/// `id` (integer, required, unique), `amount` (number, 0…100), `code` (string, pattern, length
/// ≤ 8) and a null limit on `amount`.
struct Versions {
    static let base: [String: String] = [
        "id": "      - {name: id, logicalType: integer, required: true, unique: true}",
        "amount": """
              - name: amount
                logicalType: number
                description: Amount in euros.
                logicalTypeOptions: {minimum: 0, maximum: 100}
                quality:
                  - {metric: nullValues, mustBeLessThan: 5, unit: percent}
        """,
        "code": "      - {name: code, logicalType: string, logicalTypeOptions: {pattern: '^[A-Z]+$', maxLength: 8}}",
    ]

    static func yaml(version: String = "1.0.0", _ properties: [String: String] = base, tableQuality: String = "", extra: String = "",
                     owner: String = "team-a", tables: String = "") -> String {
        let lines = ["id", "amount", "code", "note"].compactMap { properties[$0] }.joined(separator: "\n")
        return """
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: \(version)
        team: {name: \(owner)}
        \(extra)schema:
          - name: t
            properties:
        \(lines)
        \(tableQuality.isEmpty ? "" : "    quality:\n" + tableQuality)
        \(tables)
        """
    }

    static func diff(_ old: String, _ new: String) throws -> ContractDiff {
        ContractDiff(old: try Contract.parse(old, path: "old.odcs.yaml"), new: try Contract.parse(new, path: "new.odcs.yaml"))
    }

    /// The change lines of base → base with `edit` applied to the properties.
    static func lines(version: String = "1.0.0", _ edit: (inout [String: String]) -> Void) throws -> [String] {
        var properties = base
        edit(&properties)
        return try diff(yaml(), yaml(version: version, properties)).changes.map(\.line)
    }
}

@Suite struct ContractDiffTests {
    @Test func noChangeIsNoChange() throws {
        let diff = try Versions.diff(Versions.yaml(), Versions.yaml())
        #expect(diff.changes.isEmpty)
        #expect(!diff.needsMajorBump)
        #expect(diff.summary == "0 breaking, 0 compatible changes; version 1.0.0 → 1.0.0: compatible")
    }

    @Test func eachKindOfBreakingChange() throws {
        #expect(try Versions.lines { $0["code"] = nil } == ["breaking    t.code: column removed"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "logicalType: number", with: "logicalType: integer") }
                == ["breaking    t.amount: type number → integer (narrowed)"])
        #expect(try Versions.lines { $0["code"] = $0["code"]!.replacingOccurrences(of: "logicalType: string", with: "logicalType: integer") }
                == ["breaking    t.code: type string → integer (narrowed)"])
        #expect(try Versions.lines { $0["note"] = "      - {name: note, logicalType: string, required: true}" }
                == ["breaking    t.note: required column added (existing data has no values for it)"])
        #expect(try Versions.lines { $0["code"] = $0["code"]!.replacingOccurrences(of: "logicalType: string", with: "logicalType: string, required: true") }
                == ["breaking    t.code: became required (nulls now fail)"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "maximum: 100", with: "maximum: 90") }
                == ["breaking    t.amount: maximum lowered from 100 to 90"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "minimum: 0", with: "minimum: 1") }
                == ["breaking    t.amount: minimum raised from 0 to 1"])
        #expect(try Versions.lines { $0["code"] = $0["code"]!.replacingOccurrences(of: "^[A-Z]+$", with: "^[A-Z]{2,}$") }
                == ["breaking    t.code: pattern changed from ^[A-Z]+$ to ^[A-Z]{2,}$ (Assay cannot prove the new one accepts every value the old one did)"])
        #expect(try Versions.lines { $0["id"] = "      - {name: id, logicalType: integer, required: true, unique: true, logicalTypeOptions: {pattern: '^[0-9]+$'}}" }
                == ["breaking    t.id: pattern ^[0-9]+$ added"])
        #expect(try Versions.lines { $0["code"] = $0["code"]!.replacingOccurrences(of: "maxLength: 8", with: "maxLength: 6") }
                == ["breaking    t.code: maxLength lowered from 8 to 6"])
        #expect(try Versions.lines { $0["code"] = $0["code"]!.replacingOccurrences(of: "logicalType: string", with: "logicalType: string, unique: true") }
                == ["breaking    t.code: unique added (repeated values now fail)"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "mustBeLessThan: 5", with: "mustBeLessThan: 1") }
                == ["breaking    t.amount: nullValues tightened: < 5 % → < 1 %"])
        #expect(try Versions.lines { $0["code"] = "      - {name: code, logicalType: string, logicalTypeOptions: {pattern: '^[A-Z]+$', maxLength: 8}, quality: [{metric: duplicateValues, mustBe: 0}]}" }
                == ["breaking    t.code: duplicateValues rule added (= 0)"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "unit: percent}", with: "unit: percent, severity: warning}") } == [
            "compatible  t.amount: nullValues severity error → warning",
        ])
    }

    @Test func removedTablesEnumValuesAndTighterFreshnessAreBreaking() throws {
        let two = Versions.yaml(tables: "  - name: u\n    properties: [{name: x}]")
        #expect(try Versions.diff(two, Versions.yaml()).changes.map(\.line) == ["breaking    u: table removed"])
        #expect(try Versions.diff(Versions.yaml(), two).changes.map(\.line) == ["compatible  u: table added"])
        let enumOld = Versions.yaml(["id": "      - {name: id, enum: [{value: a}, {value: b}]}"])
        let enumNew = Versions.yaml(["id": "      - {name: id, enum: [{value: a}]}"])
        #expect(try Versions.diff(enumOld, enumNew).changes.map(\.line) == ["breaking    t.id: enum values removed: \"b\""])
        #expect(try Versions.diff(enumNew, enumOld).changes.map(\.line) == ["compatible  t.id: enum values added"])
        let sla = { (value: Int, unit: String) in
            Versions.yaml(extra: "slaProperties:\n  - {property: freshness, value: \(value), unit: \(unit), element: t.id}\n")
        }
        #expect(try Versions.diff(sla(1, "d"), sla(12, "h")).changes.map(\.line) == ["breaking    t.id: freshness SLA tightened: 1 d → 12 h"])
        #expect(try Versions.diff(sla(12, "h"), sla(1, "d")).changes.map(\.line) == ["compatible  t.id: freshness SLA loosened: 12 h → 1 d"])
        #expect(try Versions.diff(Versions.yaml(), sla(1, "d")).changes.map(\.line) == ["breaking    t.id: freshness SLA 1 d added"])
        let rows = { (limits: String) in Versions.yaml(tableQuality: "      - {metric: rowCount, mustBeBetween: \(limits)}") }
        #expect(try Versions.diff(rows("[10, 100]"), rows("[20, 100]")).changes.map(\.line) == ["breaking    t: rowCount tightened: ≥ 10 and ≤ 100 → ≥ 20 and ≤ 100"])
        #expect(try Versions.diff(rows("[10, 100]"), rows("[0, 200]")).changes.map(\.line) == ["compatible  t: rowCount loosened: ≥ 10 and ≤ 100 → ≥ 0 and ≤ 200"])
        let key = { (columns: String) in
            Versions.yaml(["id": "      - {name: a, primaryKey: true}\n      - {name: b, primaryKey: \(columns)}\n      - {name: c, primaryKey: true}"])
        }
        #expect(try Versions.diff(key("true"), key("false")).changes.map(\.line) == [
            "compatible  t.b: no longer required", "breaking    t: primary key (a, b, c) → (a, c) (rows unique before may collide)",
        ])
    }

    @Test func compatibleChanges() throws {
        #expect(try Versions.lines { $0["note"] = "      - {name: note, logicalType: string}" } == ["compatible  t.note: optional column added"])
        #expect(try Versions.lines { $0["id"] = $0["id"]!.replacingOccurrences(of: "integer", with: "number") }
                == ["compatible  t.id: type integer → number (widened)"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "maximum: 100", with: "maximum: 1000") }
                == ["compatible  t.amount: maximum raised from 100 to 1000"])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "mustBeLessThan: 5", with: "mustBeLessOrEqualTo: 5") }
                == ["compatible  t.amount: nullValues loosened: < 5 % → ≤ 5 %"])
        #expect(try Versions.lines { $0["code"] = "      - {name: code, logicalType: string, logicalTypeOptions: {maxLength: 10}}" } == [
            "compatible  t.code: pattern ^[A-Z]+$ dropped", "compatible  t.code: maxLength raised from 8 to 10",
        ])
        #expect(try Versions.lines { $0["id"] = "      - {name: id, logicalType: integer}" } == [
            "compatible  t.id: no longer required", "compatible  t.id: no longer unique",
        ])
        #expect(try Versions.lines { $0["amount"] = $0["amount"]!.replacingOccurrences(of: "Amount in euros.", with: "Amount in EUR.") }
                == ["compatible  t.amount: description changed"])
        let diff = try Versions.diff(Versions.yaml(), Versions.yaml(version: "1.1.0", owner: "team-b"))
        #expect(diff.changes.map(\.line) == ["compatible  contract: team (owners) changed"])
        #expect(!diff.needsMajorBump)
    }

    @Test func breakingChangesNeedAMajorBump() throws {
        var narrowed = Versions.base
        narrowed["code"] = nil
        for (version, needsBump, summary) in [
            ("1.1.0", true, "1 breaking, 0 compatible change; version 1.0.0 → 1.1.0 is not a major bump: breaking changes need 2.0.0"),
            ("2.0.0", false, "1 breaking, 0 compatible change; version 1.0.0 → 2.0.0 is a major bump: breaking changes allowed"),
            ("v3", false, "1 breaking, 0 compatible change; version 1.0.0 → v3 is a major bump: breaking changes allowed"),
            ("next", true, "1 breaking, 0 compatible change; version 1.0.0 → next is not semver, so no major bump: breaking changes need one"),
        ] {
            let diff = try Versions.diff(Versions.yaml(), Versions.yaml(version: version, narrowed))
            #expect(diff.needsMajorBump == needsBump, "\(version)")
            #expect(diff.summary == summary)
        }
        let json = try Versions.diff(Versions.yaml(), Versions.yaml(version: "1.1.0", narrowed)).json
        #expect(json["success"] == .bool(false))
        #expect(json["major_bump"] == .bool(false))
        #expect(json["breaking_count"] == .integer(1))
        #expect(json["changes"]?.array?.first == .object([("class", .string("breaking")), ("element", .string("t.code")),
                                                         ("change", .string("column removed")), ("old", .null), ("new", .null)]))
    }

    @Test func semanticVersions() {
        #expect(SemanticVersion("1.2.3").map { [$0.major, $0.minor, $0.patch] } == [1, 2, 3])
        #expect(SemanticVersion("v2.0.0-rc.1")?.major == 2)
        #expect(SemanticVersion("3")?.description == "3.0.0")
        #expect(SemanticVersion("1.x") == nil)
        #expect(SemanticVersion("") == nil)
    }
}
