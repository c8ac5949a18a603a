import ArgumentParser
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
    if let output { try AtomicFile.checkFolder(of: output) }
    if repository.readsSeveral { return try runSeveral() }
    let tables = all ? Table.names : [table!]
    let analysis = try repository.analyze(readsQueue: tables.contains { Table.needsQueue($0) })
    let report = analysis.report
    if report.isStale { warn(analysis.staleNotice) }
    if all, let outputDir {
      for name in Table.names {
        try AtomicFile.write(render(Table.named(name, report)!), to: outputDir + "/\(name).\(format.rawValue)")
      }
      return
    }
    let text = render(Table.named(table!, report)!)
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }
}

extension Export {
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
enum AtomicFile {
  static func checkFolder(of path: String) throws {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("no such directory: \(folder.path)")
    }
  }

  static func write(_ text: String, to path: String) throws {
    try checkFolder(of: path)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
      try Data(text.utf8).write(to: temporary)
      // rename(2) replaces the old file in one step.
      guard rename(temporary.path, url.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw ValidationError("cannot write \(path): \(error.localizedDescription)")
    }
  }
}
