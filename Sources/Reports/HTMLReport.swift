import Charts
import DeliveryMetrics
import Foundation
import GitHistory

/// `baton report --format html`: one self-contained page of charts and tables
/// (docs/figures.md section 9). Nothing is fetched: styles and the small sorting script are
/// inline, charts are SVG drawn by the `Charts` module, and the only addresses are the forge
/// links a reader clicks in the tables. The page is well-formed XML as well as HTML, and the
/// same report gives the same bytes (no time of now, stable orders, fixed number formats).
public struct HTMLReport {
  public var report: DeliveryReport
  public var summary: Summary
  /// Where pull requests and commits are shown; nil for no links.
  public var forge: ForgeRemote?
  public var version: String

  /// The ids of the charts every page holds, in page order.
  public static let chartIDs = [
    "chart-cycle-stages", "chart-review-queue", "chart-queue-flow", "chart-output-throughput", "chart-size-wait",
    "chart-deployments", "chart-lead-time", "chart-review-load",
  ]

  public init(report: DeliveryReport, summary: Summary, forge: ForgeRemote?, version: String) {
    self.report = report
    self.summary = summary
    self.forge = forge
    self.version = version
  }

  public func render() -> String {
    var body = header()
    if let notice = summary.staleNotice {
      // An empty window is said, not drawn as charts of zeros.
      body += "<section id=\"no-history\"><h2>No history in this window</h2><p class=\"flag\">\(esc(notice))</p></section>\n"
      return page(body)
    }
    // The diagnosis, when there is one, says first where the constraint is.
    if let diagnosis = summary.diagnosis { body += self.diagnosis(diagnosis) }
    body += keyFigures()
    body += cycleStages()
    body += reviewQueue()
    body += outputAgainstThroughput()
    body += sizeAgainstWait()
    body += deployments()
    body += reviewLoad()
    body += openItems()
    body += changesTable()
    body += coverage()
    return page(body)
  }

