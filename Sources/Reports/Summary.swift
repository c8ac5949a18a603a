import DeliveryMetrics
import Foundation

/// The figures `baton report` shows, as one value: what the terminal, Markdown and JSON
/// renderings are all made from. Durations are in hours.
public struct Summary: Codable, Sendable {
  public struct Stat: Codable, Sendable {
    public var p50: Double?
    public var p85: Double?
    public var p95: Double?
    public var n: Int
    /// Fewer than 10 values, or standing on less than half of the changes.
    public var thin: Bool

    /// A distribution's figures; thin when it stands on less than half of `total`.
    init(_ distribution: Distribution, of total: Int) {
      p50 = distribution.p50
      p85 = distribution.p85
      p95 = distribution.p95
      n = distribution.count
      thin = distribution.isThin || distribution.count * 2 < total
    }
  }

  public struct Share: Codable, Sendable {
    public var name: String
    public var count: Int
    public var share: Double
  }

  public var repository: String
  public var branch: String
  /// When the target's newest commit as of as-of was committed.
  public var branchNewestCommitAt: String?
  /// Whole days from the branch's newest commit to as-of.
  public var branchIdleDays: Int?
  /// The window starts after the target's newest commit (an unfetched clone or a mirror
  /// snapshot): its figures are empty for want of history, and `staleNotice` says so.
  public var stale: Bool
  public var staleNotice: String?
  public var asOf: String
  public var since: String
  public var until: String
  public var changesMerged: Int
  public var changesPerWeek: Double
  public var directShare: Double?
  public var deployments: Int
  public var deploymentsPerWeek: Double
  public var deploymentsPerDay: Double
  public var medianDeployIntervalHours: Double?
  public var cycleHours: Stat
  public var codingHours: Stat
  /// Opened to first review, and first review to merge: only with the forge's records
  /// (docs/figures.md section 8), which `pullRequests` says how far cover the window.
  public var pickupHours: Stat?
  public var reviewHours: Stat?
  public var pullRequests: PullRequestShare?
  public var reviewWaitHours: Stat
  public var deployHours: Stat
  public var leadHours: Stat
  public var sizeLines: Stat
  public var changeFailureRate: Double?
  public var failedDeployments: Int
  public var timeToRestoreHours: Stat
  public var reviewQueue: Int
  public var reviewQueueBefore: Int
  public var reviewQueueGrowth: Double
  public var reviewQueueSlopePerWeek: Double
  public var growthWindowDays: Int
  public var oldestOpenHours: Double?
  /// Open items in the review queue at as-of: review heads and remote branches together.
  public var openItems: Int
  public var openReviewHeads: Int
  public var openRemoteBranches: Int
  /// The idle cut-off: an open item counts as waiting until this long after its last push.
  public var staleAfterDays: Int
  /// The newest tip among review heads no change landed; with `reviewHeadsStale` when it is
  /// older than the cut-off before as-of (review heads no longer fetched).
  public var newestReviewHeadAt: String?
  public var reviewHeadsStale: Bool
  public var outputGrowth: Double?
  public var throughputGrowth: Double?
  public var reviewWaitGrowth: Double?
  public var divergenceFlagged: Bool
  public var reviewsRecorded: Bool
  public var reviewedChanges: Int
  public var topReviewer: String?
  public var topReviewerShare: Double?
  /// Changes whose merger is known and is not their author.
  public var mergedByOthers: Int
  public var topMerger: String?
  public var topMergerShare: Double?
  public var selfMergedShare: Double?
  public var cohorts: [Share]
  public var kinds: [Share]
  public var timingSources: [Share]
  public var sizesMissing: Int
  public var reviewHeadsSeen: Int
  /// What baton saw in the window and did not use, with a suggested fix (coverage hints).
  public var notUnderstood: [Hint] = []

  public struct Hint: Hashable, Sendable, Codable {
    public var kind: String
    public var finding: String
    public var suggestion: String
  }
  public var clockSkewCount: Int
  public var groups: [Group]
  public var weeks: [Week]
  /// The constraint, what-ifs, queue flow, warning signs and DORA bands (docs/figures.md section 11).
  public var diagnosis: DiagnosisSummary?

  /// Throughput and output of one week (Monday) of the window.
  public struct Week: Codable, Sendable {
    public var weekStart: String
    public var changesMerged: Int
    public var deployments: Int
    public var activeAuthors: Int
    public var commitsPerAuthor: Double?
    public var cycleHoursP50: Double?
    public var reviewWaitHoursP50: Double?
    public var reviewQueueEnd: Int
    /// 7, or fewer for a week only partly inside the window, whose figures count only those days.
    public var daysInWindow: Int
  }

