import Foundation

/// The diagnosis at the top of the HTML page (docs/figures.md section 11): the constraint and
/// what relieving each stage buys, the review flow, the warning signs and the DORA keys with
/// their bands, in the words and figures of the text report.
extension HTMLReport {
  func diagnosis(_ d: DiagnosisSummary) -> String {
    let text = SummaryText(style: .markdown)
    let basis = d.basis == "leadTime" ? "lead time" : "cycle time"
    func stage(_ name: String) -> String { SummaryText.stageNames[name] ?? name }
    var out = "<section id=\"diagnosis\"><h2>Diagnosis: where the constraint is</h2>\n"
    if let constraint = d.constraint, let top = d.stages.first(where: { $0.stage == constraint }) {
      out += "<p class=\"flag\"><strong>\(esc(stage(constraint)))</strong> holds \(esc(percent(top.share))) of the "
        + "\(basis) of \(d.timedChanges) timed changes (p50 \(esc(hours(top.p50Hours))))"
        + (d.thin ? ", few values" : "") + ".</p>\n"
      out += "<table class=\"plain\"><thead><tr><th scope=\"col\">stage</th><th scope=\"col\">share of \(basis)</th>"
        + "<th scope=\"col\">p50</th><th scope=\"col\">what if</th></tr></thead><tbody>\n"
      for share in d.stages {
        let change = d.whatIf.first { $0.stage == share.stage }.map { whatIf in
          "\(SummaryText.speedupPhrase(whatIf.stage, whatIf.speedup)): \(basis) p50 \(signed(whatIf.leadTimeP50ChangePercent)), "
            + "p85 \(signed(whatIf.leadTimeP85ChangePercent))"
        }
        out += "<tr><th scope=\"row\">\(esc(stage(share.stage)))</th><td class=\"num\">\(esc(percent(share.share)))</td>"
          + "<td class=\"num\">\(esc(hours(share.p50Hours)))</td><td>\(esc(change ?? "-"))</td></tr>\n"
      }
      out += "</tbody></table>\n"
      if d.codingUnseenChanges * 2 > d.timedChanges {
        out += "<p class=\"basis\">Coding is not seen for \(d.codingUnseenChanges) of \(d.timedChanges) changes: only their "
          + "landed commit is known, so review wait runs from its author date.</p>\n"
      }
    } else {
      out += "<p class=\"basis\">No timed change: there is no constraint to name.</p>\n"
    }
    if let flow = d.queueFlow {
      out += "<p class=\"basis\">Review flow: \(esc(text.rate(flow.arrivalsPerDay))) a day enter review, "
        + "\(esc(text.rate(flow.departuresPerDay))) leave; mean queue \(esc(text.rate(flow.meanQueue))). Little's law gives a "
        + "wait of \(esc(hours(flow.littlesLawWaitHours))) against a measured mean of \(esc(hours(flow.measuredMeanReviewWaitHours))).</p>\n"
      if let weeks = flow.doublingWeeks {
        out += "<p class=\"flag\">Arrivals outrun departures: the review queue doubles in \(esc(decimal(weeks, 1))) weeks.</p>\n"
      }
    }
    out += "<h3>Warning signs: \(d.warningSigns.filter(\.flagged).count) of \(d.warningSigns.count) flagged</h3>\n"
    out += "<table class=\"plain\"><tbody>\n"
    for sign in d.warningSigns {
      out += "<tr><td>\(sign.flagged ? "<span class=\"tag\">flag</span>" : "ok")</td>"
        + "<th scope=\"row\">\(esc(SummaryText.signNames[sign.sign] ?? sign.sign))</th>"
        + "<td>\(esc(text.signFigure(sign) + (sign.note.map { "; \($0)" } ?? "")))</td></tr>\n"
    }
    out += "</tbody></table>\n"
    if let year = d.dora.first?.sourceYear {
      out += "<h3>DORA keys, in DORA's \(year) bands</h3>\n<dl class=\"cards\">"
      for key in d.dora {
        out += "<div class=\"card\"><dt>\(esc(SummaryText.doraNames[key.key] ?? key.key))</dt>"
          + "<dd class=\"value\">\(esc(text.doraValue(key)))</dd><dd class=\"note\">\(esc(key.band ?? "no band"))</dd></div>"
      }
      out += "</dl>\n"
    }
    return out + "</section>\n"
  }

  private func signed(_ percent: Double?) -> String {
    guard let percent else { return "-" }
    let rounded = Int(percent.rounded())
    return (rounded > 0 ? "+" : "") + "\(rounded)%"
  }
}
