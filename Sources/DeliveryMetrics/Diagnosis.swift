/// Where the constraint is (docs/figures.md section 11): stage shares, Amdahl what-ifs, the
/// review queue's flow, the six warning signs and the DORA bands. Values in, values out.

/// A stage of a change's lead time. With the forge's records (docs/figures.md section 8) a
/// change's review wait splits into pickup and review.
public enum Stage: String, Sendable, Hashable, CaseIterable {
  case coding, reviewWait, pickup, review, deploy
}

/// One change's time in each stage, in seconds, and its lead time (its cycle time when
/// nothing deployed it). The stages add up to that total except where one is empty: a
/// direct change has no review wait, so its wait to land belongs to no stage.
public struct StageTimes: Hashable, Sendable {
  public var coding: Int64
  public var reviewWait: Int64?
  /// Opened to first review, and first review to merged: from the forge's records, in place
  /// of `reviewWait` (which is then nil).
  public var pickup: Int64?
  public var review: Int64?
  public var deploy: Int64?
  public var total: Int64

  public init(coding: Int64, reviewWait: Int64?, pickup: Int64? = nil, review: Int64? = nil, deploy: Int64?, total: Int64) {
    self.coding = coding
    self.reviewWait = reviewWait
    self.pickup = pickup
    self.review = review
    self.deploy = deploy
    self.total = total
  }

  public func time(in stage: Stage) -> Int64? {
    switch stage {
    case .coding: coding
    case .reviewWait: reviewWait
    case .pickup: pickup
    case .review: review
    case .deploy: deploy
    }
  }

  /// The total with `stage` divided by `speedup`, in seconds.
  func total(with stage: Stage, dividedBy speedup: Double) -> Double {
    let part = Double(time(in: stage) ?? 0)
    return Double(total) - part + part / speedup
  }
}

/// A stage's share of the summed lead (else cycle) times, and its own median.
public struct StageFigure: Hashable, Sendable {
  public var stage: Stage
  public var share: Double
  /// Seconds; over the changes that have the stage (deploy: the deployed ones).
  public var p50: Double?
}

/// Amdahl's what-if: every change's lead time with one stage `speedup` times faster.
public struct WhatIf: Hashable, Sendable {
  public var stage: Stage
  public var speedup: Double
  /// Seconds.
  public var leadP50: Double?
  /// Fractions: -0.31 is 31% shorter.
  public var leadP50Change: Double?
  public var leadP85Change: Double?
}

/// The review queue as a flow (Little's law), over the window.
public struct QueueFlow: Hashable, Sendable {
  /// Items entering the review queue per day (`lambda`).
  public var arrivalsPerDay: Double
  /// Items leaving it per day, merged or gone stale (`mu`).
  public var departuresPerDay: Double
  /// Mean of the daily review queue (`L`).
  public var meanQueue: Double
  /// `L / mu`, seconds; nil when nothing left the queue.
  public var littlesLawWait: Double?
  /// Mean review wait of the changes merged in the window, seconds.
  public var measuredMeanReviewWait: Double?
  /// Weeks until the queue at as-of doubles at `lambda - mu` items a day; nil unless it grows.
  public var doublingWeeks: Double?

  /// Seconds in `L / mu` days.
  static func littlesLaw(meanQueue: Double, departuresPerDay: Double) -> Double? {
    departuresPerDay > 0 ? meanQueue / departuresPerDay * 86_400 : nil
  }

  /// Weeks for `queue` items to double when `growthPerDay` more arrive than leave each day.
  static func doublingWeeks(queue: Int, growthPerDay: Double) -> Double? {
    guard growthPerDay > 0, queue > 0 else { return nil }
    return Double(queue) / growthPerDay / 7
  }
}

/// The six warning signs and where each one flags (configurable in `.baton.toml`).
public struct WarningThresholds: Hashable, Sendable {
  /// Output growth minus throughput growth, in fraction points.
  public var divergence = 0.20
  /// `review_queue_growth` over the growth window.
  public var reviewQueueGrowth = 0.25
  /// How far arrivals may outrun departures (0.10: `lambda > 1.1 mu` flags).
  public var arrivalExcess = 0.10
  /// Drop of deployments per week against the period before.
  public var deploymentDecline = 0.20
  /// `top_reviewer_share`, and the fewest reviewed changes it is judged on.
  public var topReviewerShare = 0.50
  public var minReviewedChanges = 10
  /// Growth of the top reviewer's reviews while changes merged grew no more than this.
  public var topReviewerGrowth = 0.50
  /// An area flags when its bus factor is at most this and it has at least `minAreaChanges`.
  public var busFactor = 1
  public var minAreaChanges = 10
  /// Rise of the revert rate or change failure rate, in fraction points.
  public var qualityPoints = 0.05

  public init() {}
}

/// One warning sign: its figure, threshold and flag.
public struct WarningSign: Hashable, Sendable {
  public enum Sign: String, Sendable, Hashable, CaseIterable {
    case divergence, reviewQueueGrowth, deploymentDecline, reviewerOverload, knowledgeSilos, qualityDegradation
  }

  public var sign: Sign
  public var value: Double?
  public var threshold: Double
  public var flagged: Bool
  /// What else flagged it, or what the value stands on, in words.
  public var note: String?
}

/// An area of the tree (a top-level directory or a configured set of globs) and who holds it.
public struct AreaFigure: Hashable, Sendable {
  public var area: String
  public var changes: Int
  public var lines: Int
  /// The fewest authors whose changes hold half of the area's changed lines.
  public var busFactor: Int
  /// Who holds the most lines.
  public var topAuthor: String
}

