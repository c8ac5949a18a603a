/// The diagnosis of one analysis (docs/figures.md section 11): gathers the values the pure
/// figures of `Diagnosis` are computed from.
extension DeliveryReport {
  /// Each timed, non-import change of the window by stage.
  public var stageTimes: [StageTimes] {
    timedChanges.map { change in
      // A record splits the review wait: coding ends at opening, then pickup and review. A
      // change no one else reviewed has neither; like a direct change's wait, its time from
      // opening to merge belongs to no stage.
      guard change.openedAt != nil else {
        return StageTimes(
          coding: change.codingTime ?? 0, reviewWait: change.reviewWait, deploy: change.deployTime,
          total: change.leadTime ?? change.cycleTime ?? 0)
      }
      return StageTimes(
        coding: change.codingTime ?? 0, reviewWait: nil, pickup: change.pickupTime, review: change.reviewTime,
        deploy: change.deployTime, total: change.leadTime ?? change.cycleTime ?? 0)
    }
  }

  /// Every figure of the diagnosis. `areaLines`, when given, holds per change of `changes`
  /// its changed lines per area; without it knowledge silos are not judged.
  public func diagnosis(
    speedup: Double = 2, thresholds: WarningThresholds = WarningThresholds(), areaLines: [[String: Int]]? = nil
  ) -> Diagnosis {
    let times = stageTimes
    let stages = Diagnosis.stages(times, speedup: speedup)
    let flow = settings.readsQueue ? queueFlow() : nil
    var areas: [AreaFigure] = []
    if let areaLines {
      var authored: [[String: Int]] = []
      var authors: [String] = []
      for (change, lines) in zip(changes, areaLines) where !change.isImport && change.cohort != .bot {
        authored.append(lines)
        authors.append(change.author.email.lowercased())
      }
      areas = Diagnosis.areas(authored, authors: authors)
    }
    return Diagnosis(
      constraint: stages.constraint, stages: stages.stages, whatIf: stages.whatIf,
      deploys: times.contains { $0.deploy != nil }, timedChanges: times.count,
      thin: times.count < 10 || times.count * 2 < changes.count,
      codingUnseen: timedChanges.filter { $0.timingSource == .commit && $0.entersReview }.count, queueFlow: flow,
      warningSigns: warningSigns(thresholds, flow: flow, areas: areaLines == nil ? nil : areas),
      areas: areas, dora: dora())
  }

  /// The equal period before the window.
  var periodBefore: ClosedRange<Int64> {
    let length = settings.until - settings.since
    return (settings.since - length - 1)...(settings.since - 1)
  }

  /// Arrivals, departures and the mean daily queue over the window (to as-of at the latest).
  func queueFlow() -> QueueFlow {
    let end = min(settings.until, settings.asOf)
    let days = max(Double(end - settings.since) / 86_400, 1)
    let window = settings.since...max(settings.since, end)
    let timed = allChanges.filter { $0.isTimed && $0.entersReview }
    let live = openItems.filter { $0.newestCommitAt <= settings.asOf }
    // A change with a record arrives when it was opened (docs/figures.md section 8).
    let records = recordFlow(in: window)
    let arrivals = timed.filter { ($0.openedAt ?? $0.lastCommitAt).map(window.contains) ?? false }.count
      + live.filter { window.contains($0.newestCommitAt) }.count + records.arrivals
    // An open item leaves the queue when it goes stale, or when its record says it closed.
    let departures = timed.filter { ($0.openedAt ?? $0.lastCommitAt) != nil && window.contains($0.mergedAt) }.count
      + live.filter { window.contains($0.newestCommitAt + settings.staleAfter) }.count + records.departures
    let lambda = Double(arrivals) / days
    let mu = Double(departures) / days
    let meanQueue = queue.isEmpty ? 0 : Double(queue.map(\.reviewQueue).reduce(0, +)) / Double(queue.count)
    // With a record, a change waited in the queue from its opening (docs/figures.md section 8).
    let waits = timedChanges.compactMap { change in change.openedAt.map { max(0, change.mergedAt - $0) } ?? change.reviewWait }
    return QueueFlow(
      arrivalsPerDay: lambda, departuresPerDay: mu, meanQueue: meanQueue,
      littlesLawWait: QueueFlow.littlesLaw(meanQueue: meanQueue, departuresPerDay: mu),
      measuredMeanReviewWait: waits.isEmpty ? nil : Double(waits.reduce(0, +)) / Double(waits.count),
      doublingWeeks: QueueFlow.doublingWeeks(queue: reviewQueueNow, growthPerDay: lambda - mu))
  }

  /// The four DORA keys of the window.
  func dora() -> [DoraFigure] {
    let days = Double(settings.until - settings.since) / 86_400
    let restores = deployments.compactMap { record in record.restoredAt.map { Double($0 - record.deployment.at) } }
    return [
      DoraFigure(.deploymentFrequency, days > 0 ? Double(deployments.count) / days : nil),
      DoraFigure(.leadTimeForChanges, Distribution(timedChanges.compactMap(\.leadTime)).p50),
      DoraFigure(.changeFailureRate, changeFailureRate),
      DoraFigure(.failedDeploymentRecoveryTime, Distribution(restores).p50),
    ]
  }

