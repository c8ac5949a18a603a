import DeliveryMetrics
import FixtureSupport
import Foundation
import Testing

/// A number of a fixture's `#= KIND key=value` line.
func keyed(_ fixture: String, _ kind: String, _ field: String) throws -> Double {
  let key = try AnswerKey(fixture: fixture)
  let entry = try #require(key.entries.first { $0.kind == kind && $0[field] != nil }, "\(fixture): no \(kind) \(field)")
  return try #require(Double(entry[field]!.split(separator: ":")[0]), "\(fixture): \(kind) \(field) is not a number")
}

/// Close enough for a key written with four to six decimals.
func near(_ actual: Double?, _ expected: Double, within tolerance: Double = 1e-4) -> Bool {
  guard let actual else { return false }
  return abs(actual - expected) < tolerance
}

private let march = (since: "2026-03-01T00:00:00Z", until: "2026-03-31T00:00:00Z")

@Suite("Diagnosis: stages, the constraint and what-ifs (docs/figures.md section 11)")
struct StageTests {
  @Test("diagnosis-review: review wait holds 89% of cycle time; halving it buys -42% at p50")
  func constraintInReview() throws {
    let name = "diagnosis-review"
    let (_, report) = try analyse(name, asOf: march.until, since: march.since)
    let d = report.diagnosis()
    #expect(d.constraint == .reviewWait)
    #expect(!d.deploys)
    #expect(d.timedChanges == 4)
    #expect(d.stages.map(\.stage) == [.coding, .reviewWait])
    #expect(near(d.stages[0].share, try keyed(name, "diagnosis", "share_coding")))
    #expect(near(d.stages[1].share, try keyed(name, "diagnosis", "share_reviewWait")))
    #expect(d.stages[0].p50 == (try keyed(name, "diagnosis", "p50_coding")) * 3600)
    #expect(d.stages[1].p50 == (try keyed(name, "diagnosis", "p50_reviewWait")) * 3600)
    #expect(d.whatIf.map(\.stage) == [.coding, .reviewWait])
    #expect(near(d.whatIf[0].leadP50Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_coding_p50")))
    #expect(near(d.whatIf[0].leadP85Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_coding_p85")))
    #expect(near(d.whatIf[1].leadP50Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_reviewWait_p50")))
    #expect(near(d.whatIf[1].leadP85Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_reviewWait_p85")))
    #expect(d.whatIf[1].leadP50 == (try keyed(name, "diagnosis", "whatif_reviewWait_lead_p50")) * 3600)
  }

  @Test("diagnosis-deploy: deploy wait holds 97% of lead time; halving it buys -49%, a speed-up of 4 -73%")
  func constraintInDeploy() throws {
    let name = "diagnosis-deploy"
    let (_, report) = try analyse(name, asOf: march.until, since: march.since)
    let d = report.diagnosis()
    #expect(d.constraint == .deploy)
    #expect(d.deploys)
    #expect(d.stages.map(\.stage) == [.coding, .reviewWait, .deploy])
    #expect(near(d.stages[0].share, try keyed(name, "diagnosis", "share_coding")))
    #expect(near(d.stages[1].share, try keyed(name, "diagnosis", "share_reviewWait")))
    #expect(near(d.stages[2].share, try keyed(name, "diagnosis", "share_deploy")))
    #expect(d.stages[2].p50 == (try keyed(name, "diagnosis", "p50_deploy")) * 3600)
    #expect(near(d.whatIf[0].leadP50Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_coding_p50")))
    #expect(near(d.whatIf[1].leadP85Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_reviewWait_p85")))
    #expect(near(d.whatIf[2].leadP50Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_deploy_p50")))
    #expect(near(d.whatIf[2].leadP85Change.map { $0 * 100 }, try keyed(name, "diagnosis", "whatif_deploy_p85")))
    let faster = report.diagnosis(speedup: 4)
    #expect(near(faster.whatIf[2].leadP50Change.map { $0 * 100 }, try keyed(name, "diagnosis", "speedup4_deploy_p50")))
    #expect(faster.whatIf[2].speedup == 4)
  }

  @Test("gerrit-phab: six of the seven timed changes know only their landed commit, so their coding is not seen")
  func codingUnseen() throws {
    // The key: six squashes timed by `commit`, one merge by `branch`; the two direct changes are untimed.
    let (_, report) = try analyse("gerrit-phab", asOf: "2026-03-31T00:00:00Z", since: "2026-03-01T00:00:00Z")
    let d = report.diagnosis()
    #expect(d.timedChanges == 7)
    #expect(d.codingUnseen == 6)
  }

  @Test("no timed change: no constraint, shares of 0")
  func empty() {
    let stages = Diagnosis.stages([], speedup: 2)
    #expect(stages.constraint == nil)
    #expect(stages.stages.map(\.share) == [0, 0])
    #expect(stages.whatIf.allSatisfy { $0.leadP50Change == nil })
  }
}

