import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

/// The forge's records as values, with no file (docs/figures.md section 8): the daily queue of
/// the pr-metadata fixture, worked out by hand from the intervals its stream's comments list.
@Suite("PR records in the daily queue: drafts in wip only, closes and opens from the records")
struct PullRequestRecordTests {
  static func at(_ text: String) -> Int64 { utc(text) }

  static let records = PullRequestRecords([
    PullRequestRecord(
      number: 1, forge: .github, createdAt: at("2026-03-02T16:00:00Z"), mergedAt: at("2026-03-05T12:00:00Z"), author: "bob",
      reviews: [.init(author: "carol", submittedAt: at("2026-03-03T10:00:00Z"), approved: false)]),
    PullRequestRecord(number: 5, forge: .github, createdAt: at("2026-03-25T10:00:00Z"), author: "bob"),
    PullRequestRecord(
      number: 6, forge: .github, createdAt: at("2026-03-10T08:00:00Z"), closedAt: at("2026-03-20T08:00:00Z"), author: "carol"),
    PullRequestRecord(number: 7, forge: .github, createdAt: at("2026-03-27T10:00:00Z"), isDraft: true, author: "ivy"),
    PullRequestRecord(number: 8, forge: .github, createdAt: at("2026-02-20T10:00:00Z"), author: "jo"),
    PullRequestRecord(
      number: 9, forge: .github, createdAt: at("2026-03-14T10:00:00Z"), mergedAt: at("2026-03-15T10:00:00Z"), author: "ada"),
  ])

  @Test("day by day: arrivals at opening, a close ends the wait, a draft is work in progress but waits for no one")
  func queueDays() throws {
    let fixture = try RecognizedFixture("pr-metadata")
    var settings = AnalysisSettings(asOf: Self.at("2026-03-31T00:00:00Z"), since: Self.at("2026-03-01T00:00:00Z"))
    settings.pullRequests = Self.records
    let report = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: fixture.repository.targetBranch())
    func day(_ date: String) -> QueueDay? { report.queue.first { $0.day == Self.at(date + "T00:00:00Z") } }
    // 03-14: #9 opens (arrival); at the day's end #6, #8 and #9 wait.
    #expect(day("2026-03-14").map { [$0.enteredReview, $0.reviewQueue, $0.openItems] } == [1, 3, 3])
    // 03-15: #9 merged elsewhere at 10:00: #6 and #8 wait; no change merged on main that day.
    #expect(day("2026-03-15").map { [$0.reviewQueue, $0.merged] } == [2, 0])
    // 03-20: #6 closed at 08:00 and #4 (no record) waits from its last commit 10:00 until 03-21: #8 and #4.
    #expect(day("2026-03-20").map { [$0.reviewQueue, $0.openItems] } == [2, 1])
    // 03-27: the draft #7 opens: in wip with #5 and #8, not in the review queue (#5, #8).
    #expect(day("2026-03-27").map { [$0.wip, $0.reviewQueue, $0.enteredReview] } == [3, 2, 0])
    // #1's record moves its arrival from its last commit (03-02T15:00) to its opening (16:00): the same day.
    #expect(day("2026-03-02").map(\.enteredReview) == 1)
    #expect(report.changes.first { $0.number == "1" }?.pickupTime == Int64(64_800))
  }
}
