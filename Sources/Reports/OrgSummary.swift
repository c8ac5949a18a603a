import DeliveryMetrics
import Foundation

/// `baton report` over several repositories (docs/figures.md section 12): the figures of
/// the union of their changes first, then one line per repository with its own key
/// figures and what they stand on, then the repositories that could not be read.
public struct OrgSummary: Codable, Sendable {
  /// One repository's key figures, from its own report.
  public struct Line: Codable, Sendable {
    public var repo: String
    public var path: String
    public var branch: String
    /// Its window has no history (an unfetched clone): its figures are empty for that.
    public var stale: Bool
    public var changesMerged: Int
    public var deployments: Int
    public var cycleHours: Summary.Stat
    public var reviewWaitHours: Summary.Stat
    public var sizeLines: Summary.Stat
    public var reviewQueue: Int
    /// Coverage: share of its changes that can be timed, sizes missing, review heads read.
    public var timedShare: Double?
    public var sizesMissing: Int
    public var reviewHeadsSeen: Int

    public init(repo: String, path: String, _ s: Summary) {
      self.repo = repo
      self.path = path
      branch = s.branch
      stale = s.stale
      changesMerged = s.changesMerged
      deployments = s.deployments
      cycleHours = s.cycleHours
      reviewWaitHours = s.reviewWaitHours
      sizeLines = s.sizeLines
      reviewQueue = s.reviewQueue
      let untimed = s.timingSources.first { $0.name == Change.TimingSource.none.rawValue }?.count ?? 0
      timedShare = s.changesMerged == 0 ? nil : Double(s.changesMerged - untimed) / Double(s.changesMerged)
      sizesMissing = s.sizesMissing
      reviewHeadsSeen = s.reviewHeadsSeen
    }
  }

  public struct Skipped: Codable, Sendable {
    public var repo: String
    public var error: String

    public init(repo: String, error: String) {
      self.repo = repo
      self.error = error
    }
  }

  public var union: Summary
  public var repositories: [Line]
  public var skipped: [Skipped]

  public init(union: Summary, repositories: [Line], skipped: [Skipped]) {
    self.union = union
    self.repositories = repositories
    self.skipped = skipped
  }

  /// Pretty-printed JSON with sorted keys, so output is stable.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
  }

  /// The union's report, then the repositories as a table.
  public func render(_ style: SummaryText.Style) -> String {
    let markdown: Bool
    let color: Bool
    switch style {
    case .markdown: (markdown, color) = (true, false)
    case .terminal(let shows): (markdown, color) = (false, shows)
    }
    let header = ["repo", "merged", "deploys", "cycle p50", "cycle p85", "review wait p50", "size p50", "queue", "timed", "sizes missing", "review heads"]
    func hours(_ value: Double?) -> String { value.map { Format.humanised($0 * 3600) } ?? "-" }
    let rows = repositories.map { line -> [String] in
      if line.stale { return [line.repo] + Array(repeating: "-", count: header.count - 1) }
      return [
        line.repo, "\(line.changesMerged)", "\(line.deployments)", hours(line.cycleHours.p50), hours(line.cycleHours.p85),
        hours(line.reviewWaitHours.p50), line.sizeLines.p50.map { String(Int($0.rounded())) } ?? "-", "\(line.reviewQueue)",
        line.timedShare.map { String(format: "%.0f%%", $0 * 100) } ?? "-", "\(line.sizesMissing)", "\(line.reviewHeadsSeen)",
      ]
    }
    var out = SummaryText(style: style).render(union)
    let title = "Repositories (each by its own rules: branch, deployments, config)"
    if markdown {
      out += "\n## \(title)\n\n| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
      out += rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
      if !skipped.isEmpty {
        out += "\n## Not read\n\n" + skipped.map { "- \($0.repo): \($0.error)\n" }.joined()
      }
      return out
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      let text = "  " + cells.enumerated().map { index, cell in
        index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: max(0, widths[index] - cell.count)) + cell
      }.joined(separator: "  ")
      return String(text.reversed().drop { $0 == " " }.reversed())
    }
    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    out += "\n" + bold(title) + "\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    out += repositories.map { "  \($0.repo): \($0.branch)\($0.stale ? ", no history in the window" : "")\n" }.joined()
    if !skipped.isEmpty {
      out += "\n" + bold("Not read") + "\n" + skipped.map { "  \($0.repo): \($0.error)\n" }.joined()
    }
    return out
  }
}
