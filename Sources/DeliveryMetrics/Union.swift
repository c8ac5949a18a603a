import Foundation

/// Figures over several repositories (docs/figures.md section 12): one report made of the
/// union of their changes, so a percentile is taken over every change of every repository,
/// never averaged from theirs; queues and deployments are summed per day; people are one
/// person across repositories by the rules of section 1.
extension DeliveryReport {
  /// This report as a part of a union: change ids (and the ids reverts name) become
  /// `NAME/ID`, and what only recognition and sizing needed is let go, so a finished
  /// repository holds its window's changes, its people and its counts, not its history.
  /// Keeps the human commits with their own addresses (not this repository's choice of
  /// spelling), so people are matched across repositories on every address they used.
  public func reduced(named name: String) -> DeliveryReport {
    func prefixed(_ change: Change) -> Change {
      var change = change
      change.changeID = name + "/" + change.changeID
      change.reverts = change.reverts.map { name + "/" + $0 }
      change.landedCommits = []
      change.revertedShas = []
      change.authoredCommits = []
      return change
    }
    let rules = settings.recognition.identityRules
    var seen: Set<Identity> = []
    var identities: [Identity] = []
    for identity in earlierAuthors + allChanges.flatMap({ $0.authoredCommits.map(\.author) }) + allChanges.map(\.author)
    where seen.insert(identity).inserted {
      identities.append(identity)
    }
    var bots: [Identity: Bool] = [:]
    let commits = allChanges.filter { !$0.isImport }.flatMap(\.authoredCommits).filter { commit in
      if let known = bots[commit.author] { return !known }
      let isBot = rules.isBot(commit.author)
      bots[commit.author] = isBot
      return !isBot
    }.sorted { $0.at < $1.at }
    var part = self
    part.changes = changes.map(prefixed)
    part.allChanges = allChanges.map(prefixed)
    part.earlierAuthors = identities
    part.partCommits = commits
    // Let go of the history the full report's commits were worked out from.
    part.humanCommitsOnce = Self.personMapped(commits, identities: identities, changes: part.allChanges)
    part.settings.progress = nil
    return part
  }

  /// The union of reports already `reduced(named:)`, read over the same window and zone.
  /// - Parameter teams: the organisation's teams; nil keeps each repository's own (its
  ///   changes' teams, and its patterns after the earlier repositories' for authors).
  /// Nil when there is no report.
  public static func union(_ parts: [DeliveryReport], teams: [(name: String, patterns: [String])]? = nil) -> DeliveryReport? {
    guard var settings = parts.first?.settings else { return nil }
    settings.teams = teams ?? parts.flatMap(\.settings.teams)
    // A bot or an assistant named in any repository's settings is one in all of them.
    func unique(_ patterns: [String]) -> [String] {
      var seen: Set<String> = []
      return patterns.filter { seen.insert($0).inserted }
    }
    settings.recognition.identityRules = IdentityRules(
      botPatterns: unique(parts.flatMap(\.settings.recognition.identityRules.botPatterns)),
      aiPatterns: unique(parts.flatMap(\.settings.recognition.identityRules.aiPatterns)))
    settings.progress = nil

    var changes = parts.flatMap(\.changes)
    if teams != nil {
      for index in changes.indices { changes[index].team = settings.team(of: changes[index].author) }
    }
    // The change id breaks ties, so the order does not depend on the order of the parts.
    changes.sort { ($0.mergedAt, $0.mergeCommit, $0.changeID) < ($1.mergedAt, $1.mergeCommit, $1.changeID) }
    let allChanges = parts.flatMap(\.allChanges).sorted { ($0.mergedAt, $0.changeID) < ($1.mergedAt, $1.changeID) }
    let identities = parts.flatMap(\.earlierAuthors)
    let commits = parts.flatMap { $0.partCommits ?? [] }
    let deployments = parts.flatMap(\.deployments).sorted {
      ($0.deployment.at, $0.deployment.name) < ($1.deployment.at, $1.deployment.name)
    }

    // Every part counts the same days of the same window: sum them day by day.
    var days: [Int64: QueueDay] = [:]
    for day in parts.flatMap(\.queue) {
      var sum = days[day.day] ?? QueueDay(day: day.day, reviewQueue: 0, wip: 0, openItems: 0, enteredReview: 0, merged: 0)
      sum.reviewQueue += day.reviewQueue
      sum.wip += day.wip
      sum.openItems += day.openItems
      sum.enteredReview += day.enteredReview
      sum.merged += day.merged
      days[day.day] = sum
    }
    let now = parts.map(\.reviewQueueNow).reduce(0, +)
    let before = parts.map(\.reviewQueueBefore).reduce(0, +)
    return DeliveryReport(
      settings: settings, changes: changes, allChanges: allChanges,
      humanCommitsOnce: personMapped(commits.sorted { $0.at < $1.at }, identities: identities, changes: allChanges),
      earlierAuthors: identities, deployments: deployments, openItems: parts.flatMap(\.openItems),
      queue: days.values.sorted { $0.day < $1.day }, reviewQueueNow: now, reviewQueueBefore: before,
      reviewQueueGrowth: Double(now - before) / Double(max(before, 1)),
      // Every part samples the same days, so the slope of the sum is the sum of the slopes.
      reviewQueueSlope: parts.map(\.reviewQueueSlope).reduce(0, +),
      oldestOpenAge: parts.compactMap(\.oldestOpenAge).max(),
      clockSkewCount: parts.map(\.clockSkewCount).reduce(0, +), missingSizes: parts.map(\.missingSizes).reduce(0, +),
      resumedChanges: parts.map(\.resumedChanges).reduce(0, +),
      targetCommittedAt: parts.compactMap(\.targetCommittedAt).max(),
      newestReviewHeadAt: parts.compactMap(\.newestReviewHeadAt).max())
  }

  /// Commits credited to their person, worked out on first use (`humanCommits`).
  private static func personMapped(_ commits: [AuthoredCommit], identities: [Identity], changes: [Change]) -> Once<[AuthoredCommit]> {
    Once { [authors = changes.map(\.author)] in
      var people = PersonIndex(identities + authors)
      return commits.map { AuthoredCommit(author: people.person($0.author), at: $0.at) }
    }
  }
}