  private func page(_ content: String) -> String {
    let body = content + "<footer><p>Made by baton \(esc(version)) from the repository's git history alone. "
      + "Every figure is defined in baton's docs/figures.md.</p></footer>\n"
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>\(esc("baton report: \(summary.repository), \(summary.branch)"))</title>
      <style>\(Self.style)</style>
      </head>
      <body>
      \(body)<script>\(Self.script)</script>
      </body>
      </html>

      """
  }

  // MARK: - Sections

  private func header() -> String {
    """
    <header><h1>\(esc("baton report: \(summary.repository)"))</h1>
    <p>\(esc(summary.branch)) · window \(summary.since.prefix(10)) .. \(summary.until.prefix(10)) · as of \(esc(summary.asOf))</p></header>

    """
  }

  private func keyFigures() -> String {
    let s = summary
    var cards: [(String, String, String)] = []
    cards.append(("changes merged", "\(s.changesMerged)", "\(decimal(s.changesPerWeek, 1)) a week"))
    cards.append(("cycle time p50", hours(s.cycleHours.p50), statNote(s.cycleHours, p85: hours(s.cycleHours.p85))))
    cards.append(("review wait p50", hours(s.reviewWaitHours.p50), statNote(s.reviewWaitHours, p85: hours(s.reviewWaitHours.p85))))
    cards.append(("PR size p50", lines(s.sizeLines.p50), statNote(s.sizeLines, p85: lines(s.sizeLines.p85) + " lines")))
    cards.append(("deployments", "\(decimal(s.deploymentsPerWeek, 1)) a week", "\(s.deployments) in the window"))
    cards.append(("lead time p50", hours(s.leadHours.p50), statNote(s.leadHours, p85: hours(s.leadHours.p85))))
    cards.append((
      "change failure rate", s.deployments == 0 ? "-" : percent(s.changeFailureRate),
      s.deployments == 0 ? "no deployments in the window"
        : "\(s.failedDeployments) of \(s.deployments) failed"
          + (s.failedDeployments == 0 ? "" : " · time to restore p50 \(hours(s.timeToRestoreHours.p50))")
    ))
    cards.append((
      "review queue", "\(s.reviewQueue)",
      "\(signedPercent(s.reviewQueueGrowth)) over \(s.growthWindowDays) days (from \(s.reviewQueueBefore))"
    ))
    cards.append(("oldest open review", s.oldestOpenHours.map { Format.humanised($0 * 3600) } ?? "-", "open items waiting: \(s.openReviewHeads) review heads, \(s.openRemoteBranches) remote branches"))
    cards.append((
      "commits per author", s.outputGrowth.map(signedPercent) ?? "-",
      "changes merged \(s.throughputGrowth.map(signedPercent) ?? "-"), against the period before"
    ))
    var out = "<section id=\"key-figures\"><h2>Key figures</h2>\n<dl class=\"cards\">"
    for (label, value, note) in cards {
      out += "<div class=\"card\"><dt>\(esc(label))</dt><dd class=\"value\">\(esc(value))</dd><dd class=\"note\">\(esc(note))</dd></div>"
    }
    out += "</dl>\n"
    if s.divergenceFlagged {
      out += "<p class=\"flag\">Individual output grows faster than the team ships: commits per author "
        + "\(esc(s.outputGrowth.map(signedPercent) ?? "-")), changes merged \(esc(s.throughputGrowth.map(signedPercent) ?? "-")).</p>\n"
    }
    if s.changesMerged > 0, s.cycleHours.n * 2 < s.changesMerged {
      out += "<p class=\"flag\">Only \(s.cycleHours.n) of \(s.changesMerged) changes can be timed from git: "
        + "the others' author times were written when they landed, so the time charts stand on few changes.</p>\n"
    }
    return out + "</section>\n"
  }

  private func cycleStages() -> String {
    let weeks = report.stageWeeks()
    let top = weeks.map { ($0.codingP50 ?? 0) + ($0.reviewWaitP50 ?? 0) + ($0.deployP50 ?? 0) }.max() ?? 0
    let unit = DurationUnit(maxSeconds: top)
    let labels = weeks.map { shortDate($0.weekStart) }
    func series(_ name: String, _ colour: String, _ value: (StageWeek) -> Double?) -> Series {
      Series(
        name: name, colour: colour, values: weeks.map { value($0).map(unit.scaled) },
        notes: weeks.map { week in
          "week of \(day(week.weekStart)): \(name) p50 \(Format.humanised(value(week))) (n=\(week.timed)\(week.daysInWindow < 7 ? ", \(week.daysInWindow) days in the window" : ""))"
        })
    }
    var chart = CategoryChart(
      id: "chart-cycle-stages", title: "Cycle time by stage, p50 per week",
      summary: "Stacked bars: the median coding time, review wait and deploy wait of the changes merged each week, "
        + "with the week's number of timed changes above. \(weeks.map(\.timed).reduce(0, +)) timed changes.",
      categories: labels, xTitle: "week of (Monday)", yTitle: unit.title, yFormat: unit.tick)
    chart.bars = [
      series("coding", Palette.sky, \.codingP50), series("review wait", Palette.orange, \.reviewWaitP50),
      series("deploy wait", Palette.green, \.deployP50),
    ]
    chart.topLabels = weeks.map { "n=\($0.timed)" }
    let rows = weeks.map { week in
      [
        day(week.weekStart), "\(week.timed)", Format.humanised(week.codingP50), Format.humanised(week.reviewWaitP50),
        week.deployed == 0 ? "-" : "\(Format.humanised(week.deployP50)) (n=\(week.deployed))", Format.humanised(week.cycleP50),
        Format.humanised(week.leadP50),
      ]
    }
    let basis = "Each stage's median over the week's timed changes (n above each bar). Medians do not add up: "
      + "the stacks are not the median cycle time, which the table gives beside them. They show the typical change; the "
      + "diagnosis's stage shares are sums over all changes, where a few long ones weigh most, so the two can name "
      + "different stages. Deploy wait stands only on changes a deployment "
      + "shipped (\(summary.deployHours.n) in the window). " + timingNote()
    return section(
      id: "cycle", title: "Where the time goes, week by week", chart: chart.svg(), basis: basis,
      table: (["week of", "n", "coding p50", "review wait p50", "deploy wait p50", "cycle time p50", "lead time p50"], rows))
  }

  private func reviewQueue() -> String {
    let days = report.queue
    let zone = report.settings.timeZone
    let labels = days.map { String(Format.date($0.day, in: zone).dropFirst(5)) }
    var queue = CategoryChart(
      id: "chart-review-queue", title: "Review queue at the end of each day",
      summary: "Line: items waiting for review at the end of each day, \(days.first?.reviewQueue ?? 0) on the first day "
        + "and \(days.last?.reviewQueue ?? 0) on the last; second line: open items (reviews no change landed) among them.",
      categories: labels, xTitle: "day", yTitle: "items waiting", yFormat: { SVG.number($0) })
    queue.labelEvery = 7
    queue.wholeNumbers = true
    queue.lines = [
      Series(
        name: "review queue", colour: Palette.blue, values: days.map { Double($0.reviewQueue) },
        notes: days.map { "\(Format.date($0.day, in: zone)): \($0.reviewQueue) waiting, \($0.openItems) of them open items" }),
      Series(
        name: "open items", colour: Palette.purple, values: days.map { Double($0.openItems) },
        notes: days.map { "\(Format.date($0.day, in: zone)): \($0.openItems) open items" }),
    ]
    var flow = CategoryChart(
      id: "chart-queue-flow", title: "Arrivals and departures per day",
      summary: "Bars up: changes and open items entering review each day (\(days.map(\.enteredReview).reduce(0, +)) in all); "
        + "bars down: changes merged (\(days.map(\.merged).reduce(0, +)) in all).",
      categories: labels, xTitle: "day", yTitle: "changes", yFormat: { SVG.number(abs($0)) })
    flow.labelEvery = 7
    flow.wholeNumbers = true
    flow.height = 220
    flow.bars = [
      Series(
        name: "entered review", colour: Palette.orange, values: days.map { Double($0.enteredReview) },
        notes: days.map { "\(Format.date($0.day, in: zone)): \($0.enteredReview) entered review" }),
      Series(
        name: "merged", colour: Palette.green, values: days.map { -Double($0.merged) },
        notes: days.map { "\(Format.date($0.day, in: zone)): \($0.merged) merged" }),
    ]
    let queueAtWeekEnd = Dictionary(report.weeks().map { ($0.weekStart, $0.reviewQueueEnd) }, uniquingKeysWith: { first, _ in first })
    let rows = MermaidCharts.weeklyFlow(report).map { week in
      [day(week.weekStart), "\(week.arrivals)", "\(week.departures)", "\(queueAtWeekEnd[week.weekStart] ?? 0)"]
    }
    let basis = "A change waits from its last commit to its merge; an open item (a review head or remote branch no change "
      + "landed) waits for \(report.settings.staleAfter / 86_400) days after its last push, as git does not record when a "
      + "review was closed. Bars down are merges (the queue table's merged column, direct changes too); an open item that goes "
      + "idle leaves the queue without one, so arrivals and merges need not balance. \(summary.reviewHeadsSeen) review heads seen. Growth over the last \(summary.growthWindowDays) days: "
      + "\(signedPercent(summary.reviewQueueGrowth)), slope \(decimal(summary.reviewQueueSlopePerWeek, 1)) items a week."
    return section(
      id: "queue", title: "The review queue: is it growing?", chart: queue.svg() + "\n" + flow.svg(), basis: basis,
      table: (["week of", "entered review", "merged", "queue at the week's end"], rows))
  }

  private func outputAgainstThroughput() -> String {
    let baseWeeks = max(1, min(4, report.windowWeekCount / 3))
    let weeks = report.outputWeeks(baseWeeks: baseWeeks)
    var chart = CategoryChart(
      id: "chart-output-throughput", title: "Individual output against team throughput (index, first weeks = 100)",
      summary: "Two lines indexed to the mean of the window's first \(baseWeeks) whole weeks: commits per active author "
        + "and changes merged, both per day inside the window; weeks with fewer than 4 days in the window are not drawn.",
      categories: weeks.map { shortDate($0.weekStart) }, xTitle: "week of (Monday)", yTitle: "index",
      yFormat: { SVG.number($0) })
    chart.reference = (100, "first \(baseWeeks) whole weeks = 100")
    chart.lines = [
      Series(
        name: "commits per author", colour: Palette.vermillion, values: weeks.map(\.outputIndex),
        notes: weeks.map { "week of \(day($0.weekStart)): index \(index($0.outputIndex)), \(decimal($0.commitsPerAuthorPerDay ?? 0, 2)) commits per author a day" }),
      Series(
        name: "changes merged", colour: Palette.blue, values: weeks.map(\.throughputIndex),
        notes: weeks.map { "week of \(day($0.weekStart)): index \(index($0.throughputIndex)), \(decimal($0.changesMergedPerDay, 2)) changes merged a day" }),
    ]
    let rows = weeks.map {
      [day($0.weekStart), "\($0.daysInWindow)", decimal($0.commitsPerAuthorPerDay ?? 0, 2), index($0.outputIndex), decimal($0.changesMergedPerDay, 2), index($0.throughputIndex)]
    }
    let basis = "When the red line climbs away from the blue one, people write more than the team ships. Over the window "
      + "against the equal period before: commits per author \(summary.outputGrowth.map(signedPercent) ?? "-"), changes merged "
      + "\(summary.throughputGrowth.map(signedPercent) ?? "-"), median review wait \(summary.reviewWaitGrowth.map(signedPercent) ?? "-"). "
      + "Humans only (bots left out)."
    return section(
      id: "paradox", title: "Output against throughput", chart: chart.svg(), basis: basis,
      table: (["week of", "days", "commits per author a day", "index", "changes merged a day", "index"], rows))
  }

  private func sizeAgainstWait() -> String {
    let reviewed = report.changes.filter { $0.isTimed && $0.kind != .direct && $0.size != nil && $0.reviewWait != nil }
    let cohorts: [(Change.Cohort, String)] = [(.human, Palette.blue), (.ai, Palette.vermillion), (.bot, Palette.grey)]
    let groups = cohorts.compactMap { cohort, colour -> ScatterChart.Group? in
      let members = reviewed.filter { $0.cohort == cohort }
        .sorted { ($0.mergedAt, $0.mergeCommit.hex) < ($1.mergedAt, $1.mergeCommit.hex) }
      guard !members.isEmpty else { return nil }
      return ScatterChart.Group(
        name: cohort.rawValue, colour: colour,
        points: members.map { change in
          ScatterChart.Point(
            x: Double(change.size ?? 0), y: Double(change.reviewWait ?? 0) / 3600,
            note: "\(changeName(change)) \(change.title): \(change.size ?? 0) lines, review wait \(Format.humanised(change.reviewWait.map(Double.init)))")
        })
    }
    var chart = ScatterChart(
      id: "chart-size-wait", title: "PR size against review wait, one point per change",
      summary: "\(reviewed.count) reviewed, timed changes with a size; both axes logarithmic; colour is the cohort.",
      groups: groups, xTitle: "size (lines changed, log scale)", yTitle: "review wait (log scale)", xMinimum: 1,
      yMinimum: 1.0 / 60, xFormat: { SVG.number($0) }, yFormat: Self.hoursTick)
    chart.yTicks = [1.0 / 60, 10.0 / 60, 1, 6, 24, 7 * 24, 30 * 24, 365 * 24]
    let basis = "\(reviewed.count) of \(summary.changesMerged) changes: direct changes (no review), untimed changes and "
      + "changes without a size are left out. A size of 0 lines (binary files only) is drawn on the left edge, "
      + "a wait under a minute on the bottom edge. Points up and to the right are large changes that waited long."
    return section(id: "size-wait", title: "Do bigger changes wait longer?", chart: chart.svg(), basis: basis, table: nil)
  }

  private func deployments() -> String {
    let zone = report.settings.timeZone
    let days = report.queue.map(\.day)
    let records = report.deployments
    let byDay = Dictionary(grouping: records) { Format.date($0.deployment.at, in: zone) }
    func on(_ day: Int64, failed: Bool) -> [DeploymentRecord] {
      (byDay[Format.date(day, in: zone)] ?? []).filter { $0.failed == failed }
    }
    func describe(_ list: [DeploymentRecord]) -> String {
      list.map { "\($0.deployment.name) (\($0.changes) changes\($0.failed ? ", failed" : ""))" }.joined(separator: ", ")
    }
    var timeline = CategoryChart(
      id: "chart-deployments", title: "Deployments per day, failed ones marked",
      summary: "\(records.count) deployments, \(records.filter(\.failed).count) failed (a change they shipped was reverted "
        + "within \(report.settings.failureWindow / 86_400) days).",
      categories: days.map { String(Format.date($0, in: zone).dropFirst(5)) }, xTitle: "day", yTitle: "deployments",
      yFormat: { SVG.number($0) })
    timeline.labelEvery = 7
    timeline.wholeNumbers = true
    timeline.height = 200
    timeline.bars = [
      Series(
        name: "deployed", colour: Palette.green, values: days.map { Double(on($0, failed: false).count) },
        notes: days.map { "\(Format.date($0, in: zone)): \(describe(on($0, failed: false)))" }),
      Series(
        name: "failed", colour: Palette.vermillion, values: days.map { Double(on($0, failed: true).count) },
        notes: days.map { "\(Format.date($0, in: zone)): \(describe(on($0, failed: true)))" }),
    ]
    let lead = report.timedChanges.compactMap(\.leadTime)
    let useLead = !lead.isEmpty
    let values = useLead ? lead : report.timedChanges.compactMap(\.cycleTime)
    let name = useLead ? "lead time" : "cycle time"
    let buckets: [(String, Int64)] = [("under 1 hour", 3600), ("1 hour to 1 day", 86_400), ("1 day to 1 week", 7 * 86_400), ("1 week to 30 days", 30 * 86_400), ("30 days or more", Int64.max)]
    var counts = Array(repeating: 0, count: buckets.count)
    for value in values { counts[buckets.firstIndex { value < $0.1 } ?? buckets.count - 1] += 1 }
    var histogram = CategoryChart(
      id: "chart-lead-time", title: "\(name.prefix(1).uppercased() + name.dropFirst()) distribution",
      summary: "\(values.count) changes by \(name): " + zip(buckets, counts).map { "\($0.0) \($1)" }.joined(separator: ", ") + ".",
      categories: buckets.map(\.0), xTitle: name + " (DORA's band edges)", yTitle: "changes", yFormat: { SVG.number($0) })
    histogram.height = 220
    histogram.wholeNumbers = true
    histogram.bars = [
      Series(
        name: name, colour: Palette.blue, values: counts.map(Double.init),
        notes: zip(buckets, counts).map { "\(name) \($0.0): \($1) changes (\(values.isEmpty ? "-" : percent(Double($1) / Double(values.count))))" })
    ]
    var basis = "Deployments come from \(sourceName()). "
    if !useLead {
      basis += "No deployment shipped a timed change merged in the window, so there is no lead time: the distribution shows cycle time (first commit to merge) instead. "
    } else {
      basis += "Lead time is first commit to the first deployment that ships the change; \(values.count) timed changes were deployed. "
    }
    let rows = records.map { record in
      [Format.timestamp(record.deployment.at), record.deployment.name, "\(record.changes)", record.failed ? "failed" : "",
       Format.humanised(record.restoredAt.map { Double($0 - record.deployment.at) })]
    }
    return section(
      id: "deployments", title: "Deployments and lead time", chart: timeline.svg() + "\n" + histogram.svg(), basis: basis,
      table: (["deployed at", "deployment", "changes shipped", "failed", "restored after"], rows))
  }

  private func reviewLoad() -> String {
    let loads = report.reviewerLoads(limit: 15)
    var chart = RankChart(
      id: "chart-review-load", title: "Review load: changes reviewed and merged per person, top 15",
      summary: loads.isEmpty ? "Git records no reviewer and no merger other than the author for these changes."
        : loads.map { "\($0.person): reviewed \($0.reviewed), merged \($0.merged)" }.joined(separator: "; "),
      labels: loads.map(\.person),
      series: ([
        Series(
          name: "reviewed (named by a trailer)", colour: Palette.blue, values: loads.map { Double($0.reviewed) },
          notes: loads.map { "\($0.person) reviewed \($0.reviewed) changes" }),
        Series(
          name: "merged others' changes", colour: Palette.orange, values: loads.map { Double($0.merged) },
          notes: loads.map { "\($0.person) merged \($0.merged) changes of other authors" }),
      ] as [Series]).filter { $0.values.contains { ($0 ?? 0) > 0 } }, xTitle: "changes in the window")
    chart.emptyText = "git records no reviewer, and no merger other than the author, for these changes"
    var basis = "Reviewed: changes whose landed messages name the person as reviewer (Reviewed-by and similar trailers). "
      + "Merged: changes of other authors the person merged; where git names no reviewer, the merger is the only "
      + "sign of review. Top 15 by the two together; imports left out."
    if !summary.reviewsRecorded {
      basis = "Git does not record reviewers for these changes: no review trailers, and no merger other than the author."
    }
    return section(id: "review-load", title: "Who reviews", chart: chart.svg(), basis: basis, table: nil)
  }

  private func openItems() -> String {
    let items = report.openItemsInQueue()
    let asOf = report.settings.asOf
    let staleDays = report.settings.staleAfter / 86_400
    var out = "<section id=\"open-items\"><h2>Open reviews, oldest first</h2>\n"
    out += "<p class=\"basis\">Open items in the review queue at as-of: \(summary.openReviewHeads) review heads and "
      + "\(summary.openRemoteBranches) remote branches no change landed. An item's age runs from the earliest commit of its "
      + "own; it counts as waiting for \(staleDays) days after its last push, as git does not record when a review was "
      + "closed. The first row is the key figures' oldest open review.</p>\n"
    func table(_ caption: String, _ slice: [OpenItem]) -> String {
      guard !slice.isEmpty else { return "" }
      var out = "<h3>\(esc(caption)) (\(slice.count))</h3>\n<table><thead><tr><th scope=\"col\">item</th>"
        + "<th scope=\"col\">age</th><th scope=\"col\">first own commit</th><th scope=\"col\">last push</th></tr></thead><tbody>\n"
      func row(_ item: OpenItem) -> String {
        let name = item.number.map { "#\($0)" } ?? item.ref
        let forgeName = item.ref.hasPrefix("refs/merge-requests/") ? "gitlab" : "github"
        let link = item.number.flatMap { forge?.reviewLink(number: String($0), forge: forgeName) }
        return "<tr><td>\(anchor(name, link))\(item.number == nil ? "" : " <span class=\"ref\">\(esc(item.ref))</span>")</td>"
          + "<td class=\"num\">\(esc(Format.humanised(Double(asOf - item.oldestOwnCommitAt))))</td>"
          + "<td>\(day(item.oldestOwnCommitAt))</td><td>\(day(item.newestCommitAt))</td></tr>\n"
      }
      out += slice.prefix(15).map(row).joined() + "</tbody></table>\n"
      if slice.count > 15 {
        out += "<details><summary>\(slice.count - 15) more</summary><table><tbody>\n"
          + slice.dropFirst(15).map(row).joined() + "</tbody></table></details>\n"
      }
      return out
    }
    out += table("Review heads", items.filter(\.isReviewHead))
    out += table("Remote branches", items.filter { !$0.isReviewHead })
    return out + "</section>\n"
  }

  private func changesTable() -> String {
    let ordered = report.changes.sorted { ($0.mergedAt, $0.mergeCommit.hex) < ($1.mergedAt, $1.mergeCommit.hex) }
    var out = "<section id=\"changes\"><h2>The window's changes</h2>\n"
    out += "<p class=\"basis\">\(ordered.count) changes, by merge time. Durations are empty where git cannot time a change."
      + (forge == nil ? " The repository's remotes name no forge baton knows, so changes are not linked." : " Each change links to its \(forge.map { $0.kind.rawValue } ?? "") page.")
      + " Click a column's heading to sort by it.</p>\n"
    let headings = ["merged", "change", "title", "author", "kind", "cohort", "size", "coding", "review wait", "cycle time", "deploy wait"]
    out += "<div class=\"scroll\"><table id=\"changes-table\" class=\"sortable\"><thead><tr>"
      + headings.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead><tbody>\n"
    for change in ordered {
      out += "<tr>"
      out += cell(String(Format.timestamp(change.mergedAt).prefix(16)).replacingOccurrences(of: "T", with: " "), sort: "\(change.mergedAt)", numeric: true)
      out += "<td class=\"id\">\(anchor(changeName(change), link(change)))</td>"
      out += "<td class=\"title\">\(esc(change.title))\(change.isRevert ? " <span class=\"tag\">revert</span>" : "")</td>"
      out += cell(change.author.name)
      out += cell(change.kind.rawValue)
      out += cell(change.cohort.rawValue)
      // One read of the size: two optional maps of the same stored property crash Swift
      // 6.3.1's release optimiser (CopyPropagation, "Found outside of lifetime use").
      let size = sizeText(change)
      out += cell(size ?? "", sort: size ?? "-1", numeric: true)
      for duration in [change.codingTime, change.reviewWait, change.cycleTime, change.deployTime] {
        out += cell(duration.map { Format.humanised(Double($0)) } ?? "", sort: duration.map(String.init) ?? "-1", numeric: true)
      }
      out += "</tr>\n"
    }
    return out + "</tbody></table></div></section>\n"
  }

  private func sizeText(_ change: Change) -> String? {
    guard let size = change.size else { return nil }
    return String(describing: size)
  }

  private func coverage() -> String {
    let s = summary
    func list(_ shares: [Summary.Share]) -> String {
      shares.isEmpty ? "-" : shares.map { "\($0.name) \($0.count) (\(percent($0.share)))" }.joined(separator: ", ")
    }
    var rows = [
      ("cohorts", list(s.cohorts)), ("kinds", list(s.kinds)), ("timing from", list(s.timingSources)),
      ("sizes missing", "\(s.sizesMissing)"), ("review heads seen", "\(s.reviewHeadsSeen)"),
      ("open reviews count for", "\(report.settings.staleAfter / 86_400) days after their last push"),
      ("deployments from", sourceName()),
    ]
    if s.clockSkewCount > 0 { rows.append(("clock skew", "\(s.clockSkewCount) changes with negative durations clamped to 0")) }
    var out = "<section id=\"coverage\"><h2>What the figures stand on</h2>\n<table class=\"plain\"><tbody>\n"
    for (label, value) in rows { out += "<tr><th scope=\"row\">\(esc(label))</th><td>\(esc(value))</td></tr>\n" }
    return out + "</tbody></table>\n<p class=\"basis\">Percentiles interpolate between closest ranks; a figure on fewer "
      + "than 10 values, or on less than half of the changes, is marked as few.</p></section>\n"
  }

  // MARK: - Pieces

  private func section(id: String, title: String, chart: String, basis: String, table: ([String], [[String]])?) -> String {
    var out = "<section id=\"\(id)\"><h2>\(esc(title))</h2>\n<figure>\(chart)\n<figcaption class=\"basis\">\(esc(basis))</figcaption></figure>\n"
    if let (headings, rows) = table, !rows.isEmpty {
      out += "<details><summary>The values as a table</summary><table><thead><tr>"
        + headings.map { "<th scope=\"col\">\(esc($0))</th>" }.joined() + "</tr></thead><tbody>\n"
      for row in rows { out += "<tr>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n" }
      out += "</tbody></table></details>\n"
    }
    return out + "</section>\n"
  }

  private func cell(_ text: String, sort: String? = nil, numeric: Bool = false) -> String {
    let attributes = (sort.map { " data-sort=\"\(esc($0))\"" } ?? "") + (numeric ? " class=\"num\"" : "")
    return "<td\(attributes)>\(esc(text))</td>"
  }

  private func anchor(_ text: String, _ link: String?) -> String {
    guard let link else { return esc(text) }
    return "<a href=\"\(esc(link))\">\(esc(text))</a>"
  }

  private func changeName(_ change: Change) -> String {
    change.number.map { change.forge == .gerrit && $0.count > 12 ? String($0.prefix(9)) : "#\($0)" } ?? String(change.mergeCommit.hex.prefix(12))
  }

  private func link(_ change: Change) -> String? {
    guard let forge else { return nil }
    if let number = change.number, let kind = change.forge, let link = forge.reviewLink(number: number, forge: kind.rawValue) {
      return link
    }
    return forge.commitLink(change.mergeCommit.hex)
  }

  private func sourceName() -> String {
    switch report.settings.deployments {
    case .tags(let pattern): "tags matching \(pattern)"
    case .branch(let name, _): "the first-parent commits of \(name)"
    case .log: "a deploy log"
    }
  }

  private func timingNote() -> String {
    let timed = summary.cycleHours.n
    return "\(timed) of \(summary.changesMerged) changes are timed (timing from "
      + summary.timingSources.map { "\($0.name) \(percent($0.share))" }.joined(separator: ", ") + ")."
  }

  private func statNote(_ stat: Summary.Stat, p85: String) -> String {
    stat.n == 0 ? "n=0" : "p85 \(p85) · n=\(stat.n)" + (stat.thin ? " · few values" : "")
  }

  func esc(_ text: String) -> String { SVG.escape(text) }
  func day(_ seconds: Int64) -> String { Format.date(seconds, in: report.settings.timeZone) }
  func shortDate(_ seconds: Int64) -> String { String(day(seconds).dropFirst(5)) }
  func hours(_ value: Double?) -> String { value.map { Format.humanised($0 * 3600) } ?? "-" }
  func lines(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "-" }
  func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
  func signedPercent(_ value: Double) -> String { (value >= 0 ? "+" : "") + String(format: "%.0f%%", value * 100) }
  func decimal(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
  func index(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }

  /// A y-axis tick in hours on a log scale: `1m`, `10m`, `1h`, `1d`, `1w`, `30d`, `1y`.
  static let hoursTick: @Sendable (Double) -> String = { hours in
    switch hours {
    case 7 * 24: "1w"
    case 365 * 24: "1y"
    default: Format.humanised(hours * 3600)
    }
  }
}

/// Hours, or days when the values run past three days, for a duration axis.
struct DurationUnit {
  var seconds: Double
  var title: String

  init(maxSeconds: Double) {
    if maxSeconds > 72 * 3600 {
      seconds = 86_400
      title = "days"
    } else {
      seconds = 3600
      title = "hours"
    }
  }

  func scaled(_ value: Double) -> Double { value / seconds }
  var tick: @Sendable (Double) -> String { { SVG.number($0) } }
}

