/// `check --max-warning-signs N` and `--fail-on SIGN...` (docs/figures.md section 11).
extension Diagnosis {
  /// A finding for the number of flagged signs when `maxWarningSigns` is set, then one per
  /// sign in `failOn` (breached when flagged), in the order of the signs.
  public func findings(maxWarningSigns: Int?, failOn: [WarningSign.Sign]) -> [Finding] {
    var findings: [Finding] = []
    if let maxWarningSigns {
      let flagged = warningSigns.filter(\.flagged).count
      findings.append(
        Finding(
          rule: .warningSigns, measured: Double(flagged), limit: Double(maxWarningSigns),
          verdict: flagged > maxWarningSigns ? .breach : .pass, sampleSize: nil))
    }
    for sign in warningSigns where failOn.contains(sign.sign) {
      // A sign with no figure that did not flag had nothing to judge (no deployments, no period before).
      let verdict: Finding.Verdict = sign.flagged ? .breach : sign.value == nil ? .noData : .pass
      findings.append(
        Finding(rule: Self.rule(sign.sign), measured: sign.flagged ? 1 : 0, limit: 0, verdict: verdict, sampleSize: nil))
    }
    return findings
  }

  static func rule(_ sign: WarningSign.Sign) -> Finding.Rule {
    switch sign {
    case .divergence: .divergence
    case .reviewQueueGrowth: .reviewQueueGrowthSign
    case .deploymentDecline: .deploymentDecline
    case .reviewerOverload: .reviewerOverload
    case .knowledgeSilos: .knowledgeSilos
    case .qualityDegradation: .qualityDegradation
    }
  }
}
