import ArgumentParser
import DeliveryMetrics
import Foundation
import Reports

/// A span of time on the command line: `90m`, `48h`, `5d`, `2w` (at most 100 years).
struct Duration {
  var seconds: Int64

  static func parse(_ text: String) throws -> Duration {
    guard let seconds = try Span.parse(text) else {
      throw ValidationError("not a span: give a whole number and a unit, such as 90m, 48h, 14d or 2w")
    }
    return Duration(seconds: seconds)
  }
}

/// A share on the command line: `25%` or `0.25` (docs/figures.md section 9). A bare number
/// above 1 is an error, not a percentage: `25` would otherwise be taken as 2500%.
struct Fraction {
  var value: Double

  static func parse(_ text: String) throws -> Fraction {
    let percent = text.hasSuffix("%")
    guard let number = Double(percent ? String(text.dropLast()) : text) else {
      throw ValidationError("not a share: give a percentage (25%) or a fraction (0.25)")
    }
    return Fraction(value: try checked(number, percent: percent, as: text))
  }

  /// The share a number stands for, or an error naming what it cannot mean.
  static func checked(_ number: Double, percent: Bool, as text: String, ratio: Bool = false) throws -> Double {
    guard number.isFinite else { throw ValidationError("a limit must be a finite number") }
    guard number >= 0 else { throw ValidationError("a limit cannot be negative") }
    if !percent, !ratio, number > 1 {
      throw ValidationError("a bare number is a fraction from 0 to 1: write \(text)% for a percentage")
    }
    return percent ? number / 100 : number
  }
}

