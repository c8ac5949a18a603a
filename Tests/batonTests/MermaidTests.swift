import FixtureSupport
import Foundation
import Testing

/// A check of one chart against Mermaid's `xychart-beta` grammar (its xychart.jison): the
/// statements baton writes, quoted texts without `"`, plain decimal numbers, and data lists
/// as long as the x axis's categories or range.
private func checkGrammar(_ chart: [Substring]) -> [String] {
  var problems: [String] = []
  let number = #/[+-]?(?:\d+(?:\.\d+)?|\.\d+)/#
  let quoted = #/"[^"]*"/#
  guard chart.first == "xychart-beta" else { return ["does not open with xychart-beta"] }
  var categories: Int?
  var lists: [Int] = []
  for line in chart.dropFirst() {
    let statement = line.trimmingCharacters(in: .whitespaces)
    if let match = statement.wholeMatch(of: #/title ("[^"]*")/#) {
      _ = match
    } else if let match = statement.wholeMatch(of: #/x-axis ("[^"]*") \[(.*)\]/#) {
      let items = match.2.split(separator: ", ", omittingEmptySubsequences: false)
      if !items.allSatisfy({ $0.wholeMatch(of: quoted) != nil }) { problems.append("category not a quoted text: \(line)") }
      categories = items.count
    } else if let match = statement.wholeMatch(of: #/x-axis ("[^"]*") (\d+) --> (\d+)/#) {
      categories = (Int(match.3) ?? 0) - (Int(match.2) ?? 0) + 1
    } else if statement.wholeMatch(of: #/y-axis "[^"]*"/#) != nil {
      continue
    } else if let match = statement.wholeMatch(of: #/(?:bar|line) \[(.*)\]/#) {
      let items = match.1.split(separator: ", ", omittingEmptySubsequences: false)
      if !items.allSatisfy({ $0.wholeMatch(of: number) != nil }) { problems.append("not a number list: \(line)") }
      lists.append(items.count)
    } else {
      problems.append("not a statement of the grammar: \(line)")
    }
  }
  if let categories, lists.contains(where: { $0 != categories }) { problems.append("a data list is not \(categories) long") }
  if lists.isEmpty { problems.append("no data") }
  return problems
}

/// The ```mermaid blocks of a Markdown text, as lines.
private func charts(_ markdown: String) -> [[Substring]] {
  markdown.components(separatedBy: "```mermaid\n").dropFirst().map { block in
    block.components(separatedBy: "```")[0].split(separator: "\n")
  }
}

@Suite("Mermaid charts in Markdown")
struct MermaidTests {
  func markdown() throws -> String {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton([
      "report", fixture.path, "--as-of", "2026-02-24T12:00:00Z", "--since", "2026-01-01", "--format", "markdown",
    ])
    #expect(run.status == 0)
    return run.stdout
  }

  @Test("report --format markdown ends with xychart-beta charts that follow the grammar")
  func grammar() throws {
    let blocks = charts(try markdown())
    #expect(blocks.count == 3)
    for block in blocks { #expect(checkGrammar(block) == [], "\(block.joined(separator: "\n"))") }
  }

  @Test("cycle time by stage: three bars drawn over each other, tallest first, from the answer key's times")
  func stages() throws {
    let block = try #require(charts(try markdown()).first)
    // Weeks from 2025-12-29 (the window opens on Thursday 2026-01-01) to 2026-02-23: nine.
    #expect(block[2].contains(#"["12-29", "01-05", "01-12", "01-19", "01-26", "02-02", "02-09", "02-16", "02-23"]"#))
    // Days, as the tallest bar passes 3 days (02-02: #11 waited 22 days for v0.3.0).
    #expect(block[3].trimmingCharacters(in: .whitespaces) == #"y-axis "days""#)
    // Week of 01-12, #3 and #4 (hours): coding 13.25 and 4.67, p50 8.96; review wait 24.75 and 17.37, p50 21.06;
    // deploy wait to v0.1.0 (01-16 10:00) 72 and 22.96, p50 47.48. In days: 0.37, 1.25 and 3.23.
    let third = { (line: Substring) in line.split(separator: "[")[1].split(separator: ", ")[2] }
    #expect(third(block[4]) == "3.2")
    #expect(third(block[5]) == "1.3")
    #expect(third(block[6]) == "0.4")
  }

  @Test("the review queue: one value per day of the window, and the open PR waiting on the last day")
  func queue() throws {
    let block = try #require(charts(try markdown()).dropFirst().first)
    // 2026-01-01 .. 2026-02-24: 55 days.
    #expect(block[2].trimmingCharacters(in: .whitespaces) == #"x-axis "day of the window" 1 --> 55"#)
    #expect(block[4].hasSuffix(", 1]"))
  }

  @Test("check under GitHub Actions appends the charts to the step summary")
  func stepSummary() throws {
    let fixture = try FixtureRepository("github-merges")
    let summary = fixture.scratchPath("summary.md")
    let run = try runBaton(
      ["check", fixture.path, "--as-of", "2026-02-24T12:00:00Z", "--max-review-queue", "10"],
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    #expect(run.status == 0)
    let text = try String(contentsOfFile: summary, encoding: .utf8)
    #expect(text.hasPrefix("### baton check: "))
    let blocks = charts(text)
    #expect(blocks.count == 3)
    for block in blocks { #expect(checkGrammar(block) == []) }
  }
}
