import ArgumentParser
import DeliveryMetrics
import Foundation
import Reports

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write delivery tables as CSV, for a nightly job feeding a warehouse.",
    discussion: """
      Tables (columns listed in docs/figures.md of baton's repository):
        changes      a row per change merged: kind, people, times, size
        weekly       a row per week: throughput, output, medians, queue
        authors      a row per human author: output, AI share, reviews
        deployments  a row per deployment: changes shipped, failed, restored
        queue        a row per day: review queue, wip, arrivals, departures
      Columns never change order (new ones are only added at the end), rows are in a stable \
      order, and files are written to a temporary file and renamed, so a reader never sees half \
      a file and a rerun on an unchanged repository writes the same bytes.

      Examples:
        baton export --table changes --output changes.csv
        baton export --all --output-dir /var/lib/baton/shop
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: ArgumentHelp("The table to write: \(Table.names.joined(separator: ", ")).", valueName: "name"))
  var table: String?

  @Option(help: ArgumentHelp("Write the table to this file instead of standard output.", valueName: "file"))
  var output: String?

  @Flag(help: "Write every table, as NAME.csv (or NAME.json) in --output-dir.")
  var all = false

  @Option(help: "csv (RFC 4180, a header row), json (an array of objects with the same fields), or jsonl (one object a line).")
  var format: ExportFormat = .csv

  @Option(help: ArgumentHelp("The folder for --all.", valueName: "dir"))
  var outputDir: String?

  func validate() throws {
    if output == "" { throw ValidationError("--output is empty: name a file, or leave it out for standard output") }
    if outputDir == "" { throw ValidationError("--output-dir is empty: name a folder") }
    if all {
      guard outputDir != nil else { throw ValidationError("--all needs --output-dir") }
      guard table == nil, output == nil else { throw ValidationError("--all writes every table: drop --table and --output") }
    } else {
      guard let table else { throw ValidationError("name a table with --table (\(Table.names.joined(separator: ", "))) or use --all") }
      guard Table.names.contains(table) else {
        throw ValidationError("unknown table '\(table)' (expected one of \(Table.names.joined(separator: ", ")))")
      }
    }
  }

  func run() throws {
    // Fail on a bad destination before the analysis, not after it.
    if let outputDir {
      do {
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
      } catch {
        throw ValidationError("cannot create \(outputDir): \(error.localizedDescription)")
      }
    }
    if let output { try AtomicFile.checkDestination(output) }
    if repository.readsSeveral { return try runSeveral() }
    let tables = all ? Table.names : [table!]
    let analysis = try repository.analyze(readsQueue: tables.contains { Table.needsQueue($0) })
    let report = analysis.report
    if report.isStale { warn(analysis.staleNotice) }
    if all, let outputDir {
      // A loader waits for _SUCCESS: gone while the set is replaced, written last (docs/figures.md section 10).
      let success = outputDir + "/_SUCCESS"
      if unlink(success) != 0, errno != ENOENT { throw Output.failure(success, errno) }
      for name in Table.names {
        try AtomicFile.write(render(Table.named(name, report)!), to: outputDir + "/\(name).\(format.rawValue)")
      }
      try AtomicFile.write(successNote(analysis, tables: Table.names), to: success)
      return
    }
    let text = render(Table.named(table!, report)!)
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      try Output.standard(text)
    }
  }
}

extension Export {
  /// What `_SUCCESS` says: which run wrote the set, of what, as of when.
  func successNote(_ analysis: Analysis, tables: [String]) -> String {
    let settings = analysis.report.settings
    return """
      baton \(Baton.version)
      repository \(analysis.repository)
      branch \(analysis.target.description)
      as_of \(Format.timestamp(settings.asOf))
      since \(Format.timestamp(settings.since))
      until \(Format.timestamp(settings.until))
      tables \(tables.map { "\($0).\(format.rawValue)" }.joined(separator: " "))
      written_at \(Format.timestamp(Int64(Date().timeIntervalSince1970)))

      """
  }

  func render(_ table: Table) -> String {
    switch format {
    case .csv: table.csv
    case .json: table.json
    case .jsonl: table.jsonl
    }
  }
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
  case csv, json, jsonl
}

/// Writes a file whole or not at all: a temporary file beside it, then a rename.
///
/// Temporary names are random (`.NAME.tmp-<random>`), since process ids repeat across
/// containers sharing a volume, and a run holds a lock on its temporary file while it
/// writes it: a temporary file nobody holds is what a killed run left, and is removed
/// (docs/figures.md section 9).
enum AtomicFile {
  /// Fails before any analysis when a file could not be written there.
  static func checkDestination(_ path: String) throws {
    guard !path.isEmpty else { throw ValidationError("--output is empty: name a file, or leave it out for standard output") }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("\(path) is a directory: --output names a file")
    }
    try checkFolder(of: path)
  }

  static func checkFolder(of path: String) throws {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("no such directory: \(folder.path)")
    }
  }

  static func write(_ text: String, to path: String) throws {
    try checkDestination(path)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let prefix = ".\(url.lastPathComponent).tmp-"
    removeLeftovers(in: folder, prefix: prefix)
    let random = (0..<2).map { _ in String(UInt64.random(in: .min ... .max), radix: 16) }.joined(separator: "-")
    let temporary = folder + "/" + prefix + random
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw Output.failure(path, errno) }
    defer { close(descriptor) }
    // Held until the descriptor closes: a live run's temporary file is never taken for a leftover.
    _ = flock(descriptor, LOCK_EX)
    do {
      try Output.write(text, to: descriptor, naming: path)
      guard fsync(descriptor) == 0 else { throw Output.failure(path, errno) }
      // rename(2) replaces the old file in one step.
      guard rename(temporary, url.path) == 0 else { throw Output.failure(path, errno) }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// Removes temporary files of `prefix` that no running baton holds: what killed runs left.
  /// One younger than a few seconds may be a run's that has not locked it yet, and is left.
  static func removeLeftovers(in folder: String, prefix: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names where name.hasPrefix(prefix) {
      let path = folder + "/" + name
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
        let modified = attributes[.modificationDate] as? Date, Date().timeIntervalSince(modified) > 5
      else { continue }
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      defer { close(descriptor) }
      if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
    }
  }
}