@Suite("Diagnosis: DORA keys in DORA 2024's bands (docs/figures.md section 11)")
struct DoraBandTests {
  @Test("diagnosis-deploy: medium frequency, high lead time, elite failure rate, no recovery time")
  func deployFixture() throws {
    let name = "diagnosis-deploy"
    let (_, report) = try analyse(name, asOf: march.until, since: march.since)
    let dora = report.diagnosis().dora
    #expect(dora.map(\.key) == [.deploymentFrequency, .leadTimeForChanges, .changeFailureRate, .failedDeploymentRecoveryTime])
    #expect(near(dora[0].value, try keyed(name, "dora", "deploymentFrequency")))
    #expect(dora[0].band == .medium)
    #expect(dora[1].value == (try keyed(name, "dora", "leadTimeForChanges")) * 3600)
    #expect(dora[1].band == .high)
    #expect(dora[2].value == 0)
    #expect(dora[2].band == .elite)
    #expect(dora[3].value == nil)
    #expect(dora[3].band == nil)
  }

  static let bandEdges: [(DoraFigure.Key, Double, DoraFigure.Band)] = [
    (.deploymentFrequency, 1.0, .elite), (.deploymentFrequency, 1.0 / 7, .high),
    (.deploymentFrequency, 0.99 / 7, .medium), (.deploymentFrequency, 1.0 / 30, .medium),
    (.deploymentFrequency, 0.99 / 30, .low), (.leadTimeForChanges, 86_399, .elite), (.leadTimeForChanges, 86_400, .high),
    (.leadTimeForChanges, 7 * 86_400, .medium), (.leadTimeForChanges, 30 * 86_400, .low), (.changeFailureRate, 0.05, .elite),
    (.changeFailureRate, 0.10, .high), (.changeFailureRate, 0.20, .medium), (.changeFailureRate, 0.21, .low),
    (.failedDeploymentRecoveryTime, 3599, .elite), (.failedDeploymentRecoveryTime, 3600, .high),
    (.failedDeploymentRecoveryTime, 86_400, .medium), (.failedDeploymentRecoveryTime, 7 * 86_400, .low),
  ]

  @Test("band edges: daily, weekly, monthly; a day, a week, 30 days; 5, 10, 20%; an hour, a day, a week", arguments: bandEdges)
  func edges(key: DoraFigure.Key, value: Double, band: DoraFigure.Band) {
    #expect(DoraFigure.band(key, value) == band)
  }
}

@Suite("Diagnosis: review-queue flow (Little's law) and warning signs (docs/figures.md section 11)")
struct QueueFlowTests {
  @Test("diagnosis-review: 10 arrivals and 4 departures in 30 days; the queue of 6 doubles in 4.3 weeks")
  func arrivalsOutrunDepartures() throws {
    let name = "diagnosis-review"
    let (_, report) = try analyse(name, asOf: march.until, since: march.since)
    let flow = try #require(report.diagnosis().queueFlow)
    #expect(near(flow.arrivalsPerDay, try keyed(name, "queue", "arrivals_per_day")))
    #expect(near(flow.departuresPerDay, try keyed(name, "queue", "departures_per_day")))
    #expect(near(flow.meanQueue, try keyed(name, "queue", "mean_queue")))
    #expect(near(flow.littlesLawWait.map { $0 / 3600 }, try keyed(name, "queue", "littles_law_hours"), within: 1e-3))
    #expect(flow.measuredMeanReviewWait == (try keyed(name, "queue", "measured_mean_hours")) * 3600)
    #expect(near(flow.doublingWeeks, try keyed(name, "queue", "doubling_weeks")))
  }

  @Test("diagnosis-deploy: departures keep up, so the queue does not double")
  func keepsUp() throws {
    let (_, report) = try analyse("diagnosis-deploy", asOf: march.until, since: march.since)
    let flow = try #require(report.diagnosis().queueFlow)
    #expect(flow.arrivalsPerDay == flow.departuresPerDay)
    #expect(flow.doublingWeeks == nil)
  }

  @Test("diagnosis-review: the review queue grows; nothing else flags by default")
  func signs() throws {
    let name = "diagnosis-review"
    let (_, report) = try analyse(name, asOf: march.until, since: march.since)
    let signs = report.diagnosis(areaLines: report.changes.map { _ in [:] }).warningSigns
    #expect(signs.map(\.sign) == WarningSign.Sign.allCases)
    #expect(signs.filter(\.flagged).map(\.sign.rawValue) == [try AnswerKey(fixture: name).entries.first { $0.kind == "signs" }!["flagged"]!])
    #expect(near(signs[1].value, try keyed(name, "signs", "review_queue_growth")))
    #expect(near(signs[0].value, try keyed(name, "signs", "divergence")))
    #expect(near(signs[3].value, try keyed(name, "signs", "top_reviewer_share")))
    #expect(signs[2].value == nil)
    #expect(signs[5].value == 0)
  }

