/// A path given on the command line. An empty one (`''`, an unset shell variable) would name the current directory
/// once made a URL, so it is refused, saying which argument or option it was given for.
public enum PathArgument {
    /// `path`, or bad input (exit status 2) naming `what` (`store export 的文件参数`, `--file`) when it is empty.
    @discardableResult
    public static func nonEmpty(_ path: String, _ what: String) throws -> String {
        guard !path.isEmpty else { throw InputError("canbao: \(what)为空：请给出文件路径") }
        return path
    }

    /// As `nonEmpty`, for an option that may be left out.
    public static func nonEmpty(_ path: String?, _ what: String) throws {
        if let path { try nonEmpty(path, what) }
    }
}
