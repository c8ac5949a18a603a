import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

@Suite("Deployment sources, as-of and windows (docs/figures.md sections 1 and 4)")
struct WindowTests {
  func report(_ fixture: RecognizedFixture, asOf: String, since: String, deployments: DeploymentSource) throws -> DeliveryReport {
    let settings = AnalysisSettings(asOf: utc(asOf), since: utc(since), deployments: deployments)
    return try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: fixture.repository.targetBranch())
  }

  @Test("branch source: every first-parent commit of the branch deploys what it contains")
  func branchSource() throws {
    let fixture = try RecognizedFixture("tags")
    let stable = try #require(try fixture.repository.reference(named: "refs/heads/stable-1.x"))
    let report = try report(fixture, asOf: "2026-12-31T00:00:00Z", since: "2026-01-01T00:00:00Z",
                            deployments: .branch(name: "stable-1.x", tip: try #require(stable.target)))
    #expect(report.deployments.map(\.deployment.commit) == [1, 2, 3, 5].map(fixture.oid))
    let deployed = report.changes.filter { $0.deployedAt != nil }.map(\.mergeCommit)
    #expect(deployed == [1, 2, 3].map(fixture.oid))
    #expect(report.changes.first { $0.mergeCommit == fixture.oid(3) }?.deployTime == 0)
  }

  @Test("log source: changes merged before the log's first deployment are not linked to it")
  func logBaseline() throws {
    let fixture = try RecognizedFixture("tags")
    let log = [
      Deployment(name: fixture.oid(7).hex, commit: fixture.oid(7), at: utc("2026-01-20T00:00:00Z")),
      Deployment(name: fixture.oid(10).hex, commit: fixture.oid(10), at: utc("2026-01-28T00:00:00Z")),
    ]
    let report = try report(fixture, asOf: "2026-12-31T00:00:00Z", since: "2026-01-01T00:00:00Z", deployments: .log(log))
    let deployed = report.changes.filter { $0.deployedAt != nil }
    #expect(deployed.map(\.mergeCommit) == [8, 9, 10].map(fixture.oid))
    #expect(deployed.allSatisfy { $0.deployedAt == utc("2026-01-28T00:00:00Z") })
    #expect(report.deployments.map(\.changes) == [0, 3])
  }

  @Test("as-of: the branch as it stood then, and no deployment or change after it")
  func asOf() throws {
    let fixture = try RecognizedFixture("github-merges")
    let report = try report(fixture, asOf: "2026-01-20T00:00:00Z", since: "2026-01-01T00:00:00Z",
                            deployments: .tags(pattern: DeploymentSource.defaultTagPattern))
    #expect(report.changes.map(\.mergeCommit) == [1, 4, 6, 10, 12, 15].map(fixture.oid))
    #expect(report.deployments.map(\.deployment.name) == ["v0.1.0"])
    // #9, the revert, is not merged yet: v0.1.0 has not failed as of then.
    #expect(report.deployments.map(\.failed) == [false])
    #expect(report.changes.first { $0.mergeCommit == fixture.oid(15) }?.deployedAt == nil)
  }

  @Test("an empty window: no changes, no figures, no breach")
  func emptyWindow() throws {
    let fixture = try RecognizedFixture("github-merges")
    let report = try report(fixture, asOf: "2026-06-30T00:00:00Z", since: "2026-06-01T00:00:00Z",
                            deployments: .tags(pattern: DeploymentSource.defaultTagPattern))
    #expect(report.changes.isEmpty)
    #expect(report.deployments.isEmpty)
    #expect(report.changeFailureRate == nil)
    #expect(report.directShare == nil)
    #expect(report.queue.count == 30)
    #expect(report.weeks().allSatisfy { $0.changesMerged == 0 && $0.cycleP50 == nil })
    let findings = report.check(Thresholds(maxReviewWaitP85: 3600, maxChangeFailureRate: 0.1))
    #expect(findings.map(\.verdict) == [.noData, .noData])
  }
}

@Suite("Weeks only partly inside the window (docs/figures.md sections 9 and 10)")
struct PartialWeekTests {
  @Test("a first week cut by the window counts only its days inside: merges, authors and days_in_window")
  func partialFirstWeek() throws {
    // 2026-01-05 is a Monday. Ada commits on Monday, Bo on Thursday; the window opens on
    // Wednesday 2026-01-07 and closes at the end of Sunday 2026-01-18.
    let day: Int64 = 86_400
    let monday = utc("2026-01-05T00:00:00Z")
    let history = MemoryHistory()
    // MemoryHistory's times count from that Monday.
    let root = history.add("Start", authored: -7 * day, committed: -7 * day)
    let ada = history.add("Ada's fix", parents: [root], author: "Ada <ada@example.com>", authored: 3600, committed: 7200)
    let bo = history.add("Bo's fix", parents: [ada], author: "Bo <bo@example.com>", authored: 3 * day, committed: 3 * day + 60)
    history.branch("refs/heads/main", at: bo)
    let settings = AnalysisSettings(asOf: monday + 14 * day - 1, since: monday + 2 * day, until: monday + 14 * day - 1)
    let weeks = try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target()).weeks()
    #expect(weeks.map(\.weekStart) == [monday, monday + 7 * day])
    #expect(weeks.map(\.daysInWindow) == [5, 7])
    #expect(weeks[0].changesMerged == 1)
    #expect(weeks[0].activeAuthors == 1)
    #expect(weeks[0].commitsAuthored == 1)
  }
}
