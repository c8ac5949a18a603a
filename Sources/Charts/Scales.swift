import Foundation

/// Maps values of a domain onto a span of pixels, and says where its ticks go.
public protocol Scale: Sendable {
  /// The pixel position of `value`.
  func position(_ value: Double) -> Double
  /// Values worth a tick and a label, inside the domain, ascending.
  var ticks: [Double] { get }
}

/// A straight-line scale whose domain is widened to round tick values (1, 2 or 5 times a power of ten).
public struct LinearScale: Scale, Equatable {
  public private(set) var lower: Double
  public private(set) var upper: Double
  public private(set) var step: Double
  public var range: ClosedRange<Double>
  /// Whether positions grow downwards (an SVG y axis): `range.upperBound` is the domain's lower end.
  public var flipped: Bool
  /// The step as a whole multiple of a power of ten, and the ends as multiples of the step,
  /// so every tick is an integer times or over a power of ten: `0.6`, never `0.6000000000000001`.
  private var mantissa: Int
  private var power: Int
  private var firstMultiple: Int
  private var lastMultiple: Int

  /// A scale over `values`' extent (with zero when `includingZero`), widened to about `tickCount` round ticks.
  /// `wholeNumbers`: counts, whose ticks are never fractions.
  public init(
    covering values: [Double], includingZero: Bool = true, tickCount: Int = 5, wholeNumbers: Bool = false,
    range: ClosedRange<Double>, flipped: Bool = false
  ) {
    let finite = values.filter(\.isFinite)
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if includingZero {
      low = Swift.min(low, 0)
      high = Swift.max(high, 0)
    }
    if low == high { high = low + 1 }
    (mantissa, power) = Self.niceParts((high - low) / Double(Swift.max(tickCount, 1)))
    if wholeNumbers, power < 0 { (mantissa, power) = (1, 0) }
    let step = Self.value(mantissa, power)
    self.step = step
    // Bounded: a chart's values are counts and durations, far inside Int's range at any round step.
    firstMultiple = Int(Swift.max(Swift.min((low / step).rounded(.down), 1e15), -1e15))
    lastMultiple = Int(Swift.max(Swift.min((high / step).rounded(.up), 1e15), -1e15))
    if lastMultiple - firstMultiple > 1000 { lastMultiple = firstMultiple + 1000 }
    lower = Self.value(firstMultiple * mantissa, power)
    upper = Self.value(lastMultiple * mantissa, power)
    self.range = range
    self.flipped = flipped
  }

  /// The round step nearest above `rough`: 1, 2 or 5 times a power of ten.
  public static func niceStep(_ rough: Double) -> Double {
    let (mantissa, power) = niceParts(rough)
    return value(mantissa, power)
  }

  private static func niceParts(_ rough: Double) -> (Int, Int) {
    guard rough.isFinite, rough > 0 else { return (1, 0) }
    var power = Int(log10(rough).rounded(.down))
    let fraction = rough / pow(10, Double(power))
    let mantissa: Int
    if fraction <= 1 { mantissa = 1 } else if fraction <= 2 { mantissa = 2 } else if fraction <= 5 { mantissa = 5 } else {
      mantissa = 1
      power += 1
    }
    return (mantissa, power)
  }

  /// `whole × 10^power`, divided rather than multiplied for a negative power, which rounds once.
  private static func value(_ whole: Int, _ power: Int) -> Double {
    power >= 0 ? Double(whole) * pow(10, Double(power)) : Double(whole) / pow(10, Double(-power))
  }

  public func position(_ value: Double) -> Double {
    let share = (value - lower) / (upper - lower)
    let span = range.upperBound - range.lowerBound
    return flipped ? range.upperBound - share * span : range.lowerBound + share * span
  }

  public var ticks: [Double] {
    (firstMultiple...lastMultiple).map { Self.value($0 * mantissa, power) }
  }
}

/// A base-10 logarithmic scale: its domain is widened to whole powers of ten.
/// Values at or below zero have no place on it; callers clamp them (to `floor`) and say so.
public struct LogScale: Scale, Equatable {
  /// Powers of ten at either end: the domain is `10^lowerPower ... 10^upperPower`.
  public private(set) var lowerPower: Int
  public private(set) var upperPower: Int
  public var range: ClosedRange<Double>
  public var flipped: Bool
  /// The least value shown: anything below it (zero included) is drawn at it.
  public var floor: Double { pow(10, Double(lowerPower)) }

  /// A scale over the positive values of `values`, no lower than `minimum` (itself positive).
  public init(covering values: [Double], minimum: Double, range: ClosedRange<Double>, flipped: Bool = false) {
    // Values under the minimum (zero included) are drawn at it, so it is then the domain's start.
    let clamped = values.filter(\.isFinite).map { Swift.max($0, minimum) }
    let low = clamped.min() ?? minimum
    let high = clamped.max() ?? minimum * 10
    lowerPower = Int(log10(low).rounded(.down))
    upperPower = Swift.max(Int(log10(high).rounded(.up)), lowerPower + 1)
    self.range = range
    self.flipped = flipped
  }

  public func position(_ value: Double) -> Double {
    let clamped = Swift.max(value, floor)
    let share = (log10(clamped) - Double(lowerPower)) / Double(upperPower - lowerPower)
    let span = range.upperBound - range.lowerBound
    return flipped ? range.upperBound - share * span : range.lowerBound + share * span
  }

  /// Every power of ten; with fewer than three decades also 2 and 5 times each, so a
  /// narrow domain still has labels to read.
  public var ticks: [Double] {
    let decades = upperPower - lowerPower
    var values: [Double] = []
    for power in lowerPower...upperPower {
      let base = pow(10, Double(power))
      values.append(base)
      if decades < 3, power < upperPower { values += [2 * base, 5 * base] }
    }
    return values
  }
}
