#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's error numbers in the clerk's words: `strerror`'s text is English ("No such file or directory").
/// One table for every message that names why a file could not be opened, read or written.
public enum ErrnoText {
    /// The reason for `code`; an error number without a Chinese reason keeps its number, so nothing is hidden.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "文件或目录不存在"
        case EACCES: return "无权访问"
        case EPERM: return "操作不被允许（权限不足）"
        case EISDIR: return "是文件夹，不是文件"
        case ENOTDIR: return "路径中有一段不是文件夹"
        case ELOOP: return "符号链接层次过多或成环"
        case ENAMETOOLONG: return "文件名或路径过长"
        case EMFILE: return "本程序打开的文件过多，请关闭其他操作后重试"
        case ENFILE: return "系统打开的文件过多，请稍后重试"
        case EIO: return "磁盘读写出错（磁盘损坏或已拔出）"
        case ENOSPC: return "磁盘空间不足"
        case EDQUOT: return "超出磁盘配额"
        case EROFS: return "所在磁盘只读"
        case EFBIG: return "超出文件大小限制"
        default: return "系统错误，错误号 \(code)"
        }
    }
}
