/// One pull or merge request as its forge recorded it (docs/figures.md section 8): what git
/// does not keep, read by the CLI from a file the team exported. Times in seconds since the epoch.
public struct PullRequestRecord: Hashable, Sendable {
  public struct Review: Hashable, Sendable {
    /// The reviewer's login.
    public var author: String
    public var submittedAt: Int64
    public var approved: Bool
    /// The forge said the account is a bot (gh's `is_bot`, GitLab's `bot`).
    public var markedBot: Bool

    public init(author: String, submittedAt: Int64, approved: Bool, markedBot: Bool = false) {
      self.author = author
      self.submittedAt = submittedAt
      self.approved = approved
      self.markedBot = markedBot
    }
  }

  public var number: Int
  /// `.github` or `.gitlab`.
  public var forge: Forge
  public var createdAt: Int64
  public var mergedAt: Int64?
  public var closedAt: Int64?
  /// A draft when the file was written: one that never left draft, as far as the file says.
  public var isDraft: Bool
  /// The author's login.
  public var author: String
  public var reviews: [Review]

  public init(
    number: Int, forge: Forge, createdAt: Int64, mergedAt: Int64? = nil, closedAt: Int64? = nil, isDraft: Bool = false,
    author: String, reviews: [Review] = []
  ) {
    self.number = number
    self.forge = forge
    self.createdAt = createdAt
    self.mergedAt = mergedAt
    self.closedAt = closedAt
    self.isDraft = isDraft
    self.author = author
    self.reviews = reviews
  }

  /// When it stopped waiting: merged, else closed; nil while open.
  public var endedAt: Int64? { mergedAt ?? closedAt }
}

/// The records of one file, keyed by forge and number.
public struct PullRequestRecords: Sendable {
  public private(set) var items: [PullRequestRecord]
  private var byKey: [Key: Int] = [:]

  struct Key: Hashable {
    var forge: Forge
    var number: Int
  }

  /// The caller has already refused duplicates (it names them in the file).
  public init(_ items: [PullRequestRecord]) {
    self.items = items
    for (index, item) in items.enumerated() where byKey[Key(forge: item.forge, number: item.number)] == nil {
      byKey[Key(forge: item.forge, number: item.number)] = index
    }
  }

  /// The record a change's number names: a GitHub record for GitHub and bors changes (homu
  /// and bors-ng land GitHub pull requests), a GitLab record for GitLab changes.
  func index(for change: Change) -> Int? {
    guard let text = change.number, let number = Int(text), let forge = change.forge else { return nil }
    let recordForge: Forge
    switch forge {
    case .github, .bors: recordForge = .github
    case .gitlab: recordForge = .gitlab
    default: return nil
    }
    return byKey[Key(forge: recordForge, number: number)]
  }

  func index(forge: Forge, number: Int) -> Int? {
    byKey[Key(forge: forge == .gitlab ? .gitlab : .github, number: number)]
  }
}

/// What the records covered (docs/figures.md section 8): the report's share and the warnings.
public struct PullRequestCoverage: Hashable, Sendable {
  /// Items in the file.
  public var items: Int
  /// Changes merged in the window that an item matched.
  public var matchedChanges: Int
  /// Changes merged in the window that went through review (not direct, not imports).
  public var reviewedChanges: Int
  /// Numbers of items the file says merged in the window that no change on the target matched
  /// (merged into another branch, or landed under another number): counted, never made changes.
  public var unmatchedMerged: [Int]
  /// Items open at as-of and waiting for review (drafts left out).
  public var openAtAsOf: Int
}

extension PullRequestRecord {
  /// `first_review_at`: the earliest review, of any state, by someone other than the author
  /// and not a bot.
  func firstReviewAt(rules: IdentityRules) -> Int64? {
    reviews.filter { counts($0, rules: rules) }.map(\.submittedAt).min()
  }

  /// Logins of those who approved, by their first approval, each once.
  func approvers(rules: IdentityRules) -> [String] {
    var seen: Set<String> = []
    return reviews.filter { $0.approved && counts($0, rules: rules) }.sorted { $0.submittedAt < $1.submittedAt }
      .map(\.author).filter { seen.insert($0.lowercased()).inserted }
  }

  private func counts(_ review: Review, rules: IdentityRules) -> Bool {
    review.author.lowercased() != author.lowercased() && !Self.isBot(review.author, marked: review.markedBot, rules: rules)
  }

  /// A bot by its login: marked so by the forge, GitHub's `app/` and `[bot]` logins, or the
  /// rules of section 1 read on the login as a name.
  static func isBot(_ login: String, marked: Bool, rules: IdentityRules) -> Bool {
    marked || login.hasPrefix("app/") || rules.isBot(Identity(name: login, email: login))
  }
}

extension Change {
  /// Applies a matching record: opening and first review times, `timing_source =
  /// pr-metadata`, and approvers ahead of the reviewers git named.
  mutating func apply(_ record: PullRequestRecord, rules: IdentityRules) {
    openedAt = record.createdAt
    firstReviewAt = record.firstReviewAt(rules: rules)
    timingSource = .prMetadata
    let approvers = record.approvers(rules: rules)
    guard !approvers.isEmpty else { return }
    let others = reviewers.filter { label in
      !approvers.contains { login in Self.label(label, isLogin: login) }
    }
    reviewers = approvers + others
    reviewSource = .prMetadata
  }

