import ArgumentParser
import CanbaoRules
import CanbaoStore
import Foundation

/// Shared by the administration commands (store, operator, bench).
public enum AdminCLI {
    /// Prints a store error as one Chinese message on stderr and exits with status 1, never a Swift error dump.
    public static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as InputError {
            throw error
        } catch let error as StoreError {
            printError(error.description)
            // A path the user named that is already there is bad input, as a bad value is (status 2 everywhere).
            if case .fileExists = error { throw ExitCode(2) }
            throw ExitCode(1)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    /// A message on stderr; file names and cells it quotes are shown with their control characters as code points.
    public static func printError(_ message: String, prefix: Bool = true) {
        let text = message.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.escaped(String($0)) }
            .joined(separator: "\n")
        FileHandle.standardError.write(Data(((prefix ? "canbao: " : "") + text + "\n").utf8))
    }
}
