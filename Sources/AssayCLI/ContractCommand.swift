import ArgumentParser
import AssayColumns
import AssayContracts
import AssaySuites
import Foundation

extension AssayCommand {
    struct ContractCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contract",
            abstract: "Data contracts (Open Data Contract Standard v3): check data against one, compile one into a suite, diff two versions.",
            subcommands: [Check.self, CompileSuite.self, Diff.self])

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "check",
                abstract: "Compile a contract into a suite and validate the data with it, exactly as validate does.",
                discussion: """
                    Exit codes: 0 every error-severity check passed; 1 one failed; 2 the contract (or a flag) is \
                    wrong; 3 the data could not be read; 4 an output could not be written.
                    """)

            @Argument(help: "The contract (ODCS v3 YAML or JSON).")
            var contract: String

            @Argument(help: "The data file (CSV, gzip-compressed CSV or Parquet).")
            var data: String

            @Option(name: .long, help: "The contract's schema object (table) to check, when it has several.")
            var object: String?

            @OptionGroup var options: ValidationOptions

            func run() throws {
                let compiled = try ContractCommand.compile(contract, object: object)
                ContractCommand.printNotes(compiled)
                let suite: Suite
                do {
                    suite = try compiled.suite()
                } catch {
                    throw CLIError(.usage, error.description)
                }
                try options.run(suite, data: data)
            }
        }

        struct CompileSuite: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "suite",
                abstract: "Write the suite a contract compiles to (YAML), for review or to run with validate.")

            @Argument(help: "The contract (ODCS v3 YAML or JSON).")
            var contract: String

            @Option(name: .shortAndLong, help: "Write the suite here (default: standard output).")
            var output: String = "-"

            @Option(name: .long, help: "The contract's schema object (table), when it has several.")
            var object: String?

            func run() throws {
                let compiled = try ContractCommand.compile(contract, object: object)
                ContractCommand.printNotes(compiled)
                // The same check contract check makes, so a suite that is written also loads.
                do {
                    _ = try compiled.suite()
                } catch {
                    throw CLIError(.usage, error.description)
                }
                try CLIError.write(Data(compiled.suiteYAML().utf8), to: output, what: "the suite")
            }
        }

        struct Diff: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "diff",
                abstract: "Classify every change between two versions of a contract as compatible or breaking.",
                discussion: """
                    Exit codes: 0 no breaking change, or breaking changes with a major version bump (semver of \
                    version); 1 a breaking change without one; 2 a contract cannot be read.
                    """)

            @Argument(help: "The old contract.")
            var old: String

            @Argument(help: "The new contract.")
            var new: String

            @Option(name: .long, help: "Write the changes as JSON here ('-' for stdout, the lines then go to stderr).")
            var json: String?

            func run() throws {
                let before = try ContractCommand.load(old)
                let after = try ContractCommand.load(new)
                let diff = ContractDiff(old: before, new: after)
                let text = (diff.changes.map(\.line) + [diff.summary]).joined(separator: "\n") + "\n"
                if let json { try CLIError.write(Data(diff.json.rendered().utf8), to: json, what: "the diff") }
                FileHandle(fileDescriptor: json == "-" ? 2 : 1).write(Data(text.utf8))
                if diff.needsMajorBump { throw CLIError(.failed, "") }
            }
        }

        static func load(_ path: String) throws -> AssayContracts.Contract {
            do {
                return try AssayContracts.Contract.load(path: path)
            } catch {
                throw CLIError(.usage, error.description)
            }
        }

        static func compile(_ path: String, object: String?) throws -> CompiledContract {
            let contract = try load(path)
            do {
                return try ContractCompiler.compile(contract, object: object)
            } catch {
                throw CLIError(.usage, error.description)
            }
        }

        /// What the contract holds that is not checked, on stderr (stdout may carry JSON or YAML).
        static func printNotes(_ compiled: CompiledContract) {
            var lines = compiled.notes.map(\.description)
            for entry in compiled.unavailable {
                lines.append("note: \(compiled.contract.path) line \(entry.line): \(entry.type) is not in this build's catalog: "
                             + "\(entry.source) is compiled but not checked")
            }
            guard !lines.isEmpty else { return }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
