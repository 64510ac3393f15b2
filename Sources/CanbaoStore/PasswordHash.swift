import _CryptoExtras
import CanbaoRules
import Crypto
import Foundation

/// Operator passwords: PBKDF2-SHA256 with a random salt, stored as `pbkdf2-sha256$iterations$salt$hash`
/// (salt and hash in base64), so the iteration count can be raised later without invalidating old hashes.
public enum PasswordHash {
    /// swift-crypto's checked minimum and OWASP's recommendation for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 210_000
    /// Below this a hash is refused.
    public static let minimumIterations = 100_000
    static let scheme = "pbkdf2-sha256"
    static let saltBytes = 16
    static let hashBytes = 32

    /// A new hash with a fresh random salt.
    public static func make(_ password: String, iterations: Int = defaultIterations) throws -> String {
        guard iterations >= minimumIterations else {
            throw StoreError.weakPassword("迭代次数不得少于 \(minimumIterations)")
        }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = try derive(password: Array(password.utf8), salt: salt, iterations: iterations, length: hashBytes)
        return "\(scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` matches a stored hash; false for anything malformed.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), iterations >= minimumIterations,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              !expected.isEmpty,
              let actual = try? derive(password: Array(password.utf8), salt: Array(salt), iterations: iterations,
                                       length: expected.count)
        else { return false }
        // Compare every byte so the time taken does not tell how much of the hash matched.
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018) through swift-crypto's BoringSSL backend.
    public static func derive(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256,
                                                     outputByteCount: length, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// The one password policy (`AccountPolicy`), as the store's error.
    static func checkStrength(_ password: String) throws {
        if let problem = AccountPolicy.passwordProblem(password) { throw StoreError.weakPassword(problem) }
    }
}
