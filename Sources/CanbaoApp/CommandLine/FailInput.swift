import ArgumentParser
import Foundation

/// Bad input (an unreadable file, an invalid value, a store that cannot be reached): thrown wherever it is found;
/// the entry point (`mainReportingInput`) prints its one line on stderr and exits with status 2 through
/// ArgumentParser, so the command unwinds first (its `defer`s run, the terminal is restored, output is flushed).
public struct InputError: Error, CustomStringConvertible {
    public let description: String

    /// Only the first line of `message`: one error, one line.
    public init(_ message: String) {
        description = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? message
    }
}

extension ParsableCommand {
    /// ArgumentParser's `main()`, with `InputError` mapped to exit status 2 (its other errors keep their codes:
    /// usage errors 64, told in Chinese; `ExitCode` as thrown).
    public static func mainReportingInput() {
        reportingInput {
            var command = try parseAsRoot()
            try command.run()
        }
    }

    /// Runs `body`, exiting as `mainReportingInput` does when it throws.
    static func reportingInput(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as InputError {
            FileHandle.standardError.write(Data(error.description.utf8 + [0x0A]))
            exit(withError: ExitCode(2))
        } catch {
            // Usage errors in Chinese; help, version and `ExitCode` as ArgumentParser gives them.
            let code = exitCode(for: error)
            guard code != .success, !(error is ExitCode) else { exit(withError: error) }
            FileHandle.standardError.write(Data((UsageErrorText.chinese(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
