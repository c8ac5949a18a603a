import ArgumentParser
import DeliveryMetrics
import Foundation
import Reports

// report, export and check over several repositories (docs/figures.md section 12).

extension Report {
  func runSeveral() throws {
    // Refused before hours of reading, not after.
    if format == .html { throw ValidationError("--format html reads one repository; name one path") }
    var run = try SeveralRepositories(repository)
    var lines: [OrgSummary.Line] = []
    var parts: [DeliveryReport] = []
    var reviewHeads = 0
    try run.analyse(
      keep: { analysis, name in
        (OrgSummary.Line(repo: name, path: analysis.repository, analysis.summary()), analysis.report.reduced(named: name), analysis.reviewHeads)
      },
      take: { _, kept in
        lines.append(kept.0)
        parts.append(kept.1)
        reviewHeads += kept.2
      })
    guard let union = DeliveryReport.union(parts) else { throw ValidationError("no repository could be read") }
    let grouping = by.map { Summary.Grouping($0, top: top, includesBots: bots) }
    let org = OrgSummary(
      union: Summary(
        union, repository: "\(parts.count) repositories", branch: "the union of their changes", reviewHeads: reviewHeads,
        by: grouping),
      repositories: lines, skipped: run.failures.map { OrgSummary.Skipped(repo: $0.name, error: $0.message) })
    let text: String
    switch format {
    case .json: text = org.json
    case .markdown: text = org.render(.markdown)
    case .html: throw ValidationError("--format html reads one repository; name one path")
    case .table:
      let color = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
      text = org.render(.terminal(color: color))
    }
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
    try run.finish()
  }
}

extension Export {
  /// `--all`: each repository's tables written as soon as it is read, partitioned
  /// (`DIR/TABLE/repo=NAME/TABLE.EXT`), then `DIR/_SUCCESS`. `--table`: one table, every
  /// repository's rows in the order they were named.
  func runSeveral() throws {
    var run = try SeveralRepositories(repository)
    let tables = all ? Table.names : [table!]
    let readsQueue = tables.contains { Table.needsQueue($0) }
    let me = UncheckedBox(self)
    if all, let outputDir {
      // A loader waits for _SUCCESS: take away the last run's before rewriting its files.
      try? FileManager.default.removeItem(atPath: outputDir + "/_SUCCESS")
      var written: [(String, Int)] = []
      let names = run.names
      try run.analyse(
        readsQueue: readsQueue,
        keep: { analysis, name in
          if analysis.report.isStale { warn("\(name): \(analysis.staleNotice)") }
          let report = analysis.report.reduced(named: name)
          for table in tables {
            let folder = "\(outputDir)/\(table)/repo=\(Self.partitionValue(name))"
            do {
              try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
              throw ValidationError("cannot create \(folder): \(error.localizedDescription)")
            }
            let rows = Table.named(table, report)!.tagged(repo: name)
            try AtomicFile.write(me.value.render(rows), to: "\(folder)/\(table).\(me.value.format.rawValue)")
          }
          return analysis.report.changes.count
        },
        take: { index, changes in written.append((names[index], changes)) })
      let window = try repository.window()
      var success = [
        "baton \(Baton.version) export", "finished_at \(Format.timestamp(Int64(Date().timeIntervalSince1970)))",
        "as_of \(Format.timestamp(window.asOf))", "since \(Format.timestamp(window.since))",
        "until \(Format.timestamp(window.until))", "format \(format.rawValue)", "tables \(tables.joined(separator: " "))",
      ]
      success += written.map { "repo \($0.0) \($0.1) changes" }
      success += run.failures.map { "skipped \($0.name): \($0.message)" }
      try AtomicFile.write(success.joined(separator: "\n") + "\n", to: outputDir + "/_SUCCESS")
      try run.finish()
      return
    }
    let name = table!
    var parts: [Table] = []
    try run.analyse(
      readsQueue: readsQueue,
      keep: { analysis, repo in
        if analysis.report.isStale { warn("\(repo): \(analysis.staleNotice)") }
        return UncheckedBox(Table.named(name, analysis.report.reduced(named: repo))!.tagged(repo: repo))
      },
      take: { _, table in parts.append(table.value) })
    let text = render(Table.concatenated(parts) ?? Table.empty(name).tagged(repo: ""))
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
    try run.finish()
  }

  /// A repository name as a directory of a partitioned table: characters Hive escapes in
  /// partition paths (`/`, `=`, `%`, `:` and others) written `%XX`, as Spark writes them.
  static func partitionValue(_ name: String) -> String {
    let escaped: Set<Character> = ["\"", "#", "%", "'", "*", "/", ":", "=", "?", "\\", "{", "[", "]", "^"]
    return name.map { character in
      guard escaped.contains(character) || character.asciiValue.map({ $0 < 0x20 || $0 == 0x7F }) == true else {
        return String(character)
      }
      return String(format: "%%%02X", character.asciiValue ?? 0)
    }.joined()
  }
}

