import Foundation

/// Medians of a change's stages for the changes merged in one week (docs/figures.md section 3).
public struct StageWeek: Hashable, Sendable {
  public var weekStart: Int64
  /// Days of the week inside the window (7, or fewer at its ends).
  public var daysInWindow: Int
  /// Timed changes merged that week: what the stage medians stand on.
  public var timed: Int
  public var codingP50: Double?
  public var reviewWaitP50: Double?
  /// Of the week's timed changes that a deployment shipped (`deployed`).
  public var deployP50: Double?
  public var deployed: Int
  public var cycleP50: Double?
  public var leadP50: Double?
}

/// Individual output and team throughput of one week, each per day inside the window and
/// as an index of the window's first weeks (docs/figures.md section 7).
public struct OutputWeek: Hashable, Sendable {
  public var weekStart: Int64
  public var daysInWindow: Int
  /// Commits per active human author, per day inside the window; nil with no author.
  public var commitsPerAuthorPerDay: Double?
  public var changesMergedPerDay: Double
  /// 100 = the mean of the base weeks (the first whole weeks); nil when that mean is 0, the
  /// week has no value, or fewer than 4 of its days are in the window.
  public var outputIndex: Double?
  public var throughputIndex: Double?
}

/// How many changes one person reviewed and merged in the window (docs/figures.md section 7).
public struct ReviewerLoad: Hashable, Sendable {
  /// As the changes name them (an email or a name), in its first spelling.
  public var person: String
  /// Changes whose trailers name them as a reviewer.
  public var reviewed: Int
  /// Changes of other authors they merged.
  public var merged: Int
}

extension DeliveryReport {
  /// The window's weeks as the weekly table has them: each week's rows, and its moments
  /// inside the window.
  private func weekSpans() -> [(row: WeekRow, range: ClosedRange<Int64>)] {
    let rows = weeks()
    return rows.enumerated().map { index, row in
      let next = index + 1 < rows.count ? rows[index + 1].weekStart : settings.until + 1
      return (row, max(row.weekStart, settings.since)...min(next - 1, settings.until))
    }
  }

  /// How many weeks (Monday in the report's zone) overlap the window.
  public var windowWeekCount: Int { weeks().count }

  /// Per week: the median of each stage over the timed changes merged that week.
  /// - Complexity: O(weeks × changes).
  public func stageWeeks() -> [StageWeek] {
    weekSpans().map { week, range in
      let timed = changes.filter { range.contains($0.mergedAt) && $0.isTimed }
      let deployed = timed.compactMap(\.deployTime)
      return StageWeek(
        weekStart: week.weekStart, daysInWindow: week.daysInWindow, timed: timed.count,
        codingP50: Distribution.median(timed.compactMap(\.codingTime)),
        reviewWaitP50: Distribution.median(timed.compactMap(\.reviewWait)),
        deployP50: Distribution.median(deployed), deployed: deployed.count,
        cycleP50: Distribution.median(timed.compactMap(\.cycleTime)),
        leadP50: Distribution.median(timed.compactMap(\.leadTime)))
    }
  }

  /// Per week: commits per author and changes merged, per day inside the window, and each
  /// as an index where 100 is its mean over the first `baseWeeks` weeks.
  public func outputWeeks(baseWeeks: Int) -> [OutputWeek] {
    var out: [OutputWeek] = []
    for row in weeks() {
      let days = row.daysInWindow
      out.append(
        OutputWeek(
          weekStart: row.weekStart, daysInWindow: days,
          commitsPerAuthorPerDay: row.commitsPerAuthor.map { $0 / Double(max(days, 1)) },
          changesMergedPerDay: Double(row.changesMerged) / Double(max(days, 1)), outputIndex: nil,
          throughputIndex: nil))
    }
    // Weeks with fewer than 4 days in the window swing on a day or two: not indexed, and
    // the base is the first whole weeks.
    let base = out.filter { $0.daysInWindow == 7 }.prefix(max(baseWeeks, 1))
    let outputBase = mean(base.compactMap(\.commitsPerAuthorPerDay))
    let throughputBase = mean(base.map(\.changesMergedPerDay))
    for index in out.indices where out[index].daysInWindow >= 4 {
      if let outputBase, outputBase > 0, let value = out[index].commitsPerAuthorPerDay {
        out[index].outputIndex = value / outputBase * 100
      }
      if let throughputBase, throughputBase > 0 {
        out[index].throughputIndex = out[index].changesMergedPerDay / throughputBase * 100
      }
    }
    return out
  }

  private func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  /// The people who reviewed or merged most of the window's changes (imports left out),
  /// most first, at most `limit`. A person is one spelling compared without case, as the
  /// review load's top reviewer is.
  public func reviewerLoads(limit: Int) -> [ReviewerLoad] {
    var loads: [String: ReviewerLoad] = [:]
    var order: [String] = []
    func credit(_ person: String, reviewed: Int, merged: Int) {
      let key = person.lowercased()
      if loads[key] == nil {
        loads[key] = ReviewerLoad(person: person, reviewed: 0, merged: 0)
        order.append(key)
      }
      loads[key]!.reviewed += reviewed
      loads[key]!.merged += merged
    }
    for change in changes where !change.isImport {
      // Reviewers taken from the merger are counted as merges, not twice.
      var seen: Set<String> = []
      for reviewer in change.reviewers where change.reviewSource == .trailer && seen.insert(reviewer.lowercased()).inserted {
        credit(reviewer, reviewed: 1, merged: 0)
      }
      if let merger = change.merger, merger.lowercased() != change.author.email.lowercased(), merger != change.author.name {
        credit(merger, reviewed: 0, merged: 1)
      }
    }
    return order.compactMap { loads[$0] }
      .sorted { ($0.reviewed + $0.merged, $1.person.lowercased()) > ($1.reviewed + $1.merged, $0.person.lowercased()) }
      .prefix(max(limit, 0)).map { $0 }
  }

  /// Open items in the review queue at as-of, oldest first (by the earliest committer time
  /// of their own commits): the first is the one `oldestOpenAge` measures.
  public func openItemsInQueue() -> [OpenItem] {
    openItems.filter { $0.newestCommitAt <= settings.asOf && settings.asOf < $0.newestCommitAt + settings.staleAfter }
      .sorted { ($0.oldestOwnCommitAt, $0.ref) < ($1.oldestOwnCommitAt, $1.ref) }
  }
}
