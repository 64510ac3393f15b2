import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing

/// One file of BadCases/ and what `canbao check` must say about it (BadCases/expected.json).
struct BadCase: Sendable, Decodable, CustomTestStringConvertible {
    var file: String
    /// The line the message names; nil for a file-level problem (empty, not UTF-8).
    var line: Int?
    /// The key the message names; nil where only the line can be named (a syntax error).
    var key: String?
    /// Fragments the message must contain: the expected form, the nearest key, the offending code point…
    var mentions: [String]

    var testDescription: String { file }

    /// `FILE:LINE: KEY: ` as the message must begin.
    func expectedPrefix(_ path: String) -> String {
        path + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "\($0): " } ?? "")
    }
}

/// Every way a case file can be wrong that a careless operator or an attacker would try: each is refused with exit
/// status 2 and exactly one line on stderr naming the file and the key (or line), echoing no control character,
/// and nothing is written anywhere (the store home given with `--store` stays byte for byte as it was, the working
/// directory stays empty, the corpus itself is untouched).
@Suite("坏案件文件语料：退出码 2、一行错误、不写任何东西")
struct BadCaseCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("BadCases")

    static let loaded: (cases: [BadCase], error: String?) = {
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
            return (try JSONDecoder().decode([BadCase].self, from: data), nil)
        } catch {
            return ([], "\(error)")
        }
    }()

    /// One store home for every case, made once: checks that fail never open it, so it must never change.
    static let home: URL? = {
        guard let dir = try? CanbaoBinary.temporaryDirectory("canbao-badcase-home"),
              (try? CanbaoBinary.run(["store", "init", "--home", dir.path]))?.status == 0 else { return nil }
        return dir
    }()

    @Test("语料至少 100 个文件，每个文件都有期望，每条期望都有文件")
    func corpusIsComplete() throws {
        #expect(Self.loaded.error == nil, "\(Self.loaded.error ?? "")")
        let listed = Self.loaded.cases.map(\.file)
        #expect(listed.count >= 100, "only \(listed.count) bad case files")
        #expect(Set(listed).count == listed.count, "duplicate entries")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0 != "expected.json" }
        #expect(Set(onDisk).subtracting(listed).sorted() == [], "files without an expectation")
        #expect(Set(listed).subtracting(onDisk).sorted() == [], "expectations without a file")
    }

    @Test("拒收：退出码 2，标准错误恰好一行并指明文件与键（或行），不写任何东西", arguments: loaded.cases)
    func refused(_ c: BadCase) throws {
        let home = try #require(Self.home, "canbao store init failed")
        let path = Self.directory.appendingPathComponent(c.file).path
        let cwd = try CanbaoBinary.temporaryDirectory("canbao-badcase-cwd")
        defer { try? FileManager.default.removeItem(at: cwd) }
        let homeBefore = try Snapshot(home)
        let corpusBefore = try Snapshot(Self.directory)

        let r = try CanbaoBinary.run(["check", path, "--store", "--home", home.path],
                                     environment: ["CANBAO_FORMS": TestForms.directory.path], currentDirectory: cwd)

        #expect(r.status == 2)
        #expect(r.stdout == "")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "stderr is not exactly one line: \(r.stderr.prefix(300))")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix(c.expectedPrefix(path)), "“\(line)” does not start with “\(c.expectedPrefix(path))”")
        for fragment in c.mentions {
            #expect(line.contains(fragment), "“\(line)” does not mention “\(fragment)”")
        }
        #expect(!line.unicodeScalars.contains(where: SafeText.isForbidden), "the message echoes a control character")
        #expect(try Snapshot(home) == homeBefore, "the store home changed")
        #expect(try Snapshot(Self.directory) == corpusBefore, "something was written next to the case files")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd.path) == [], "something was written in the working directory")
    }

    @Test("标准输入与文件同样受限：别名炸弹与超过 1,000,000 字节的输入都在读完前被拒收")
    func standardInputIsCappedAndCheckedLikeAFile() throws {
        let dir = try CanbaoBinary.temporaryDirectory("canbao-badcase-stdin")
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.yaml")
        // Valid YAML all the way, so only the size can be what is refused; more than the limit, from a pipe.
        try ("workflow: newborn\nregion: dalate\ntoday: 2026-01-15\n# " + String(repeating: "x", count: 1_100_000) + "\n")
            .write(to: big, atomically: true, encoding: .utf8)
        // JSON on standard input is read as strictly as a .json file.
        let json = dir.appendingPathComponent("dup.json")
        try "{\"workflow\": \"newborn\", \"region\": \"dalate\", \"today\": \"2026-01-15\", \"today\": \"2026-01-16\"}"
            .write(to: json, atomically: true, encoding: .utf8)
        for (input, fragment) in [(big, "1000000"), (Self.directory.appendingPathComponent("alias-bomb-359-bytes.yaml"), "锚点"),
                                  (json, "stdin:1: today: 重复的键")] {
            let r = try Self.check(stdin: input)
            #expect(r.status == 2)
            #expect(r.stdout == "")
            #expect(r.stderr.hasPrefix("stdin"), "\(r.stderr)")
            #expect(r.stderr.contains(fragment), "\(r.stderr)")
            #expect(r.stderr.filter { $0 == "\n" }.count == 1)
        }
    }

    /// `canbao check -` with a file as its standard input (a file, not a pipe we write to: the binary stops
    /// reading at the limit, and a writer would then get SIGPIPE).
    static func check(stdin file: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CanbaoBinary.url
        process.arguments = ["check", "-"]
        process.environment = ProcessInfo.processInfo.environment.merging(["LANG": "C.UTF-8", "CANBAO_FORMS": TestForms.directory.path]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try FileHandle(forReadingFrom: file)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Every file under a directory with its size, modification time and bytes: equal snapshots mean nothing changed.
struct Snapshot: Equatable {
    var files: [String: Entry]

    struct Entry: Equatable {
        var size: Int
        var modified: Date?
        var data: Data
    }

    init(_ dir: URL) throws {
        files = [:]
        let fm = FileManager.default
        for case let name as String in fm.enumerator(atPath: dir.path) ?? FileManager.DirectoryEnumerator() {
            let url = dir.appendingPathComponent(name)
            let attributes = try fm.attributesOfItem(atPath: url.path)
            let isFile = (attributes[.type] as? FileAttributeType) == .typeRegular
            files[name] = Entry(size: (attributes[.size] as? Int) ?? 0, modified: attributes[.modificationDate] as? Date,
                                data: isFile ? try Data(contentsOf: url) : Data())
        }
    }
}
