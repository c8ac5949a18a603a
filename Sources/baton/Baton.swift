import ArgumentParser
import DeliveryMetrics
import Foundation
import GitHistory

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
    subcommands: [Report.self, Export.self],
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

  @Option(help: ArgumentHelp("The moment the report is taken at: ages and windows count back from it.", valueName: "date"))
  var asOf: DateArgument?

  @Option(help: ArgumentHelp("Start of the window (default: 90d before as-of). A date (2026-01-31), ISO-8601, or a span back from as-of (90d, 12w).", valueName: "date"))
  var since: DateArgument?

  @Option(help: ArgumentHelp("End of the window (default: as-of).", valueName: "date"))
  var until: DateArgument?

  /// Opens the repository and runs the delivery model over it.
  func analyze() throws -> DeliveryReport {
    let repository = try Repository(discoveringFrom: path)
    let target = try repository.targetBranch(named: branch)
    let window = try window()
    let settings = AnalysisSettings(asOf: window.asOf, since: window.since, until: window.until)
    return try DeliveryAnalyzer(settings: settings).analyze(repository, target: target)
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

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the delivery summary of a repository.",
    discussion: "For now: the target branch and why it was chosen, and the size and span of its first-parent history."
  )

  @OptionGroup var repository: RepositoryOptions

  func run() throws {
    let repo = try Repository(discoveringFrom: repository.path)
    let target = try repo.targetBranch(named: repository.branch)
    let line = try repo.firstParentLine(from: target.tip)
    let newest = try repo.commit(line[0]).committer.time
    let oldest = try repo.commit(line[line.count - 1]).committer.time
    var lines = [
      "repository  \(repo.location.workTree ?? repo.location.gitDirectory)",
      "branch      \(target)",
      "commits     \(line.count) on the first-parent line",
      "first       \(formatDate(oldest))",
      "last        \(formatDate(newest))",
    ]
    let window = try repository.window()
    let changes = try ChangeRecognizer().changes(in: repo, target: target, asOf: window.asOf, since: window.since)
      .filter { (window.since...window.until).contains($0.mergedAt) }
    let kinds = Change.Kind.allCases.compactMap { kind -> String? in
      let count = changes.filter { $0.kind == kind }.count
      return count == 0 ? nil : "\(kind.rawValue) \(count) (\(count * 100 / max(changes.count, 1))%)"
    }
    lines.append("window      \(formatDate(GitTime(seconds: window.since))) .. \(formatDate(GitTime(seconds: window.until)))")
    lines.append("changes     \(changes.count) merged in the window: \(kinds.joined(separator: ", "))")
    if repo.isShallow { lines.append("warning     shallow clone: history is cut before its first commit") }
    print(lines.joined(separator: "\n"))
  }
}

func formatDate(_ time: GitTime) -> String {
  let formatter = ISO8601DateFormatter()
  formatter.timeZone = TimeZone(identifier: "UTC")
  return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time.seconds)))
}
