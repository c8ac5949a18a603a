import DeliveryMetrics
import Foundation

/// `baton compare` as one value: JSON, aligned text and Markdown (docs/figures.md section 11).
public struct ComparisonSummary: Codable, Sendable {
  public struct Window: Codable, Sendable {
    public var since: String
    public var until: String
    public var changes: Int
  }

  public struct Row: Codable, Sendable {
    public var figure: String
    public var cohort: String
    @Null public var before: Double?
    @Null public var after: Double?
    @Null public var difference: Double?
    @Null public var ciLow: Double?
    @Null public var ciHigh: Double?
    public var changed: Bool
  }

  public var repository: String
  public var branch: String
  public var resamples: Int
  public var before: Window
  public var after: Window
  public var differences: [Row]

  public init(
    repository: String, branch: String, before: ComparisonWindow, after: ComparisonWindow, differences: [Difference],
    resamples: Int = Bootstrap.resamples
  ) {
    self.repository = repository
    self.branch = branch
    self.resamples = resamples
    let window = { (w: ComparisonWindow) in
      Window(since: Format.timestamp(w.since), until: Format.timestamp(w.until), changes: w.changes.count)
    }
    self.before = window(before)
    self.after = window(after)
    self.differences = differences.map {
      Row(
        figure: $0.figure.rawValue, cohort: $0.cohort, before: $0.before, after: $0.after, difference: $0.difference,
        ciLow: $0.ciLow, ciHigh: $0.ciHigh, changed: $0.changed)
    }
  }

  /// Pretty-printed JSON with sorted keys, so reruns agree byte for byte.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
  }

  static let names = [
    "cycleTimeP50Hours": "cycle time p50", "codingTimeP50Hours": "coding p50", "reviewWaitP50Hours": "review wait p50",
    "deployTimeP50Hours": "deploy p50", "leadTimeP50Hours": "lead time p50", "prSizeP50Lines": "PR size p50 (lines)",
    "changesPerWeek": "changes merged /week", "deploymentsPerWeek": "deployments /week",
    "changeFailureRate": "change failure rate", "revertRate": "revert rate", "directShare": "direct share",
  ]

  /// Text for a terminal, or a Markdown table.
  public func render(markdown: Bool) -> String {
    let title = "baton compare: \(repository), \(branch)"
    let windows = [
      "before \(before.since.prefix(10)) .. \(before.until.prefix(10)) (\(before.changes) changes)",
      "after  \(after.since.prefix(10)) .. \(after.until.prefix(10)) (\(after.changes) changes)",
      "95% intervals by the percentile bootstrap, \(resamples) resamples, fixed seed; an interval that holds 0 is no change",
    ]
    let header = ["figure", "cohort", "before", "after", "difference", "95% interval", ""]
    let rows = differences.map { row -> [String] in
      let value = { (v: Double?) in Self.value(row.figure, v, signed: false) }
      let signed = { (v: Double?) in Self.value(row.figure, v, signed: true) }
      let interval = row.ciLow == nil ? "-" : "\(signed(row.ciLow)) .. \(signed(row.ciHigh))"
      return [
        Self.names[row.figure] ?? row.figure, row.cohort, value(row.before), value(row.after), signed(row.difference),
        interval, row.changed ? "changed" : "no change",
      ]
    }
    if markdown {
      let table = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
        + rows.map { "| " + $0.joined(separator: " | ") + " |" }
      return "# \(title)\n\n" + windows.joined(separator: "\n\n") + "\n\n" + table.joined(separator: "\n") + "\n"
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    let lines = ([header] + rows).map { cells in
      "  " + cells.enumerated().map { index, cell in
        index < 2 || index == cells.count - 1
          ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[index] - cell.count) + cell
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return title + "\n" + windows.joined(separator: "\n") + "\n\n" + lines.joined(separator: "\n") + "\n"
  }

  /// A figure's value in its unit: hours humanised, lines whole, rates with a decimal, shares
  /// in percent (differences in points). What rounds to 0 is shown without a sign.
  static func value(_ figure: String, _ value: Double?, signed: Bool) -> String {
    guard let value else { return "-" }
    let magnitude: String
    let zero: Bool
    switch figure {
    case "prSizeP50Lines":
      magnitude = String(format: "%.0f", abs(value))
      zero = abs(value) < 0.5
    case "changesPerWeek", "deploymentsPerWeek":
      magnitude = String(format: "%.1f", abs(value))
      zero = abs(value) < 0.05
    case "changeFailureRate", "revertRate", "directShare":
      magnitude = String(format: "%.0f", abs(value) * 100) + (signed ? " pts" : "%")
      zero = abs(value) < 0.005
    default:
      magnitude = Format.humanised(abs(value) * 3600)
      zero = abs(value) * 60 < 0.5
    }
    if zero { return magnitude }
    return (value < 0 ? "-" : signed ? "+" : "") + magnitude
  }
}
