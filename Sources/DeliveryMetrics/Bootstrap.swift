/// SplitMix64 (Steele, Lea and Flood, 2014): a small generator with a 64-bit state, so a
/// seed gives the same numbers on every run, platform and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An index below `count`, by the high half of a 64 x 64-bit product (Lemire's method
  /// without its rejection step: a bias of at most count / 2^64).
  mutating func index(below count: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(count)).high)
  }
}

/// The percentile bootstrap of a difference between two samples (docs/figures.md section 11).
public enum Bootstrap {
  /// What is computed of each sample.
  public enum Statistic: Hashable, Sendable {
    /// The median, interpolated as `Distribution` does.
    case median
    /// The mean times a factor (7 makes a daily count a weekly rate).
    case mean(scale: Double)
  }

  public static let resamples = 2_000
  /// Fixed, so reruns agree byte for byte.
  public static let seed: UInt64 = 0x6261_746F_6E31_3133

  /// The statistic of a sample; nil for an empty one.
  public static func value(_ statistic: Statistic, of values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    switch statistic {
    case .median: return Distribution.percentile(values.sorted(), 50)
    case .mean(let scale): return values.reduce(0, +) / Double(values.count) * scale
    }
  }

  /// The 95% percentile interval of `statistic(after*) - statistic(before*)` over
  /// `resamples` pairs of resamples, each drawn with replacement from its own sample.
  /// Nil when either sample is empty.
  ///
  /// - Complexity: O(resamples * (n + m)): a median is read from counts of drawn ranks of the
  ///   sorted sample, not by sorting each resample.
  public static func interval(
    before: [Double], after: [Double], statistic: Statistic, resamples: Int = resamples, seed: UInt64 = seed
  ) -> (low: Double, high: Double)? {
    guard !before.isEmpty, !after.isEmpty, resamples > 0 else { return nil }
    var generator = SplitMix64(seed: seed)
    let sortedBefore = before.sorted()
    let sortedAfter = after.sorted()
    var counts: [Int] = []
    var differences: [Double] = []
    differences.reserveCapacity(resamples)
    for _ in 0..<resamples {
      let old = resampled(sortedBefore, statistic, &generator, &counts)
      let new = resampled(sortedAfter, statistic, &generator, &counts)
      differences.append(new - old)
    }
    differences.sort()
    guard let low = Distribution.percentile(differences, 2.5), let high = Distribution.percentile(differences, 97.5) else {
      return nil
    }
    return (low, high)
  }

  /// The statistic of one resample of a sorted, non-empty sample. Buffers, not arrays: the
  /// inner loops run millions of times and an unoptimised build checks every subscript.
  private static func resampled(
    _ sorted: [Double], _ statistic: Statistic, _ generator: inout SplitMix64, _ counts: inout [Int]
  ) -> Double {
    let n = sorted.count
    return sorted.withUnsafeBufferPointer { values in
      switch statistic {
      case .mean(let scale):
        var sum = 0.0
        for _ in 0..<n { sum += values[generator.index(below: n)] }
        return sum / Double(n) * scale
      case .median:
        if counts.count != n { counts = Array(repeating: 0, count: n) }
        return counts.withUnsafeMutableBufferPointer { counts in
          counts.update(repeating: 0)
          for _ in 0..<n { counts[generator.index(below: n)] += 1 }
          // The resample's order statistics are the sample's, repeated by their counts.
          let rank = 0.5 * Double(n - 1)
          let lowRank = Int(rank.rounded(.down))
          let highRank = Int(rank.rounded(.up))
          var seen = 0
          var lowValue: Double?
          var highValue = values[n - 1]
          for index in 0..<n where counts[index] > 0 {
            seen += counts[index]
            if lowValue == nil, seen > lowRank { lowValue = values[index] }
            if seen > highRank {
              highValue = values[index]
              break
            }
          }
          let low = lowValue ?? highValue
          return low + (highValue - low) * (rank - Double(lowRank))
        }
      }
    }
  }
}
