/// Before and after (`baton compare`, docs/figures.md section 11): every time figure's p50
/// and every rate of two windows, their difference, and its 95% bootstrap interval.

/// One window of a comparison: what was merged and deployed in it.
public struct ComparisonWindow: Sendable {
  public var since: Int64
  public var until: Int64
  /// Changes merged in `since...until`.
  public var changes: [Change]
  /// Deployments in `since...until`.
  public var deployments: [DeploymentRecord]

  public init(since: Int64, until: Int64, changes: [Change], deployments: [DeploymentRecord]) {
    self.since = since
    self.until = until
    self.changes = changes
    self.deployments = deployments
  }

  /// The window's changes and deployments out of a report that covers it.
  public init(_ report: DeliveryReport, since: Int64, until: Int64) {
    let window = since...until
    self.init(
      since: since, until: until, changes: report.changes.filter { window.contains($0.mergedAt) },
      deployments: report.deployments.filter { window.contains($0.deployment.at) })
  }

  /// Whole days from `since`: the units throughput is resampled in. At least one.
  var days: Int { max(1, Int((until - since + 86_399) / 86_400)) }

  /// How many of `times` fall on each day of the window.
  func dailyCounts(_ times: [Int64]) -> [Double] {
    var counts = Array(repeating: 0.0, count: days)
    for time in times where time >= since && time <= until {
      counts[min(days - 1, Int((time - since) / 86_400))] += 1
    }
    return counts
  }
}

/// One figure of one cohort in both windows.
public struct Difference: Hashable, Sendable {
  public enum Figure: String, Sendable, Hashable, CaseIterable {
    case cycleTimeP50Hours, codingTimeP50Hours, reviewWaitP50Hours, deployTimeP50Hours, leadTimeP50Hours
    case prSizeP50Lines, changesPerWeek, deploymentsPerWeek, changeFailureRate, revertRate, directShare
  }

  public var figure: Figure
  /// `all`, `ai` or `human`.
  public var cohort: String
  public var before: Double?
  public var after: Double?
  /// `after - before`.
  public var difference: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  /// The interval lies wholly above or below 0.
  public var changed: Bool
}

public enum Comparison {
  /// Every figure per cohort (`all`, then `ai` and `human`), leaving out a figure that has
  /// values in neither window. Deployments are not split by cohort.
  /// - Complexity: O(resamples * n) per figure.
  public static func differences(
    before: ComparisonWindow, after: ComparisonWindow, resamples: Int = Bootstrap.resamples, seed: UInt64 = Bootstrap.seed
  ) -> [Difference] {
    var rows: [Difference] = []
    for cohort in ["all", Change.Cohort.ai.rawValue, Change.Cohort.human.rawValue] {
      let pick = { (changes: [Change]) in cohort == "all" ? changes : changes.filter { $0.cohort.rawValue == cohort } }
      let old = pick(before.changes)
      let new = pick(after.changes)
      guard cohort == "all" || !old.isEmpty || !new.isEmpty else { continue }
      for figure in Difference.Figure.allCases {
        if cohort != "all", figure == .deploymentsPerWeek || figure == .changeFailureRate { continue }
        guard let (statistic, oldValues, newValues) = samples(figure, before, old, after, new) else { continue }
        guard !oldValues.isEmpty || !newValues.isEmpty else { continue }
        let oldFigure = Bootstrap.value(statistic, of: oldValues)
        let newFigure = Bootstrap.value(statistic, of: newValues)
        let interval = Bootstrap.interval(
          before: oldValues, after: newValues, statistic: statistic, resamples: resamples, seed: seed)
        let difference = oldFigure.flatMap { old in newFigure.map { $0 - old } }
        rows.append(
          Difference(
            figure: figure, cohort: cohort, before: oldFigure, after: newFigure, difference: difference,
            ciLow: interval?.low, ciHigh: interval?.high,
            changed: interval.map { $0.low > 0 || $0.high < 0 } ?? false))
      }
    }
    return rows
  }

  /// What a figure resamples in each window: times in hours, sizes in lines, a 0 or 1 per
  /// change or deployment for a share, a count per day for a weekly rate.
  private static func samples(
    _ figure: Difference.Figure, _ before: ComparisonWindow, _ old: [Change], _ after: ComparisonWindow, _ new: [Change]
  ) -> (Bootstrap.Statistic, [Double], [Double])? {
    func hours(_ time: @escaping (Change) -> Int64?) -> ([Change]) -> [Double] {
      { changes in changes.filter(\.isTimed).compactMap(time).map { Double($0) / 3600 } }
    }
    func share(_ test: @escaping (Change) -> Bool) -> ([Change]) -> [Double] {
      { changes in changes.map { test($0) ? 1 : 0 } }
    }
    let perChange: (([Change]) -> [Double])?
    switch figure {
    case .cycleTimeP50Hours: perChange = hours(\.cycleTime)
    case .codingTimeP50Hours: perChange = hours(\.codingTime)
    case .reviewWaitP50Hours: perChange = hours(\.reviewWait)
    case .leadTimeP50Hours: perChange = hours(\.leadTime)
    case .deployTimeP50Hours:
      perChange = { changes in changes.filter { !$0.isImport }.compactMap(\.deployTime).map { Double($0) / 3600 } }
    case .prSizeP50Lines: perChange = { changes in changes.compactMap(\.size).map(Double.init) }
    case .revertRate: perChange = share(\.isRevert)
    case .directShare:
      perChange = { changes in changes.filter { $0.cohort != .bot }.map { $0.kind == .direct ? 1 : 0 } }
    case .changesPerWeek, .deploymentsPerWeek, .changeFailureRate: perChange = nil
    }
    if let perChange {
      let statistic: Bootstrap.Statistic = figure == .revertRate || figure == .directShare ? .mean(scale: 1) : .median
      return (statistic, perChange(old), perChange(new))
    }
    switch figure {
    case .changesPerWeek:
      return (.mean(scale: 7), before.dailyCounts(old.map(\.mergedAt)), after.dailyCounts(new.map(\.mergedAt)))
    case .deploymentsPerWeek:
      return (
        .mean(scale: 7), before.dailyCounts(before.deployments.map(\.deployment.at)),
        after.dailyCounts(after.deployments.map(\.deployment.at))
      )
    default:
      let failed = { (records: [DeploymentRecord]) in records.map { $0.failed ? 1.0 : 0 } }
      return (.mean(scale: 1), failed(before.deployments), failed(after.deployments))
    }
  }
}