/// A whole-number limit on the command line: 0 or more.
enum Count {
  static func parse(_ text: String) throws -> Int {
    guard let value = Int(text) else { throw ValidationError("not a whole number") }
    guard value >= 0 else { throw ValidationError("a limit cannot be negative") }
    return value
  }
}

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, junit
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fail a CI step when the review queue or delivery times pass their limits.",
    discussion: """
      Prints each rule with its measured value, limit and verdict. Exit status: 0 when every \
      limit holds, 1 when any is breached, 2 on a usage or input error (also when no limit is \
      set, and when the window starts after the branch's newest commit: an unfetched clone has \
      no verdict). A rule with nothing to measure (no timed changes, no deployments) is reported \
      and does not fail.

      Rules (each figure is defined in docs/figures.md of baton's repository):
        review queue         changes and open reviews waiting at as-of
        review queue growth  its change over the growth window
        review wait p85      85th percentile of last commit to merge
        PR size p85          85th percentile of lines changed
        cycle time p85       85th percentile of first commit to merge
        change failure rate  failed deployments over deployments
        oldest open item     oldest open review, from its first own commit
        pickup time p85      85th percentile of opened to first review (needs --pr-metadata)
        warning signs        how many of the diagnosis's six signs are up (--max-warning-signs)
        sign: NAME           one sign, failing when it is up (--fail-on NAME ...)
      Open reviews count as waiting until stale_after (30 days) after their last push.

      Under GitHub Actions (GITHUB_ACTIONS=true) each breach is also an ::error:: annotation and \
      a Markdown table is appended to $GITHUB_STEP_SUMMARY.

      Examples:
        baton check --max-review-queue 40 --max-review-queue-growth 25% --growth-window 14d
        baton check --max-review-wait-p85 48h --max-pr-size-p85 400 --format junit --output baton.xml
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(parsing: .unconditional, help: ArgumentHelp("Most changes and open reviews waiting for review at as-of.", valueName: "n"), transform: Count.parse)
  var maxReviewQueue: Int?

  @Option(parsing: .unconditional, help: ArgumentHelp("Most growth of the review queue over the growth window (25% or 0.25).", valueName: "share"), transform: Fraction.parse)
  var maxReviewQueueGrowth: Fraction?

  @Option(parsing: .unconditional, help: ArgumentHelp("The window review-queue growth is measured over.", valueName: "span"), transform: Duration.parse)
  var growthWindow: Duration?

  @Option(parsing: .unconditional, help: ArgumentHelp("Longest 85th-percentile review wait (48h, 2d).", valueName: "span"), transform: Duration.parse)
  var maxReviewWaitP85: Duration?

  @Option(parsing: .unconditional, help: ArgumentHelp("Largest 85th-percentile PR size, in lines changed.", valueName: "lines"), transform: Count.parse)
  var maxPrSizeP85: Int?

  @Option(parsing: .unconditional, help: ArgumentHelp("Longest 85th-percentile cycle time (5d).", valueName: "span"), transform: Duration.parse)
  var maxCycleTimeP85: Duration?

  @Option(parsing: .unconditional, help: ArgumentHelp("Highest change failure rate (15% or 0.15).", valueName: "share"), transform: Fraction.parse)
  var maxChangeFailureRate: Fraction?

  @Option(parsing: .unconditional, help: ArgumentHelp("Oldest age of an open review still in the queue (30d).", valueName: "span"), transform: Duration.parse)
  var maxOldestOpen: Duration?

  @Option(parsing: .unconditional, help: ArgumentHelp("Longest 85th-percentile pickup time, opened to first review (24h); needs --pr-metadata.", valueName: "span"), transform: Duration.parse)
  var maxPickupTimeP85: Duration?

  @Option(help: ArgumentHelp("Most warning signs of the diagnosis flagged at once.", valueName: "n"))
  var maxWarningSigns: Int?

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp("Fail when any of these warning signs is flagged: \(WarningSign.Sign.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "sign"))
  var failOn: [WarningSign.Sign] = []

  @OptionGroup var diagnosis: DiagnosisOptions

  @Option(help: "Output format: text, json, or junit (JUnit XML for CI systems).")
  var format: CheckFormat = .text

  @Option(help: ArgumentHelp("Write the output to this file instead of standard output.", valueName: "file"))
  var output: String?

  func validate() throws {
    if let maxWarningSigns, maxWarningSigns < 0 { throw ValidationError("--max-warning-signs must be 0 or more") }
  }

  func run() throws {
    if let output { try AtomicFile.checkDestination(output) }
    if repository.readsSeveral { return try runSeveral() }
    let gatesSigns = maxWarningSigns != nil || !failOn.isEmpty
    let analysis = try repository.analyze(growthWindow: growthWindow?.seconds, measuresAreas: gatesSigns)
    if analysis.report.isStale {
      // A gate over a window with no history would pass for want of data: that is no verdict.
      throw ValidationError(analysis.staleNotice)
    }
    // Flags override .baton.toml's [thresholds].
    let thresholds = thresholds(analysis.configuration)
    // A gate that cannot fail is a mistake, not a pass (docs/figures.md section 9).
    guard thresholds != Thresholds() || gatesSigns else {
      throw ValidationError(
        "no limit set: give at least one --max-... or --fail-on flag, or [thresholds] in .baton.toml (baton check --help lists them)")
    }
    if thresholds.maxPickupTimeP85 != nil, analysis.report.pullRequestCoverage == nil {
      // Git does not record when a review was opened or picked up: without records the gate could never fail.
      throw ValidationError("--max-pickup-time-p85 needs the forge's records: give --pr-metadata FILE or pr_metadata in .baton.toml")
    }
    let result = CheckText(
      findings: analysis.report.check(thresholds) + (gatesSigns
        ? try diagnosis.diagnosis(of: analysis).findings(maxWarningSigns: maxWarningSigns, failOn: failOn) : []),
      repository: analysis.repository,
      branch: analysis.target.description, asOf: Format.timestamp(analysis.report.settings.asOf),
      growthWindowDays: Int(analysis.report.settings.growthWindow / 86_400),
      staleAfterDays: Int(analysis.report.settings.staleAfter / 86_400))
    let text: String
    switch format {
    case .text: text = Escaping.terminalSafe(result.text, keepingStyles: false)
    case .json: text = result.json
    case .junit: text = result.junit
    }
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
    try Self.publishOnGitHub(
      annotations: result.githubAnnotations, markdown: result.markdown + "\n" + MermaidCharts(analysis.report).markdown)
    if result.breaches > 0 { throw ExitCode(1) }
  }

  /// Under GitHub Actions, breaches as annotations and the table in the step summary.
  static func publishOnGitHub(annotations: String, markdown: String) throws {
    let environment = ProcessInfo.processInfo.environment
    guard environment["GITHUB_ACTIONS"] == "true" else { return }
    try Output.standard(annotations)
    guard let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty else { return }
    // A step summary on a full disk is an error, not a crash or a silent pass (docs/figures.md section 9).
    try Output.append(markdown, toFile: summary)
  }
}
