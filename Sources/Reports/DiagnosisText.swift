import Foundation

/// The diagnosis for a person (docs/figures.md section 11): a short block that opens the
/// report, naming the constraint, what relieving it buys and the signs that flag, and the
/// warning signs in full further down.
extension SummaryText {
  static let stageNames = [
    "coding": "coding", "reviewWait": "review wait", "pickup": "pickup", "review": "review", "deploy": "deploy wait",
  ]
  static let signNames = [
    "divergence": "output outgrows throughput", "reviewQueueGrowth": "review queue grows",
    "deploymentDecline": "deployments decline", "reviewerOverload": "reviewers overwhelmed",
    "knowledgeSilos": "knowledge silos", "qualityDegradation": "quality degrades",
  ]
  static let doraNames = [
    "deploymentFrequency": "deployment frequency", "leadTimeForChanges": "lead time for changes",
    "changeFailureRate": "change failure rate", "failedDeploymentRecoveryTime": "failed deployment recovery time",
  ]

  /// The opening block: constraint, what-ifs, review flow, flagged signs, DORA bands.
  func diagnosisHead(_ d: DiagnosisSummary) -> String {
    let basis = d.basis == "leadTime" ? "lead time" : "cycle time"
    var rows: [(String, String)] = []
    if let constraint = d.constraint, let top = d.stages.first(where: { $0.stage == constraint }) {
      let others = d.stages.filter { $0.stage != constraint }.map { "\(Self.stageNames[$0.stage] ?? $0.stage) \(percent($0.share))" }
      rows.append((
        "constraint",
        warn("\(Self.stageNames[constraint] ?? constraint)") + ": \(percent(top.share)) of \(basis) (p50 \(hours(top.p50Hours))); "
          + others.joined(separator: ", ") + "; n=\(d.timedChanges)" + (d.thin ? " " + warn("(few values)") : "")
      ))
      let ifs = d.whatIf.map { whatIf in
        "\(Self.speedupPhrase(whatIf.stage, whatIf.speedup)): \(basis) p50 \(signedPercentValue(whatIf.leadTimeP50ChangePercent))"
          + " (p85 \(signedPercentValue(whatIf.leadTimeP85ChangePercent)))"
      }
      rows.append(("what if", ifs.joined(separator: "; ")))
      if d.codingUnseenChanges * 2 > d.timedChanges {
        rows.append((
          "note",
          "coding is not seen for \(d.codingUnseenChanges) of \(d.timedChanges) changes: only their landed commit is known, so review wait runs from its author date"
        ))
      }
    } else {
      rows.append(("constraint", "- (no timed changes)"))
    }
    if let flow = d.queueFlow {
      rows.append((
        "review flow",
        "\(rate(flow.arrivalsPerDay)) in/day, \(rate(flow.departuresPerDay)) out/day, mean queue \(rate(flow.meanQueue)); "
          + "Little's law wait \(hours(flow.littlesLawWaitHours)) vs measured mean \(hours(flow.measuredMeanReviewWaitHours))"
      ))
      if let weeks = flow.doublingWeeks {
        let growth = flow.arrivalsPerDay - flow.departuresPerDay
        rows.append(("", warn("arrivals outrun departures by \(rate(growth)) a day: the queue doubles in \(decimal(weeks, 1)) weeks")))
      }
    }
    let flagged = d.warningSigns.filter(\.flagged)
    rows.append((
      "warning signs",
      "\(flagged.count) of \(d.warningSigns.count)"
        + (flagged.isEmpty ? "" : ": " + warn(flagged.map { Self.signNames[$0.sign] ?? $0.sign }.joined(separator: ", ")))
    ))
    rows.append((
      "DORA (2024 bands)",
      d.dora.map { "\(Self.doraNames[$0.key] ?? $0.key) \(doraValue($0))" + ($0.band.map { " (\($0))" } ?? "") }
        .joined(separator: ", ")
    ))
    return section(("Diagnosis", rows))
  }

  /// Each warning sign with its figure, threshold and flag.
  func warningSignsDetail(_ d: DiagnosisSummary) -> String {
    let rows = d.warningSigns.map { sign -> (String, String) in
      let figure = signFigure(sign)
      let verdict = sign.flagged ? warn("FLAG") : "ok  "
      return (Self.signNames[sign.sign] ?? sign.sign, "\(verdict)  \(figure)" + (sign.note.map { "; \($0)" } ?? ""))
    }
    return section(("Warning signs", rows))
  }

  /// A warning sign's figure against its limit, as the text and the HTML page show it.
  func signFigure(_ sign: DiagnosisSummary.Sign) -> String {
    switch sign.sign {
    case "knowledgeSilos":
      return "lowest bus factor \(sign.value.map { String(Int($0)) } ?? "-") (flag at \(Int(sign.threshold)))"
    case "deploymentDecline":
      // Shown as the change in deployments, which reads the right way round.
      return (sign.value.map { "\(signedPercent(-$0)) deployments" } ?? signedPercent(nil)) + " (limit -\(percent(sign.threshold)))"
    case "qualityDegradation":
      return "\(points(sign.value)) (limit +\(points(sign.threshold).dropFirst()))"
    case "reviewerOverload":
      return "top reviewer \(percent(sign.value)) (limit \(percent(sign.threshold)))"
    default:
      return "\(signedPercent(sign.value)) (limit \(percent(sign.threshold)))"
    }
  }

  static func speedupPhrase(_ stage: String, _ k: Double) -> String {
    let name = stageNames[stage] ?? stage
    let times = k == k.rounded() ? String(Int(k)) : String(format: "%.1f", k)
    if stage == "coding" { return k == 2 ? "coding twice as fast" : "coding \(times)x as fast" }
    return k == 2 ? "\(name) halved" : "\(name) / \(times)"
  }

  private func points(_ value: Double?) -> String {
    guard let value else { return "- (nothing to compare with)" }
    let rounded = Int((value * 100).rounded())
    return (rounded >= 0 ? "+" : "") + "\(rounded) points"
  }

  /// Two decimals below 1, so a slow queue does not read as 0.0.
  func rate(_ value: Double) -> String { decimal(value, abs(value) < 1 ? 2 : 1) }

  private func signedPercentValue(_ percent: Double?) -> String {
    guard let percent else { return "-" }
    let rounded = Int(percent.rounded())
    return (rounded > 0 ? "+" : "") + "\(rounded)%"
  }

  func doraValue(_ dora: DiagnosisSummary.Dora) -> String {
    guard let value = dora.value else { return "-" }
    switch dora.key {
    case "deploymentFrequency": return decimal(value, 2) + "/day"
    case "changeFailureRate": return percent(value)
    default: return hours(value)
    }
  }
}
