import DeliveryMetrics
import Foundation
import Testing

@Suite("People: individual output, review load, cohorts (docs/figures.md section 7)")
struct PeopleTests {
  @Test("identities: commits and active authors per week, bots out, one person per name")
  func weeklyOutput() throws {
    let (_, report) = try analyse("identities", asOf: "2026-02-22T23:59:59Z", since: "2026-02-02T00:00:00Z")
    let weeks = report.weeks()
    #expect(weeks.map(\.weekStart) == ["2026-02-02T00:00:00Z", "2026-02-09T00:00:00Z", "2026-02-16T00:00:00Z"].map(utc))
    #expect(weeks.map(\.commitsAuthored) == [7, 5, 4])
    #expect(weeks.map(\.activeAuthors) == [5, 5, 4])
    #expect(weeks.map(\.commitsPerAuthor) == [7.0 / 5, 1, 1])
    let authors = report.authors()
    #expect(authors.count == 11)
    let mei = try #require(authors.first { $0.author.name == "Mei Chen" })
    #expect(mei.commitsAuthored == 3)
    #expect(mei.aiShare == 1.0 / 3.0)
    let sam = authors.filter { $0.author.name == "Sam Lee" }
    #expect(sam.count == 1)
    #expect(sam.first?.commitsAuthored == 2)
  }

  @Test("identities: cohorts and the direct share leave bots out")
  func cohortsAndDirectShare() throws {
    let (_, report) = try analyse("identities", asOf: "2026-02-22T23:59:59Z", since: "2026-02-02T00:00:00Z")
    #expect(report.changes.count == 21)
    #expect(report.changes.filter { $0.cohort == .bot }.count == 4)
    #expect(report.changes.filter { $0.cohort == .ai }.count == 5)
    #expect(report.directShare == 13.0 / 16.0)
    #expect(report.clockSkewCount == 1)
  }

  @Test("github-merges: mergers are no reviewers: the top merger apart, self-merges counted")
  func reviewLoad() throws {
    let (_, report) = try analyse("github-merges", asOf: "2026-03-01T00:00:00Z", since: "2026-01-01T00:00:00Z")
    let load = report.reviewLoad()
    // No review trailers: no top reviewer. Merged by another: #1 #3 #6 #13 (Alice), #2 #4 #9 (Bob), #11 (Carol).
    #expect(load.reviewedChanges == 0)
    #expect(load.topReviewer == nil)
    #expect(load.mergedByOthers == 8)
    #expect(load.topMerger == "alice@example.com")
    #expect(load.topMergerShare == 4.0 / 8.0)
    // Mergers known: 8 merged by another, :1 :22 direct and #10 by their own author.
    #expect(load.selfMergedShare == 3.0 / 11.0)
    #expect(load.isRecorded)
  }

  @Test("check rules: each limit against its measure; no deployments is no data, not a breach")
  func checkRules() throws {
    let (_, report) = try analyse("github-merges", asOf: "2026-02-24T12:00:00Z", since: "2026-02-01T00:00:00Z")
    let findings = report.check(Thresholds(maxReviewQueue: 0, maxReviewQueueGrowth: 2, maxOldestOpen: 3 * 86_400))
    #expect(findings.map(\.rule) == [.reviewQueue, .reviewQueueGrowth, .oldestOpen])
    #expect(findings.map(\.verdict) == [.breach, .pass, .breach])
    #expect(findings[0].measured == 1)
    // #12's earliest own commit, :30, was committed 2026-02-18T09:05Z.
    #expect(findings[2].measured == Double(utc("2026-02-24T12:00:00Z") - utc("2026-02-18T09:05:00Z")))
  }
}
