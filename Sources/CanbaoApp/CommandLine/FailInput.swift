import Foundation

/// Prints one line on stderr and exits with status 2: the contract for unreadable or invalid input.
public func failInput(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? message).utf8 + [0x0A]))
    Foundation.exit(2)
}
