import DeliveryMetrics
import Foundation

/// The diagnosis as `report --format json` shows it (the `diagnosis` object): durations in
/// hours, shares as fractions, percent changes in percent. Keys whose value is unknown are
/// written as null, never left out.
public struct DiagnosisSummary: Codable, Sendable {
  public struct StageShare: Codable, Sendable {
    public var stage: String
    public var share: Double
    public var p50Hours: Double?

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stage, forKey: .stage)
      try c.encode(share, forKey: .share)
      try c.encode(p50Hours, forKey: .p50Hours)
    }
  }

  public struct WhatIf: Codable, Sendable {
    public var stage: String
    public var speedup: Double
    public var leadTimeP50Hours: Double?
    public var leadTimeP50ChangePercent: Double?
    public var leadTimeP85ChangePercent: Double?

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(stage, forKey: .stage)
      try c.encode(speedup, forKey: .speedup)
      try c.encode(leadTimeP50Hours, forKey: .leadTimeP50Hours)
      try c.encode(leadTimeP50ChangePercent, forKey: .leadTimeP50ChangePercent)
      try c.encode(leadTimeP85ChangePercent, forKey: .leadTimeP85ChangePercent)
    }
  }

  public struct QueueFlow: Codable, Sendable {
    public var arrivalsPerDay: Double
    public var departuresPerDay: Double
    public var meanQueue: Double
    public var littlesLawWaitHours: Double?
    public var measuredMeanReviewWaitHours: Double?
    public var doublingWeeks: Double?

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(arrivalsPerDay, forKey: .arrivalsPerDay)
      try c.encode(departuresPerDay, forKey: .departuresPerDay)
      try c.encode(meanQueue, forKey: .meanQueue)
      try c.encode(littlesLawWaitHours, forKey: .littlesLawWaitHours)
      try c.encode(measuredMeanReviewWaitHours, forKey: .measuredMeanReviewWaitHours)
      try c.encode(doublingWeeks, forKey: .doublingWeeks)
    }
  }

  public struct Sign: Codable, Sendable {
    public var sign: String
    public var value: Double?
    public var threshold: Double
    public var flagged: Bool
    public var note: String?

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(sign, forKey: .sign)
      try c.encode(value, forKey: .value)
      try c.encode(threshold, forKey: .threshold)
      try c.encode(flagged, forKey: .flagged)
      try c.encode(note, forKey: .note)
    }
  }

  public struct Area: Codable, Sendable {
    public var area: String
    public var changes: Int
    public var lines: Int
    public var busFactor: Int
    public var topAuthor: String
  }

  public struct Dora: Codable, Sendable {
    public var key: String
    /// Deployments per day, hours, or a fraction.
    public var value: Double?
    public var band: String?
    public var sourceYear: Int

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(key, forKey: .key)
      try c.encode(value, forKey: .value)
      try c.encode(band, forKey: .band)
      try c.encode(sourceYear, forKey: .sourceYear)
    }
  }

  /// `coding`, `reviewWait` or `deploy`; nil when no change is timed.
  public var constraint: String?
  /// `leadTime` when any change was deployed, else `cycleTime`: what the stages add up to.
  public var basis: String
  public var timedChanges: Int
  /// Fewer than 10 timed changes, or fewer than half of the changes.
  public var thin: Bool
  public var stages: [StageShare]
  public var whatIf: [WhatIf]
  public var queueFlow: QueueFlow?
  public var warningSigns: [Sign]
  public var areas: [Area]
  public var dora: [Dora]

  public init(_ d: Diagnosis) {
    let hours = { (seconds: Double?) in seconds.map { $0 / 3600 } }
    constraint = d.constraint?.rawValue
    basis = d.deploys ? "leadTime" : "cycleTime"
    timedChanges = d.timedChanges
    thin = d.thin
    stages = d.stages.map { StageShare(stage: $0.stage.rawValue, share: $0.share, p50Hours: hours($0.p50)) }
    whatIf = d.whatIf.map {
      WhatIf(
        stage: $0.stage.rawValue, speedup: $0.speedup, leadTimeP50Hours: hours($0.leadP50),
        leadTimeP50ChangePercent: $0.leadP50Change.map { $0 * 100 }, leadTimeP85ChangePercent: $0.leadP85Change.map { $0 * 100 })
    }
    queueFlow = d.queueFlow.map {
      QueueFlow(
        arrivalsPerDay: $0.arrivalsPerDay, departuresPerDay: $0.departuresPerDay, meanQueue: $0.meanQueue,
        littlesLawWaitHours: hours($0.littlesLawWait), measuredMeanReviewWaitHours: hours($0.measuredMeanReviewWait),
        doublingWeeks: $0.doublingWeeks)
    }
    warningSigns = d.warningSigns.map {
      Sign(sign: $0.sign.rawValue, value: $0.value, threshold: $0.threshold, flagged: $0.flagged, note: $0.note)
    }
    areas = d.areas.map {
      Area(area: $0.area, changes: $0.changes, lines: $0.lines, busFactor: $0.busFactor, topAuthor: $0.topAuthor)
    }
    dora = d.dora.map { figure in
      let value: Double? =
        switch figure.key {
        case .leadTimeForChanges, .failedDeploymentRecoveryTime: hours(figure.value)
        case .deploymentFrequency, .changeFailureRate: figure.value
        }
      return Dora(key: figure.key.rawValue, value: value, band: figure.band?.rawValue, sourceYear: DoraFigure.sourceYear)
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(constraint, forKey: .constraint)
    try c.encode(basis, forKey: .basis)
    try c.encode(timedChanges, forKey: .timedChanges)
    try c.encode(thin, forKey: .thin)
    try c.encode(stages, forKey: .stages)
    try c.encode(whatIf, forKey: .whatIf)
    try c.encode(queueFlow, forKey: .queueFlow)
    try c.encode(warningSigns, forKey: .warningSigns)
    try c.encode(areas, forKey: .areas)
    try c.encode(dora, forKey: .dora)
  }
}
