import DeliveryMetrics
import FixtureSupport
import Foundation
import Testing

@Suite("Bootstrap: a seeded generator and percentile intervals (docs/figures.md section 11)")
struct BootstrapTests {
  @Test("SplitMix64 from seed 0 gives the reference sequence")
  func reference() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(generator.next() == 0x06C4_5D18_8009_454F)
  }

  @Test("samples wholly apart: every difference lies between the gaps, so 0 is outside")
  func apart() throws {
    let interval = try #require(Bootstrap.interval(before: [1, 2, 3, 4, 5, 6], after: [21, 22, 23, 24, 25, 26], statistic: .median))
    #expect(interval.low >= 15 && interval.high <= 25)
  }

  @Test("equal samples: the interval holds 0; the same seed gives the same interval")
  func same() throws {
    let values: [Double] = [1, 2, 3, 4, 5, 6]
    let interval = try #require(Bootstrap.interval(before: values, after: values, statistic: .median))
    #expect(interval.low < 0 && interval.high > 0)
    let again = try #require(Bootstrap.interval(before: values, after: values, statistic: .median))
    #expect(again == interval)
  }

  @Test("a resample's median is the median of the drawn values")
  func medianOfCounts() throws {
    // One value: every resample is that value.
    #expect(Bootstrap.interval(before: [5], after: [8], statistic: .median).map { [$0.low, $0.high] } == [3, 3])
    #expect(Bootstrap.interval(before: [], after: [8], statistic: .median) == nil)
    #expect(Bootstrap.value(.median, of: [4, 1, 3, 2]) == 2.5)
    #expect(Bootstrap.value(.mean(scale: 7), of: [1, 0, 0, 0, 0, 0, 0]) == 1)
  }
}

@Suite("Before and after (baton compare, docs/figures.md section 11)")
struct ComparisonTests {
  func windows() throws -> (ComparisonWindow, ComparisonWindow) {
    let (_, report) = try analyse("compare", asOf: "2026-03-29T00:00:00Z", since: "2026-02-01T00:00:00Z")
    return (
      ComparisonWindow(report, since: utc("2026-02-01T00:00:00Z"), until: utc("2026-03-01T00:00:00Z")),
      ComparisonWindow(report, since: utc("2026-03-01T00:00:00Z"), until: utc("2026-03-29T00:00:00Z"))
    )
  }

  @Test("compare: review wait and cycle time moved by +20 h; coding, size and throughput did not")
  func knownShift() throws {
    let (before, after) = try windows()
    #expect(before.changes.count == 6)
    #expect(after.changes.count == 6)
    let rows = Comparison.differences(before: before, after: after)
    func row(_ figure: Difference.Figure, _ cohort: String = "all") throws -> Difference {
      try #require(rows.first { $0.figure == figure && $0.cohort == cohort })
    }
    let review = try row(.reviewWaitP50Hours)
    #expect([review.before, review.after, review.difference] == [3.5, 23.5, 20])
    #expect(review.changed)
    #expect(try #require(review.ciLow) >= 15 && (try #require(review.ciHigh)) <= 25)
    let cycle = try row(.cycleTimeP50Hours)
    #expect([cycle.before, cycle.after, cycle.difference] == [7, 27, 20])
    #expect(cycle.changed)
    #expect(try #require(cycle.ciLow) >= 10 && (try #require(cycle.ciHigh)) <= 30)
    for figure in [Difference.Figure.codingTimeP50Hours, .prSizeP50Lines, .changesPerWeek, .deploymentsPerWeek] {
      let same = try row(figure)
      #expect(same.difference == 0, "\(figure)")
      #expect(!same.changed, "\(figure)")
      #expect(try #require(same.ciLow) <= 0 && (try #require(same.ciHigh)) >= 0, "\(figure)")
    }
    #expect(try row(.codingTimeP50Hours).before == 3.5)
    #expect(try row(.prSizeP50Lines).before == 35)
    #expect(try row(.changesPerWeek).after == 1.5)
    // Every change is human: the human rows are the whole; no ai rows, no deploy or lead time, no failure rate.
    #expect(try row(.reviewWaitP50Hours, "human").difference == 20)
    #expect(!rows.contains { $0.cohort == "ai" })
    #expect(!rows.contains { [.deployTimeP50Hours, .leadTimeP50Hours, .changeFailureRate].contains($0.figure) })
    #expect(Comparison.differences(before: before, after: after) == rows)
  }

  @Test("a window compared with itself changes nothing")
  func none() throws {
    let (before, _) = try windows()
    let rows = Comparison.differences(before: before, after: before)
    #expect(!rows.isEmpty)
    #expect(rows.allSatisfy { !$0.changed && ($0.difference ?? 0) == 0 })
  }
}
