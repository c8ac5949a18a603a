/// p50, p85 and p95 of a sample with its size (docs/figures.md section 9).
public struct Distribution: Hashable, Sendable {
  public var count: Int
  public var p50: Double?
  public var p85: Double?
  public var p95: Double?

  /// - Complexity: O(n log n).
  public init<S: Sequence>(_ values: S) where S.Element: BinaryInteger {
    self.init(values.map { Double($0) })
  }

  public init(_ values: [Double]) {
    let sorted = values.sorted()
    count = sorted.count
    p50 = Self.percentile(sorted, 50)
    p85 = Self.percentile(sorted, 85)
    p95 = Self.percentile(sorted, 95)
  }

  /// Linear interpolation between closest ranks (numpy's default); nil for no values.
  public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let rank = p / 100 * Double(sorted.count - 1)
    let low = Int(rank.rounded(.down))
    let high = Int(rank.rounded(.up))
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
  }

  /// The median of values, or nil.
  public static func median<S: Sequence>(_ values: S) -> Double? where S.Element: BinaryInteger {
    percentile(values.map { Double($0) }.sorted(), 50)
  }

  /// Fewer than 10 values: shown, but marked as thin.
  public var isThin: Bool { count < 10 }
}
