import ArgumentParser
import DeliveryMetrics
import Foundation
import Reports

/// Two moments on the command line: `2026-01-01..2026-03-31`, each as strict as `--since`.
struct WindowArgument {
  var since: DateArgument
  var until: DateArgument

  static func parse(_ text: String) throws -> WindowArgument {
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2 else { throw ValidationError("give a window as two dates joined by '..' (2026-01-01..2026-03-31)") }
    return WindowArgument(since: try DateArgument.parse(parts[0]), until: try DateArgument.parse(parts[1]))
  }
}

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare two windows: did a change of practice move delivery?",
    discussion: """
      Every time figure's p50 and every rate in a window before and one after, their difference, \
      and its 95% interval by the percentile bootstrap (2,000 resamples, a fixed seed: reruns agree), \
      for all changes and per cohort (ai, human). A difference whose interval holds 0 is shown as \
      no change.

      Examples:
        baton compare --at 2026-04-01
        baton compare --before 2026-01-01..2026-03-31 --after 2026-04-01..2026-06-30 --format json
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: ArgumentHelp("The window before (A..B, dates as for --since).", valueName: "A..B"), transform: WindowArgument.parse)
  var before: WindowArgument?

  @Option(help: ArgumentHelp("The window after (C..D).", valueName: "C..D"), transform: WindowArgument.parse)
  var after: WindowArgument?

  @Option(parsing: .unconditional, help: ArgumentHelp("Compare the equal periods either side of this moment.", valueName: "date"), transform: DateArgument.parse)
  var at: DateArgument?

  @Option(parsing: .unconditional, help: ArgumentHelp("Length of each period with --at (default 90d).", valueName: "span"), transform: Duration.parse)
  var period: Duration?

  @Option(help: "Output format: table (a terminal), markdown, or json.")
  var format: ReportFormat = .table

  func validate() throws {
    if repository.since != nil || repository.until != nil {
      throw ValidationError("compare takes its windows from --before and --after, or --at; not --since or --until")
    }
    if (before == nil) != (after == nil) { throw ValidationError("give both --before and --after") }
    if (before == nil) == (at == nil) { throw ValidationError("give --before and --after, or --at") }
    if period != nil, at == nil { throw ValidationError("--period goes with --at") }
    if let period, period.seconds <= 0 { throw ValidationError("--period must be longer than 0") }
    if format == .html { throw ValidationError("compare writes table, markdown or json; html is report's") }
  }

  func run() throws {
    let now = Int64(Date().timeIntervalSince1970)
    let asOf = repository.asOf?.resolve(relativeTo: now) ?? now
    let windows: (before: ClosedRange<Int64>, after: ClosedRange<Int64>)
    if let at {
      let moment = at.resolve(relativeTo: asOf)
      let length = period?.seconds ?? 90 * 86_400
      let (start, low) = moment.subtractingReportingOverflow(length)
      let (end, high) = moment.addingReportingOverflow(length)
      guard !low, !high else { throw ValidationError("--period is too long") }
      windows = (start...moment, moment...end)
    } else if let before, let after {
      let a = before.since.resolve(relativeTo: asOf)
      let b = before.until.resolve(relativeTo: asOf)
      let c = after.since.resolve(relativeTo: asOf)
      let d = after.until.resolve(relativeTo: asOf)
      guard a <= b, c <= d else { throw ValidationError("a window's start is after its end") }
      windows = (a...b, c...d)
    } else {
      throw ValidationError("give --before and --after, or --at")
    }
    // Throughput is resampled by day: a window is held to a century, so its days stay few.
    for window in [windows.before, windows.after] where window.upperBound - window.lowerBound > 36_525 * 86_400 {
      throw ValidationError("a window may span at most 100 years")
    }
    // One analysis over both windows, as of the later end (or the as-of given, if later).
    var options = repository
    let end = max(windows.before.upperBound, windows.after.upperBound)
    options.asOf = .moment(max(end, repository.asOf == nil ? end : asOf))
    options.since = .moment(min(windows.before.lowerBound, windows.after.lowerBound))
    options.until = .moment(end)
    let analysis = try options.analyze(readsQueue: false)
    let old = ComparisonWindow(analysis.report, since: windows.before.lowerBound, until: windows.before.upperBound)
    let new = ComparisonWindow(analysis.report, since: windows.after.lowerBound, until: windows.after.upperBound)
    let summary = ComparisonSummary(
      repository: analysis.repository, branch: analysis.target.description, before: old, after: new,
      differences: Comparison.differences(before: old, after: new))
    switch format {
    case .json: try Output.standard(summary.json)
    case .markdown: try Output.standard(Escaping.terminalSafe(summary.render(markdown: true), keepingStyles: false))
    case .table, .html: try Output.standard(Escaping.terminalSafe(summary.render(markdown: false), keepingStyles: false))
    }
  }
}
