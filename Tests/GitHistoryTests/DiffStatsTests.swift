import Dispatch
import FixtureSupport
@testable import GitHistory
import Testing

@Suite("Diff stats, counted as git diff --numstat --no-renames counts")
struct DiffStatsTests {
  @Test("from the empty tree: a binary file counts with 0 lines")
  func root() throws {
    let fixture = try FixtureRepository("diffstats")
    let stats = try fixture.open().diffStats(from: nil, to: fixture.oid(1))
    #expect(stats == DiffStats(additions: 12, deletions: 0, files: 6))
  }

  @Test("edits, a deletion, a binary change and a mode change")
  func edits() throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    #expect(try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2)) == DiffStats(additions: 4, deletions: 4, files: 5))
    #expect(try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2), options: DiffOptions(excludedPaths: ["*.lock", "package-lock.json"])) == DiffStats(additions: 3, deletions: 3, files: 4))
    #expect(try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2), options: DiffOptions(excludedPaths: ["a.txt"])).files == 4)
  }

  @Test("lines per path, when asked, add up to the change's lines; the counts are the same either way")
  func linesByPath() throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    for renames in [false, true] {
      let plain = try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2), options: DiffOptions(detectRenames: renames))
      let paths = try repository.diffStats(
        from: fixture.oid(1), to: fixture.oid(2), options: DiffOptions(detectRenames: renames, recordsPaths: true))
      #expect(plain.linesByPath.isEmpty)
      #expect(paths.linesByPath.values.reduce(0, +) == plain.lines)
      #expect(paths.linesByPath.count == plain.files)
      #expect(DiffStats(additions: paths.additions, deletions: paths.deletions, files: paths.files) == plain)
    }
  }

  @Test("a type change is one file; a rename is two without rename detection and one with it")
  func typeChangeAndRename() throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    #expect(try repository.diffStats(from: fixture.oid(2), to: fixture.oid(3)) == DiffStats(additions: 6, deletions: 7, files: 3))
    #expect(try repository.diffStats(from: fixture.oid(2), to: fixture.oid(3), options: DiffOptions(detectRenames: true)) == DiffStats(additions: 1, deletions: 2, files: 2))
  }

  @Test("agrees with git's own numstat on every commit of the fixtures", arguments: ["diffstats", "basics"])
  func agreesWithGit(name: String) throws {
    let fixture = try FixtureRepository(name)
    let repository = try fixture.open()
    for id in try repository.commits(reachableFrom: [repository.targetBranch().tip]) {
      let commit = try repository.commit(id)
      let base = commit.parents.first?.hex ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
      var expected = DiffStats()
      for line in try fixture.git("diff", "--numstat", "--no-renames", base, id.hex).split(separator: "\n") {
        let fields = line.split(separator: "\t")
        expected.additions += Int(fields[0]) ?? 0
        expected.deletions += Int(fields[1]) ?? 0
        expected.files += 1
      }
      #expect(try repository.diffStats(from: commit.parents.first, to: id) == expected, "\(commit.subject)")
    }
  }

  @Test("a blob missing from a partial clone is reported as missing, not as corruption")
  func missingBlob() throws {
    let fixture = try FixtureRepository("diffstats")
    try fixture.git("config", "uploadpack.allowFilter", "true")
    let partial = fixture.scratchPath("partial")
    try FixtureRepository.runGit(["clone", "--quiet", "--bare", "--filter=blob:none", "file://\(fixture.path)", partial])
    // A partial clone fetches blobs on demand from its promisor remote; pointed nowhere, they
    // are simply missing. The promisor remote stays: it is what makes missing blobs expected.
    try FixtureRepository.runGit(["-C", partial, "remote", "set-url", "origin", "file:///nonexistent"])
    let repository = try Repository(discoveringFrom: partial)
    let error = #expect(throws: GitError.self) { try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2)) }
    #expect(error?.kind == .missingObject)
  }
}

