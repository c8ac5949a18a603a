import ArgumentParser
import Cache
import DeliveryMetrics
import Foundation
import GitHistory
import Reports

@main
struct Baton: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "baton",
    abstract: "Delivery metrics from a local git repository: cycle time, PR size, review wait, DORA keys, the review queue.",
    discussion: """
      baton reads the history of a local clone (no server, no API token) and shows where \
      delivery slows down: the review queue, PR size, review wait, and releases.

      Exit codes: 0 success, 1 a check failed (baton check), 2 bad usage or input.
      """,
    version: version,
    subcommands: [Report.self, Export.self, Check.self, Compare.self, Explain.self],
    defaultSubcommand: Report.self
  )

  /// Runs the command, mapping every failure to one line on stderr and exit status 2
  /// (1 is kept for a check that breaches a threshold).
  static func main() {
    Output.reportBrokenPipes()
    do {
      if let typo = mistypedSubcommand(in: Array(CommandLine.arguments.dropFirst())) { throw typo }
      var command = try parseAsRoot()
      try command.run()
    } catch let exit as ExitCode {
      Self.exit(withError: exit)
    } catch {
      if exitCode(for: error) == .success { Self.exit(withError: error) }
      let message = error is GitError ? "\(error)" : message(for: error)
      FileHandle.standardError.write(Data("baton: error: \(message)\n".utf8))
      Self.exit(withError: ExitCode(2))
    }
  }
}

/// Where to read history from: shared by every subcommand.
struct RepositoryOptions: ParsableArguments {
  @Argument(help: "A work tree, any folder inside one, or a bare repository; several for one report over all of them.")
  var paths: [String] = []

  @Option(help: ArgumentHelp("Read these repositories too: one path a line, # comments, relative to the file.", valueName: "file"))
  var repos: String?

  /// The one repository of a run over one (`.` when none is named).
  var path: String { paths.first ?? "." }

  @Option(help: "The target branch whose first-parent history is the delivery record (default: origin/HEAD, main, master, trunk, then HEAD).")
  var branch: String?

  // `.unconditional`: `--since -5d` reaches the date parser, which says what is wrong with it.
  @Option(parsing: .unconditional, help: ArgumentHelp("The moment the report is taken at: ages and windows count back from it (default: now).", valueName: "date"), transform: DateArgument.parse)
  var asOf: DateArgument?

  @Option(parsing: .unconditional, help: ArgumentHelp("Start of the window (default: 90d before as-of). A date (2026-01-31), ISO-8601, or a span back from as-of (90d, 12w).", valueName: "date"), transform: DateArgument.parse)
  var since: DateArgument?

  @Option(parsing: .unconditional, help: ArgumentHelp("End of the window (default: as-of).", valueName: "date"), transform: DateArgument.parse)
  var until: DateArgument?

  @Option(help: ArgumentHelp("Time zone of week and day buckets (default: UTC).", valueName: "zone"))
  var tz: String?

  @Option(help: ArgumentHelp("Settings shared by report, export and check (default: .baton.toml at the work tree's root).", valueName: "file"))
  var config: String?

  @Option(help: ArgumentHelp("Deployments are tags matching this regular expression (default: release-like tags such as v1.2.3).", valueName: "regex"))
  var deployTags: String?

  @Option(help: ArgumentHelp("Deployments are the first-parent commits of this branch.", valueName: "name"))
  var deployBranch: String?

  @Option(help: ArgumentHelp("Deployments are read from a CSV file with deployed_at and commit columns.", valueName: "file"))
  var deployLog: String?

  @Option(help: ArgumentHelp("The forge's records of pull requests: the JSON of gh pr list --state all --json \(PRMetadata.ghFields), or GitLab's merge requests (see docs/figures.md section 8).", valueName: "file"))
  var prMetadata: String?

  @Flag(help: "Count a renamed file once (git diff -M) instead of as a deletion and an addition.")
  var renames = false

