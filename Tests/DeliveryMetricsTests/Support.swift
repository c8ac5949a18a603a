import DeliveryMetrics
import FixtureSupport
import Foundation
import GitHistory
import Testing

extension Repository: HistorySource {}

/// Seconds since the epoch of an ISO-8601 UTC time, so expectations read as dates.
func utc(_ iso: String) -> Int64 {
  guard let date = ISO8601DateFormatter().date(from: iso) else { fatalError("bad date \(iso)") }
  return Int64(date.timeIntervalSince1970)
}

/// A fixture's changes, with its commits named by their stream marks.
struct RecognizedFixture {
  let fixture: FixtureRepository
  let repository: Repository
  let changes: [Change]

  init(_ name: String, branch: String? = nil, settings: RecognitionSettings = RecognitionSettings()) throws {
    fixture = try FixtureRepository(name)
    repository = try Repository(discoveringFrom: fixture.path)
    let target = try repository.targetBranch(named: branch)
    changes = try ChangeRecognizer(settings: settings).changes(in: repository, target: target)
  }

  func oid(_ mark: Int) -> ObjectID { ObjectID(hex: fixture.id(mark))! }

  /// The change whose merge commit is `:mark`.
  func change(_ mark: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> Change {
    try #require(changes.first { $0.mergeCommit == oid(mark) }, "no change at :\(mark)", sourceLocation: sourceLocation)
  }
}

/// What a test states about one change; nil fields are not checked.
struct Expected {
  var kind: Change.Kind
  var number: String? = nil
  var forge: Forge? = nil
  var title: String
  var author: String
  var commits: Int
  var timing: Change.TimingSource
  var first: String? = nil
  var last: String? = nil
  var merged: String
  var reviewers: [String] = []
  var reviewSource: Change.ReviewSource? = nil
  var cohort: Change.Cohort = .human

  func check(_ change: Change, sourceLocation: SourceLocation = #_sourceLocation) {
    let label = Comment(rawValue: "\(change.title)")
    #expect(change.kind == kind, label, sourceLocation: sourceLocation)
    #expect(change.number == number, label, sourceLocation: sourceLocation)
    #expect(change.forge == forge, label, sourceLocation: sourceLocation)
    #expect(change.title == title, label, sourceLocation: sourceLocation)
    #expect(change.author.email == author, label, sourceLocation: sourceLocation)
    #expect(change.commits == commits, label, sourceLocation: sourceLocation)
    #expect(change.timingSource == timing, label, sourceLocation: sourceLocation)
    #expect(change.firstCommitAt == first.map(utc), label, sourceLocation: sourceLocation)
    #expect(change.lastCommitAt == last.map(utc), label, sourceLocation: sourceLocation)
    #expect(change.mergedAt == utc(merged), label, sourceLocation: sourceLocation)
    #expect(change.reviewers == reviewers, label, sourceLocation: sourceLocation)
    #expect(change.reviewSource == reviewSource, label, sourceLocation: sourceLocation)
    #expect(change.cohort == cohort, label, sourceLocation: sourceLocation)
  }
}