@Suite("Diffs on several threads")
struct ParallelDiffTests {
  @Test("many pairs on 2 threads give what one thread gives, in the order asked; missing blobs give nil")
  func parallel() throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    let pairs: [(from: ObjectID?, to: ObjectID)] = [(nil, fixture.oid(1)), (fixture.oid(1), fixture.oid(2)), (fixture.oid(2), fixture.oid(3))]
    let many = Array(repeating: pairs, count: 20).flatMap { $0 }
    let sequential = try repository.diffStats(of: many, jobs: 1)
    #expect(try repository.diffStats(of: many, jobs: 2) == sequential)
    #expect(sequential.prefix(3) == [
      DiffStats(additions: 12, deletions: 0, files: 6), DiffStats(additions: 4, deletions: 4, files: 5),
      DiffStats(additions: 6, deletions: 7, files: 3),
    ])
    try fixture.git("config", "uploadpack.allowFilter", "true")
    let partial = fixture.scratchPath("partial")
    try FixtureRepository.runGit(["clone", "--quiet", "--bare", "--filter=blob:none", "file://\(fixture.path)", partial])
    try FixtureRepository.runGit(["-C", partial, "remote", "set-url", "origin", "file:///nonexistent"])
    #expect(try Repository(discoveringFrom: partial).diffStats(of: pairs, jobs: 2) == [nil, nil, nil])
  }

  @Test("a cancelled diff begins no pair and throws; one never cancelled finishes", arguments: [1, 2])
  func cancelled(jobs: Int) throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    let pairs: [(from: ObjectID?, to: ObjectID)] = [(nil, fixture.oid(1)), (fixture.oid(1), fixture.oid(2))]
    let cancellation = DiffCancellation()
    #expect(try repository.diffStats(of: pairs, jobs: jobs, cancellation: cancellation).count == 2)
    cancellation.cancel()
    #expect {
      _ = try repository.diffStats(of: pairs, jobs: jobs, cancellation: cancellation)
    } throws: { error in
      "\(error)".hasSuffix("cancelled")
    }
  }
}

extension ParallelDiffTests {
  @Test("a pair passed over before it is begun gets no size and is counted; the others are diffed", arguments: [1, 2])
  func passedOver(jobs: Int) throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    let pairs: [(from: ObjectID?, to: ObjectID)] = [(nil, fixture.oid(1)), (fixture.oid(1), fixture.oid(2)), (fixture.oid(2), fixture.oid(3))]
    let cancellation = DiffCancellation()
    cancellation.passOver(fixture.oid(2))
    let stats = try repository.diffStats(of: pairs, jobs: jobs, cancellation: cancellation)
    #expect(stats == [DiffStats(additions: 12, deletions: 0, files: 6), nil, DiffStats(additions: 6, deletions: 7, files: 3)])
    #expect(cancellation.skippedPairs == 1)
    #expect(cancellation.finishedPairs == 3)
  }

  @Test("a thread that helps a diff under way takes pairs from it, and the results are whole and in order")
  func helped() throws {
    let fixture = try FixtureRepository("diffstats")
    let repository = try fixture.open()
    let pairs: [(from: ObjectID?, to: ObjectID)] = [(nil, fixture.oid(1)), (fixture.oid(1), fixture.oid(2)), (fixture.oid(2), fixture.oid(3))]
    let many = Array(repeating: pairs, count: 400).flatMap { $0 }
    let expected = try repository.diffStats(of: many, jobs: 1)
    let cancellation = DiffCancellation()
    let location = repository.location
    let helpers = DispatchGroup()
    // Helpers that come too early or too late find nothing to do and return at once.
    for _ in 0..<3 {
      DispatchQueue.global().async(group: helpers) { cancellation.help() }
    }
    let result = try Repository(location).diffStats(of: many, jobs: 1, cancellation: cancellation)
    helpers.wait()
    #expect(result == expected)
    #expect(cancellation.finishedPairs == many.count)
    cancellation.help()
  }
}

@Suite("Tree objects read as raw bytes")
struct RawTreeTests {
  private func tree(_ entries: [(mode: String, name: String, byte: UInt8)]) -> [UInt8] {
    entries.flatMap { Array("\($0.mode) \($0.name)".utf8) + [0] + Array(repeating: $0.byte, count: 20) }
  }

  @Test("entries keep the tree's order; modes read as libgit2 and git read them")
  func entries() throws {
    let bytes = tree([
      ("100664", "a.txt", 1), ("100755", "b.sh", 2), ("40000", "dir", 3), ("120000", "link", 4),
      ("160000", "sub", 5), ("100744", "x", 6),
    ])
    let entries = try #require(bytes.withUnsafeBytes { TreeDiff.entries(of: $0)?.map { ($0.mode, String(decoding: $0.name, as: UTF8.self), $0.id) } })
    #expect(entries.map(\.0) == [0o100644, 0o100755, 0o040000, 0o120000, 0o160000, 0o100755])
    #expect(entries.map(\.1) == ["a.txt", "b.sh", "dir", "link", "sub", "x"])
    #expect(entries[2].2 == ObjectID(hex: String(repeating: "03", count: 20)))
  }

  @Test("a damaged tree is refused, not half read", arguments: ["100644 a", "100644 a\u{0}short", "10064x a\u{0}", "100644 \u{0}"])
  func damaged(text: String) {
    let bytes = tree([("100644", "ok", 7)]) + Array(text.utf8) + (text.hasSuffix("\u{0}") ? Array(repeating: 1, count: 20) : [])
    #expect(bytes.withUnsafeBytes { TreeDiff.entries(of: $0) } == nil)
  }
}
