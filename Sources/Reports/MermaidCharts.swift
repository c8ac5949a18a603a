import DeliveryMetrics
import Foundation

/// Mermaid `xychart-beta` charts for Markdown (docs/figures.md section 9), which GitHub and
/// GitLab draw where the Markdown is shown: cycle time by stage per week, and the review queue.
///
/// Written to the chart's grammar: quoted texts hold no `"`, numbers are plain decimals
/// (no exponent, no `nan`), and every data list has one value per x category.
public struct MermaidCharts {
  public var report: DeliveryReport

  public init(_ report: DeliveryReport) {
    self.report = report
  }

  public var markdown: String {
    // An empty window is said by the text, not drawn as zeros.
    if report.isStale { return "" }
    var out = ""
    let weeks = report.stageWeeks()
    if !weeks.isEmpty {
      out += stages(weeks)
    }
    if !report.queue.isEmpty {
      out += queue()
    }
    return out.isEmpty ? "" : "## Charts\n\n" + out
  }

  private func stages(_ weeks: [StageWeek]) -> String {
    let tops = weeks.map { week -> (Double, Double, Double) in
      let coding = (week.codingP50 ?? 0) / 3600
      let review = coding + (week.reviewWaitP50 ?? 0) / 3600
      return (coding, review, review + (week.deployP50 ?? 0) / 3600)
    }
    let inDays = (tops.map(\.2).max() ?? 0) > 72
    let unit = inDays ? 24.0 : 1.0
    let labels = weeks.map { "\"" + String(Format.timestamp($0.weekStart).dropFirst(5).prefix(5)) + "\"" }
    let n = weeks.map(\.timed).reduce(0, +)
    return """
      _Cycle time by stage, p50 of each stage per week (\(inDays ? "days" : "hours")), \(n) timed changes. \
      The bars are drawn over each other: the tallest is coding + review wait + deploy wait, \
      the middle one coding + review wait, the lowest coding alone. A week with no timed change shows 0._

      ```mermaid
      xychart-beta
        title "Cycle time by stage, p50 per week"
        x-axis "week of" [\(labels.joined(separator: ", "))]
        y-axis "\(inDays ? "days" : "hours")"
        bar [\(tops.map { Self.number($0.2 / unit) }.joined(separator: ", "))]
        bar [\(tops.map { Self.number($0.1 / unit) }.joined(separator: ", "))]
        bar [\(tops.map { Self.number($0.0 / unit) }.joined(separator: ", "))]
      ```


      """
  }

  private func queue() -> String {
    let days = report.queue
    let zone = report.settings.timeZone
    let first = Format.date(days[0].day, in: zone)
    let last = Format.date(days[days.count - 1].day, in: zone)
    let weeks = report.weeks()
    let labels = weeks.map { "\"" + String(Format.timestamp($0.weekStart).dropFirst(5).prefix(5)) + "\"" }
    let staleDays = report.settings.staleAfter / 86_400
    let flow = Self.weeklyFlow(report)
    var out = """
      _Review queue at the end of each day, \(first) .. \(last) (day 1 = \(first)): changes waiting between \
      their last commit and their merge, and open items (review heads and remote branches no change landed) for \
      \(staleDays) days after their last push._

      ```mermaid
      xychart-beta
        title "Review queue per day"
        x-axis "day of the window" 1 --> \(days.count)
        y-axis "items waiting"
        line [\(days.map { String($0.reviewQueue) }.joined(separator: ", "))]
      ```


      """
    if !weeks.isEmpty {
      out += """
        _Arrivals (bars: changes and open items entering review) and departures (line: changes merged) per week, \
        the daily queue table summed._

        ```mermaid
        xychart-beta
          title "Review arrivals and departures per week"
          x-axis "week of" [\(labels.joined(separator: ", "))]
          y-axis "changes"
          bar [\(flow.map { String($0.arrivals) }.joined(separator: ", "))]
          line [\(flow.map { String($0.departures) }.joined(separator: ", "))]
        ```


        """
    }
    return out
  }

  /// Arrivals and departures of the daily queue, summed per week of `report.weeks()`.
  static func weeklyFlow(_ report: DeliveryReport) -> [(weekStart: Int64, arrivals: Int, departures: Int)] {
    let starts = report.weeks().map(\.weekStart)
    return starts.enumerated().map { index, start in
      let end = index + 1 < starts.count ? starts[index + 1] : start + 7 * 86_400
      let days = report.queue.filter { $0.day >= start && $0.day < end }
      return (start, days.map(\.enteredReview).reduce(0, +), days.map(\.merged).reduce(0, +))
    }
  }

  /// One decimal, as the grammar's numbers are written (`12.5`, `0`).
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let text = String(format: "%.1f", value)
    return text == "-0.0" ? "0.0" : text
  }
}
