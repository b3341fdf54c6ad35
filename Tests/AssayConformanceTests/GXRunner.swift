import AssayColumns
import AssayExpectations
import AssayMetrics

/// What running one test through the engine gave: GX's `success`, `result` and whether it raised.
struct GXActual {
    var success: Bool
    var result: [(String, JSONValue)]
    /// The message of an `ArgumentError` or `MetricError` (GX's `exception_info`).
    var exception: String?

    static func raised(_ message: String) -> GXActual { GXActual(success: false, result: [], exception: message) }

    subscript(key: String) -> JSONValue? { result.first { $0.0 == key }?.1 }
}

/// Runs a test the way `Validator` runs a suite entry: arguments, metric plan, one pass, evaluate.
enum GXRunner {
    static func run(_ test: GXTestCase) -> GXActual {
        guard let type = Catalog.types[test.expectationType] else { return .raised("expectation not implemented: \(test.expectationType)") }
        let arguments = Arguments(test.kwargs)
        let expectation: any Expectation
        let format: ResultFormat
        do throws(ArgumentError) {
            expectation = try type.init(arguments)
            // GX's default for these tests is COMPLETE; an explicit `result_format` replaces it.
            format = try arguments["result_format"].map { value throws(ArgumentError) in try ResultFormat(value) } ?? ResultFormat(level: .complete)
        } catch {
            return .raised("\(error.key ?? ""): \(error.message)")
        }
        var plan = MetricPlan()
        expectation.plan(&plan)
        let metrics: MetricResults
        do {
            metrics = try plan.run(test.table, workerCount: 1)
        } catch {
            return .raised("the pass failed: \(error)")
        }
        do throws(MetricError) {
            let evaluation = try expectation.evaluate(metrics, format: format)
            return GXActual(success: evaluation.success, result: format.level == .booleanOnly ? [] : evaluation.result, exception: nil)
        } catch {
            return .raised(error.message)
        }
    }
}
