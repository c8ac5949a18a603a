import ArgumentParser
import DeliveryMetrics
import Foundation
import Reports

/// A span of time on the command line: `90m`, `48h`, `5d`, `2w`.
struct Duration: ExpressibleByArgument {
  var seconds: Int64

  init?(argument: String) {
    if argument.hasSuffix("m"), let minutes = Int64(argument.dropLast()), minutes >= 0 {
      seconds = minutes * 60
    } else if let span = DateArgument.span(argument) {
      seconds = span
    } else {
      return nil
    }
  }
}

/// A share on the command line: `25%` or `0.25`.
struct Fraction: ExpressibleByArgument {
  var value: Double

  init?(argument: String) {
    if argument.hasSuffix("%"), let percent = Double(argument.dropLast()) {
      value = percent / 100
    } else if let fraction = Double(argument) {
      value = fraction
    } else {
      return nil
    }
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

  @Option(help: ArgumentHelp("Most changes and open reviews waiting for review at as-of.", valueName: "n"))
  var maxReviewQueue: Int?

  @Option(help: ArgumentHelp("Most growth of the review queue over the growth window (25% or 0.25).", valueName: "share"))
  var maxReviewQueueGrowth: Fraction?

  @Option(help: ArgumentHelp("The window review-queue growth is measured over.", valueName: "span"))
  var growthWindow: Duration?

  @Option(help: ArgumentHelp("Longest 85th-percentile review wait (48h, 2d).", valueName: "span"))
  var maxReviewWaitP85: Duration?

  @Option(help: ArgumentHelp("Largest 85th-percentile PR size, in lines changed.", valueName: "lines"))
  var maxPrSizeP85: Int?

  @Option(help: ArgumentHelp("Longest 85th-percentile cycle time (5d).", valueName: "span"))
  var maxCycleTimeP85: Duration?

  @Option(help: ArgumentHelp("Highest change failure rate (15% or 0.15).", valueName: "share"))
  var maxChangeFailureRate: Fraction?

  @Option(help: ArgumentHelp("Oldest age of an open review still in the queue (30d).", valueName: "span"))
  var maxOldestOpen: Duration?

  @Option(help: ArgumentHelp("Longest 85th-percentile pickup time, opened to first review (24h); needs --pr-metadata.", valueName: "span"))
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
    if let output { try AtomicFile.checkFolder(of: output) }
    if repository.readsSeveral { return try runSeveral() }
    let gatesSigns = maxWarningSigns != nil || !failOn.isEmpty
    let analysis = try repository.analyze(growthWindow: growthWindow?.seconds, measuresAreas: gatesSigns)
    if analysis.report.isStale {
      // A gate over a window with no history would pass for want of data: that is no verdict.
      throw ValidationError(analysis.staleNotice)
    }
    // Flags override .baton.toml's [thresholds].
    let thresholds = thresholds(analysis.configuration)
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
    case .text: text = result.text
    case .json: text = result.json
    case .junit: text = result.junit
    }
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      print(text, terminator: "")
    }
    Self.publishOnGitHub(
      annotations: result.githubAnnotations, markdown: result.markdown + "\n" + MermaidCharts(analysis.report).markdown)
    if result.breaches > 0 { throw ExitCode(1) }
  }

  /// Under GitHub Actions, breaches as annotations and the table in the step summary.
  static func publishOnGitHub(annotations: String, markdown: String) {
    let environment = ProcessInfo.processInfo.environment
    guard environment["GITHUB_ACTIONS"] == "true" else { return }
    print(annotations, terminator: "")
    guard let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty else { return }
    if !FileManager.default.fileExists(atPath: summary) {
      _ = FileManager.default.createFile(atPath: summary, contents: nil)
    }
    if let handle = FileHandle(forWritingAtPath: summary) {
      handle.seekToEndOfFile()
      handle.write(Data(markdown.utf8))
      try? handle.close()
    }
  }
}