  /// The cycle-time figures of one team, cohort or author (`--by`).
  public struct Group: Codable, Sendable {
    public var name: String
    public var changes: Int
    public var cycleHours: Stat
    public var reviewWaitHours: Stat
    public var sizeLines: Stat
  }

  public enum Split: String, Sendable, CaseIterable {
    case cohort, author, team
  }

  /// How `--by` groups: the split, and for authors how many to show (the rest are one row)
  /// and whether bots are among them.
  public struct Grouping: Sendable {
    public var split: Split
    public var top: Int
    public var includesBots: Bool

    public init(_ split: Split, top: Int = 20, includesBots: Bool = false) {
      self.split = split
      self.top = top
      self.includesBots = includesBots
    }
  }

  public init(_ report: DeliveryReport, repository: String, branch: String, reviewHeads: Int, by grouping: Grouping? = nil) {
    let split = grouping?.split
    let settings = report.settings
    let changes = report.changes
    let timed = report.timedChanges
    let weekCount = Double(settings.until - settings.since) / (7 * 86_400)
    /// Durations in hours.
    func stat(_ values: [Int64], of total: Int) -> Stat {
      Stat(Distribution(values.map { Double($0) / 3600 }), of: total)
    }
    func shares<T: Hashable>(_ values: [T], _ name: (T) -> String) -> [Share] {
      let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
      return counts.map { Share(name: name($0.key), count: $0.value, share: Double($0.value) / Double(values.count)) }
        .sorted { ($1.count, $0.name) < ($0.count, $1.name) }
    }
    self.repository = repository
    self.branch = branch
    branchNewestCommitAt = report.targetCommittedAt.map(Format.timestamp)
    branchIdleDays = report.targetCommittedAt.map { Int((settings.asOf - $0) / 86_400) }
    stale = report.isStale
    staleNotice = report.isStale ? Self.staleNotice(report, repository: repository, branch: branch) : nil
    asOf = Format.timestamp(settings.asOf)
    since = Format.timestamp(settings.since)
    until = Format.timestamp(settings.until)
    changesMerged = changes.count
    changesPerWeek = weekCount > 0 ? Double(changes.count) / weekCount : 0
    directShare = report.directShare
    deployments = report.deployments.count
    deploymentsPerWeek = weekCount > 0 ? Double(report.deployments.count) / weekCount : 0
    deploymentsPerDay = deploymentsPerWeek / 7
    medianDeployIntervalHours = Distribution.median(report.deployments.compactMap(\.interval)).map { $0 / 3600 }
    cycleHours = stat(timed.compactMap(\.cycleTime), of: changes.count)
    codingHours = stat(timed.compactMap(\.codingTime), of: changes.count)
    reviewWaitHours = stat(timed.compactMap(\.reviewWait), of: changes.count)
    pullRequests = report.pullRequestCoverage.map { PullRequestShare($0, changes: changes.count) }
    pickupHours = pullRequests.map { _ in stat(timed.compactMap(\.pickupTime), of: changes.count) }
    reviewHours = pullRequests.map { _ in stat(timed.compactMap(\.reviewTime), of: changes.count) }
    deployHours = stat(changes.filter { !$0.isImport }.compactMap(\.deployTime), of: changes.count)
    leadHours = stat(timed.compactMap(\.leadTime), of: changes.count)
    sizeLines = Stat(Distribution(changes.compactMap(\.size)), of: changes.count)
    changeFailureRate = report.changeFailureRate
    failedDeployments = report.deployments.filter(\.failed).count
    timeToRestoreHours = stat(
      report.deployments.compactMap { record in record.restoredAt.map { $0 - record.deployment.at } },
      of: failedDeployments)
    reviewQueue = report.reviewQueueNow
    reviewQueueBefore = report.reviewQueueBefore
    reviewQueueGrowth = report.reviewQueueGrowth
    reviewQueueSlopePerWeek = report.reviewQueueSlope
    growthWindowDays = Int(settings.growthWindow / 86_400)
    oldestOpenHours = report.oldestOpenAge.map { Double($0) / 3600 }
    let waiting = report.openItems.filter {
      $0.newestCommitAt <= settings.asOf && settings.asOf < $0.newestCommitAt + settings.staleAfter
    }
    // Open items a record says are waiting count with git's (which exclude those with records).
    openItems = waiting.count + (pullRequests?.openAtAsOf ?? 0)
    openReviewHeads = waiting.filter(\.isReviewHead).count + (pullRequests?.openAtAsOf ?? 0)
    openRemoteBranches = waiting.count - openReviewHeads
    staleAfterDays = Int(settings.staleAfter / 86_400)
    newestReviewHeadAt = report.newestReviewHeadAt.map(Format.timestamp)
    reviewHeadsStale = report.newestReviewHeadAt.map { $0 < settings.asOf - settings.staleAfter } ?? false
    let divergence = report.divergence()
    outputGrowth = divergence.outputGrowth
    throughputGrowth = divergence.throughputGrowth
    reviewWaitGrowth = divergence.reviewWaitGrowth
    divergenceFlagged = divergence.flagged
    let load = report.reviewLoad()
    reviewsRecorded = load.isRecorded
    reviewedChanges = load.reviewedChanges
    topReviewer = load.topReviewer
    topReviewerShare = load.topReviewerShare
    mergedByOthers = load.mergedByOthers
    topMerger = load.topMerger
    topMergerShare = load.topMergerShare
    selfMergedShare = load.selfMergedShare
    cohorts = shares(changes.map(\.cohort)) { $0.rawValue }
    kinds = shares(changes.map(\.kind)) { $0.rawValue }
    timingSources = shares(changes.map(\.timingSource)) { $0.rawValue }
    sizesMissing = report.missingSizes
    reviewHeadsSeen = reviewHeads
    notUnderstood = report.hints.map { Hint(kind: $0.kind.rawValue, finding: $0.finding, suggestion: $0.suggestion) }
    clockSkewCount = report.clockSkewCount
    weeks = report.weeks().map { week in
      Week(
        weekStart: String(Format.timestamp(week.weekStart).prefix(10)), changesMerged: week.changesMerged,
        deployments: week.deployments, activeAuthors: week.activeAuthors, commitsPerAuthor: week.commitsPerAuthor,
        cycleHoursP50: week.cycleP50.map { $0 / 3600 }, reviewWaitHoursP50: week.reviewWaitP50.map { $0 / 3600 },
        reviewQueueEnd: week.reviewQueueEnd, daysInWindow: week.daysInWindow)
    }
    groups = []
    guard let split, let grouping else { return }
    func group(_ name: String, _ members: [Change]) -> Group {
      let timed = members.filter(\.isTimed)
      return Group(
        name: name, changes: members.count, cycleHours: stat(timed.compactMap(\.cycleTime), of: members.count),
        reviewWaitHours: stat(timed.compactMap(\.reviewWait), of: members.count),
        sizeLines: Stat(Distribution(members.compactMap(\.size)), of: members.count))
    }
    if split == .author {
      // People, not addresses; the top N by changes, and everyone else as one row.
      let people = report.changesByAuthor(includingBots: grouping.includesBots)
      groups = people.prefix(grouping.top).map { group("\($0.author.name) <\($0.author.email)>", $0.changes) }
      let rest = people.dropFirst(grouping.top)
      if !rest.isEmpty {
        groups.append(group("\(rest.count) other \(rest.count == 1 ? "author" : "authors")", rest.flatMap(\.changes)))
      }
      return
    }
    let grouped = Dictionary(grouping: changes) { change -> String in
      switch split {
      case .cohort, .author: change.cohort.rawValue
      case .team: change.team ?? "(no team)"
      }
    }
    groups = grouped.map(group).sorted { ($1.changes, $0.name) < ($0.changes, $1.name) }
  }

  /// What to say when the window starts after the branch's newest commit: when that commit
  /// is, and how to get a live answer.
  public static func staleNotice(_ report: DeliveryReport, repository: String, branch: String) -> String {
    let name = branch.split(separator: " ").first.map(String.init) ?? branch
    let since = Format.timestamp(report.settings.since).prefix(10)
    guard let newest = report.targetCommittedAt else {
      return "\(name) has no commit by as-of \(Format.timestamp(report.settings.asOf)): there is nothing to measure."
    }
    let day = Format.timestamp(newest).prefix(10)
    let days = (report.settings.since - newest) / 86_400
    return "\(name)'s newest commit is from \(day), \(days) days before the window starts (\(since)): "
      + "no figure of this window can be measured. The clone looks unfetched: for a live answer run "
      + "`git -C \(repository) fetch` (a mirror: `git -C \(repository) remote update`), "
      + "or pass --as-of \(day) for the window that ends with that commit."
  }

  /// Pretty-printed JSON with sorted keys, so output is stable.
  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
  }
}
