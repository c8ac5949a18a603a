import Foundation
import GitHistory

/// Everything an analysis needs besides the history (docs/figures.md section 1).
public struct AnalysisSettings: Sendable {
  public var asOf: Int64
  public var since: Int64
  public var until: Int64
  /// Zone of week and day buckets; weeks start on Monday.
  public var timeZone: TimeZone
  public var deployments: DeploymentSource
  public var recognition: RecognitionSettings
  public var sizeExclude: [String]
  public var detectRenames: Bool
  public var failureWindow: Int64
  public var staleAfter: Int64
  public var growthWindow: Int64
  /// Teams by name, each with globs of author emails (`*@payments.example.com`), tried in order.
  public var teams: [(name: String, patterns: [String])] = []
  /// Threads for diffs.
  public var jobs = 1
  /// Whether review heads and the daily queue are read. The changes, authors and
  /// deployments tables do not need them, and a mirror's pull heads can hold more commits
  /// than the target (git/git: 120k outside its 82k).
  public var readsQueue = true
  /// The forge's records of pull and merge requests, when the team exported them (docs/figures.md section 8).
  public var pullRequests: PullRequestRecords?
  /// Whether sizes keep each file's lines, for areas (docs/figures.md section 11).
  public var measuresAreas = false
  /// Recognise from the root, whatever the window reads (tests compare the two).
  var recognisesWholeHistory = false
  /// Where the analysis reports how far it has got; nil when no one is watching.
  public var progress: AnalysisProgress?

  /// The first team whose patterns match the email.
  public func team(of identity: Identity) -> String? {
    let email = identity.email.lowercased()
    return teams.first { team in team.patterns.contains { Glob.matches($0.lowercased(), email) } }?.name
  }

  public static let defaultSizeExclude = [
    "*.lock", "package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "go.sum", "Package.resolved",
  ]

  public init(
    asOf: Int64, since: Int64? = nil, until: Int64? = nil, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
    deployments: DeploymentSource = .tags(pattern: DeploymentSource.defaultTagPattern),
    recognition: RecognitionSettings = RecognitionSettings(), sizeExclude: [String] = defaultSizeExclude,
    detectRenames: Bool = false, failureWindow: Int64 = 14 * 86_400, staleAfter: Int64 = 30 * 86_400,
    growthWindow: Int64 = 14 * 86_400
  ) {
    self.asOf = asOf
    self.since = since ?? asOf - 90 * 86_400
    self.until = until ?? asOf
    self.timeZone = timeZone
    self.deployments = deployments
    self.recognition = recognition
    self.sizeExclude = sizeExclude
    self.detectRenames = detectRenames
    self.failureWindow = failureWindow
    self.staleAfter = staleAfter
    self.growthWindow = growthWindow
  }
}

/// A deployment with what it shipped and whether it failed (docs/figures.md sections 4 and 5).
public struct DeploymentRecord: Hashable, Sendable {
  public var deployment: Deployment
  /// Changes it first shipped.
  public var changes: Int
  public var failed: Bool
  public var restoredAt: Int64?
  /// Since the previous deployment.
  public var interval: Int64?
}

/// One day of the queue table (docs/figures.md section 10, `queue`).
public struct QueueDay: Hashable, Sendable {
  /// The day's start, in the report's zone.
  public var day: Int64
  public var reviewQueue: Int
  public var wip: Int
  public var openItems: Int
  public var enteredReview: Int
  public var merged: Int
}