  /// The six warning signs, in the order of docs/figures.md section 11.
  func warningSigns(_ limits: WarningThresholds, flow: QueueFlow?, areas: [AreaFigure]?) -> [WarningSign] {
    let before = periodBefore
    let changesBefore = allChanges.filter { before.contains($0.mergedAt) }
    let divergence = divergence()
    var signs: [WarningSign] = []

    // 1. Individual output outgrows throughput.
    let gap = divergence.outputGrowth.flatMap { output in divergence.throughputGrowth.map { output - $0 } }
    signs.append(WarningSign(sign: .divergence, value: gap, threshold: limits.divergence, flagged: (gap ?? 0) > limits.divergence))

    // 2. The review queue grows, or arrivals outrun departures.
    var outrun = false
    var note: String?
    if let flow, flow.arrivalsPerDay > flow.departuresPerDay * (1 + limits.arrivalExcess) {
      outrun = true
      note = "arrivals outrun departures"
    }
    signs.append(
      WarningSign(
        sign: .reviewQueueGrowth, value: settings.readsQueue ? reviewQueueGrowth : nil,
        threshold: limits.reviewQueueGrowth,
        flagged: (settings.readsQueue && reviewQueueGrowth > limits.reviewQueueGrowth) || outrun, note: note))

    // 3. Deployment frequency declines (equal periods, so counts compare as rates).
    let deploysBefore = deploymentsBefore.count
    let decline = deploysBefore > 0 ? Double(deploysBefore - deployments.count) / Double(deploysBefore) : nil
    signs.append(
      WarningSign(
        sign: .deploymentDecline, value: decline, threshold: limits.deploymentDecline,
        flagged: (decline ?? 0) > limits.deploymentDecline,
        note: "\(Self.count(deploysBefore, "deployment")) before, \(deployments.count) now"))

    // 4. Reviewers are overwhelmed.
    let load = reviewLoad()
    // Where no trailer names a reviewer (GitHub merge projects), the merger carries the load:
    // the sign reads the top merger's share (docs/figures.md section 7 keeps the two apart).
    let byMerger = load.topReviewer == nil && load.topMerger != nil
    let topShare = byMerger ? load.topMergerShare : load.topReviewerShare
    let reviewedCount = byMerger ? load.mergedByOthers : load.reviewedChanges
    var overloaded = (topShare ?? 0) > limits.topReviewerShare && reviewedCount >= limits.minReviewedChanges
    note =
      load.isRecorded
      ? "\(reviewedCount) \(byMerger ? "changes merged by another (no review trailers)" : "reviewed changes")"
      : "reviewers not recorded in git"
    if let top = byMerger ? load.topMerger : load.topReviewer {
      let reviewsNow = changes.filter { Self.reviewed($0, by: top) }.count
      let reviewsBefore = changesBefore.filter { Self.reviewed($0, by: top) }.count
      let merged = changesBefore.isEmpty ? nil : Double(changes.count - changesBefore.count) / Double(changesBefore.count)
      if reviewsBefore > 0, Double(reviewsNow - reviewsBefore) / Double(reviewsBefore) > limits.topReviewerGrowth,
        let merged, merged <= limits.topReviewerGrowth
      {
        overloaded = true
        note = "the top reviewer's reviews grew from \(reviewsBefore) to \(reviewsNow) while changes merged did not"
      }
    }
    signs.append(
      WarningSign(
        sign: .reviewerOverload, value: topShare, threshold: limits.topReviewerShare, flagged: overloaded,
        note: note))

    // 5. Knowledge silos: the lowest bus factor among areas busy enough to judge.
    let busy = (areas ?? []).filter { $0.changes >= limits.minAreaChanges }
    let lowest = busy.map(\.busFactor).min()
    let silos = busy.filter { $0.busFactor <= limits.busFactor }
    signs.append(
      WarningSign(
        sign: .knowledgeSilos, value: lowest.map(Double.init), threshold: Double(limits.busFactor),
        flagged: !silos.isEmpty,
        note: areas == nil ? "areas not measured"
          : silos.isEmpty ? "\(Self.count(busy.count, "area")) with \(limits.minAreaChanges)+ changes"
          : silos.map { "\($0.area) (\($0.changes) changes, \($0.topAuthor))" }.joined(separator: ", ")))

    // 6. Quality degrades: revert rate or change failure rate up.
    func revertRate(_ of: [Change]) -> Double? {
      of.isEmpty ? nil : Double(of.filter(\.isRevert).count) / Double(of.count)
    }
    let failureBefore = deploymentsBefore.isEmpty
      ? nil : Double(deploymentsBefore.filter(\.failed).count) / Double(deploymentsBefore.count)
    let revertRise = revertRate(changes).flatMap { now in revertRate(changesBefore).map { now - $0 } }
    let failureRise = changeFailureRate.flatMap { now in failureBefore.map { now - $0 } }
    let rise = [revertRise, failureRise].compactMap { $0 }.max()
    signs.append(
      WarningSign(
        sign: .qualityDegradation, value: rise, threshold: limits.qualityPoints, flagged: (rise ?? 0) > limits.qualityPoints,
        note: "revert rate \(Self.points(revertRise)), change failure rate \(Self.points(failureRise))"))
    return signs
  }

  private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

  private static func reviewed(_ change: Change, by reviewer: String) -> Bool {
    !change.isImport && change.reviewers.contains { $0.lowercased() == reviewer }
  }

  private static func points(_ value: Double?) -> String {
    guard let value else { return "not comparable" }
    let points = Int((value * 100).rounded())
    return (points >= 0 ? "+" : "") + "\(points) points"
  }
}