  @Test("compare: reviewers of the period before the window are read, so the top reviewer's growth is judged")
  func reviewersBefore() throws {
    let (_, report) = try analyse("compare", asOf: "2026-03-29T00:00:00Z", since: "2026-03-01T00:00:00Z")
    let february = report.allChanges.filter { $0.mergedAt >= utc("2026-02-01T00:00:00Z") && $0.mergedAt < utc("2026-03-01T00:00:00Z") }
    #expect(february.count == 6)
    #expect(february.allSatisfy { $0.reviewers == ["dee@example.com"] })
    // Dee reviews six changes in each period: no growth, and six reviewed changes are too few to judge a share.
    let sign = try #require(report.diagnosis().warningSigns.first { $0.sign == .reviewerOverload })
    #expect(sign.value == 1)
    #expect(!sign.flagged)
  }

  @Test("diagnosis-deploy: one deployment before and two now is no decline")
  func deploymentDecline() throws {
    let (_, report) = try analyse("diagnosis-deploy", asOf: march.until, since: march.since)
    let sign = try #require(report.diagnosis().warningSigns.first { $0.sign == .deploymentDecline })
    #expect(report.deploymentsBefore.map(\.deployment.name) == ["v0.1.0"])
    #expect(sign.value == -1)
    #expect(!sign.flagged)
  }

  @Test("thresholds are settings: a review-queue growth limit of 600% no longer flags, but arrivals still outrun")
  func configurable() throws {
    let (_, report) = try analyse("diagnosis-review", asOf: march.until, since: march.since)
    var limits = WarningThresholds()
    limits.reviewQueueGrowth = 6
    let sign = try #require(report.diagnosis(thresholds: limits).warningSigns.first { $0.sign == .reviewQueueGrowth })
    #expect(sign.flagged)
    #expect(sign.threshold == 6)
    limits.arrivalExcess = 2
    #expect(report.diagnosis(thresholds: limits).warningSigns.first { $0.sign == .reviewQueueGrowth }?.flagged == false)
  }
}

@Suite("Diagnosis: knowledge silos, bus factor per area (docs/figures.md section 11)")
struct AreaTests {
  @Test("the fewest authors holding half of an area's lines")
  func busFactor() {
    let areas = Diagnosis.areas(
      [["src": 4, "docs": 2], ["src": 12], ["src": 3, "docs": 4], ["src": 9]], authors: ["ann", "bob", "ann", "cy"])
    #expect(areas.map(\.area) == ["docs", "src"])
    #expect(areas.map(\.busFactor) == [1, 2])
    #expect(areas.map(\.changes) == [2, 4])
    #expect(areas.map(\.lines) == [6, 28])
    #expect(areas[0].topAuthor == "ann")
  }

  @Test("an area of binary files only (0 lines) has a bus factor of 1")
  func zeroLines() {
    #expect(Diagnosis.areas([["assets": 0]], authors: ["ann"]).map(\.busFactor) == [1])
  }

  @Test("diagnosis-review: docs is ann's alone (bus factor 1); src needs two of its three authors")
  func fixture() throws {
    let name = "diagnosis-review"
    let fixture = try RecognizedFixture(name)
    var settings = AnalysisSettings(asOf: utc(march.until), since: utc(march.since))
    settings.measuresAreas = true
    let report = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: fixture.repository.targetBranch())
    let areas = report.diagnosis(areaLines: report.areaLines(AreaRules())).areas
    let key = try AnswerKey(fixture: name).entries.filter { $0.kind == "area" }
    #expect(areas.map(\.area) == key.map { $0["name"]! }.sorted())
    for expected in key {
      let area = try #require(areas.first { $0.area == expected["name"] })
      #expect(String(area.changes) == expected["changes"])
      #expect(String(area.lines) == expected["lines"])
      #expect(String(area.busFactor) == expected["bus_factor"])
      if let top = expected["top"] { #expect(area.topAuthor == top) }
    }
    // Ten changes make an area busy enough by default; two here.
    let silos = { (limits: WarningThresholds) in
      report.diagnosis(thresholds: limits, areaLines: report.areaLines(AreaRules())).warningSigns[4]
    }
    #expect(!silos(WarningThresholds()).flagged)
    var limits = WarningThresholds()
    limits.minAreaChanges = 2
    #expect(silos(limits).flagged)
    #expect(silos(limits).value == 1)
    // Configured areas: the first matching glob names a path's area; others are left out.
    let configured = report.diagnosis(areaLines: report.areaLines(AreaRules([("writing", ["docs/*", "*.md"])]))).areas
    #expect(configured.map(\.area) == ["writing"])
    #expect(configured.map(\.lines) == [6])
    // Without paths measured, silos are not judged.
    #expect(report.diagnosis().warningSigns[4].note == "areas not measured")
  }
}