/// The results of one analysis.
public struct DeliveryReport: Sendable {
  public var settings: AnalysisSettings
  /// Changes merged in the window, by merge time.
  public var changes: [Change]
  /// Every change recognised up to as-of (without sizes): the window and what it reads of
  /// the time before (see `recognitionStart`), for the period before the window and
  /// output per week.
  public var allChanges: [Change]
  /// Human commits by person, sorted by author time (see `humanCommits(_:earlierAuthors:rules:)`).
  var humanCommits: [AuthoredCommit] { humanCommitsOnce.value }
  /// Worked out on first use: the changes and deployments tables never ask, and over a
  /// whole history grouping every commit's author was a tenth of a resumed export.
  var humanCommitsOnce: Once<[AuthoredCommit]>
  /// A part of a union (`reduced(named:)`): its human commits by the address each used.
  var partCommits: [AuthoredCommit]?
  /// Authors of the history before `allChanges`, oldest first: people are grouped over
  /// the whole history, so a person keeps one name whatever the window.
  var earlierAuthors: [Identity]
  /// Deployments in the window, by time.
  public var deployments: [DeploymentRecord]
  /// Deployments in the equal period before the window (the warning signs compare them).
  public var deploymentsBefore: [DeploymentRecord] = []
  public var openItems: [OpenItem]
  public var queue: [QueueDay]
  /// Review queue at as-of and at as-of minus the growth window.
  public var reviewQueueNow: Int
  public var reviewQueueBefore: Int
  /// `(q(as_of) - q(as_of - W)) / max(q(as_of - W), 1)`.
  public var reviewQueueGrowth: Double
  /// Least-squares slope of the daily review queue over the growth window, items per week.
  public var reviewQueueSlope: Double
  /// Age at as-of of the oldest open item still in the queue.
  public var oldestOpenAge: Int64?
  public var clockSkewCount: Int
  public var missingSizes: Int
  /// Changes an earlier run's checkpoint supplied instead of recognition.
  public var resumedChanges = 0
  /// When the target's newest commit as of as-of was committed (nil: none yet).
  public var targetCommittedAt: Int64?
  /// The newest tip among the review heads no change landed: older than the stale cut-off
  /// before as-of, review heads are probably no longer fetched.
  public var newestReviewHeadAt: Int64?
  /// What the forge's records covered; nil without them.
  public var pullRequestCoverage: PullRequestCoverage?
  /// What baton saw in the window and did not use, with suggested fixes.
  public var hints: [CoverageHint] = []

  /// Whether the window starts after the target's newest commit: a clone that was not
  /// fetched, or a mirror snapshot. Its figures are empty for want of history, not of work.
  public var isStale: Bool {
    targetCommittedAt.map { $0 < settings.since } ?? true
  }

  /// `change_failure_rate`: failed deployments over deployments in the window.
  public var changeFailureRate: Double? {
    deployments.isEmpty ? nil : Double(deployments.filter(\.failed).count) / Double(deployments.count)
  }

  /// Changes counted in time statistics: timed, not imports.
  public var timedChanges: [Change] { changes.filter(\.isTimed) }
}

/// Runs the whole model over a history (docs/figures.md sections 2 to 7 and 9).
public struct DeliveryAnalyzer {
  public var settings: AnalysisSettings

  public init(settings: AnalysisSettings) {
    self.settings = settings
  }

