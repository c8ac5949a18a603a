import DeliveryMetrics
import Foundation

/// An optional that JSON writes as null rather than leaving its key out, so every key of
/// an interface others read is always there.
@propertyWrapper
public struct Null<Value: Codable & Sendable>: Codable, Sendable {
  public var wrappedValue: Value?

  public init(wrappedValue: Value?) {
    self.wrappedValue = wrappedValue
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

/// The diagnosis as `report --format json` shows it (the `diagnosis` object): durations in
/// hours, shares as fractions, percent changes in percent. Keys whose value is unknown are
/// written as null, never left out.
public struct DiagnosisSummary: Codable, Sendable {
  public struct StageShare: Codable, Sendable {
    public var stage: String
    public var share: Double
    @Null public var p50Hours: Double?
  }

  public struct WhatIf: Codable, Sendable {
    public var stage: String
    public var speedup: Double
    @Null public var leadTimeP50Hours: Double?
    @Null public var leadTimeP50ChangePercent: Double?
    @Null public var leadTimeP85ChangePercent: Double?
  }

  public struct QueueFlow: Codable, Sendable {
    public var arrivalsPerDay: Double
    public var departuresPerDay: Double
    public var meanQueue: Double
    @Null public var littlesLawWaitHours: Double?
    @Null public var measuredMeanReviewWaitHours: Double?
    @Null public var doublingWeeks: Double?
  }

  public struct Sign: Codable, Sendable {
    public var sign: String
    @Null public var value: Double?
    public var threshold: Double
    public var flagged: Bool
    @Null public var note: String?
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
    @Null public var value: Double?
    @Null public var band: String?
    public var sourceYear: Int
  }

  /// `coding`, `reviewWait` or `deploy`; nil when no change is timed.
  @Null public var constraint: String?
  /// `leadTime` when any change was deployed, else `cycleTime`: what the stages add up to.
  public var basis: String
  public var timedChanges: Int
  /// Fewer than 10 timed changes, or fewer than half of the changes.
  public var thin: Bool
  /// Timed changes whose coding cannot be seen (only their landed commit is known).
  public var codingUnseenChanges: Int
  public var stages: [StageShare]
  public var whatIf: [WhatIf]
  @Null public var queueFlow: QueueFlow?
  public var warningSigns: [Sign]
  public var areas: [Area]
  public var dora: [Dora]

  public init(_ d: Diagnosis) {
    let hours = { (seconds: Double?) in seconds.map { $0 / 3600 } }
    constraint = d.constraint?.rawValue
    basis = d.deploys ? "leadTime" : "cycleTime"
    timedChanges = d.timedChanges
    thin = d.thin
    codingUnseenChanges = d.codingUnseen
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
}
