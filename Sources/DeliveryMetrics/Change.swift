import GitHistory

/// A commit on the target's history, by its mailmap-resolved author.
public struct AuthoredCommit: Hashable, Sendable {
  public var author: Identity
  public var at: Int64
}

/// One unit of delivery (docs/figures.md section 2): a pull or merge request, a patch, a run
/// of landed commits, or a direct commit.
public struct Change: Hashable, Sendable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case merge, group, squash, patch, rebase, direct
  }

  public enum TimingSource: String, Sendable, Hashable, CaseIterable {
    case branch
    case prRef = "pr-ref"
    case landed
    case commit
    case prMetadata = "pr-metadata"
    case none
  }

  public enum ReviewSource: String, Sendable, Hashable {
    case trailer, merger
    case prMetadata = "pr-metadata"
  }

  public enum Cohort: String, Sendable, Hashable, CaseIterable {
    case ai, bot, human
  }

  /// Unique within a run: the number, or 12 hex digits of the merge commit; a number
  /// landed again is `N-` and 12 hex digits.
  public var changeID: String
  public var kind: Kind
  public var number: String?
  public var forge: Forge?
  public var title: String
  public var author: Identity
  public var coAuthors: [String]
  public var reviewers: [String]
  public var reviewSource: ReviewSource?
  public var merger: String?
  /// Whether the merger is known and is the author, compared as people (two addresses
  /// with one name are one person).
  public var mergedByAuthor = false
  /// The rule that claimed it: a built-in convention's name, or `declared: NAME`.
  public var rule = ""
  /// What the coverage hints read, kept while the commit is at hand: for a direct or
  /// rebase change, the trailer keys of `C` that no rule reads and that can name a review.
  var unreadTrailers: [String] = []
  /// `C`'s committer when that is neither a bot nor the author.
  var landedBy: Identity?
  /// `C` is a merge whose author is not its committer (a server records the submitter).
  var mergedForOther = false
  public var isImport: Bool
  public var cohort: Cohort
  /// The author's team, from configuration; nil when none matches.
  public var team: String?
  /// The commit that landed it (for a group or run its last commit; for a rolled-up PR its `Rollup merge`).
  public var mergeCommit: ObjectID
  /// The commits it brought: a merge's branch commits, a head ref's, or the landed ones.
  public var commits: Int
  public var mergedAt: Int64
  public var firstCommitAt: Int64?
  public var lastCommitAt: Int64?
  public var timingSource: TimingSource
  /// The commits whose messages landed: `C`, and a merge's, group's or run's commits.
  public var landedCommits: [ObjectID]
  /// What the size is measured between (docs/figures.md section 9): nil base is the empty tree.
  public var diffBase: ObjectID?
  public var diffTip: ObjectID
  /// Negative durations clamped to 0 for this change.
  public var clockSkews: Int
  /// Who wrote each commit it brought to the target's history, and when (author time):
  /// a merge's branch commits, else its landed commits.
  public var authoredCommits: [AuthoredCommit] = []
  /// Whether it reverts another change (docs/figures.md section 5).
  public var isRevert = false
  /// The `change_id` of the change it reverts, when that is known.
  public var reverts: String?
  var revertedIndex: Int?
  /// The shas its landed messages say they revert (`This reverts commit <sha>`), read
  /// while the messages are at hand.
  var revertedShas: [String] = []
  /// When the earliest deployment containing it happened, and its name.
  public var deployedAt: Int64?
  public var deployment: String?
  /// The change's size (docs/figures.md section 9); nil when not measured or objects are missing.
  public var diff: DiffStats?
  public var sizeStatus: SizeStatus = .notMeasured
  /// When its pull or merge request was opened and first reviewed by someone else, from the
  /// forge's records (docs/figures.md section 8); nil without them.
  public var openedAt: Int64?
  public var firstReviewAt: Int64?

  public enum SizeStatus: String, Sendable, Hashable {
    case ok
    case missingObjects = "missing-objects"
    case notMeasured = ""
  }

  /// `deploy_time`: deployed minus merged.
  public var deployTime: Int64? { duration(from: mergedAt, to: deployedAt) }
  /// `lead_time`: deployed minus first commit.
  public var leadTime: Int64? { duration(from: firstCommitAt, to: deployedAt) }
  /// `size`: additions plus deletions.
  public var size: Int? { diff?.lines }

  /// `coding_time`: last commit minus first commit; with the forge's records, up to when the
  /// review was opened (docs/figures.md section 8).
  public var codingTime: Int64? { duration(from: firstCommitAt, to: openedAt ?? lastCommitAt) }
  /// `pickup_time`: opened to the first review by someone else.
  public var pickupTime: Int64? { duration(from: openedAt, to: firstReviewAt) }
  /// `review_time`: first review to merged.
  public var reviewTime: Int64? { duration(from: firstReviewAt, to: mergedAt) }
  /// `review_wait`: merged minus last commit, never below 0. None for a direct change:
  /// nothing reviewed it, so it neither waited for review nor sat in the review queue.
  public var reviewWait: Int64? { entersReview ? duration(from: lastCommitAt, to: mergedAt) : nil }
  /// Whether it went through review and so through the review queue: every kind but direct.
  public var entersReview: Bool { kind != .direct }
  /// `cycle_time`: merged minus first commit.
  public var cycleTime: Int64? { duration(from: firstCommitAt, to: mergedAt) }

  /// Whether it counts in time statistics: timed, and not an import.
  public var isTimed: Bool { timingSource != .none && !isImport }

  private func duration(from start: Int64?, to end: Int64?) -> Int64? {
    guard let start, let end else { return nil }
    return max(0, end - start)
  }
}