  public func analyze(_ history: HistorySource, target: TargetBranch) throws -> DeliveryReport {
    let store = CommitStore(history)
    let commit = store.commit
    let options = DiffOptions(
      excludedPaths: settings.sizeExclude, detectRenames: settings.detectRenames, recordsPaths: settings.measuresAreas)
    let prefetch = SizePrefetch(
      try SizePrefetch.windowPairs(
        from: target.tip, in: store.graph, since: settings.since, until: min(settings.until, settings.asOf)),
      history: history, options: options, jobs: settings.jobs, progress: settings.progress)
    defer { prefetch.finish() }
    let deployments = try DeploymentReader.deployments(
      from: settings.deployments, history: history, graph: store.graph, asOf: settings.asOf)
    // Recognition's cut-offs move to a 30-day grid, never later than the window needs: runs
    // taken at different moments (a nightly job's as-of is now) then share one checkpoint,
    // and reading a little more history before the window changes nothing it shows.
    let recognition = try ChangeRecognizer(settings: settings.recognition).recognise(
      in: store, target: target, asOf: settings.asOf, since: onGrid(settings.since),
      from: recognitionStart(deployments: deployments).map(onGrid), progress: settings.progress,
      peopleFrom: onGrid(settings.since - (settings.until - settings.since) - 1), passedOver: prefetch.passOver)
    var all = recognition.changes
    // From the failure window before the period before the window: its revert rate and
    // failures are compared with the window's (docs/figures.md section 11).
    try RevertReader.link(
      &all, commits: commit, examinedFrom: settings.since - (settings.until - settings.since) - 1 - settings.failureWindow,
      earlierCommits: recognition.earlierCommits, earlierLandings: recognition.earlierLandings)
    let matchedRecords = settings.pullRequests?.apply(to: &all, rules: settings.recognition.identityRules) ?? []

    // For each change, the earliest deployment containing it.
    let firstShipping = try DeploymentReader.firstContaining(
      Set(all.map(\.mergeCommit)), deployments: deployments, graph: store.graph)
    var shippedBy: [Int: [Int]] = [:]
    let baseline = settings.deployments.hasBaseline ? deployments.first?.at : nil
    for index in all.indices {
      guard let deploymentIndex = firstShipping[all[index].mergeCommit] else { continue }
      if let baseline, all[index].mergedAt < baseline { continue }
      all[index].deployedAt = deployments[deploymentIndex].at
      all[index].deployment = deployments[deploymentIndex].name
      shippedBy[deploymentIndex, default: []].append(index)
    }
    let records = failureRecords(deployments, shippedBy: shippedBy, changes: all, firstShipping: firstShipping)

    // Sizes and teams, for the changes reported.
    settings.progress?.update { $0.phase = .sizing }
    var reported = all.filter { (settings.since...settings.until).contains($0.mergedAt) }
    for index in reported.indices { reported[index].team = settings.team(of: reported[index].author) }
    let sizes = try prefetch.sizes(of: reported.map { SizePrefetch.Pair(from: $0.diffBase, to: $0.diffTip) })
    for index in reported.indices {
      reported[index].diff = sizes[index]
      reported[index].sizeStatus = sizes[index] == nil ? .missingObjects : .ok
    }
    let missing = sizes.filter { $0 == nil }.count

    // Queues.
    settings.progress?.update { $0.phase = .queue }
    var landed: Set<String> = []
    for change in all {
      guard let number = change.number, let forge = change.forge else { continue }
      landed.insert("\(forge == .gitlab ? "gitlab" : "github")#\(number)")
    }
    var (open, newestReviewHeadAt) = !settings.readsQueue ? ([], nil) : try OpenItemReader.openItems(
      history: history, target: target, reachedByTarget: recognition.reachedByTarget, landedNumbers: landed,
      settings: settings.recognition,
      asOf: settings.asOf, since: settings.since - settings.growthWindow, reach: settings.staleAfter + 86_400,
      graph: store.graph)
    if let records = settings.pullRequests { open = records.withoutRecords(open) }
    let intervals = settings.readsQueue
      ? QueueIntervals(
        changes: all, open: open, records: settings.pullRequests, matched: matchedRecords, settings: settings)
      : QueueIntervals()
    let review = intervals.review
    let wip = intervals.wip
    let openReview = intervals.openReview

    let calendar = Calendar.utcWeeks(in: settings.timeZone)
    var days: [QueueDay] = []
    var day = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(settings.since)))
    let sortedArrivals = intervals.arrivals.sorted()
    let sortedMerges = all.map(\.mergedAt).sorted()
    func count(_ sorted: [Int64], in range: Range<Int64>) -> Int {
      lowerBound(sorted, range.upperBound) - lowerBound(sorted, range.lowerBound)
    }
    while settings.readsQueue, Int64(day.timeIntervalSince1970) <= settings.until {
      let next = calendar.date(byAdding: .day, value: 1, to: day)!
      let start = Int64(day.timeIntervalSince1970)
      let end = Int64(next.timeIntervalSince1970)
      let endOfDay = min(end - 1, settings.asOf)
      days.append(
        QueueDay(
          day: start, reviewQueue: review.count(at: endOfDay), wip: wip.count(at: endOfDay),
          openItems: openReview.count(at: endOfDay),
          enteredReview: count(sortedArrivals, in: start..<end), merged: count(sortedMerges, in: start..<end)))
      day = next
    }

    let now = review.count(at: settings.asOf)
    let before = review.count(at: settings.asOf - settings.growthWindow)
    let samples = stride(from: settings.asOf - settings.growthWindow, through: settings.asOf, by: 86_400).map {
      (Double($0 - settings.asOf) / 86_400, Double(review.count(at: $0)))
    }
    let oldest = intervals.openStarts.min()

    let hints = CoverageHints.find(
      reported, history: all, reviewHeads: try history.reviewHeads().count, rules: settings.recognition.identityRules)
    store.keepGraph()
    var result = DeliveryReport(
      settings: settings, changes: reported, allChanges: all,
      humanCommitsOnce: Once { [all, earlierAuthors = recognition.earlierAuthors, rules = settings.recognition.identityRules] in
        DeliveryReport.humanCommits(all, earlierAuthors: earlierAuthors, rules: rules)
      },
      earlierAuthors: recognition.earlierAuthors,
      deployments: records.filter { (settings.since...settings.until).contains($0.deployment.at) },
      openItems: open, queue: days, reviewQueueNow: now, reviewQueueBefore: before,
      reviewQueueGrowth: Double(now - before) / Double(max(before, 1)),
      reviewQueueSlope: leastSquaresSlope(samples) * 7,
      oldestOpenAge: oldest.map { settings.asOf - $0 },
      clockSkewCount: reported.filter { $0.clockSkews > 0 }.count, missingSizes: missing,
      resumedChanges: recognition.resumedChanges, targetCommittedAt: recognition.tipCommittedAt,
      newestReviewHeadAt: newestReviewHeadAt,
      pullRequestCoverage: settings.pullRequests?.coverage(window: reported, matched: matchedRecords, settings: settings))
    result.hints = hints
    result.deploymentsBefore = records.filter { result.periodBefore.contains($0.deployment.at) }
    return result
  }

  /// How far back changes are recognised: as far as anything the window reads of changes
  /// merged before it, and a week more, so a change landed across that moment is never one
  /// the window reads. What is read before the window:
  /// - changes a revert in the window may name (the failure window);
  /// - the equal period before the window (divergence);
  /// - landed numbers of review heads recent enough for the queue (growth window, stale
  ///   cut-off and a day);
  /// - every change the window's first deployment ships: back to the deployment before it,
  ///   or to the root when tags are the source and none came before (no baseline).
  /// Nil: the whole history.
  private func recognitionStart(deployments: [Deployment]) -> Int64? {
    if settings.recognisesWholeHistory { return nil }
    var start = min(
      settings.since - settings.failureWindow,
      settings.since - (settings.until - settings.since) - 1,
      settings.since - settings.growthWindow - settings.staleAfter - 86_400)
    if let previous = deployments.last(where: { $0.at < settings.since }) {
      start = min(start, previous.at)
    } else if !settings.deployments.hasBaseline, deployments.contains(where: { $0.at >= settings.since }) {
      return nil
    }
    return start - 7 * 86_400
  }

  /// Failed deployments and their restores (docs/figures.md section 5).
  private func failureRecords(
    _ deployments: [Deployment], shippedBy: [Int: [Int]], changes: [Change], firstShipping: [ObjectID: Int]
  ) -> [DeploymentRecord] {
    var revertsOf: [Int: [Change]] = [:]
    for revert in changes where revert.isRevert {
      if let target = revert.revertedIndex { revertsOf[target, default: []].append(revert) }
    }
    var records: [DeploymentRecord] = []
    for (index, deployment) in deployments.enumerated() {
      var record = DeploymentRecord(
        deployment: deployment, changes: shippedBy[index]?.count ?? 0, failed: false, restoredAt: nil,
        interval: index > 0 ? deployment.at - deployments[index - 1].at : nil)
      for shipped in shippedBy[index] ?? [] {
        for revert in revertsOf[shipped] ?? [] {
          guard revert.mergedAt >= deployment.at, revert.mergedAt <= deployment.at + settings.failureWindow else {
            continue
          }
          record.failed = true
          if let restoring = firstShipping[revert.mergeCommit] {
            let restoredAt = deployments[restoring].at
            record.restoredAt = min(record.restoredAt ?? restoredAt, restoredAt)
          }
        }
      }
      records.append(record)
    }
    return records
  }
}

