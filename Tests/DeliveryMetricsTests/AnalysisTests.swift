import DeliveryMetrics
import FixtureSupport
import Foundation
import GitHistory
import Testing

/// A fixture analysed as of a moment, over a window.
func analyse(_ name: String, asOf: String, since: String, until: String? = nil) throws -> (RecognizedFixture, DeliveryReport) {
  let fixture = try RecognizedFixture(name)
  let settings = AnalysisSettings(asOf: utc(asOf), since: utc(since), until: until.map(utc))
  let report = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: fixture.repository.targetBranch())
  return (fixture, report)
}

@Suite("Deployments, failures and restores (docs/figures.md sections 4 and 5)")
struct DeploymentTests {
  @Test("github-merges: v0.1.0 failed when #9 reverted #4; v0.2.0 restored it 290 h later")
  func githubMerges() throws {
    let (fixture, report) = try analyse("github-merges", asOf: "2026-03-01T00:00:00Z", since: "2026-01-01T00:00:00Z")
    #expect(report.deployments.map(\.deployment.name) == ["v0.1.0", "v0.2.0", "v0.3.0"])
    #expect(report.deployments.map(\.deployment.at) == [utc("2026-01-16T10:00:00Z"), utc("2026-01-28T12:00:00Z"), utc("2026-02-24T10:00:00Z")])
    #expect(report.deployments.map(\.failed) == [true, false, false])
    #expect(report.deployments[0].restoredAt == utc("2026-01-28T12:00:00Z"))
    #expect(report.deployments[0].changes == 5)
    #expect(report.changeFailureRate == 1.0 / 3.0)
    let revert = try #require(report.changes.first { $0.mergeCommit == fixture.oid(24) })
    #expect(revert.isRevert)
    #expect(revert.reverts == "4")
    let reverted = try #require(report.changes.first { $0.mergeCommit == fixture.oid(12) })
    #expect(!reverted.isRevert)
    #expect(reverted.deployedAt == utc("2026-01-16T10:00:00Z"))
    #expect(reverted.deployment == "v0.1.0")
    #expect(reverted.deployTime == utc("2026-01-16T10:00:00Z") - utc("2026-01-15T11:02:17Z"))
    #expect(reverted.leadTime == utc("2026-01-16T10:00:00Z") - utc("2026-01-14T13:00:00Z"))
  }

  @Test("tags: the release pattern, one deployment per commit at its earliest tag, nothing after as-of")
  func tags() throws {
    let (_, report) = try analyse("tags", asOf: "2026-03-10T00:00:00Z", since: "2026-01-01T00:00:00Z")
    #expect(
      report.deployments.map(\.deployment.name) == [
        "v0.9.0", "v1.0.0", "v1.0.1", "v1.1.0", "v1.2.0", "v1.4.0", "gopls/v0.16.0", "svelte@5.0.1", "curl-8_21_0",
        "mesa-24.2.0",
      ])
    #expect(report.deployments.map(\.deployment.at) == [
      "2026-01-06T10:00:00Z", "2026-01-09T10:00:00Z", "2026-01-13T14:00:00Z", "2026-01-16T16:00:00Z",
      "2026-01-19T12:00:00Z", "2026-01-27T11:30:00Z", "2026-02-05T15:00:00Z", "2026-02-10T10:00:00Z",
      "2026-02-16T12:00:00Z", "2026-02-23T13:00:00Z",
    ].map(utc))
    #expect(report.deployments.map(\.changes) == [2, 1, 0, 2, 1, 3, 2, 1, 1, 1])
    #expect(report.deployments.compactMap(\.interval).map { Double($0) / 3600 } == [72, 100, 74, 68, 191.5, 219.5, 115, 146, 169])
    #expect(report.deployments.map(\.failed) == [false, false, false, false, true, false, false, false, false, false])
    #expect(report.deployments[4].restoredAt == utc("2026-01-27T11:30:00Z"))
  }
}

@Suite("Queues (docs/figures.md section 6)")
struct QueueTests {
  @Test("github-merges: the open PR #12 is the only open item, and the oldest in the queue")
  func openItems() throws {
    let (_, report) = try analyse("github-merges", asOf: "2026-02-24T12:00:00Z", since: "2026-02-01T00:00:00Z")
    #expect(report.openItems.map(\.ref) == ["refs/pull/12/head"])
    #expect(report.openItems.first?.newestCommitAt == utc("2026-02-20T23:10:00Z"))
    #expect(report.openItems.first?.oldestCommitAt == utc("2026-02-18T09:00:00Z"))
    // Its own commits: :30 committed 2026-02-18T09:05Z and :31 at 23:10Z on the 20th.
    #expect(report.openItems.first?.oldestOwnCommitAt == utc("2026-02-18T09:05:00Z"))
    #expect(report.oldestOpenAge == utc("2026-02-24T12:00:00Z") - utc("2026-02-18T09:05:00Z"))
    // At as-of only #12 waits (#13 merged at 10:00). 14 days before, at 2026-02-10T12:00Z,
    // nothing did: #11's review interval [2026-02-02T08:30Z, 2026-02-04T14:00Z) had closed.
    #expect(report.reviewQueueNow == 1)
    #expect(report.reviewQueueBefore == 0)
    #expect(report.reviewQueueGrowth == 1)
  }
}

@Suite("Open reviews: which heads are open, and since when (Fixtures/open-reviews.fi)")
struct OpenReviewTests {
  @Test("the oldest open review is aged from its earliest own commit, so it can pass stale_after; a backport is not open")
  func oldestOpenAge() throws {
    let (_, report) = try analyse("open-reviews", asOf: "2026-03-31T00:00:00Z", since: "2026-01-01T00:00:00Z")
    #expect(report.openItems.map(\.ref) == ["refs/pull/20/head", "refs/pull/30/head"])
    #expect(report.reviewQueueNow == 2)
    #expect(report.oldestOpenAge == Int64(1_671 * 3600))
  }
}

@Suite("The daily queue series (docs/figures.md sections 6 and 10, queue)")
struct QueueSeriesTests {
  @Test("github-merges, 5 to 10 January: review queue, wip, arrivals and departures at each day's end")
  func series() throws {
    let (_, report) = try analyse("github-merges", asOf: "2026-01-10T23:59:59Z", since: "2026-01-05T00:00:00Z")
    // #1: wip [01-06T10:00, 01-07T15:30), review [01-07T07:12, 01-07T15:30);
    // #2: wip [01-08T18:00, 01-09T09:00), review [01-08T18:45, 01-09T09:00); :1 is untimed.
    #expect(report.queue.map(\.day) == (5...10).map { utc("2026-01-\($0 < 10 ? "0" : "")\($0)T00:00:00Z") })
    #expect(report.queue.map(\.reviewQueue) == [0, 0, 0, 1, 0, 0])
    #expect(report.queue.map(\.wip) == [0, 1, 0, 1, 0, 0])
    #expect(report.queue.map(\.enteredReview) == [0, 0, 1, 1, 0, 0])
    #expect(report.queue.map(\.merged) == [1, 0, 1, 0, 1, 0])
    #expect(report.queue.map(\.openItems) == [0, 0, 0, 0, 0, 0])
  }
}
