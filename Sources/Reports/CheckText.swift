import DeliveryMetrics
import Foundation

/// Renders check findings: for a person, for a CI system (JUnit, GitHub), for a script (JSON).
public struct CheckText {
  public var findings: [Finding]
  public var repository: String
  public var branch: String
  /// ISO-8601, as every output writes times.
  public var asOf: String
  public var growthWindowDays: Int
  /// The idle cut-off of open reviews, which the queue rules stand on.
  public var staleAfterDays: Int

  public init(
    findings: [Finding], repository: String, branch: String, asOf: String, growthWindowDays: Int, staleAfterDays: Int
  ) {
    self.findings = findings
    self.repository = repository
    self.branch = branch
    self.asOf = asOf
    self.growthWindowDays = growthWindowDays
    self.staleAfterDays = staleAfterDays
  }

  /// What the run was over: repository, branch and as-of, so a job over several can tell them apart.
  private var subject: String { "\(repository), \(branch), as of \(asOf)" }

  private var queueNote: String? {
    findings.contains { [.reviewQueue, .reviewQueueGrowth, .oldestOpen].contains($0.rule) }
      ? "open reviews count as waiting until \(staleAfterDays) days after their last push (stale_after)" : nil
  }

  public var breaches: Int { findings.filter { $0.verdict == .breach }.count }

  public static func label(_ rule: Finding.Rule) -> String {
    switch rule {
    case .reviewQueue: "review queue"
    case .reviewQueueGrowth: "review queue growth"
    case .reviewWaitP85: "review wait p85"
    case .prSizeP85: "PR size p85"
    case .cycleTimeP85: "cycle time p85"
    case .changeFailureRate: "change failure rate"
    case .oldestOpen: "oldest open item"
    case .pickupTimeP85: "pickup time p85"
    case .warningSigns: "warning signs"
    case .divergence: "sign: output outgrows throughput"
    case .reviewQueueGrowthSign: "sign: review queue grows"
    case .deploymentDecline: "sign: deployments decline"
    case .reviewerOverload: "sign: reviewers overwhelmed"
    case .knowledgeSilos: "sign: knowledge silos"
    case .qualityDegradation: "sign: quality degrades"
    }
  }

  /// A value in the rule's unit, for a person.
  public func show(_ value: Double?, _ rule: Finding.Rule) -> String {
    guard let value else { return rule == .oldestOpen ? "none open" : "no data" }
    switch rule {
    case .reviewQueue: return Int(value) == 1 ? "1 item" : "\(Int(value)) items"
    case .prSizeP85: return "\(Int(value.rounded())) lines"
    case .reviewQueueGrowth: return (value >= 0 ? "+" : "") + String(format: "%.0f%%", value * 100)
    case .changeFailureRate: return String(format: "%.0f%%", value * 100)
    case .reviewWaitP85, .cycleTimeP85, .oldestOpen, .pickupTimeP85: return Format.humanised(value)
    case .warningSigns: return Int(value) == 1 ? "1 sign" : "\(Int(value)) signs"
    case .divergence, .reviewQueueGrowthSign, .deploymentDecline, .reviewerOverload, .knowledgeSilos,
      .qualityDegradation:
      return value > 0 ? "flagged" : "not flagged"
    }
  }

  private func verdictWord(_ verdict: Finding.Verdict) -> String {
    switch verdict {
    case .pass: "pass"
    case .breach: "FAIL"
    case .noData: "n/a "
    }
  }

  private func detail(_ finding: Finding) -> String {
    var text = "\(show(finding.measured, finding.rule)) (limit \(show(finding.limit, finding.rule)))"
    if finding.rule == .reviewQueueGrowth { text += " over \(growthWindowDays) days" }
    if let n = finding.sampleSize { text += " n=\(n)" }
    return text
  }

