import DeliveryMetrics
import GitHistory
import Testing

@Suite("Divergence: individual output against team throughput (docs/figures.md section 7)")
struct DivergenceTests {
  let day: Int64 = 86_400

  /// Before the window (days 0-9): Ada and Bo each land one patch the other reviewed, written
  /// an hour before it landed. In the window (days 10-19): Ada writes four commits on a branch
  /// and one merge lands them, three hours after the last; a bot pushes a direct commit.
  func report() throws -> DeliveryReport {
    let history = MemoryHistory()
    let root = history.add("Start", authored: -day, committed: -day)
    let ada = history.add("Fix a\n\nReviewed-by: Bo <bo@example.com>", parents: [root], author: "Ada <ada@example.com>", authored: 2 * day - 3600, committed: 2 * day)
    let bo = history.add("Fix b\n\nReviewed-by: Ada <ada@example.com>", parents: [ada], author: "Bo <bo@example.com>", authored: 4 * day - 3600, committed: 4 * day)
    var tip = bo
    for offset in 0..<4 {
      tip = history.add("Step \(offset)", parents: [tip], author: "Ada <ada@example.com>", authored: 11 * day + Int64(offset) * 3600)
    }
    let merge = history.add(
      "Merge branch 'ada/steps'", parents: [bo, tip], author: "Bo <bo@example.com>", authored: 11 * day + 6 * 3600)
    let bot = history.add(
      "Bump deps", parents: [merge], author: "dependabot[bot] <bot@example.com>", authored: 12 * day - 60, committed: 12 * day)
    history.branch("refs/heads/main", at: bot)
    let start: Int64 = 1_767_571_200
    let settings = AnalysisSettings(asOf: start + 20 * day - 1, since: start + 10 * day, until: start + 20 * day - 1)
    return try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target())
  }

  @Test("output per author grew 300% while changes merged stayed flat: flagged")
  func flagged() throws {
    let divergence = try report().divergence()
    // Commits per active author: before 2 / 2 = 1; now 4 / 1 (bots out) = 4.
    #expect(divergence.outputGrowth == 3)
    // Changes merged: before Ada's and Bo's (the root, day -1, is outside both periods); now the merge and the bot's.
    #expect(divergence.throughputGrowth == 0)
    // Median review wait: before 1 h (both patches); now the merge's 3 h (the bot's direct
    // commit waited for no review).
    #expect(divergence.reviewWaitGrowth == 2)
    #expect(divergence.flagged)
  }
}
