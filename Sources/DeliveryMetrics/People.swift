import Foundation

/// One week of the `weekly` table (docs/figures.md section 10).
public struct WeekRow: Hashable, Sendable {
  public var weekStart: Int64
  public var changesMerged: Int
  public var deployments: Int
  public var activeAuthors: Int
  public var commitsAuthored: Int
  public var changesAuthored: Int
  public var linesChanged: Int
  public var commitsPerAuthor: Double?
  public var linesPerAuthor: Double?
  public var cycleP50: Double?
  public var reviewWaitP50: Double?
  public var leadP50: Double?
  public var sizeP50: Double?
  public var reviewQueueEnd: Int
  public var wipEnd: Int
  public var enteredReview: Int
  /// Days of the week inside the window: 7, or fewer for its first and last weeks, whose
  /// figures count only those days.
  public var daysInWindow: Int
}

/// One human author of the `authors` table.
public struct AuthorRow: Hashable, Sendable {
  public var author: Identity
  public var team: String?
  public var commitsAuthored: Int
  public var changesAuthored: Int
  public var linesChanged: Int
  /// Share of their changes in the `ai` cohort.
  public var aiShare: Double?
  public var reviewsGiven: Int
  public var reviewWaitP50: Double?
  public var firstActiveAt: Int64
  public var lastActiveAt: Int64
}

/// Individual output against team throughput, over the window and the period before it.
public struct Divergence: Hashable, Sendable {
  public var outputGrowth: Double?
  public var throughputGrowth: Double?
  public var reviewWaitGrowth: Double?
  /// Output grew more than 20 percentage points faster than throughput.
  public var flagged: Bool
}

/// Who reviews and who merges (docs/figures.md section 7).
public struct ReviewLoad: Hashable, Sendable {
  /// Changes with a reviewer named by a trailer (`review_source = trailer`): the `n` of
  /// `top_reviewer_share`.
  public var reviewedChanges: Int
  public var topReviewer: String?
  public var topReviewerShare: Double?
  /// Changes whose merger is known and is not their author: the `n` of `top_merger_share`.
  public var mergedByOthers: Int
  public var topMerger: String?
  public var topMergerShare: Double?
  /// Changes merged by their own author with no reviewer named by a trailer, over the
  /// changes whose merger is known.
  public var selfMergedShare: Double?
  /// Whether git records reviewers or mergers at all for these changes.
  public var isRecorded: Bool
}

extension Collection {
  /// The first index whose element satisfies `belongs`, in a collection where every element
  /// that does comes after every one that does not.
  func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
    var low = startIndex
    var count = self.count
    while count > 0 {
      let half = count / 2
      let mid = index(low, offsetBy: half)
      if belongs(self[mid]) {
        count = half
      } else {
        low = index(after: mid)
        count -= half + 1
      }
    }
    return low
  }
}

extension DeliveryReport {
  /// Humans only: bots are left out of individual output.
  private func isHuman(_ identity: Identity) -> Bool {
    !settings.recognition.identityRules.isBot(identity)
  }

  /// Human commits on the target's history authored in `range`, each credited to its person.
  /// - Complexity: O(log n + k) over the commits kept sorted by author time.
  func authoredCommits(in range: ClosedRange<Int64>) -> ArraySlice<AuthoredCommit> {
    let times = humanCommits.lazy.map(\.at)
    let start = times.partitioningIndex { $0 >= range.lowerBound }
    let end = times.partitioningIndex { $0 > range.upperBound }
    return humanCommits[start..<end]
  }

  /// Every human commit of the history up to as-of, by person and author time: what
  /// individual output counts (imports and bots left out).
  static func humanCommits(_ changes: [Change], earlierAuthors: [Identity], rules: IdentityRules) -> [AuthoredCommit] {
    var people = personIndex(changes, earlierAuthors: earlierAuthors)
    var bots: [Identity: Bool] = [:]
    return changes.filter { !$0.isImport }.flatMap(\.authoredCommits)
      .filter { commit in
        if let known = bots[commit.author] { return !known }
        let isBot = rules.isBot(commit.author)
        bots[commit.author] = isBot
        return !isBot
      }
      .map { AuthoredCommit(author: people.person($0.author), at: $0.at) }
      .sorted { $0.at < $1.at }
  }

  /// Everyone who authored a commit or a change, those before the changes first.
  static func personIndex(_ changes: [Change], earlierAuthors: [Identity]) -> PersonIndex {
    PersonIndex(earlierAuthors + changes.flatMap(\.authoredCommits).map(\.author) + changes.map(\.author))
  }

