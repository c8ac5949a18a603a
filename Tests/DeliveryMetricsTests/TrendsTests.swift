import DeliveryMetrics
import GitHistory
import Testing

@Suite("Trends for the pictures: output and throughput indexed to the first weeks, stage medians per week")
struct TrendsTests {
  let day: Int64 = 86_400
  /// Monday 2026-01-05.
  let start: Int64 = 1_767_571_200

  /// Direct commits, each one change: week 1 Ada 2; week 2 Ada 4; week 3 Ada 2 and Bo 2;
  /// then two days of a fourth week with Bo's one. The window is those 23 days.
  func report() throws -> DeliveryReport {
    let history = MemoryHistory()
    // The history's times count from Monday 2026-01-05; the settings' from the epoch.
    var tip = history.add("Start", authored: -30 * day)
    func commit(_ author: String, _ at: Int64) {
      tip = history.add("Work", parents: [tip], author: author, authored: at)
    }
    for hour in [10, 11] { commit("Ada <ada@example.com>", Int64(hour) * 3600) }
    for hour in [10, 11, 12, 13] { commit("Ada <ada@example.com>", 7 * day + Int64(hour) * 3600) }
    for hour in [10, 11] { commit("Ada <ada@example.com>", 14 * day + Int64(hour) * 3600) }
    for hour in [14, 15] { commit("Bo <bo@example.com>", 15 * day + Int64(hour) * 3600) }
    commit("Bo <bo@example.com>", 21 * day + 3600)
    history.branch("refs/heads/main", at: tip)
    let settings = AnalysisSettings(asOf: start + 23 * day - 1, since: start, until: start + 23 * day - 1)
    return try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target())
  }

  @Test("per day inside the window, indexed to the first whole week; a two-day week is not indexed")
  func indexed() throws {
    let weeks = try report().outputWeeks(baseWeeks: 1)
    #expect(weeks.map(\.daysInWindow) == [7, 7, 7, 2])
    // Commits per author a day: 2/1/7, 4/1/7, 4/2/7, 1/1/2. Changes merged a day: 2/7, 4/7, 4/7, 1/2.
    let perAuthor: [Double?] = [2.0 / 7, 4.0 / 7, 2.0 / 7, 0.5]
    let merged: [Double] = [2.0 / 7, 4.0 / 7, 4.0 / 7, 0.5]
    #expect(weeks.map(\.commitsPerAuthorPerDay) == perAuthor)
    #expect(weeks.map(\.changesMergedPerDay) == merged)
    let output = weeks.map { $0.outputIndex.map { ($0 * 1000).rounded() / 1000 } }
    let throughput = weeks.map { $0.throughputIndex.map { ($0 * 1000).rounded() / 1000 } }
    let expectedOutput: [Double?] = [100, 200, 100, nil]
    let expectedThroughput: [Double?] = [100, 200, 200, nil]
    #expect(output == expectedOutput)
    #expect(throughput == expectedThroughput)
  }

  @Test("stage medians per week stand on timed changes only: direct commits written at landing have none")
  func stages() throws {
    let weeks = try report().stageWeeks()
    #expect(weeks.count == 4)
    #expect(weeks.allSatisfy { $0.timed == 0 && $0.codingP50 == nil && $0.reviewWaitP50 == nil })
  }
}
