import FixtureSupport
import GitHistory
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
    // A partial clone fetches blobs on demand; with the promisor remote gone, they are simply missing.
    try FixtureRepository.runGit(["-C", partial, "remote", "remove", "origin"])
    let repository = try Repository(discoveringFrom: partial)
    let error = #expect(throws: GitError.self) { try repository.diffStats(from: fixture.oid(1), to: fixture.oid(2)) }
    #expect(error?.kind == .missingObject)
  }
}