/// The start of the 30-day period, counted from the epoch, that holds `moment`.
func onGrid(_ moment: Int64) -> Int64 {
  let period: Int64 = 30 * 86_400
  return moment - ((moment % period) + period) % period
}

/// The index of the first value not below `value` in a sorted array.
func lowerBound(_ sorted: [Int64], _ value: Int64) -> Int {
  var low = 0
  var high = sorted.count
  while low < high {
    let mid = (low + high) / 2
    if sorted[mid] < value { low = mid + 1 } else { high = mid }
  }
  return low
}

/// Slope of the least-squares line through the points.
func leastSquaresSlope(_ points: [(Double, Double)]) -> Double {
  guard points.count > 1 else { return 0 }
  let n = Double(points.count)
  let meanX = points.map(\.0).reduce(0, +) / n
  let meanY = points.map(\.1).reduce(0, +) / n
  let covariance = points.map { ($0.0 - meanX) * ($0.1 - meanY) }.reduce(0, +)
  let variance = points.map { ($0.0 - meanX) * ($0.0 - meanX) }.reduce(0, +)
  return variance == 0 ? 0 : covariance / variance
}

extension Calendar {
  /// A Gregorian calendar in `zone` whose weeks start on Monday.
  static func utcWeeks(in zone: TimeZone) -> Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    calendar.firstWeekday = 2
    return calendar
  }
}


/// A value worked out the first time it is asked for, from any thread.
final class Once<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var make: (@Sendable () -> Value)?
  private var made: Value?

  init(_ make: @escaping @Sendable () -> Value) {
    self.make = make
  }

  var value: Value {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    let value = make!()
    made = value
    make = nil
    return value
  }
}
