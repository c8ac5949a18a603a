import FixtureSupport
import GitHistory
import Testing

@Suite("Commits as values")
struct CommitTests {
  @Test("a root commit: id, no parents, author and committer with their UTC offsets")
  func rootCommit() throws {
    let fixture = try FixtureRepository("basics")
    let commit = try fixture.open().commit(fixture.oid(1))
    #expect(commit.id.hex == fixture.id(1))
    #expect(commit.parents.isEmpty)
    #expect(commit.author.name == "Ada Lovelace")
    #expect(commit.author.email == "ada@example.com")
    #expect(commit.author.time == GitTime(seconds: utc("2026-01-05T08:00:00Z"), offsetMinutes: 120))
    #expect(commit.author.time.offsetMinutes == 120)
    #expect(commit.committer.time == GitTime(seconds: utc("2026-01-05T08:30:00Z"), offsetMinutes: 120))
    #expect(commit.author.time.description == "\(utc("2026-01-05T08:00:00Z")) +0200")
    #expect(commit.message == "Start the project\n")
    #expect(commit.subject == "Start the project")
    #expect(commit.body == "")
    #expect(commit.trailers.isEmpty)
  }

  @Test("a commit with a negative offset and trailers in its closing paragraphs")
  func trailers() throws {
    let fixture = try FixtureRepository("basics")
    let commit = try fixture.open().commit(fixture.oid(2))
    #expect(commit.parents == [fixture.oid(1)])
    #expect(commit.author.time == GitTime(seconds: utc("2026-01-06T16:00:00Z"), offsetMinutes: -420))
    #expect(commit.committer.time.seconds == utc("2026-01-06T16:15:00Z"))
    #expect(commit.author.time.description == "\(utc("2026-01-06T16:00:00Z")) -0700")
    #expect(commit.subject == "Add the parser")
    #expect(commit.body.hasPrefix("The parser reads: one line at a time.\n"))
    #expect(
      commit.trailers == [
        Trailer(key: "Reviewed By", value: "carol"),
        Trailer(key: "Differential Revision", value: "https://reviews.example.com/D42"),
        Trailer(key: "Reviewed-by", value: "Carol Reviewer <carol@example.com>"),
        Trailer(key: "Acked-by", value: "Dan <dan@example.com>"),
        Trailer(key: "Pull Request resolved", value: "https://github.com/example/project/pull/7"),
        Trailer(key: "Co-authored-by", value: "Eve Example <eve@example.com>"),
      ])
    #expect(commit.trailers.values(for: "reviewed-BY") == ["Carol Reviewer <carol@example.com>"])
    #expect(commit.trailers.values(for: "reviewed by") == ["carol"])
  }

  @Test("a merge lists its parents first parent first")
  func merge() throws {
    let fixture = try FixtureRepository("basics")
    let commit = try fixture.open().commit(fixture.oid(4))
    #expect(commit.parents == [fixture.oid(2), fixture.oid(7)])
    #expect(commit.isMerge)
    #expect(commit.committer.name == "GitHub")
    #expect(commit.subject == "Merge pull request #11 from eve/search")
    #expect(commit.body == "Add search\n")
  }

  @Test("object ids round-trip through hex and reject anything else")
  func objectIDs() throws {
    let hex = "0123456789abcdef0123456789ABCDEF01234567"
    let id = try #require(ObjectID(hex: hex))
    #expect(id.hex == hex.lowercased())
    #expect(id.abbreviated() == "0123456789ab")
    #expect(ObjectID(hex: "0123") == nil)
    #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
  }
}
