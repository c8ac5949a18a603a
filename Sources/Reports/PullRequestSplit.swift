import DeliveryMetrics

/// What the forge's records covered, as the report shows it (docs/figures.md section 8).
public struct PullRequestShare: Codable, Sendable {
  /// Items in the file.
  public var items: Int
  /// Changes merged in the window that an item matched, and their share of all changes merged.
  public var changesCovered: Int
  public var share: Double
  /// Items the file says merged in the window that no change on the target matched.
  public var unmatchedMerged: Int
  /// Items no change matched that were open at as-of and waiting for review.
  public var openAtAsOf: Int

  init(_ coverage: PullRequestCoverage, changes: Int) {
    items = coverage.items
    changesCovered = coverage.matchedChanges
    share = changes == 0 ? 0 : Double(coverage.matchedChanges) / Double(changes)
    unmatchedMerged = coverage.unmatchedMerged.count
    openAtAsOf = coverage.openAtAsOf
  }
}