  @Option(help: ArgumentHelp("Threads for diffs (default: the number of cores); with several repositories, also the most read at once.", valueName: "n"))
  var jobs: Int?

  @Flag(help: "Neither read nor write the cache (baton/cache.sqlite in the git directory: sizes, recognised changes, the commit graph).")
  var noCache = false

  @Flag(help: "Print progress as plain lines on stderr, for cron and CI logs (on a terminal a status line is shown anyway).")
  var progress = false

  func validate() throws {
    if [deployTags, deployBranch, deployLog].compactMap({ $0 }).count > 1 {
      throw ValidationError("give one of --deploy-tags, --deploy-branch, --deploy-log")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if prMetadata != nil, paths.count > 1 {
      // Numbers are per repository: one file read against several would match the wrong changes.
      throw ValidationError("--pr-metadata holds one repository's records: with several repositories, set pr_metadata in each one's .baton.toml")
    }
    if let tz, TimeZone(identifier: tz) == nil { throw ValidationError("unknown time zone '\(tz)' (for example UTC, Europe/Berlin)") }
  }

  /// Opens the repository and runs the delivery model over it.
  /// - Parameter part: one repository of a run over several (its path, its share of the
  ///   threads, the run's zone and teams), analysed without a display of its own.
  func analyze(
    growthWindow: Int64? = nil, readsQueue: Bool = true, measuresAreas: Bool = false, part: RepositoryPart? = nil
  ) throws -> Analysis {
    let path = part?.path ?? self.path
    let repository = try Repository(discoveringFrom: path)
    let (configuration, target) = try configurationAndTarget(repository, ownFile: part != nil)
    let window = try window()
    var settings = AnalysisSettings(asOf: window.asOf, since: window.since, until: window.until)
    if let zone = part.map({ $0.zone }) ?? tz ?? configuration.tz {
      guard let timeZone = TimeZone(identifier: zone) else { throw ValidationError("unknown time zone '\(zone)'") }
      settings.timeZone = timeZone
    }
    settings.deployments = try deploymentSource(repository, configuration)
    settings.recognition = RecognitionSettings(
      syncBranches: configuration.syncBranches ?? RecognitionSettings.defaultSyncBranches,
      identityRules: IdentityRules(botPatterns: configuration.botPatterns, aiPatterns: configuration.aiPatterns),
      conventions: configuration.conventions)
    settings.sizeExclude = configuration.sizeExclude ?? AnalysisSettings.defaultSizeExclude
    settings.detectRenames = renames
    settings.jobs = part?.jobs ?? jobs ?? ProcessInfo.processInfo.activeProcessorCount
    settings.teams = part?.teams ?? configuration.teams
    settings.readsQueue = readsQueue
    let records = try pullRequestRecords(configuration)
    settings.pullRequests = records?.read.records
    settings.measuresAreas = measuresAreas
    if let span = configuration.staleAfter { settings.staleAfter = span }
    if let span = configuration.failureWindow { settings.failureWindow = span }
    if let span = growthWindow ?? configuration.growthWindow { settings.growthWindow = span }
    let cache = noCache ? nil : DiffCache.open(gitDirectory: repository.location.gitDirectory)
    let history = CachedHistory(repository, cache: cache)
    let display = ProgressDisplay(lines: progress, label: "\(URL(fileURLWithPath: path).lastPathComponent) \(target.shortName)", shown: part == nil)
    settings.progress = display.progress
    let report: DeliveryReport
    do {
      defer { display.finish() }
      report = try DeliveryAnalyzer(settings: settings).analyze(history, target: target)
    }
    if ProcessInfo.processInfo.environment["BATON_CACHE_STATS"] == "1" {
      let place = cache?.path ?? "no cache"
      FileHandle.standardError.write(
        Data(
          ("baton: cache: \(history.hits) diffs read, \(history.computed) computed, \(history.passedOver) passed over, "
            + "\(report.resumedChanges) changes resumed, \(history.keptWrites.isEmpty ? "kept nothing" : "kept " + history.keptWrites.sorted().joined(separator: ", ")) (\(place))\n").utf8))
    }
    let named = { (message: String) in warn((part.map { "\($0.name): " } ?? "") + message) }
    if repository.isShallow {
      named("shallow clone: history is cut, so changes before its boundary are not seen")
    }
    if let records {
      PRMetadata.warnings(records.read, coverage: report.pullRequestCoverage, path: records.path, branch: target.shortName)
        .forEach(named)
    }
    if report.missingSizes > 0 {
      named(
        "\(report.missingSizes) changes have no size: their blobs are missing "
          + (repository.isPartialClone ? "(a partial clone)" : "(not a partial clone: a snapshot that left out some blobs?)"))
    }
    return Analysis(
      report: report, target: target, repository: repository.location.workTree ?? repository.location.gitDirectory,
      reviewHeads: try history.reviewHeads().count, configuration: configuration, forge: repository.forgeRemote())
  }

  /// The settings in force and the target branch they and the flags choose. A work tree's
  /// `.baton.toml` is at its root; a bare repository (the nightly mirror) has no work tree,
  /// so its settings are the `.baton.toml` committed at the target's tip.
  /// - Parameter ownFile: read the repository's own file even when `--config` names one
  ///   (a run over several repositories: `--config` gives only the teams).
  func configurationAndTarget(_ repository: Repository, ownFile: Bool = false) throws -> (Configuration, TargetBranch) {
    if let config, !ownFile {
      let configuration = try Configuration.load(config, required: true)
      return (configuration, try repository.targetBranch(named: branch ?? configuration.branch))
    }
    if let root = repository.location.workTree {
      let configuration = try Configuration.load(root + "/.baton.toml", required: false)
      return (configuration, try repository.targetBranch(named: branch ?? configuration.branch))
    }
    let target = try repository.targetBranch(named: branch)
    guard let bytes = repository.blobBytes("\(target.tip.hex):.baton.toml") else { return (Configuration(), target) }
    var configuration = try Configuration.parse(bytes, path: "\(target.shortName):.baton.toml")
    // Relative paths in a committed file are read beside the bare repository.
    configuration.directory = repository.location.gitDirectory
    guard branch == nil, let named = configuration.branch else { return (configuration, target) }
    return (configuration, try repository.targetBranch(named: named))
  }

  private func deploymentSource(_ repository: Repository, _ configuration: Configuration) throws -> DeploymentSource {
    let fromFlags = deployTags != nil || deployBranch != nil || deployLog != nil
    let tags = fromFlags ? deployTags : configuration.deployTags
    let branch = fromFlags ? deployBranch : configuration.deployBranch
    // A log named in the config is relative to the config's folder, as its other paths are.
    let log = fromFlags ? deployLog : configuration.deployLog.map { path in
      guard !path.hasPrefix("/"), let directory = configuration.directory else { return path }
      return directory + "/" + path
    }
    if let branch {
      guard let reference = try repository.reference(named: "refs/heads/\(branch)") ?? repository.reference(named: "refs/remotes/\(branch)"),
        let tip = try repository.commitID(of: reference)
      else { throw ValidationError("unknown deploy branch '\(branch)'") }
      return .branch(name: branch, tip: tip)
    }
    if let log { return .log(try DeployLog.read(log, repository)) }
    let pattern = tags ?? DeploymentSource.defaultTagPattern
    try TagPattern.screen(pattern, against: repository.references().filter { $0.kind == .tag }.map(\.shortName))
    return .tags(pattern: pattern)
  }

  /// As-of, since and until in seconds since the epoch.
  func window(now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> (asOf: Int64, since: Int64, until: Int64) {
    let asOf = asOf?.resolve(relativeTo: now) ?? now
    let since = since?.resolve(relativeTo: asOf) ?? asOf - 90 * 86_400
    let until = until?.resolve(relativeTo: asOf) ?? asOf
    guard since <= until else { throw ValidationError("--since is after --until") }
    return (asOf, since, until)
  }
}

/// What one run of the model produced, with what the output names.
struct Analysis {
  var report: DeliveryReport
  var target: TargetBranch
  var repository: String
  var reviewHeads: Int
  var configuration: Configuration
  /// Where the remotes say pull requests and commits are shown, for links; nil without one.
  var forge: ForgeRemote?

  var staleNotice: String {
    Summary.staleNotice(report, repository: repository, branch: target.description)
  }

  func summary(by grouping: Summary.Grouping? = nil) -> Summary {
    Summary(report, repository: repository, branch: target.description, reviewHeads: reviewHeads, by: grouping)
  }
}

/// One line on stderr: what a user should know that is not the output.
func warn(_ message: String) {
  FileHandle.standardError.write(Data("baton: warning: \(message)\n".utf8))
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, markdown, json, html
}

extension Summary.Split: ExpressibleByArgument {}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the delivery summary of a repository.",
    discussion: """
      Figures (each defined in docs/figures.md of baton's repository):
        changes merged     changes landed in the window, per week
        direct share       changes with no review evidence (bots left out)
        deployments        per week and per day, with the median interval
        cycle time         first commit to merge: coding plus review wait
        review wait        last commit to merge (none for a direct change)
        pickup, review     opened to first review, then to merge (--pr-metadata)
        deploy time        merge to the first deployment that ships it
        lead time          first commit to deployment
        PR size            lines added and deleted, lock files left out
        change failure     deployments whose changes were reverted in 14 days
        time to restore    failed deployment to the one shipping its revert
        review queue       waiting at as-of, its growth, the oldest open
        output vs team     commits per author against changes merged
        review load        top reviewer, top merger, self-merged share
        coverage           kinds, timing sources, review heads read
        diagnosis          first: the stage holding most of the time (the constraint), what a
                           stage --speedup times faster buys, the review queue as a flow,
                           six warning signs, the DORA keys in DORA's 2024 bands
      Percentiles are p50 / p85 / p95 with n; a figure on fewer than 10 values, or on less than \
      half of the changes, is marked.

      Examples:
        baton report
        baton report ~/src/shop --since 2026-01-01 --format markdown
        baton report --as-of 2026-06-30 --by cohort
        baton report --format html --output report.html
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: table (a terminal), markdown (with Mermaid charts), json, or html (one self-contained page of charts).")
  var format: ReportFormat = .table

  @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
  var output: String?

  @Option(help: "Split cycle time, review wait and size by cohort (ai, bot, human), author or team.")
  var by: Summary.Split?

  @Option(help: ArgumentHelp("With --by author: how many authors to list, by changes; the rest are one row.", valueName: "n"))
  var top = 20

  @Flag(help: "With --by author: list bots too (left out by default, as from individual output).")
  var bots = false

  func validate() throws {
    guard top >= 1 else { throw ValidationError("--top must be at least 1") }
  }

  @OptionGroup var diagnosis: DiagnosisOptions

  func run() throws {
    if let output { try AtomicFile.checkDestination(output) }
    if repository.readsSeveral { return try runSeveral() }
    let analysis = try repository.analyze(measuresAreas: true)
    var summary = analysis.summary(by: by.map { Summary.Grouping($0, top: top, includesBots: bots) })
    summary.diagnosis = try diagnosis.summary(of: analysis)
    let text: String
    switch format {
    case .json:
      text = summary.json
    case .markdown:
      text = SummaryText(style: .markdown).render(summary) + "\n" + MermaidCharts(analysis.report).markdown
    case .html:
      text = HTMLReport(report: analysis.report, summary: summary, forge: analysis.forge, version: Baton.version).render()
    case .table:
      let color = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      text = SummaryText(style: .terminal(color: color)).render(summary)
    }
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
  }
}
