import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

@Suite("Every fixture's changes are what its answer key says (docs/figures.md sections 2, 3, 7, 10)")
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

@Suite("Every fixture's reverts, deployments and open items are what its answer key says (docs/figures.md 4, 5, 6)")
struct AnswerKeyAnalysisTests {
  @Test("over the whole history, as of the end of 2026", arguments: AnswerKey.fixturesWithChanges())
  func analysis(fixture name: String) throws {
    let key = try AnswerKey(fixture: name)
    let (fixture, report) = try analyse(name, asOf: "2026-12-31T00:00:00Z", since: "2000-01-01T00:00:00Z")
    for (change, expected) in zip(report.changes, key.changes) {
      let label = Comment(rawValue: "\(name) :\(expected.mark ?? 0) \(change.title)")
      #expect(change.isRevert == (expected["revert"] == "true"), label)
      #expect(change.reverts == expected["reverts"].map(fixture.resolveMarks), label)
    }
    let deployments = key.entries.filter { $0.kind == "deployment" }
    if !deployments.isEmpty {
      #expect(report.deployments.map(\.deployment.name) == deployments.map { $0["name"] ?? "" })
      for (record, expected) in zip(report.deployments, deployments) {
        let label = Comment(rawValue: "\(name) \(record.deployment.name)")
        #expect(record.deployment.commit.hex == expected["commit"].map { fixture.fixture.id(Int($0.dropFirst())!) }, label)
        #expect(record.deployment.at == expected["at"].map(utc), label)
        #expect(String(record.changes) == expected["changes"], label)
        #expect(record.failed == (expected["failed"] == "true"), label)
        #expect(record.restoredAt == expected["restored"].map(utc), label)
      }
    }
    let open = key.entries.filter { $0.kind == "open" }
    #expect(report.openItems.map(\.ref) == open.map { $0["ref"] ?? "" })
    for (item, expected) in zip(report.openItems, open) {
      #expect(item.newestCommitAt == expected["newest"].map(utc), "\(name) \(item.ref)")
      #expect(item.oldestCommitAt == expected["oldest"].map(utc), "\(name) \(item.ref)")
      if let since = expected["since"] {
        #expect(item.oldestOwnCommitAt == utc(since), "\(name) \(item.ref)")
      }
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
