import Foundation
import FixtureSupport
import GitHistory
import Testing

@Suite("Identities: mailmap, encodings, skewed clocks (Fixtures/identities.fi)")
struct IdentityFixtureTests {
  @Test("the mailmap maps old emails and a misspelt name to one identity; others pass through")
  func mailmap() throws {
    let fixture = try FixtureRepository("identities")
    let repository = try fixture.open()
    let mailmap = try repository.mailmap()
    let oldEmail = try repository.commit(fixture.oid(2)).author
    #expect(oldEmail.email == "priya.raman@oldcorp.example")
    #expect(mailmap.resolve(oldEmail).name == "Priya Raman")
    #expect(mailmap.resolve(oldEmail).email == "priya@example.com")
    #expect(mailmap.resolve(oldEmail).time == oldEmail.time)
    let noreply = try repository.commit(fixture.oid(3)).author
    #expect(repository.canonical(name: noreply.name, email: noreply.email) == ("Priya Raman", "priya@example.com"))
    let misspelt = try repository.commit(fixture.oid(4)).author
    #expect(misspelt.name == "Jonathon Smith")
    #expect(repository.canonical(name: misspelt.name, email: misspelt.email) == ("Jonathan Smith", "jon@example.com"))
    #expect(repository.canonical(name: "Mei Chen", email: "mei@example.com") == ("Mei Chen", "mei@example.com"))
  }

  @Test("a bare repository without a config file (a mirror snapshot) reads HEAD:.mailmap as git does")
  func mailmapWithoutConfig() throws {
    let fixture = try FixtureRepository("identities")
    try FileManager.default.removeItem(atPath: fixture.path + "/config")
    let repository = try Repository(discoveringFrom: fixture.path)
    #expect(repository.isBare)
    let oldEmail = try repository.commit(fixture.oid(2)).author
    #expect(repository.canonical(name: oldEmail.name, email: oldEmail.email) == ("Priya Raman", "priya@example.com"))
  }

  @Test("names and messages that are not UTF-8 are read as ISO-8859-1, with or without an encoding header")
  func legacyEncodings() throws {
    let fixture = try FixtureRepository("identities")
    let repository = try fixture.open()
    #expect(try repository.commit(fixture.oid(5)).author.name == "José García")
    let french = try repository.commit(fixture.oid(6))
    #expect(french.author.name == "François Lefèvre")
    #expect(french.subject == "Corrige l'échappement des caractères spéciaux")
  }

  @Test("an author time after the committer time is kept as recorded")
  func clockSkew() throws {
    let fixture = try FixtureRepository("identities")
    let commit = try fixture.open().commit(fixture.oid(7))
    #expect(commit.author.time.seconds == utc("2026-02-05T12:00:00Z"))
    #expect(commit.committer.time.seconds == utc("2026-02-05T10:00:00Z"))
  }
}

@Suite("Tags (Fixtures/tags.fi)")
struct TagFixtureTests {
  @Test("annotated tags with and without a tagger, lightweight tags, tags off the target line")
  func tags() throws {
    let fixture = try FixtureRepository("tags")
    let tags = Dictionary(uniqueKeysWithValues: try fixture.open().tags().map { ($0.name, $0) })
    #expect(tags.count == 16)
    #expect(tags["v0.9.0"] == Tag(name: "v0.9.0", commit: fixture.oid(2), isAnnotated: true, taggerTime: nil))
    #expect(tags["v1.0.1"] == Tag(name: "v1.0.1", commit: fixture.oid(5), isAnnotated: true,
                                  taggerTime: GitTime(seconds: utc("2026-01-13T14:00:00Z"), offsetMinutes: 120)))
    #expect(tags["v1.1.0"]?.taggerTime == GitTime(seconds: utc("2026-01-16T16:00:00Z"), offsetMinutes: -420))
    #expect(tags["v1.2.0"] == Tag(name: "v1.2.0", commit: fixture.oid(7), isAnnotated: false, taggerTime: nil))
    #expect(tags["tools/v1.4.0"]?.commit == fixture.oid(10))
    #expect(tags["tools/v1.4.0"]?.taggerTime == GitTime(seconds: utc("2026-01-27T12:15:00Z"), offsetMinutes: 120))
    #expect(tags["api/v1.4.0"]?.commit == fixture.oid(10))
    #expect(tags["svelte@5.0.1"]?.isAnnotated == false)
    #expect(tags["v1.3.0-rc1"]?.commit == fixture.oid(9))
  }
}

@Suite("Branches and review heads (Fixtures/branches.fi)")
struct BranchFixtureTests {
  @Test("HEAD naming main, a branch literally named HEAD, or no branch at all")
  func targets() throws {
    let fixture = try FixtureRepository("branches")
    let repository = try fixture.open()
    #expect(try repository.targetBranch() == TargetBranch(ref: "refs/heads/main", tip: fixture.oid(18), reason: .bareHead))
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/HEAD")
    #expect(try repository.targetBranch() == TargetBranch(ref: "refs/heads/HEAD", tip: fixture.oid(17), reason: .bareHead))
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/gone")
    #expect(try repository.targetBranch() == TargetBranch(ref: "refs/heads/main", tip: fixture.oid(18), reason: .conventionalName))
  }

  @Test("review heads from every namespace, and which the target has not reached")
  func reviewHeads() throws {
    let fixture = try FixtureRepository("branches")
    let repository = try fixture.open()
    let heads = try repository.reviewHeads()
    #expect(heads.map(\.ref) == ["refs/merge-requests/9/head", "refs/pull/10/head", "refs/pull/8/head", "refs/remotes/origin/pr/7"])
    #expect(heads.map(\.number) == [9, 10, 8, 7])
    #expect(heads.map(\.forge) == [.gitlab, .github, .github, .github])
    #expect(heads.map(\.tip) == [11, 8, 16, 6].map(fixture.oid))
    #expect(try repository.unreachable(heads.map(\.tip), from: fixture.oid(18)) == [fixture.oid(8), fixture.oid(16)])
  }

  @Test("a remote-tracking branch reads as one, and a plain origin/HEAD is not symbolic")
  func remoteBranches() throws {
    let fixture = try FixtureRepository("branches")
    let references = Dictionary(uniqueKeysWithValues: try fixture.open().references().map { ($0.name, $0) })
    #expect(references["refs/remotes/origin/feature-a"]?.kind == .remoteBranch)
    #expect(references["refs/remotes/origin/feature-a"]?.target == fixture.oid(14))
    #expect(references["refs/remotes/origin/HEAD"]?.isSymbolic == false)
    #expect(references["refs/heads/HEAD"]?.kind == .branch)
  }
}

@Suite("Octopus merges (Fixtures/topic-merges.fi)")
struct OctopusTests {
  @Test("an octopus merge lists all its parents in order")
  func octopus() throws {
    let fixture = try FixtureRepository("topic-merges")
    let repository = try fixture.open()
    let line = try repository.firstParentLine(from: repository.targetBranch().tip)
    let octopus = try line.map(repository.commit).filter { $0.parents.count == 4 }
    #expect(octopus.count == 1)
    #expect(octopus.first?.subject.hasPrefix("Merge branches ") == true)
  }
}
