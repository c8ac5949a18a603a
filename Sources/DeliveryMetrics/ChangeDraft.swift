import GitHistory

/// A change as recognition finds it, before times, people and sizes are read.
struct ChangeDraft {
  /// Which commits a change knows for its times (docs/figures.md section 3).
  enum KnownCommits {
    /// A merge's branch commits.
    case branch([ObjectID])
    /// The commits of a review head ref.
    case headRef([ObjectID])
    /// A group's or run's own landed commits, timed by their author times.
    case landed([ObjectID])
    /// Only the landing commit.
    case commitOnly
    /// Nothing usable (`PiperOrigin-RevId`: the author time is the internal submit time).
    case none
  }

  var kind: Change.Kind
  var reference: ReviewReference?
  var title: String
  var mergeCommit: ObjectID
  /// The commit whose committer time is `merged_at` (a rollup's PRs: the bors merge).
  var mergedBy: ObjectID
  /// Commits whose messages landed, oldest first (the merge commit last).
  var landed: [ObjectID]
  var known: KnownCommits
  /// Who the change is credited to when it is not `C`'s author (docs/figures.md section 10).
  var author: Identity?
  /// Reviewers named outside trailers (bors `r=`).
  var namedReviewers: [String] = []
  var isImport = false
  var diffBase: ObjectID?
  var diffTip: ObjectID
  /// The rule that claimed it, for `explain`.
  var rule = ""
}