  public var text: String {
    let width = findings.map { Self.label($0.rule).count }.max() ?? 0
    var lines = ["baton check: \(subject)"]
    for finding in findings {
      let label = Self.label(finding.rule).padding(toLength: width, withPad: " ", startingAt: 0)
      lines.append("  \(verdictWord(finding.verdict))  \(label)  \(detail(finding))")
    }
    lines.append(
      findings.isEmpty ? "no thresholds set: pass --max-review-queue and others, or set them in .baton.toml"
        : breaches == 0 ? (findings.count == 1 ? "the check holds" : "all \(findings.count) checks hold")
        : "\(breaches) of \(findings.count) checks failed")
    if let queueNote { lines.append("note: \(queueNote)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `::error::` for each breach and `::warning::` for each rule without data, as GitHub Actions reads them.
  public var githubAnnotations: String {
    findings.compactMap { finding -> String? in
      switch finding.verdict {
      case .breach: "::error title=baton check \(repository)::\(Self.label(finding.rule)) \(detail(finding)) is over its limit"
      case .noData: "::warning title=baton check \(repository)::\(Self.label(finding.rule)): no data to check"
      case .pass: nil
      }
    }.map { $0 + "\n" }.joined()
  }

  public var markdown: String {
    var lines = ["### baton check: \(subject)", "", "| rule | measured | limit | verdict |", "|---|---|---|---|"]
    for finding in findings {
      lines.append(
        "| \(Self.label(finding.rule)) | \(show(finding.measured, finding.rule)) | \(show(finding.limit, finding.rule)) | \(finding.verdict == .breach ? "**fail**" : finding.verdict.rawValue) |")
    }
    if let queueNote { lines += ["", "_\(queueNote.prefix(1).uppercased() + queueNote.dropFirst())._"] }
    return lines.joined(separator: "\n") + "\n"
  }

  public var junit: String {
    func escape(_ text: String) -> String {
      text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      #"<testsuites name="baton check" tests="\#(findings.count)" failures="\#(breaches)">"#,
      #"  <testsuite name="\#(escape(repository)): \#(escape(branch))" tests="\#(findings.count)" failures="\#(breaches)" skipped="\#(findings.filter { $0.verdict == .noData }.count)" timestamp="\#(asOf)">"#,
      "    <properties>",
      #"      <property name="repository" value="\#(escape(repository))"/>"#,
      #"      <property name="branch" value="\#(escape(branch))"/>"#,
      #"      <property name="as_of" value="\#(asOf)"/>"#,
      "    </properties>",
    ]
    for finding in findings {
      let name = escape(Self.label(finding.rule))
      switch finding.verdict {
      case .pass:
        lines.append(#"    <testcase classname="baton.check" name="\#(name)"/>"#)
      case .breach:
        lines.append(#"    <testcase classname="baton.check" name="\#(name)">"#)
        lines.append(#"      <failure message="\#(escape(detail(finding)))"/>"#)
        lines.append("    </testcase>")
      case .noData:
        lines.append(#"    <testcase classname="baton.check" name="\#(name)">"#)
        lines.append(#"      <skipped message="no data"/>"#)
        lines.append("    </testcase>")
      }
    }
    lines += ["  </testsuite>", "</testsuites>"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The unit a rule's JSON values are in: durations in hours, as every other output writes them.
  private static func unit(_ rule: Finding.Rule) -> String {
    switch rule {
    case .reviewQueue: "items"
    case .prSizeP85: "lines"
    case .reviewQueueGrowth, .changeFailureRate: "share"
    case .reviewWaitP85, .cycleTimeP85, .oldestOpen, .pickupTimeP85: "hours"
    case .warningSigns: "signs"
    case .divergence, .reviewQueueGrowthSign, .deploymentDecline, .reviewerOverload, .knowledgeSilos,
      .qualityDegradation:
      "flagged"
    }
  }

  /// A value in its JSON unit, rounded as the text shows it: hours to two decimals, shares
  /// to whole percent, counts and lines whole.
  private static func jsonValue(_ value: Double?, _ rule: Finding.Rule) -> Any {
    guard let value, value.isFinite else { return NSNull() }
    switch unit(rule) {
    case "hours": return Decimal(string: Format.hours(value)) ?? NSNull()
    case "share": return Decimal(Int((value * 100).rounded())) / 100
    default: return Int(value.rounded())
    }
  }

  public var json: String {
    let rows = findings.map { finding -> [String: Any] in
      var row: [String: Any] = [
        "rule": finding.rule.rawValue, "unit": Self.unit(finding.rule), "verdict": finding.verdict.rawValue,
        "limit": Self.jsonValue(finding.limit, finding.rule), "measured": Self.jsonValue(finding.measured, finding.rule),
        "text": show(finding.measured, finding.rule),
      ]
      if let n = finding.sampleSize { row["n"] = n }
      return row
    }
    var object: [String: Any] = [
      "repository": repository, "branch": branch, "asOf": asOf, "breaches": breaches, "findings": rows,
      "growthWindowDays": growthWindowDays,
    ]
    if queueNote != nil { object["staleAfterDays"] = staleAfterDays }
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
