import Foundation

/// Renders a summary for a person: aligned text for a terminal, or Markdown.
public struct SummaryText {
  public enum Style: Sendable {
    case terminal(color: Bool)
    case markdown
  }

  public var style: Style

  public init(style: Style) {
    self.style = style
  }

  /// The summary as text. Whatever came from the history is escaped in one last pass over
  /// everything shown (only baton's own style codes are kept), so no field can be missed.
  public func render(_ summary: Summary) -> String {
    Escaping.terminalSafe(compose(summary), keepingStyles: color)
  }

  private func compose(_ s: Summary) -> String {
    if let notice = s.staleNotice {
      // An empty window is said, not shown as zeros.
      let title = { if case .markdown = style { "## No history in this window\n\n" } else { bold("No history in this window") + "\n" } }()
      return header(s) + title + wrap(notice)
    }
    var sections: [(String, [(String, String)])] = []
    sections.append((
      "Throughput",
      [
        ("changes merged", "\(s.changesMerged) (\(decimal(s.changesPerWeek, 1))/week)"),
        ("direct share", percent(s.directShare) + " (changes with no review evidence, bots left out)"),
        ("deployments", "\(s.deployments) (\(decimal(s.deploymentsPerWeek, 1))/week, \(decimal(s.deploymentsPerDay, 2))/day)"
          + (s.medianDeployIntervalHours.map { ", median interval \(Format.humanised($0 * 3600))" } ?? "")),
      ]
    ))
    var times: [(String, String)] = []
    if s.changesMerged > 0, s.cycleHours.n * 2 < s.changesMerged {
      // docs/figures.md section 9: say so, rather than print a median of the few left.
      times.append((
        "note", "only \(s.cycleHours.n) of \(s.changesMerged) changes can be timed from git: the others' author times were written when they landed"
      ))
    }
    sections.append((
      "Time (p50 / p85 / p95)",
      times + [
        ("cycle time", stat(s.cycleHours)),
        ("  coding", stat(s.codingHours)),
      ] + pullRequestSplit(s) + [
        ("  review wait", stat(s.reviewWaitHours)),
        ("  deploy", stat(s.deployHours)),
        ("lead time", stat(s.leadHours)),
        ("PR size (lines)", stat(s.sizeLines, hours: false)),
      ]
    ))
    sections.append((
      "Stability",
      [
        ("change failure rate", s.deployments == 0 ? "- (no deployments in the window)"
          : "\(percent(s.changeFailureRate)) (\(s.failedDeployments) of \(s.deployments) deployments)"),
        ("time to restore", s.failedDeployments == 0 ? "-" : stat(s.timeToRestoreHours)),
      ]
    ))
    let growth = s.reviewQueueGrowth >= 0 ? "+\(percent(s.reviewQueueGrowth))" : percent(s.reviewQueueGrowth)
    sections.append((
      "Review queue",
      [
        ("now", "\(s.reviewQueue) waiting (\(openItems(s)))"),
        ("growth", "\(growth) over \(s.growthWindowDays) days (from \(s.reviewQueueBefore)), slope \(signed(s.reviewQueueSlopePerWeek))/week"),
        ("oldest open", s.oldestOpenHours.map { Format.humanised($0 * 3600) + (s.pullRequests == nil ? " since its first commit" : " since it opened (or its first commit)") } ?? "-"),
        ("idle cut-off", "an open review stops counting \(s.staleAfterDays) days after its last push (stale_after)"),
      ]
    ))
    var people = [
      ("commits per author", signedPercent(s.outputGrowth) + " vs the period before"),
      ("changes merged", signedPercent(s.throughputGrowth)),
      ("median review wait", signedPercent(s.reviewWaitGrowth)),
    ]
    if s.divergenceFlagged { people.append(("flag", warn("individual output grows faster than the team ships"))) }
    sections.append(("Output vs throughput", people))
    let reviewLoad: [(String, String)] =
      s.reviewsRecorded
      ? [
        // A merger is no reviewer: where only mergers are known the figure is named top merger.
        ("top reviewer", s.topReviewer.map { "\($0): \(percent(s.topReviewerShare)) of \(s.reviewedChanges) changes reviewed by trailer" } ?? "- (no review trailers)"),
        ("top merger", s.topMerger.map { "\($0): \(percent(s.topMergerShare)) of \(s.mergedByOthers) changes merged by someone other than their author" } ?? "-"),
        ("self-merged", percent(s.selfMergedShare) + " (merged by their author with no trailer reviewer)"),
      ]
      : [("reviewers", "not recorded in git for these changes (no review trailers, no merger other than the author)")]
    sections.append(("Review load", reviewLoad))
    var coverage = [
      ("cohorts", list(s.cohorts)),
      ("kinds", list(s.kinds)),
      ("timing from", list(s.timingSources)),
      ("sizes missing", "\(s.sizesMissing)"),
      ("review heads seen", reviewHeads(s)),
    ]
    if s.clockSkewCount > 0 { coverage.append(("clock skew", "\(s.clockSkewCount) changes with negative durations clamped to 0")) }
    for hint in s.notUnderstood {
      coverage.append(("not understood", warn(hint.finding)))
      for (index, line) in hint.suggestion.split(separator: "\n").enumerated() {
        coverage.append((index == 0 ? "  try" : "", String(line)))
      }
    }
    sections.append(("Coverage", coverage))
    if !s.groups.isEmpty {
      sections.append((
        "By group (cycle time · review wait · size, p50)",
        s.groups.map { group in
          (group.name, "\(group.changes) changes · \(hours(group.cycleHours.p50)) · \(hours(group.reviewWaitHours.p50)) · \(lines(group.sizeLines.p50))")
        }
      ))
    }
    let diagnosis = s.diagnosis.map { (diagnosisHead($0) + "\n", warningSignsDetail($0) + "\n") } ?? ("", "")
    return header(s) + diagnosis.0 + sections.map(section).joined(separator: "\n") + "\n" + diagnosis.1 + weekly(s.weeks)
  }