  /// Whether a reviewer label (an email or a name) names the person with this login.
  private static func label(_ label: String, isLogin login: String) -> Bool {
    if label.lowercased() == login.lowercased() { return true }
    return label.contains("@") && Identity(name: "", email: label).hasLogin(login)
  }
}

extension PullRequestRecords {
  /// Applies each record to the change whose number it has; returns the indices of the
  /// records some change matched.
  /// - Complexity: O(changes + reviews of the matched records).
  func apply(to changes: inout [Change], rules: IdentityRules) -> Set<Int> {
    var matched: Set<Int> = []
    for position in changes.indices {
      guard let index = index(for: changes[position]) else { continue }
      changes[position].apply(items[index], rules: rules)
      matched.insert(index)
    }
    return matched
  }

  /// Git's open items without a record of their own: a record says when a review opened
  /// and closed, which git's `stale_after` rule only guesses.
  func withoutRecords(_ open: [OpenItem]) -> [OpenItem] {
    open.filter { item in
      guard let number = item.number else { return true }
      return index(forge: item.ref.hasPrefix("refs/merge-requests/") ? .gitlab : .github, number: number) == nil
    }
  }

  /// What the records covered of the window's changes, and what they say that git does not.
  func coverage(window changes: [Change], matched: Set<Int>, settings: AnalysisSettings) -> PullRequestCoverage {
    let window = settings.since...settings.until
    let unmatched = items.indices.filter { index in
      !matched.contains(index) && items[index].mergedAt.map(window.contains) == true
    }.map { items[$0].number }.sorted()
    let open = items.indices.filter { index in
      let item = items[index]
      return !matched.contains(index) && !item.isDraft && item.createdAt <= settings.asOf
        && (item.endedAt.map { $0 > settings.asOf } ?? true)
    }
    return PullRequestCoverage(
      items: items.count, matchedChanges: changes.filter { $0.openedAt != nil }.count,
      reviewedChanges: changes.filter { $0.entersReview && !$0.isImport }.count, unmatchedMerged: unmatched,
      openAtAsOf: open.count)
  }
}

/// The review queue's intervals (docs/figures.md section 6, with section 8's records).
struct QueueIntervals {
  var review = IntervalSet()
  var wip = IntervalSet()
  var openReview = IntervalSet()
  /// When each interval of the review queue starts: the arrival rate.
  var arrivals: [Int64] = []
  /// Starts of the open items (git's and the records') still waiting at as-of.
  var openStarts: [Int64] = []

  /// No queue: what an analysis that does not read it holds.
  init() {}

  /// Changes enter the review queue at their last commit, or when opened when a record says;
  /// git's open items wait until `stale_after` past their last push, unless a record says
  /// when they opened and closed; records that no change matched wait from opening to
  /// merge or close (a draft that never left draft does not wait for review).
  /// - Complexity: O((changes + open items + records) log of the same), the sort in `seal()`.
  init(changes: [Change], open: [OpenItem], records: PullRequestRecords?, matched: Set<Int>, settings: AnalysisSettings) {
    let asOf = settings.asOf
    for change in changes where change.isTimed {
      if change.entersReview, let start = change.openedAt ?? change.lastCommitAt {
        review.add(start, change.mergedAt)
        arrivals.append(start)
      }
      if let first = change.firstCommitAt ?? change.openedAt { wip.add(first, change.mergedAt) }
    }
    for item in open {
      let end = item.newestCommitAt + settings.staleAfter
      review.add(item.newestCommitAt, end)
      openReview.add(item.newestCommitAt, end)
      wip.add(item.oldestCommitAt, end)
      arrivals.append(item.newestCommitAt)
      if item.newestCommitAt <= asOf, asOf < end { openStarts.append(item.oldestOwnCommitAt) }
    }
    for (index, record) in (records?.items ?? []).enumerated() where !matched.contains(index) && record.createdAt <= asOf {
      // Nothing seen after as-of: an item merged or closed later was still open then.
      let end = record.endedAt.map { $0 > asOf ? Int64.max : $0 } ?? Int64.max
      wip.add(record.createdAt, end)
      guard !record.isDraft else { continue }
      review.add(record.createdAt, end)
      openReview.add(record.createdAt, end)
      arrivals.append(record.createdAt)
      if end > asOf { openStarts.append(record.createdAt) }
    }
    review.seal()
    wip.seal()
    openReview.seal()
  }
}

extension DeliveryReport {
  /// Records no change matched, as the review queue's flow sees them (docs/figures.md
  /// section 8): they arrive when opened and leave when merged elsewhere or closed; a draft
  /// never waits for review. Nothing after as-of is seen.
  /// - Complexity: O(records + all changes).
  func recordFlow(in window: ClosedRange<Int64>) -> (arrivals: Int, departures: Int) {
    guard let records = settings.pullRequests else { return (0, 0) }
    let matched = Set(allChanges.compactMap { records.index(for: $0) })
    var arrivals = 0
    var departures = 0
    for (index, record) in records.items.enumerated() where !matched.contains(index) && !record.isDraft {
      guard record.createdAt <= settings.asOf else { continue }
      if window.contains(record.createdAt) { arrivals += 1 }
      if let end = record.endedAt, end <= settings.asOf, window.contains(end) { departures += 1 }
    }
    return (arrivals, departures)
  }
}
