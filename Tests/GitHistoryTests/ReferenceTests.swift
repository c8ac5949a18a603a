import FixtureSupport
import GitHistory
import Testing

@Suite("Refs, review heads and tags")
struct ReferenceTests {
  @Test("refs are listed by full name with their kind and target")
  func references() throws {
    let fixture = try FixtureRepository("basics")
    let references = try fixture.open().references()
    #expect(
      references.map(\.name) == [
        "refs/heads/feature/search", "refs/heads/main", "refs/heads/pr-12",
        "refs/merge-requests/5/head", "refs/pull/11/head", "refs/pull/12/head",
        "refs/remotes/origin/HEAD", "refs/remotes/origin/pr/9",
        "refs/tags/docs-v1", "refs/tags/docs-v1-inner", "refs/tags/v1.0.0", "refs/tags/v1.1.0",
      ])
    let byName = Dictionary(uniqueKeysWithValues: references.map { ($0.name, $0) })
    #expect(byName["refs/heads/main"]?.kind == .branch)
    #expect(byName["refs/heads/main"]?.target == fixture.oid(6))
    #expect(byName["refs/remotes/origin/HEAD"]?.kind == .remoteBranch)
    #expect(byName["refs/remotes/origin/HEAD"]?.isSymbolic == false)
    #expect(byName["refs/remotes/origin/pr/9"]?.kind == .reviewHead(.github, number: 9))
    #expect(byName["refs/merge-requests/5/head"]?.kind == .reviewHead(.gitlab, number: 5))
    #expect(byName["refs/tags/v1.1.0"]?.kind == .tag)
    #expect(byName["refs/tags/v1.1.0"]?.shortName == "v1.1.0")
  }

  @Test("review heads from GitHub and GitLab namespaces, with their numbers")
  func reviewHeads() throws {
    let fixture = try FixtureRepository("basics")
    let heads = try fixture.open().reviewHeads()
    #expect(
      heads == [
        ReviewHead(forge: .gitlab, number: 5, ref: "refs/merge-requests/5/head", tip: fixture.oid(8)),
        ReviewHead(forge: .github, number: 11, ref: "refs/pull/11/head", tip: fixture.oid(7)),
        ReviewHead(forge: .github, number: 12, ref: "refs/pull/12/head", tip: fixture.oid(8)),
        ReviewHead(forge: .github, number: 9, ref: "refs/remotes/origin/pr/9", tip: fixture.oid(3)),
      ])
  }

  @Test("tags: annotated with tagger time, lightweight, and a tag of a tag")
  func tags() throws {
    let fixture = try FixtureRepository("basics")
    let tags = try fixture.open().tags()
    #expect(
      tags == [
        Tag(name: "docs-v1", commit: fixture.oid(4), isAnnotated: true,
            taggerTime: GitTime(seconds: utc("2026-01-08T09:00:00Z"))),
        Tag(name: "docs-v1-inner", commit: fixture.oid(4), isAnnotated: true,
            taggerTime: GitTime(seconds: utc("2026-01-08T08:00:00Z"))),
        Tag(name: "v1.0.0", commit: fixture.oid(2), isAnnotated: true,
            taggerTime: GitTime(seconds: utc("2026-01-07T11:00:00Z"), offsetMinutes: 60)),
        Tag(name: "v1.1.0", commit: fixture.oid(6), isAnnotated: false, taggerTime: nil),
      ])
  }
}

@Suite("Choosing the target branch (docs/figures.md section 1)")
struct TargetBranchTests {
  @Test("a plain origin/HEAD is stale and ignored, as is a bare HEAD naming no branch; main is chosen by name")
  func staleOriginHead() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/unborn")
    let target = try fixture.open().targetBranch()
    #expect(target == TargetBranch(ref: "refs/heads/main", tip: fixture.oid(6), reason: .conventionalName))
    #expect(target.description == "main (first of main, master, trunk)")
  }

  @Test("a clone's symbolic origin/HEAD wins")
  func originHead() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/feature/search")
    let clone = try fixture.clone()
    let target = try Repository(discoveringFrom: clone).targetBranch()
    #expect(target.ref == "refs/remotes/origin/feature/search")
    #expect(target.reason == .originHead)
    #expect(target.tip == fixture.oid(7))
    #expect(target.description == "origin/feature/search (origin/HEAD)")
  }

  @Test("a bare repository's HEAD wins over conventional names")
  func bareHead() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/pr-12")
    let target = try fixture.open().targetBranch()
    #expect(target == TargetBranch(ref: "refs/heads/pr-12", tip: fixture.oid(8), reason: .bareHead))
  }

  @Test("without main, master or trunk, a work tree falls back to HEAD")
  func headFallback() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/main")
    let clone = try fixture.clone()
    try FixtureRepository.runGit(["-C", clone, "checkout", "--quiet", "-b", "topic", fixture.id(5)])
    try FixtureRepository.runGit(["-C", clone, "branch", "--quiet", "-D", "main"])
    try FixtureRepository.runGit(["-C", clone, "symbolic-ref", "-d", "refs/remotes/origin/HEAD"])
    try FixtureRepository.runGit(["-C", clone, "update-ref", "-d", "refs/remotes/origin/main"])
    let target = try Repository(discoveringFrom: clone).targetBranch()
    #expect(target == TargetBranch(ref: "HEAD", tip: fixture.oid(5), reason: .head))
  }

  @Test("a branch literally named HEAD does not stand for HEAD")
  func branchNamedHead() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("update-ref", "refs/heads/HEAD", fixture.id(1))
    #expect(try fixture.open().targetBranch().tip == fixture.oid(6))
    #expect(try fixture.open().targetBranch(named: "refs/heads/HEAD").tip == fixture.oid(1))
  }

  @Test("a requested branch by short name, full name or commit")
  func requested() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    #expect(try repository.targetBranch(named: "feature/search") == TargetBranch(ref: "refs/heads/feature/search", tip: fixture.oid(7), reason: .requested))
    #expect(try repository.targetBranch(named: "origin/pr/9").ref == "refs/remotes/origin/pr/9")
    #expect(try repository.targetBranch(named: "v1.0.0").tip == fixture.oid(2))
    #expect(try repository.targetBranch(named: fixture.id(5)).tip == fixture.oid(5))
  }

  @Test("an unknown branch suggests the nearest name")
  func unknown() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    let error = #expect(throws: GitError.self) { try repository.targetBranch(named: "mian") }
    #expect(error?.description == "unknown branch 'mian' (did you mean 'main'?)")
    let far = #expect(throws: GitError.self) { try repository.targetBranch(named: "zzzzzzzzzz") }
    #expect(far?.description == "unknown branch 'zzzzzzzzzz'")
  }
}