  /// The weekly throughput table: one line per week of the window.
  private func weekly(_ weeks: [Summary.Week]) -> String {
    let header = ["week of", "days", "merged", "deploys", "authors", "commits/author", "cycle p50", "review wait p50", "queue"]
    let rows = weeks.map { week in
      [
        week.weekStart, week.daysInWindow < 7 ? "\(week.daysInWindow)*" : "7", "\(week.changesMerged)", "\(week.deployments)", "\(week.activeAuthors)",
        week.commitsPerAuthor.map { decimal($0, 1) } ?? "-", hours(week.cycleHoursP50), hours(week.reviewWaitHoursP50),
        "\(week.reviewQueueEnd)",
      ]
    }
    switch style {
    case .markdown:
      let lines = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
        + rows.map { "| " + $0.joined(separator: " | ") + " |" }
      return "## Weekly\n\n" + lines.joined(separator: "\n") + "\n" + partialNote(weeks)
    case .terminal:
      let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
      func line(_ cells: [String]) -> String {
        "  " + cells.enumerated().map { index, cell in
          index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            : String(repeating: " ", count: widths[index] - cell.count) + cell
        }.joined(separator: "  ")
      }
      return bold("Weekly") + "\n" + ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n" + partialNote(weeks)
    }
  }

  private func partialNote(_ weeks: [Summary.Week]) -> String {
    guard weeks.contains(where: { $0.daysInWindow < 7 }) else { return "" }
    let text = "* a week only partly inside the window: its figures count only its days inside"
    if case .markdown = style { return "\n\\\(text)\n" }
    return "  \(text)\n"
  }

  /// With the forge's records (docs/figures.md section 8): where they cover, what the review
  /// wait splits into, picked up and then reviewed.
  private func pullRequestSplit(_ s: Summary) -> [(String, String)] {
    guard let records = s.pullRequests, let pickup = s.pickupHours, let review = s.reviewHours else { return [] }
    return [
      ("  pickup", stat(pickup)),
      ("  review", stat(review)),
      ("  PR records", "cover \(records.changesCovered) of \(s.changesMerged) changes (\(percent(records.share))); coding ends when the PR opened"),
    ]
  }