/// A DORA key beside its band (DORA 2024's cluster values).
public struct DoraFigure: Hashable, Sendable {
  public enum Key: String, Sendable, Hashable, CaseIterable {
    case deploymentFrequency, leadTimeForChanges, changeFailureRate, failedDeploymentRecoveryTime
  }

  public enum Band: String, Sendable, Hashable {
    case elite, high, medium, low
  }

  /// DORA 2024 is the last report to publish bands; 2025 replaced them with archetypes.
  public static let sourceYear = 2024

  public var key: Key
  /// Deployments per day, lead time in seconds, a fraction, recovery time in seconds.
  public var value: Double?
  public var band: Band?

  /// The band of `value` for `key`, by DORA 2024's cluster values as thresholds.
  public static func band(_ key: Key, _ value: Double) -> Band {
    let day = 86_400.0
    switch key {
    case .deploymentFrequency:
      return value >= 1 ? .elite : value >= 1 / 7 ? .high : value >= 1 / 30 ? .medium : .low
    case .leadTimeForChanges:
      return value < day ? .elite : value < 7 * day ? .high : value < 30 * day ? .medium : .low
    case .changeFailureRate:
      return value <= 0.05 ? .elite : value <= 0.10 ? .high : value <= 0.20 ? .medium : .low
    case .failedDeploymentRecoveryTime:
      return value < 3600 ? .elite : value < day ? .high : value < 7 * day ? .medium : .low
    }
  }

  init(_ key: Key, _ value: Double?) {
    self.key = key
    self.value = value
    band = value.map { Self.band(key, $0) }
  }
}

/// Every figure of the diagnosis.
public struct Diagnosis: Hashable, Sendable {
  /// The stage with the largest share; nil when no change is timed.
  public var constraint: Stage?
  public var stages: [StageFigure]
  public var whatIf: [WhatIf]
  /// Whether any change was deployed: the totals are lead times, else cycle times.
  public var deploys: Bool
  /// Changes the stages stand on.
  public var timedChanges: Int
  /// Fewer than 10 timed changes, or fewer than half of the changes merged: marked where shown.
  public var thin: Bool
  /// Reviewed, timed changes that know only their landed commit (timing from `commit`): their coding
  /// is 0 and their review wait runs from the author date, whatever happened in between.
  public var codingUnseen: Int
  public var queueFlow: QueueFlow?
  public var warningSigns: [WarningSign]
  public var areas: [AreaFigure]
  public var dora: [DoraFigure]

  /// Stage shares, the constraint and the what-ifs of `times`.
  /// - Complexity: O(n log n) per stage.
  public static func stages(_ times: [StageTimes], speedup: Double) -> (
    constraint: Stage?, stages: [StageFigure], whatIf: [WhatIf]
  ) {
    let total = times.reduce(0.0) { $0 + Double($1.total) }
    let deploys = times.contains { $0.deploy != nil }
    // Pickup and review stand in for review wait where records cover a change; review wait
    // stays while some change has no record (or nothing has one).
    let split = times.contains { $0.pickup != nil || $0.review != nil }
    let present = Stage.allCases.filter { stage in
      switch stage {
      case .deploy: deploys
      case .pickup, .review: split
      case .reviewWait: !split || times.contains { $0.reviewWait != nil }
      case .coding: true
      }
    }
    let figures = present.map { stage in
      let values = times.compactMap { $0.time(in: stage) }
      let sum = values.reduce(0.0) { $0 + Double($1) }
      return StageFigure(stage: stage, share: total > 0 ? sum / total : 0, p50: Distribution(values).p50)
    }
    let constraint = total > 0 ? figures.max { $0.share < $1.share }?.stage : nil
    let now = Distribution(times.map { Double($0.total) })
    let whatIf = present.map { stage in
      let then = Distribution(times.map { $0.total(with: stage, dividedBy: speedup) })
      func change(_ old: Double?, _ new: Double?) -> Double? {
        guard let old, let new, old > 0 else { return nil }
        return (new - old) / old
      }
      return WhatIf(
        stage: stage, speedup: speedup, leadP50: then.p50, leadP50Change: change(now.p50, then.p50),
        leadP85Change: change(now.p85, then.p85))
    }
    return (constraint, figures, whatIf)
  }

  /// Areas by changed lines per author: `lines[i]` is one change's lines per area, by `authors[i]`.
  /// - Complexity: O(n + a log a) per area of a authors.
  public static func areas(_ lines: [[String: Int]], authors: [String]) -> [AreaFigure] {
    var changes: [String: Int] = [:]
    var byAuthor: [String: [String: Int]] = [:]
    for (perArea, author) in zip(lines, authors) {
      for (area, count) in perArea {
        changes[area, default: 0] += 1
        byAuthor[area, default: [:]][author, default: 0] += count
      }
    }
    return changes.keys.sorted().map { area in
      let held = (byAuthor[area] ?? [:]).sorted { ($0.value, $1.key) > ($1.value, $0.key) }
      let total = held.reduce(0) { $0 + $1.value }
      var busFactor = 0
      var covered = 0
      // Half of the lines: a zero-line area (binary files only) needs its first author.
      repeat {
        covered += held[busFactor].value
        busFactor += 1
      } while covered * 2 < total && busFactor < held.count
      return AreaFigure(
        area: area, changes: changes[area] ?? 0, lines: total, busFactor: busFactor, topAuthor: held.first?.key ?? "")
    }
  }
}
