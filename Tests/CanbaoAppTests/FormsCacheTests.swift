@testable import CanbaoApp
@testable import CanbaoRules
import CanbaoTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Forms/ compiled once into the user's cache: used only when made from exactly these files by this build, and
/// never a source of wrong answers (a changed file, a corrupt, foreign or exposed cache are all ignored and rebuilt).
@Suite struct FormsCacheTests {
    struct Setup {
        let forms: URL
        let cacheRoot: URL
        var cache: FormsCache { FormsCache.resolve(environment: ["XDG_CACHE_HOME": cacheRoot.path]) }
        var directory: URL { cache.directory! }
        var location: FormsLocation { FormsLocation.resolve(forms.path) }

        func load() throws -> (FormSet, FormsCache.Outcome) { try cache.load(location.files()) }

        /// The compiled forms files in the cache directory.
        func compiled() throws -> [URL] {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("forms-") }
                .map { directory.appendingPathComponent($0) }
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let url = forms.appendingPathComponent(path)
            try change(String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A copy of the repository's Forms/ and an empty cache root.
    static func setup() throws -> Setup {
        let dir = try CanbaoBinary.temporaryDirectory("forms-cache")
        let forms = dir.appendingPathComponent("Forms")
        try FileManager.default.copyItem(at: TestForms.directory.resolvingSymlinksInPath(), to: forms)
        return Setup(forms: forms, cacheRoot: dir.appendingPathComponent("cache"))
    }

    static func mode(_ url: URL) -> mode_t {
        var info = stat()
        stat(url.path, &info)
        return info.st_mode & 0o777
    }

    @Test func theSecondStartUsesTheCompiledFormsAndGetsTheSameSet() throws {
        let s = try Self.setup()
        let (first, outcome) = try s.load()
        #expect(outcome == .rebuilt)
        #expect(Self.mode(s.directory) == 0o700)
        let files = try s.compiled()
        #expect(files.count == 1)
        #expect(Self.mode(files[0]) == 0o600)

        let (second, again) = try s.load()
        #expect(again == .hit)
        #expect(second.workflows == first.workflows)
        #expect(second.profiles == first.profiles)
        #expect(second.documents == first.documents)
        #expect(second.calendar == first.calendar)
        #expect(second.articles == first.articles)
        #expect(second.workflows == TestForms.shared.workflows)
    }

    @Test func aChangedFileIsSeenAtOnce() throws {
        let s = try Self.setup()
        _ = try s.load()
        try s.edit("workflows/student.yaml") { $0.replacingOccurrences(of: "title: 大中专学生参保登记", with: "title: 学生参保登记（改）") }
        let (changed, outcome) = try s.load()
        #expect(outcome == .rebuilt)
        #expect(changed.workflows["student"]?.title == "学生参保登记（改）")
        // A policy text is part of the key too (lint checks citations against it), though parsed only when shown.
        try s.edit("articles/national.yaml") { $0 + "\n" }
        #expect(try s.load().1 == .rebuilt)
        // A file removed, and added back: the earlier compiled form of exactly these files is used again.
        let calendar2025 = s.forms.appendingPathComponent("calendar/2025.yaml")
        let kept = try Data(contentsOf: calendar2025)
        try FileManager.default.removeItem(at: calendar2025)
        let (removed, removedOutcome) = try s.load()
        #expect(removedOutcome == .rebuilt)
        #expect(!removed.calendar.covers(2025))
        try kept.write(to: calendar2025)
        let (added, addedOutcome) = try s.load()
        #expect(addedOutcome == .hit)
        #expect(added.calendar.covers(2025))
    }

    @Test func formsThatFailLintAreNeverCompiled() throws {
        let s = try Self.setup()
        try s.edit("workflows/veteran.yaml") { $0.replacingOccurrences(of: "[veteran.discharge,", with: "[veteran.dischrage,") }
        for _ in 0..<2 {
            #expect(throws: SourceErrors.self) { _ = try s.load() }
        }
        #expect(try s.compiled().isEmpty)
    }

    @Test func aCorruptOrTruncatedCacheIsIgnoredAndRebuilt() throws {
        let s = try Self.setup()
        let (fresh, _) = try s.load()
        let file = try #require(try s.compiled().first)
        let original = try Data(contentsOf: file)
        // A byte flipped in the payload (its checksum no longer holds), in the header, or the file cut short.
        for damaged in [Self.flip(original, at: original.count - 100), Self.flip(original, at: 10), original.prefix(original.count / 2)] {
            try Data(damaged).write(to: file)
            chmod(file.path, 0o600)
            let (set, outcome) = try s.load()
            #expect(outcome == .rebuilt)
            #expect(set.workflows == fresh.workflows)
            #expect(try Data(contentsOf: file) == original)
        }
    }

    /// A compiled form whose checksum holds but one of whose workflows does not decode (a fault of the build, or a
    /// file made to match its checksum): a case naming that workflow is refused with a message naming the compiled
    /// file to remove, the others still work, and once it is removed the next start compiles Forms/ again.
    @Test func aWorkflowThatDoesNotDecodeNamesTheCompiledFileToRemove() throws {
        let s = try Self.setup()
        let (fresh, _) = try s.load()
        let file = try #require(try s.compiled().first)
        let files = try s.location.files()
        let key = FormsCache.contentKey(files)
        var payload = FormArchive.encode(fresh)
        // newborn's bytes, as the archive holds them, overwritten in place (the lengths still hold).
        var w = FormArchive.Writer()
        w.workflow(try #require(fresh.workflows["newborn"]))
        let start = try #require(payload.indices.first { payload[$0...].starts(with: w.bytes) })
        payload.replaceSubrange(start..<(start + w.bytes.count), with: repeatElement(0xFF, count: w.bytes.count))
        try Data(FormsCache.header(key: key, payload: payload) + payload).write(to: file)
        chmod(file.path, 0o600)

        let (damaged, outcome) = try s.load()
        #expect(outcome == .hit)
        #expect(damaged.workflows["newborn"] == nil)
        #expect(damaged.workflows["student"] == fresh.workflows["student"])
        let example = try String(contentsOf: s.forms.appendingPathComponent("examples/newborn.yaml"), encoding: .utf8)
        let error = try #require(throws: SourceError.self) {
            _ = try CaseParser.parse(example, file: "newborn.yaml", forms: damaged)
        }
        #expect(error.reason == "业务“newborn”在编译后的 Forms/ 中无法读出：请删除 \(file.path) 后重试（下次启动时由 Forms/ 重新编译）")

        try FileManager.default.removeItem(at: file)
        let (again, rebuilt) = try s.load()
        #expect(rebuilt == .rebuilt)
        #expect(again.workflows["newborn"] == fresh.workflows["newborn"])
    }

    @Test func anotherFormsCompiledFormIsNotTakenForThisOne() throws {
        let a = try Self.setup()
        _ = try a.load()
        // The compiled form of a's Forms/, planted under the name b's would have: its content key does not match.
        var b = try Self.setup()
        b = Setup(forms: b.forms, cacheRoot: a.cacheRoot)
        try b.edit("workflows/student.yaml") { $0.replacingOccurrences(of: "title: 大中专学生参保登记", with: "title: 乙") }
        let bFiles = try b.location.files()
        let planted = a.directory.appendingPathComponent(FormsCache.fileName(FormsCache.contentKey(bFiles)))
        try FileManager.default.copyItem(at: try #require(try a.compiled().first), to: planted)
        chmod(planted.path, 0o600)
        let (set, outcome) = try b.load()
        #expect(outcome == .rebuilt)
        #expect(set.workflows["student"]?.title == "乙")
    }

    @Test func aCacheFileOthersCouldHaveWrittenIsNotRead() throws {
        let s = try Self.setup()
        _ = try s.load()
        let file = try #require(try s.compiled().first)
        chmod(file.path, 0o666)
        #expect(try s.load().1 == .rebuilt)
        #expect(Self.mode(file) == 0o600)
        // A directory others may write to is tightened before it is trusted.
        chmod(s.directory.path, 0o777)
        #expect(try s.load().1 == .hit)
        #expect(Self.mode(s.directory) == 0o700)
        // A link in place of the file is not followed.
        let elsewhere = s.cacheRoot.appendingPathComponent("elsewhere.bin")
        try FileManager.default.moveItem(at: file, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: elsewhere)
        #expect(try s.load().1 == .rebuilt)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) == nil)
    }

    @Test func aCacheDirectoryOfAnotherAccountIsNotUsed() throws {
        guard geteuid() == 0 else { return }  // Only root can give a directory away.
        let s = try Self.setup()
        _ = try s.load()
        #expect(chown(s.directory.path, 65_534, 65_534) == 0)
        let (set, outcome) = try s.load()
        #expect(outcome == .uncached)
        #expect(set.workflows == TestForms.shared.workflows)
    }

    @Test func aCacheThatCannotBeWrittenIsSimplyNotUsed() throws {
        let s = try Self.setup()
        // The cache root is a file: no directory can be made under it.
        try FileManager.default.createDirectory(at: s.cacheRoot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: s.cacheRoot)
        for _ in 0..<2 {
            let (set, outcome) = try s.load()
            #expect(outcome == .uncached)
            #expect(set.workflows == TestForms.shared.workflows)
        }
        // No home directory at all.
        let none = FormsCache.resolve(environment: ["XDG_CACHE_HOME": "relative/ignored"])
        #expect(none.directory == nil)
        #expect(try none.load(s.location.files()).1 == .uncached)
    }

    @Test func onlyTheNewestCompiledFormsAreKept() throws {
        let s = try Self.setup()
        for n in 0..<(FormsCache.kept + 3) {
            try s.edit("documents.yaml") { $0 + "\n# \(n)\n" }
            #expect(try s.load().1 == .rebuilt)
        }
        #expect(try s.compiled().count == FormsCache.kept)
    }

    /// A start that finds the files as they were listed when their compiled form was made reads none of them (the
    /// policy texts when first asked for); the set is the same.
    @Test func aSettledListingFindsTheCompiledFormWithoutReadingTheFiles() throws {
        let s = try Self.setup()
        let later = Date().timeIntervalSince1970 + 10
        let (first, outcome) = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(outcome == .rebuilt)
        let (second, again) = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(again == .listed)
        #expect(second.workflows == first.workflows)
        #expect(second.profiles == first.profiles)
        #expect(second.articles == first.articles)
        // The compiled form it points to gone: the files are read and hashed again.
        for file in try s.compiled() { try FileManager.default.removeItem(at: file) }
        #expect(try s.location.loadReporting(cache: s.cache, now: later).1 == .rebuilt)
    }

    /// A listed start does not even read the policy texts: they are read and parsed when first asked for. Gone by
    /// then, the set has no articles rather than failing; there again, a new start shows them as before.
    @Test func aListedStartReadsThePolicyTextsWhenFirstAskedFor() throws {
        let s = try Self.setup()
        let later = Date().timeIntervalSince1970 + 10
        let (first, _) = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(!first.articles.isEmpty)
        let (second, outcome) = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(outcome == .listed)
        let articles = s.forms.appendingPathComponent("articles")
        let away = s.forms.deletingLastPathComponent().appendingPathComponent("articles-away")
        try FileManager.default.moveItem(at: articles, to: away)
        #expect(second.articles.isEmpty)
        #expect(second.workflows == first.workflows)
        try FileManager.default.moveItem(at: away, to: articles)
        // Asked once, answered once: the texts back in place do not change a set that found none.
        #expect(second.articles.isEmpty)
        let (third, again) = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(again == .listed)
        #expect(third.articles == first.articles)
    }

    /// Files changed in the last moments are not recorded: written in the clock tick they were listed in, their
    /// times could stay the same while their bytes change.
    @Test func filesJustWrittenAreReadAgainNextTime() throws {
        let s = try Self.setup()
        let now = Date().timeIntervalSince1970
        #expect(try s.location.loadReporting(cache: s.cache, now: now).1 == .rebuilt)
        #expect(try s.location.loadReporting(cache: s.cache, now: now).1 == .hit)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.directory.path).filter { $0.hasPrefix("listed-") }.isEmpty)
    }

    /// A file rewritten in place with the same length and its modification time set back is still seen: its change
    /// time moved, which only the superuser can set.
    @Test func aFileChangedInPlaceWithItsOldTimesIsSeen() throws {
        let s = try Self.setup()
        let later = Date().timeIntervalSince1970 + 10
        _ = try s.location.loadReporting(cache: s.cache, now: later)
        #expect(try s.location.loadReporting(cache: s.cache, now: later).1 == .listed)
        let file = s.forms.appendingPathComponent("workflows/student.yaml")
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "title: 大中专学生参保登记", with: "title: 大中专学生参保登讫")
        #expect(changed.utf8.count == text.utf8.count && changed != text)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(changed.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
        let (set, outcome) = try s.location.loadReporting(cache: s.cache, now: later + 10)
        #expect(outcome == .rebuilt)
        #expect(set.workflows["student"]?.title == "大中专学生参保登讫")
    }

    @Test func theBuildIdentityIsTheLinkersBuildID() {
        // The test binary is linked like canbao: with a GNU build ID (20 bytes from gold and lld's sha1).
        #expect(BuildIdentity.gnuBuildID()?.count == 20)
    }

    static func flip(_ data: Data, at index: Int) -> Data {
        var copy = data
        copy[copy.startIndex + index] ^= 0xFF
        return copy
    }
}