  private func openItems(_ s: Summary) -> String {
    func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
    return count(s.openReviewHeads, "open review head", "open review heads") + ", "
      + count(s.openRemoteBranches, "remote branch", "remote branches")
  }

  /// How many review heads were read, and what to do when there are none or they stopped coming.
  private func reviewHeads(_ s: Summary) -> String {
    if s.reviewHeadsSeen == 0 {
      return "0: the queue sees only remote branches. Fetch pull requests with "
        + "`git config --add remote.origin.fetch '+refs/pull/*/head:refs/remotes/origin/pr/*'` "
        + "(GitLab: '+refs/merge-requests/*/head:refs/merge-requests/*/head') and `git fetch`"
    }
    guard s.reviewHeadsStale, let newest = s.newestReviewHeadAt else { return "\(s.reviewHeadsSeen)" }
    return "\(s.reviewHeadsSeen), the newest unlanded from \(newest.prefix(10)), more than \(s.staleAfterDays) days "
      + "before as-of: review heads may no longer be fetched"
  }

  /// Prose for a terminal, broken at 100 columns and indented like a section's rows.
  private func wrap(_ text: String) -> String {
    if case .markdown = style { return text + "\n" }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > 98 {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
  }

  private func header(_ s: Summary) -> String {
    let title = "baton report: \(s.repository), \(s.branch)"
    var window = "window \(s.since.prefix(10)) .. \(s.until.prefix(10)), as of \(s.asOf)"
    if let newest = s.branchNewestCommitAt, s.staleNotice == nil, let days = s.branchIdleDays, days > 7 {
      // Weeks after the newest commit read as empty: say why, so they are not taken for a stall.
      window += "\nnewest commit on the branch: \(newest.prefix(10)), \(days) days before as-of (fetch for a live answer)"
    }
    switch style {
    case .markdown: return "# \(title)\n\n\(window)\n\n"
    case .terminal: return bold(title) + "\n" + window + "\n\n"
    }
  }

  func section(_ section: (String, [(String, String)])) -> String {
    let (title, rows) = section
    switch style {
    case .markdown:
      let body = rows.map { "| \($0.0.trimmingCharacters(in: .whitespaces)) | \($0.1) |" }.joined(separator: "\n")
      return "## \(title)\n\n| | |\n|---|---|\n\(body)\n"
    case .terminal:
      let width = rows.map(\.0.count).max() ?? 0
      let body = rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
      return bold(title) + "\n" + body.joined(separator: "\n") + "\n"
    }
  }

  func stat(_ stat: Summary.Stat, hours: Bool = true) -> String {
    guard stat.n > 0 else { return "- (n=0)" }
    let show: (Double?) -> String = hours ? self.hours : lines
    let figures = "\(show(stat.p50)) / \(show(stat.p85)) / \(show(stat.p95))  n=\(stat.n)"
    return stat.thin ? figures + " " + warn("(few values)") : figures
  }

  func hours(_ value: Double?) -> String { value.map { Format.humanised($0 * 3600) } ?? "-" }
  private func lines(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "-" }
  func percent(_ value: Double?) -> String { value.map { "\(decimal($0 * 100, 0))%" } ?? "-" }
  func signedPercent(_ value: Double?) -> String {
    guard let value else { return "- (nothing to compare with)" }
    return (value >= 0 ? "+" : "") + "\(decimal(value * 100, 0))%"
  }
  private func signed(_ value: Double) -> String { (value >= 0 ? "+" : "") + decimal(value, 1) }
  func decimal(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
  private func list(_ shares: [Summary.Share]) -> String {
    shares.isEmpty ? "-" : shares.map { "\($0.name) \($0.count) (\(percent($0.share)))" }.joined(separator: ", ")
  }

  private var color: Bool {
    if case .terminal(let color) = style { return color }
    return false
  }
  func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  func warn(_ text: String) -> String {
    switch style {
    case .markdown: "**\(text)**"
    case .terminal: color ? "\u{1B}[33m\(text)\u{1B}[0m" : text
    }
  }
}
