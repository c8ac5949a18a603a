/// Limits a CI gate holds a repository to (`baton check`, docs/figures.md sections 6 and 9).
/// A nil limit is not checked.
public struct Thresholds: Hashable, Sendable {
  public var maxReviewQueue: Int?
  /// Growth of the review queue over the growth window, as a fraction (`0.25` for 25%).
  public var maxReviewQueueGrowth: Double?
  /// Seconds.
  public var maxReviewWaitP85: Int64?
  /// Lines.
  public var maxPRSizeP85: Int?
  /// Seconds.
  public var maxCycleTimeP85: Int64?
  /// A fraction.
  public var maxChangeFailureRate: Double?
  /// Seconds.
  public var maxOldestOpen: Int64?
  /// Seconds; measured only with the forge's records (docs/figures.md section 8).
  public var maxPickupTimeP85: Int64?

  public init(
    maxReviewQueue: Int? = nil, maxReviewQueueGrowth: Double? = nil, maxReviewWaitP85: Int64? = nil,
    maxPRSizeP85: Int? = nil, maxCycleTimeP85: Int64? = nil, maxChangeFailureRate: Double? = nil,
    maxOldestOpen: Int64? = nil, maxPickupTimeP85: Int64? = nil
  ) {
    self.maxReviewQueue = maxReviewQueue
    self.maxReviewQueueGrowth = maxReviewQueueGrowth
    self.maxReviewWaitP85 = maxReviewWaitP85
    self.maxPRSizeP85 = maxPRSizeP85
    self.maxCycleTimeP85 = maxCycleTimeP85
    self.maxChangeFailureRate = maxChangeFailureRate
    self.maxOldestOpen = maxOldestOpen
    self.maxPickupTimeP85 = maxPickupTimeP85
  }
}

/// One rule's verdict: what was measured against which limit.
public struct Finding: Hashable, Sendable {
  public enum Rule: String, Sendable, Hashable, CaseIterable {
    case reviewQueue = "review_queue"
    case reviewQueueGrowth = "review_queue_growth"
    case reviewWaitP85 = "review_wait_p85"
    case prSizeP85 = "pr_size_p85"
    case cycleTimeP85 = "cycle_time_p85"
    case changeFailureRate = "change_failure_rate"
    case oldestOpen = "oldest_open"
    case pickupTimeP85 = "pickup_time_p85"
    /// The number of warning signs flagged (docs/figures.md section 11), and each sign named by `--fail-on`.
    case warningSigns = "warning_signs"
    case divergence = "sign_divergence"
    case reviewQueueGrowthSign = "sign_review_queue_growth"
    case deploymentDecline = "sign_deployment_decline"
    case reviewerOverload = "sign_reviewer_overload"
    case knowledgeSilos = "sign_knowledge_silos"
    case qualityDegradation = "sign_quality_degradation"
  }

  public enum Verdict: String, Sendable, Hashable {
    case pass, breach
    /// Nothing to measure (no timed changes, no deployments): not a breach.
    case noData = "no-data"
  }

  public var rule: Rule
  /// In the rule's unit: items, a fraction, seconds or lines.
  public var measured: Double?
  public var limit: Double
  public var verdict: Verdict
  /// How many values the measure stands on, where it is a percentile.
  public var sampleSize: Int?
}

extension DeliveryReport {
  /// Every rule with a limit, in a fixed order.
  public func check(_ thresholds: Thresholds) -> [Finding] {
    let timed = timedChanges
    let reviewWait = Distribution(timed.compactMap(\.reviewWait))
    let cycle = Distribution(timed.compactMap(\.cycleTime))
    let sizes = Distribution(changes.compactMap(\.size))
    let pickup = Distribution(timed.compactMap(\.pickupTime))
    let measures: [(Finding.Rule, Double?, Double?, Int?)] = [
      (.reviewQueue, Double(reviewQueueNow), thresholds.maxReviewQueue.map(Double.init), nil),
      (.reviewQueueGrowth, reviewQueueGrowth, thresholds.maxReviewQueueGrowth, nil),
      (.reviewWaitP85, reviewWait.p85, thresholds.maxReviewWaitP85.map(Double.init), reviewWait.count),
      (.prSizeP85, sizes.p85, thresholds.maxPRSizeP85.map(Double.init), sizes.count),
      (.cycleTimeP85, cycle.p85, thresholds.maxCycleTimeP85.map(Double.init), cycle.count),
      (.changeFailureRate, changeFailureRate, thresholds.maxChangeFailureRate, deployments.count),
      (.oldestOpen, oldestOpenAge.map(Double.init), thresholds.maxOldestOpen.map(Double.init), nil),
      (.pickupTimeP85, pickup.p85, thresholds.maxPickupTimeP85.map(Double.init), pickup.count),
    ]
    return measures.compactMap { rule, measured, limit, n in
      guard let limit else { return nil }
      // No open item at all is a queue in good health, not missing data.
      let verdict: Finding.Verdict = measured.map { $0 > limit ? .breach : .pass } ?? (rule == .oldestOpen ? .pass : .noData)
      return Finding(rule: rule, measured: measured, limit: limit, verdict: verdict, sampleSize: n)
    }
  }
}
