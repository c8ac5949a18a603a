@testable import DeliveryMetrics
import Testing

@Suite("Percentiles (docs/figures.md section 9)")
struct StatisticsTests {
  @Test("linear interpolation between closest ranks, as numpy's default")
  func percentiles() {
    // numpy.percentile([1, 2, 3, 4, 10], [50, 85, 95]) == [3.0, 6.4, 8.8]: rank 0.85 * 4 = 3.4 -> 4 + 6 * 0.4
    let distribution = Distribution([1, 2, 3, 4, 10])
    #expect(distribution.count == 5)
    #expect(distribution.p50 == 3)
    #expect(abs(distribution.p85! - 6.4) < 1e-9)
    #expect(abs(distribution.p95! - 8.8) < 1e-9)
    #expect(distribution.isThin)
  }

  @Test("one value is every percentile; no values give none")
  func edges() {
    #expect(Distribution([7]).p95 == 7)
    let empty = Distribution([Double]())
    #expect(empty.count == 0)
    #expect(empty.p50 == nil)
  }

  @Test("an even count interpolates the median")
  func evenMedian() {
    #expect(Distribution.median([4, 1, 3, 2]) == 2.5)
  }

  @Test("least-squares slope of a daily series")
  func slope() {
    #expect(leastSquaresSlope([(0, 1), (1, 3), (2, 5)]) == 2)
    #expect(leastSquaresSlope([(0, 4)]) == 0)
  }
}