extension Check {
  /// Limits in force: flags, else the repository's own file, else the organisation's.
  func thresholds(_ file: Configuration?, else organisation: Configuration? = nil) -> Thresholds {
    let files = [file, organisation].compactMap { $0 }
    func first<T>(_ key: (Configuration) -> T?) -> T? { files.lazy.compactMap(key).first }
    return Thresholds(
      maxReviewQueue: maxReviewQueue ?? first(\.maxReviewQueue),
      maxReviewQueueGrowth: maxReviewQueueGrowth?.value ?? first(\.maxReviewQueueGrowth),
      maxReviewWaitP85: maxReviewWaitP85?.seconds ?? first(\.maxReviewWaitP85),
      maxPRSizeP85: maxPrSizeP85 ?? first(\.maxPRSizeP85),
      maxCycleTimeP85: maxCycleTimeP85?.seconds ?? first(\.maxCycleTimeP85),
      maxChangeFailureRate: maxChangeFailureRate?.value ?? first(\.maxChangeFailureRate),
      maxOldestOpen: maxOldestOpen?.seconds ?? first(\.maxOldestOpen),
      maxPickupTimeP85: maxPickupTimeP85?.seconds ?? first(\.maxPickupTimeP85))
  }

  /// The union against the limits of the flags and `--config`, then each repository
  /// against its own; a repository whose window has no history has no verdict (skipped, exit 2).
  func runSeveral() throws {
    if maxWarningSigns != nil || !failOn.isEmpty {
      // The diagnosis (docs/figures.md section 11) is of one repository so far.
      throw ValidationError("--max-warning-signs and --fail-on check one repository; name one path")
    }
    var run = try SeveralRepositories(repository)
    let organisation = run.organisation
    let me = UncheckedBox(self)
    var results: [CheckText] = []
    var parts: [DeliveryReport] = []
    try run.analyse(
      growthWindow: growthWindow?.seconds,
      keep: { analysis, name in
        if analysis.report.isStale { throw ValidationError(analysis.staleNotice) }
        let report = analysis.report
        let result = CheckText(
          findings: report.check(me.value.thresholds(analysis.configuration, else: organisation)), repository: name,
          branch: analysis.target.description, asOf: Format.timestamp(report.settings.asOf),
          growthWindowDays: Int(report.settings.growthWindow / 86_400),
          staleAfterDays: Int(report.settings.staleAfter / 86_400))
        return UncheckedBox((result, report.reduced(named: name)))
      },
      take: { _, kept in
        results.append(kept.value.0)
        parts.append(kept.value.1)
      })
    guard let union = DeliveryReport.union(parts) else { throw ValidationError("no repository could be read") }
    let whole = CheckText(
      findings: union.check(thresholds(nil, else: organisation)), repository: "\(parts.count) repositories",
      branch: "the union of their changes", asOf: Format.timestamp(union.settings.asOf),
      growthWindowDays: Int(union.settings.growthWindow / 86_400), staleAfterDays: Int(union.settings.staleAfter / 86_400))
    let all = [whole] + results
    let breached = all.filter { $0.breaches > 0 }
    let text: String
    switch format {
    case .text:
      var verdict = breached.isEmpty
        ? "no limit breached, by the union or any repository"
        : "breached: " + breached.map { result in
          (result.repository == whole.repository ? "the union" : result.repository) + " (" + result.findings.filter { $0.verdict == .breach }.map { CheckText.label($0.rule) }
            .joined(separator: ", ") + ")"
        }.joined(separator: "; ")
      if !run.failures.isEmpty { verdict += "\nnot read: " + run.failures.map(\.name).joined(separator: ", ") }
      text = all.map(\.text).joined(separator: "\n") + "\n" + verdict + "\n"
    case .json:
      func object(_ result: CheckText) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(result.json.utf8))) ?? [:]
      }
      let value: [String: Any] = [
        "union": object(whole), "repositories": results.map(object),
        "breaches": all.map(\.breaches).reduce(0, +),
        "skipped": run.failures.map { ["repository": $0.name, "error": $0.message] },
      ]
      let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
      text = String(decoding: data, as: UTF8.self) + "\n"
    case .junit:
      // One <testsuite> per repository (and the union) inside one <testsuites>.
      let suites = all.flatMap { $0.junit.split(separator: "\n").dropFirst(2).dropLast() }
      let tests = all.map(\.findings.count).reduce(0, +)
      let failures = all.map(\.breaches).reduce(0, +)
      text = ([#"<?xml version="1.0" encoding="UTF-8"?>"#, #"<testsuites name="baton check" tests="\#(tests)" failures="\#(failures)">"#]
        + suites.map(String.init) + ["</testsuites>"]).joined(separator: "\n") + "\n"
    }
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
    try Self.publishOnGitHub(annotations: all.map(\.githubAnnotations).joined(), markdown: all.map(\.markdown).joined(separator: "\n"))
    try run.finish()
    if all.contains(where: { $0.breaches > 0 }) { throw ExitCode(1) }
  }
}
