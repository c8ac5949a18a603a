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
    subcommands: [Report.self, Export.self, Check.self, Explain.self],
    defaultSubcommand: Report.self
  )

  /// Runs the command, mapping every failure to one line on stderr and exit status 2
  /// (1 is kept for a check that breaches a threshold).
  static func main() {
    do {
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
  @Argument(help: "A work tree, any folder inside one, or a bare repository.")
  var path: String = "."

  @Option(help: "The target branch whose first-parent history is the delivery record (default: origin/HEAD, main, master, trunk, then HEAD).")
  var branch: String?

  @Option(help: ArgumentHelp("The moment the report is taken at: ages and windows count back from it (default: now).", valueName: "date"))
  var asOf: DateArgument?

  @Option(help: ArgumentHelp("Start of the window (default: 90d before as-of). A date (2026-01-31), ISO-8601, or a span back from as-of (90d, 12w).", valueName: "date"))
  var since: DateArgument?

  @Option(help: ArgumentHelp("End of the window (default: as-of).", valueName: "date"))
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

  @Flag(help: "Count a renamed file once (git diff -M) instead of as a deletion and an addition.")
  var renames = false

  @Option(help: ArgumentHelp("Threads for diffs (default: the number of cores).", valueName: "n"))
  var jobs: Int?

  @Flag(help: "Neither read nor write the cache (baton/cache.sqlite in the git directory: sizes, recognised changes, the commit graph).")
  var noCache = false

  func validate() throws {
    if [deployTags, deployBranch, deployLog].compactMap({ $0 }).count > 1 {
      throw ValidationError("give one of --deploy-tags, --deploy-branch, --deploy-log")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if let tz, TimeZone(identifier: tz) == nil { throw ValidationError("unknown time zone '\(tz)' (for example UTC, Europe/Berlin)") }
  }

  /// Opens the repository and runs the delivery model over it.
  func analyze(growthWindow: Int64? = nil, readsQueue: Bool = true) throws -> Analysis {
    let repository = try Repository(discoveringFrom: path)
    let configuration = try loadConfiguration(repository)
    let target = try repository.targetBranch(named: branch ?? configuration.branch)
    let window = try window()
    var settings = AnalysisSettings(asOf: window.asOf, since: window.since, until: window.until)
    if let zone = tz ?? configuration.tz {
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
    settings.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
    settings.teams = configuration.teams
    settings.readsQueue = readsQueue
    if let span = configuration.staleAfter { settings.staleAfter = span }
    if let span = configuration.failureWindow { settings.failureWindow = span }
    if let span = growthWindow ?? configuration.growthWindow { settings.growthWindow = span }
    let cache = noCache ? nil : DiffCache.open(gitDirectory: repository.location.gitDirectory)
    let history = CachedHistory(repository, cache: cache)
    let status = StatusLine(after: 1, "baton: reading the history of \(target)…")
    defer { status.clear() }
    let report = try DeliveryAnalyzer(settings: settings).analyze(history, target: target)
    if ProcessInfo.processInfo.environment["BATON_CACHE_STATS"] == "1" {
      let place = cache?.path ?? "no cache"
      FileHandle.standardError.write(
        Data(
          ("baton: cache: \(history.hits) diffs read, \(history.computed) computed, "
            + "\(report.resumedChanges) changes resumed, \(history.keptWrites.isEmpty ? "kept nothing" : "kept " + history.keptWrites.sorted().joined(separator: ", ")) (\(place))\n").utf8))
    }
    if repository.isShallow {
      warn("shallow clone: history is cut, so changes before its boundary are not seen")
    }
    if report.missingSizes > 0 {
      warn("\(report.missingSizes) changes have no size: their blobs are missing (a partial clone)")
    }
    return Analysis(
      report: report, target: target, repository: repository.location.workTree ?? repository.location.gitDirectory,
      reviewHeads: try history.reviewHeads().count, configuration: configuration)
  }

  func loadConfiguration(_ repository: Repository) throws -> Configuration {
    if let config { return try Configuration.load(config, required: true) }
    guard let root = repository.location.workTree else { return Configuration() }
    return try Configuration.load(root + "/.baton.toml", required: false)
  }

  private func deploymentSource(_ repository: Repository, _ configuration: Configuration) throws -> DeploymentSource {
    let fromFlags = deployTags != nil || deployBranch != nil || deployLog != nil
    let tags = fromFlags ? deployTags : configuration.deployTags
    let branch = fromFlags ? deployBranch : configuration.deployBranch
    let log = fromFlags ? deployLog : configuration.deployLog
    if let branch {
      guard let reference = try repository.reference(named: "refs/heads/\(branch)") ?? repository.reference(named: "refs/remotes/\(branch)"),
        let tip = try repository.commitID(of: reference)
      else { throw ValidationError("unknown deploy branch '\(branch)'") }
      return .branch(name: branch, tip: tip)
    }
    if let log { return .log(try DeployLog.read(log, repository)) }
    let pattern = tags ?? DeploymentSource.defaultTagPattern
    guard (try? Regex(pattern)) != nil else { throw ValidationError("invalid deploy tag pattern '\(pattern)'") }
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

  func summary(by split: Summary.Split? = nil) -> Summary {
    Summary(report, repository: repository, branch: target.description, reviewHeads: reviewHeads, by: split)
  }
}

/// A line on a terminal's stderr while work takes longer than a moment, erased when it ends.
final class StatusLine: @unchecked Sendable {
  private let lock = NSLock()
  private var shown = false
  private var finished = false

  init(after seconds: Double, _ text: String) {
    guard isatty(STDERR_FILENO) == 1 else { return }
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
      lock.lock()
      defer { lock.unlock() }
      guard !finished else { return }
      shown = true
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  func clear() {
    lock.lock()
    defer { lock.unlock() }
    finished = true
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}

/// One line on stderr: what a user should know that is not the output.
func warn(_ message: String) {
  FileHandle.standardError.write(Data("baton: warning: \(message)\n".utf8))
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case table, markdown, json
}

extension Summary.Split: ExpressibleByArgument {}

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the delivery summary of a repository.",
    discussion: """
      Throughput, cycle time and its parts, PR size, deployment frequency, lead time, change failure \
      rate, time to restore, the review queue and its growth, individual output against team \
      throughput, review load, and what the figures stand on. Percentiles are p50 / p85 / p95 with n; \
      a figure on fewer than 10 values is marked.

      Examples:
        baton report
        baton report ~/src/shop --since 2026-01-01 --format markdown
        baton report --as-of 2026-06-30 --by cohort
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: table (a terminal), markdown, or json.")
  var format: ReportFormat = .table

  @Option(help: "Split cycle time, review wait and size by cohort (ai, bot, human), author or team.")
  var by: Summary.Split?

  func run() throws {
    let summary = try repository.analyze().summary(by: by)
    switch format {
    case .json:
      print(summary.json, terminator: "")
    case .markdown:
      print(SummaryText(style: .markdown).render(summary), terminator: "")
    case .table:
      let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      print(SummaryText(style: .terminal(color: color)).render(summary), terminator: "")
    }
  }
}
