import DeliveryMetrics
import Foundation

/// Renders check findings: for a person, for a CI system (JUnit, GitHub), for a script (JSON).
public struct CheckText {
  public var findings: [Finding]
  public var repository: String
  public var branch: String
  public var growthWindowDays: Int

  public init(findings: [Finding], repository: String, branch: String, growthWindowDays: Int) {
    self.findings = findings
    self.repository = repository
    self.branch = branch
    self.growthWindowDays = growthWindowDays
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
    case .reviewWaitP85, .cycleTimeP85, .oldestOpen: return Format.humanised(value)
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
    var lines = ["baton check: \(repository), \(branch)"]
    for finding in findings {
      let label = Self.label(finding.rule).padding(toLength: width, withPad: " ", startingAt: 0)
      lines.append("  \(verdictWord(finding.verdict))  \(label)  \(detail(finding))")
    }
    lines.append(
      findings.isEmpty ? "no thresholds set: pass --max-review-queue and others, or set them in .baton.toml"
        : breaches == 0 ? (findings.count == 1 ? "the check holds" : "all \(findings.count) checks hold")
        : "\(breaches) of \(findings.count) checks failed")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `::error::` for each breach and `::warning::` for each rule without data, as GitHub Actions reads them.
  public var githubAnnotations: String {
    findings.compactMap { finding -> String? in
      switch finding.verdict {
      case .breach: "::error title=baton check::\(Self.label(finding.rule)) \(detail(finding)) is over its limit"
      case .noData: "::warning title=baton check::\(Self.label(finding.rule)): no data to check"
      case .pass: nil
      }
    }.map { $0 + "\n" }.joined()
  }

  public var markdown: String {
    var lines = ["### baton check: \(branch)", "", "| rule | measured | limit | verdict |", "|---|---|---|---|"]
    for finding in findings {
      lines.append(
        "| \(Self.label(finding.rule)) | \(show(finding.measured, finding.rule)) | \(show(finding.limit, finding.rule)) | \(finding.verdict == .breach ? "**fail**" : finding.verdict.rawValue) |")
    }
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
      #"  <testsuite name="\#(escape(branch))" tests="\#(findings.count)" failures="\#(breaches)" skipped="\#(findings.filter { $0.verdict == .noData }.count)">"#,
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

  public var json: String {
    let rows = findings.map { finding -> [String: Any] in
      var row: [String: Any] = ["rule": finding.rule.rawValue, "limit": finding.limit, "verdict": finding.verdict.rawValue]
      row["measured"] = finding.measured ?? NSNull()
      if let n = finding.sampleSize { row["n"] = n }
      return row
    }
    let object: [String: Any] = ["branch": branch, "breaches": breaches, "findings": rows]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