  /// The window's changes by their author as a person (one entry for every address a person
  /// used), most changes first; bots left out unless asked for.
  public func changesByAuthor(includingBots: Bool = false) -> [(author: Identity, changes: [Change])] {
    var people = Self.personIndex(allChanges, earlierAuthors: earlierAuthors)
    var groups: [Identity: [Change]] = [:]
    for change in changes where includingBots || isHuman(change.author) {
      groups[people.person(change.author), default: []].append(change)
    }
    return groups.map { (author: $0.key, changes: $0.value) }.sorted {
      ($0.changes.count, $1.author.email, $1.author.name) > ($1.changes.count, $0.author.email, $0.author.name)
    }
  }

  /// The `weekly` table: one row per week (Monday in the report's zone) overlapping the window.
  public func weeks() -> [WeekRow] {
    let calendar = Calendar.utcWeeks(in: settings.timeZone)
    let sinceDate = Date(timeIntervalSince1970: TimeInterval(settings.since))
    guard var start = calendar.dateInterval(of: .weekOfYear, for: sinceDate)?.start else { return [] }
    var rows: [WeekRow] = []
    // Each week takes its changes, deployments and days by binary search in sorted arrays:
    // linear in the window's length (a window from year 0 has 105,000 weeks and 740,000 days).
    let byMerge = changes.sorted { $0.mergedAt < $1.mergedAt }
    let deploymentTimes = deployments.map(\.deployment.at).sorted()
    func inRange<C: RandomAccessCollection>(_ sorted: C, _ range: ClosedRange<Int64>, _ time: (C.Element) -> Int64) -> C.SubSequence {
      sorted[sorted.partitioningIndex { time($0) >= range.lowerBound }..<sorted.partitioningIndex { time($0) > range.upperBound }]
    }
    while Int64(start.timeIntervalSince1970) <= settings.until {
      let end = calendar.date(byAdding: .day, value: 7, to: start)!
      let weekStart = Int64(start.timeIntervalSince1970)
      // A week partly outside the window counts only its days inside.
      let range = max(weekStart, settings.since)...min(Int64(end.timeIntervalSince1970) - 1, settings.until)
      let days = (0..<7).filter { offset in
        let dayStart = Int64(calendar.date(byAdding: .day, value: offset, to: start)!.timeIntervalSince1970)
        let dayEnd = Int64(calendar.date(byAdding: .day, value: offset + 1, to: start)!.timeIntervalSince1970)
        return dayStart <= settings.until && dayEnd > settings.since
      }.count
      let merged = Array(inRange(byMerge, range, \.mergedAt))
      let queueDays = inRange(queue, weekStart...range.upperBound, \.day)
      let timed = merged.filter(\.isTimed)
      let commits = authoredCommits(in: range)
      let authors = Set(commits.map { $0.author.email.lowercased() }).count
      let authored = merged.filter { isHuman($0.author) && !$0.isImport }
      let lines = authored.compactMap(\.size).reduce(0, +)
      let endSample = min(range.upperBound, settings.asOf)
      let queueDay = queue[..<queue.partitioningIndex { $0.day > endSample }].last
      rows.append(
        WeekRow(
          weekStart: weekStart, changesMerged: merged.count,
          deployments: inRange(deploymentTimes, range, { $0 }).count, activeAuthors: authors,
          commitsAuthored: commits.count, changesAuthored: authored.count, linesChanged: lines,
          commitsPerAuthor: authors == 0 ? nil : Double(commits.count) / Double(authors),
          linesPerAuthor: authors == 0 ? nil : Double(lines) / Double(authors),
          cycleP50: Distribution.median(timed.compactMap(\.cycleTime)),
          reviewWaitP50: Distribution.median(timed.compactMap(\.reviewWait)),
          leadP50: Distribution.median(timed.compactMap(\.leadTime)),
          sizeP50: Distribution.median(merged.compactMap(\.size)),
          reviewQueueEnd: queueDay?.reviewQueue ?? 0, wipEnd: queueDay?.wip ?? 0,
          enteredReview: queueDays.map(\.enteredReview).reduce(0, +),
          daysInWindow: days))
      start = end
    }
    return rows
  }

