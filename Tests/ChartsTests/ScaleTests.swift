import Charts
import Testing

@Suite("Scales and ticks")
struct ScaleTests {
  @Test("round steps are 1, 2 or 5 times a power of ten", arguments: [
    (0.7, 1.0), (1.0, 1.0), (1.3, 2.0), (2.0, 2.0), (2.1, 5.0), (4.9, 5.0), (5.1, 10.0), (13.0, 20.0), (0.031, 0.05),
    (250.0, 500.0),
  ])
  func niceStep(rough: Double, step: Double) {
    #expect(abs(LinearScale.niceStep(rough) - step) < 1e-12)
  }

  @Test("a linear domain widens to whole steps and takes in zero")
  func linearDomain() {
    let scale = LinearScale(covering: [3, 147], tickCount: 5, range: 0...100)
    // (147 - 0) / 5 = 29.4 -> step 50; 0 ... 150.
    #expect(scale.lower == 0)
    #expect(scale.upper == 150)
    #expect(scale.ticks == [0, 50, 100, 150])
  }

  @Test("negative values widen the domain downwards: diverging bars")
  func negative() {
    let scale = LinearScale(covering: [-7, 12], tickCount: 4, range: 0...100)
    // 19 / 4 = 4.75 -> step 5; -10 ... 15.
    #expect(scale.ticks == [-10, -5, 0, 5, 10, 15])
  }

  @Test("ticks are exact multiples of the step, without sums of rounding errors")
  func exactTicks() {
    let scale = LinearScale(covering: [0, 0.3], tickCount: 3, range: 0...100)
    #expect(scale.ticks == [0, 0.1, 0.2, 0.3])
  }

  @Test("no values or one value still give a domain")
  func degenerate() {
    #expect(LinearScale(covering: [], range: 0...10).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1].map { $0 })
    let one = LinearScale(covering: [5], includingZero: false, tickCount: 5, range: 0...10)
    #expect(one.lower == 5)
    #expect(one.upper == 6)
  }

  @Test("positions run along the range; a flipped scale grows upwards, as an SVG y axis must")
  func positions() {
    let x = LinearScale(covering: [0, 100], tickCount: 5, range: 50...250)
    #expect(x.position(0) == 50)
    #expect(x.position(50) == 150)
    #expect(x.position(100) == 250)
    let y = LinearScale(covering: [0, 100], tickCount: 5, range: 20...220, flipped: true)
    #expect(y.position(0) == 220)
    #expect(y.position(100) == 20)
  }

  @Test("a log domain widens to whole powers of ten")
  func logDomain() {
    let scale = LogScale(covering: [3, 4500], minimum: 1, range: 0...400)
    #expect(scale.lowerPower == 0)
    #expect(scale.upperPower == 4)
    #expect(scale.ticks == [1, 10, 100, 1000, 10000])
    #expect(scale.position(1) == 0)
    #expect(scale.position(100) == 200)
    #expect(scale.position(10000) == 400)
  }

  @Test("a log axis draws zero and anything under its minimum at the minimum")
  func logFloor() {
    let scale = LogScale(covering: [0, 0.001, 20], minimum: 1.0 / 60, range: 0...300)
    // 1/60 h (a minute) is 10^-1.78: the domain starts at 10^-2.
    #expect(scale.lowerPower == -2)
    #expect(scale.upperPower == 2)
    #expect(scale.position(0) == 0)
    #expect(scale.position(0.001) == 0)
  }

  @Test("a log axis of under three decades ticks 2 and 5 as well")
  func narrowLog() {
    let scale = LogScale(covering: [2, 40], minimum: 1, range: 0...100)
    #expect(scale.ticks == [1, 2, 5, 10, 20, 50, 100])
  }

  @Test("a flipped log axis puts the largest value at the top")
  func flippedLog() {
    let scale = LogScale(covering: [1, 100], minimum: 1, range: 10...110, flipped: true)
    #expect(scale.position(100) == 10)
    #expect(scale.position(1) == 110)
    #expect(scale.position(10) == 60)
  }
}

@Suite("SVG text")
struct SVGTextTests {
  @Test("coordinates keep one decimal, drop a trailing .0 and never write -0", arguments: [
    (0.0, "0"), (-0.04, "0"), (12.0, "12"), (12.34, "12.3"), (12.36, "12.4"), (-1.5, "-1.5"), (-0.5, "-0.5"),
    (Double.nan, "0"), (1e12, "1000000000"),
  ])
  func number(value: Double, text: String) {
    #expect(SVG.number(value) == text)
  }

  @Test("text from a history is escaped and loses control characters")
  func escape() {
    #expect(SVG.escape("a < b & \"c\" > d") == "a &lt; b &amp; &quot;c&quot; &gt; d")
    #expect(SVG.escape("bell\u{07} and \u{1B}[31mred") == "bell and [31mred")
  }
}
