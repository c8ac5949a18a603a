import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

@Suite("Every fixture's changes are what its answer key says (METRICS.md sections 2, 3, 7, 10)")
struct AnswerKeyTests {
  @Test("changes, in order, with their fields", arguments: AnswerKey.fixturesWithChanges())
  func changes(fixture name: String) throws {
    let key = try AnswerKey(fixture: name)
    let fixture = try RecognizedFixture(name)
    let expectedMarks = key.changes.compactMap(\.mark)
    #expect(
      fixture.changes.map(\.mergeCommit.hex) == expectedMarks.map(fixture.fixture.id),
      "merge commits differ: got \(fixture.changes.map { fixture.mark(of: $0.mergeCommit) })")
    for (change, expected) in zip(fixture.changes, key.changes) {
      let label = Comment(rawValue: "\(name) :\(expected.mark ?? 0) \(change.title)")
      #expect(change.kind.rawValue == expected["kind"], label)
      #expect(change.number == expected["number"], label)
      #expect(change.forge?.rawValue == expected["forge"], label)
      #expect(change.changeID == fixture.resolveMarks(expected["change_id"] ?? expected["number"] ?? ":\(expected.mark!)"), label)
      #expect(change.title == expected["title"], label)
      #expect(change.author.email == expected["author"], label)
      #expect(change.coAuthors.joined(separator: ";") == (expected["co_authors"] ?? ""), label)
      #expect(change.reviewers.joined(separator: ";") == (expected["reviewers"] ?? ""), label)
      #expect(change.reviewSource?.rawValue == expected["review_source"], label)
      #expect(change.merger == expected["merger"], label)
      #expect(change.isImport == (expected["import"] == "true"), label)
      #expect(change.cohort.rawValue == (expected["cohort"] ?? "human"), label)
      #expect(String(change.commits) == expected["commits"], label)
      #expect(change.timingSource.rawValue == expected["timing"], label)
      #expect(change.firstCommitAt == expected["first"].map(utc), label)
      #expect(change.lastCommitAt == expected["last"].map(utc), label)
      #expect(change.mergedAt == expected["merged"].map(utc), label)
    }
  }
}

extension RecognizedFixture {
  /// `:M` in a key value stands for the first 12 hex digits of mark M's commit.
  func resolveMarks(_ value: String) -> String {
    guard let colon = value.firstIndex(of: ":"), let mark = Int(value[value.index(after: colon)...]) else {
      return value
    }
    return String(value[..<colon]) + fixture.id(mark).prefix(12)
  }

  func mark(of id: ObjectID) -> String {
    for mark in 1...500 where (try? fixture.oidIfPresent(mark)) == id { return ":\(mark)" }
    return id.abbreviated()
  }
}

extension FixtureRepository {
  func oidIfPresent(_ mark: Int) throws -> ObjectID? {
    hasMark(mark) ? ObjectID(hex: id(mark)) : nil
  }
}
