import CanbaoRules
import CanbaoStore
import Foundation

/// `--out FILE` of a command that writes text (`forms doc`, `scenario export`), as `store export` writes: a new file
/// that never replaces anything, or with `--force` an existing regular file replaced in one rename once the new text
/// is complete — never a directory, a link, a device, nor the files of the home's stores, whatever `--force` says.
public enum CommandOutput {
    public static func write(_ text: String, to path: String, force: Bool, home: URL) throws {
        guard !path.isEmpty else { throw InputError("--out 不能为空：请给出要写入的文件名") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(SafeText.escaped("\(path): 是目录，不能写入"))
        }
        let data = Data(text.utf8)
        do {
            if force {
                let stores = [CounterStore.fileName, TrainingStore.fileName].flatMap {
                    CounterStore.ownFiles(databasePath: home.appendingPathComponent($0).path)
                }
                try CounterStore.refuse(path, among: stores)
                try OutputFile.replace(path) { try $0.write(data) }
            } else {
                try OutputFile.create(path, contents: data)
            }
        } catch StoreError.fileExists {
            throw InputError(SafeText.escaped("\(path): 文件已存在，未写入（确要替换它时加 --force）"))
        } catch let error as StoreError {
            throw InputError(SafeText.escaped("\(path): 未写入（\(error.description)）"))
        }
    }
}