  /// The `authors` table: every human author active in the window, by email.
  public func authors() -> [AuthorRow] {
    let window = settings.since...settings.until
    let commits = authoredCommits(in: window)
    var rows: [String: AuthorRow] = [:]
    for commit in commits {
      let key = commit.author.email.lowercased()
      var row = rows[key] ?? AuthorRow(
        author: commit.author, team: settings.team(of: commit.author), commitsAuthored: 0, changesAuthored: 0, linesChanged: 0, aiShare: nil,
        reviewsGiven: 0, reviewWaitP50: nil, firstActiveAt: commit.at, lastActiveAt: commit.at)
      row.commitsAuthored += 1
      row.firstActiveAt = min(row.firstActiveAt, commit.at)
      row.lastActiveAt = max(row.lastActiveAt, commit.at)
      rows[key] = row
    }
    var people = Self.personIndex(allChanges, earlierAuthors: earlierAuthors)
    // One pass over the changes, grouped by whom they concern: a row per author filtering
    // every change was hours over a whole history of a large project.
    var theirsByKey: [String: [Int]] = [:]
    // Changes a reviewer named by email (any case), by name as written, and by both.
    var reviewedByEmail: [String: Int] = [:]
    var reviewedByName: [String: Int] = [:]
    var reviewedByBoth: [String: Int] = [:]
    for (index, change) in changes.enumerated() {
      if !change.isImport { theirsByKey[people.person(change.author).email.lowercased(), default: []].append(index) }
      let lowered = Set(change.reviewers.map { $0.lowercased() })
      let written = Set(change.reviewers)
      for email in lowered { reviewedByEmail[email, default: 0] += 1 }
      for name in written { reviewedByName[name, default: 0] += 1 }
      for email in lowered { for name in written { reviewedByBoth[email + "\u{0}" + name, default: 0] += 1 } }
    }
    for (key, var row) in rows {
      let theirs = (theirsByKey[key] ?? []).map { changes[$0] }
      row.changesAuthored = theirs.count
      row.linesChanged = theirs.compactMap(\.size).reduce(0, +)
      row.aiShare = theirs.isEmpty ? nil : Double(theirs.filter { $0.cohort == .ai }.count) / Double(theirs.count)
      let name = row.author.name
      row.reviewsGiven = (reviewedByEmail[key] ?? 0) + (reviewedByName[name] ?? 0)
        - (reviewedByBoth[key + "\u{0}" + name] ?? 0)
      row.reviewWaitP50 = Distribution.median(theirs.filter(\.isTimed).compactMap(\.reviewWait))
      rows[key] = row
    }
    return rows.values.sorted { ($0.author.email.lowercased(), $0.author.name) < ($1.author.email.lowercased(), $1.author.name) }
  }

  /// Output growth against throughput growth, window against the equal period before it.
  public func divergence() -> Divergence {
    let length = settings.until - settings.since
    let now = settings.since...settings.until
    let before = (settings.since - length - 1)...(settings.since - 1)
    func perAuthor(_ range: ClosedRange<Int64>) -> Double? {
      let commits = authoredCommits(in: range)
      let authors = Set(commits.map { $0.author.email.lowercased() }).count
      return authors == 0 ? nil : Double(commits.count) / Double(authors)
    }
    func merged(_ range: ClosedRange<Int64>) -> [Change] { allChanges.filter { range.contains($0.mergedAt) } }
    func growth(_ now: Double?, _ before: Double?) -> Double? {
      guard let now, let before, before != 0 else { return nil }
      return (now - before) / before
    }
    let output = growth(perAuthor(now), perAuthor(before))
    let throughput = growth(Double(merged(now).count), Double(merged(before).count))
    let wait = growth(
      Distribution.median(merged(now).filter(\.isTimed).compactMap(\.reviewWait)),
      Distribution.median(merged(before).filter(\.isTimed).compactMap(\.reviewWait)))
    let flagged = output.flatMap { o in throughput.map { o - $0 > 0.20 } } ?? false
    return Divergence(outputGrowth: output, throughputGrowth: throughput, reviewWaitGrowth: wait, flagged: flagged)
  }

  /// Review load over the changes in the window (imports left out): the top reviewer over
  /// trailer reviews only, the top merger apart (a merger is not a reviewer), and
  /// self-merges only where no trailer names a reviewer.
  public func reviewLoad() -> ReviewLoad {
    let counted = changes.filter { !$0.isImport }
    let reviewed = counted.filter { $0.reviewSource == .trailer }
    func top(_ names: [[String]]) -> (name: String, count: Int)? {
      var counts: [String: Int] = [:]
      for list in names {
        for name in Set(list.map { $0.lowercased() }) { counts[name, default: 0] += 1 }
      }
      return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
    let topReviewer = top(reviewed.map(\.reviewers))
    let withMerger = counted.filter { $0.merger != nil }
    let byOthers = withMerger.filter { !$0.mergedByAuthor }
    let topMerger = top(byOthers.compactMap { $0.merger.map { [$0] } })
    let selfMerged = withMerger.filter { $0.mergedByAuthor && $0.reviewSource != .trailer }
    return ReviewLoad(
      reviewedChanges: reviewed.count, topReviewer: topReviewer?.name,
      topReviewerShare: topReviewer.map { Double($0.count) / Double(reviewed.count) },
      mergedByOthers: byOthers.count, topMerger: topMerger?.name,
      topMergerShare: topMerger.map { Double($0.count) / Double(byOthers.count) },
      selfMergedShare: withMerger.isEmpty ? nil : Double(selfMerged.count) / Double(withMerger.count),
      isRecorded: !reviewed.isEmpty || !byOthers.isEmpty)
  }

  /// `direct_share`: direct changes over all changes, bots left out of both.
  public var directShare: Double? {
    let counted = changes.filter { isHuman($0.author) }
    return counted.isEmpty ? nil : Double(counted.filter { $0.kind == .direct }.count) / Double(counted.count)
  }
}
