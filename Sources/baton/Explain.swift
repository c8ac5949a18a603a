import ArgumentParser
import DeliveryMetrics
import Foundation
import GitHistory
import Reports

/// `baton explain [PATH] COMMIT|#NUMBER`: how baton read one commit or change, the first
/// thing to run when a figure looks wrong (docs/figures.md section 2).
struct Explain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show how one commit or change was read: the rule that claimed it and its evidence.",
    discussion: """
      Prints the rule (built-in or a declared [[convention]]) that made the change, the message \
      lines, parents and refs it stands on, its kind, number and forge, its times with their \
      source, its reviewers and merger with theirs, and its size.

      Examples:
        baton explain 3f2a9c1
        baton explain ~/src/shop '#1234'
        baton explain --since 2020-01-01 9d1e0b7
      """
  )

  @OptionGroup var repository: RepositoryOptions

  func validate() throws {
    guard (1...2).contains(repository.paths.count) else {
      throw ValidationError("give a commit or #NUMBER, after the repository's path if it is not the current folder")
    }
  }

  func run() throws {
    // `baton explain [PATH] COMMIT|#NUMBER`: the last argument names the change, one before
    // it the repository (default the current folder).
    var options = repository
    let wanted = repository.paths[repository.paths.count - 1]
    options.paths = repository.paths.count == 2 ? [repository.paths[0]] : ["."]
    let repository = try Repository(discoveringFrom: options.path)
    var commit: ObjectID?
    var number: String?
    if wanted.hasPrefix("#") {
      number = String(wanted.dropFirst())
    } else {
      do {
        commit = try repository.resolveCommit(wanted)
      } catch {
        throw ValidationError("unknown commit '\(wanted)'")
      }
    }
    // A commit's change merged after the commit was written: recognise from a day before it.
    if let commit, options.since == nil {
      options.since = .moment(try repository.commit(commit).committer.time.seconds - 86_400)
    }
    let analysis = try options.analyze(readsQueue: false)
    let report = analysis.report
    let matches: [Change]
    if let commit {
      matches = report.allChanges.filter { $0.mergeCommit == commit || $0.landedCommits.contains(commit) }
    } else {
      matches = report.allChanges.filter { $0.number == number || $0.changeID == number }
    }
    guard !matches.isEmpty else {
      print(Escaping.terminalSafe(notFound(wanted, commit: commit, repository, analysis), keepingStyles: false), terminator: "")
      return
    }
    for (index, found) in matches.enumerated() {
      if index > 0 { print("") }
      let measured = report.changes.first { $0.changeID == found.changeID } ?? found
      print(Escaping.terminalSafe(try describe(measured, repository), keepingStyles: false), terminator: "")
    }
  }

  private func notFound(_ wanted: String, commit: ObjectID?, _ repository: Repository, _ analysis: Analysis) -> String {
    var text = "\(wanted): no change of \(analysis.target.description) claims it.\n"
    if let commit, let read = try? repository.commit(commit) {
      text += "  commit   \(commit.hex)\n  parents  \(read.parents.map(\.hex).joined(separator: " "))\n"
      text += "  subject  \(escaped(read.subject))\n"
      if read.parents.count > 1 {
        text += "  a merge with no number whose branch is long-lived (a sync merge), or whose commits were all on the line before it (an empty merge), is no change\n"
      } else {
        text += "  a commit not on the first-parent line, nor in a merge, group or run that landed by as-of, belongs to no change\n"
      }
    } else {
      text += "  no change merged in the window has that number; widen it with --since\n"
    }
    return text
  }

  private func describe(_ change: Change, _ repository: Repository) throws -> String {
    var lines: [(String, String)] = []
    let declared = change.rule.hasPrefix("declared: ")
    lines.append(("rule", declared ? change.rule.dropFirst("declared: ".count) + " (declared in .baton.toml)" : change.rule + " (built-in)"))
    lines.append(("kind", change.kind.rawValue + (change.isImport ? " (an import)" : "")))
    lines.append(("number", change.number.map { "\($0) (forge \(change.forge?.rawValue ?? "-"))" } ?? "- (forge \(change.forge?.rawValue ?? "-"))"))
    lines.append(("title", escaped(change.title)))
    let merge = try repository.commit(change.mergeCommit)
    lines.append(("commit", change.mergeCommit.hex))
    lines.append(("parents", merge.parents.map(\.hex).joined(separator: " ")))
    for line in evidence(merge) { lines.append(("evidence", escaped(line))) }
    let landed = change.landedCommits.filter { $0 != change.mergeCommit }
    if !landed.isEmpty {
      lines.append(("commits", "\(change.commits) (\(landed.count) landed in its messages)"))
      for id in landed.prefix(20) {
        let subject = (try? repository.commit(id).subject) ?? ""
        lines.append(("", "\(id.abbreviated(12)) \(escaped(subject))"))
      }
      if landed.count > 20 { lines.append(("", "… and \(landed.count - 20) more")) }
    }
    lines.append(("author", escaped(change.author.description) + " (cohort \(change.cohort.rawValue))"))
    lines.append(("reviewers", change.reviewers.isEmpty ? "-" : escaped(change.reviewers.joined(separator: "; ")) + " (from \(change.reviewSource == .trailer ? "trailers or r=" : "the merger"))"))
    lines.append(("merger", change.merger.map { escaped($0) + (change.mergedByAuthor ? " (the author)" : "") } ?? "- (not recorded)"))
    lines.append(("merged", iso(change.mergedAt) + " (committer time of \(change.mergeCommit.abbreviated(12)))"))
    lines.append(("first commit", change.firstCommitAt.map(iso) ?? "-"))
    lines.append(("last commit", change.lastCommitAt.map(iso) ?? "-"))
    lines.append(("times from", timingText(change.timingSource)))
    lines.append(("deployed", change.deployedAt.map { iso($0) + (change.deployment.map { " (\($0))" } ?? "") } ?? "-"))
    if let diff = change.diff {
      lines.append(("size", "\(diff.lines) lines (+\(diff.additions) -\(diff.deletions)) in \(diff.files) files"))
    } else {
      lines.append(("size", change.sizeStatus == .missingObjects ? "- (blobs missing)" : "- (not measured: merged outside the window)"))
    }
    if change.isRevert { lines.append(("revert", change.reverts.map { "reverts \($0)" } ?? "a revert of a change not known")) }
    let width = lines.map(\.0.count).max() ?? 0
    var text = "change \(change.changeID)\n"
    for (key, value) in lines {
      text += "  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + "\n"
    }
    return text
  }

  /// The subject and the `Key: value` lines of a message: what the rules read.
  private func evidence(_ commit: Commit) -> [String] {
    var found = ["subject: " + commit.subject]
    for line in commit.message.split(separator: "\n").dropFirst() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard let colon = trimmed.firstIndex(of: ":"), colon > trimmed.startIndex,
        trimmed[..<colon].count <= 40, trimmed[..<colon].allSatisfy({ $0.isLetter || $0 == "-" || $0 == " " })
      else { continue }
      found.append(trimmed)
    }
    return found
  }

  private func timingText(_ source: Change.TimingSource) -> String {
    switch source {
    case .branch: "branch (the merge's branch commits)"
    case .prRef: "pr-ref (the review head ref's commits)"
    case .landed: "landed (the landed commits' author times)"
    case .commit: "commit (the commit's own author time)"
    case .prMetadata: "pr-metadata"
    case .none: "none (every author time was written at landing)"
    }
  }

  private func iso(_ seconds: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// Control characters from the history are shown escaped, never sent to the terminal.
  private func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += String(format: "\\x%02x", scalar.value)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
