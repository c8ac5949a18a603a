import ArgumentParser
import DeliveryMetrics
import Foundation
import GitHistory
import TOMLKit

/// The settings in `.baton.toml`, so that report, export and check agree. Flags override them.
struct Configuration {
  /// Where relative paths in the file are read from: the file's folder (or, for a
  /// `.baton.toml` committed in a bare repository, the repository); nil without a file.
  var directory: String?
  var branch: String?
  var tz: String?
  var deployTags: String?
  var deployBranch: String?
  var deployLog: String?
  var prMetadata: String?
  var syncBranches: [String]?
  var sizeExclude: [String]?
  var botPatterns: [String] = []
  var aiPatterns: [String] = []
  var staleAfter: Int64?
  var failureWindow: Int64?
  var growthWindow: Int64?
  var teams: [(name: String, patterns: [String])] = []
  var maxReviewQueue: Int?
  var maxReviewQueueGrowth: Double?
  var maxReviewWaitP85: Int64?
  var maxPRSizeP85: Int?
  var maxCycleTimeP85: Int64?
  var maxChangeFailureRate: Double?
  var maxOldestOpen: Int64?
  var maxPickupTimeP85: Int64?
  /// `[[convention]]` tables (ConventionConfig.swift).
  var conventions: [DeclaredConvention] = []
  /// `[warning_signs]` and `[areas]` (ConfigurationDiagnosis.swift).
  var warningThresholds = WarningThresholds()
  var areas: [(name: String, patterns: [String])] = []

  static let topKeys = [
    "branch", "tz", "deploy_tags", "deploy_branch", "deploy_log", "sync_branches", "size_exclude", "bot_patterns",
    "ai_patterns", "stale_after", "failure_window", "thresholds", "teams", "warning_signs", "areas", "convention", "pr_metadata",
  ]
  static let thresholdKeys = [
    "max_review_queue", "max_review_queue_growth", "growth_window", "max_review_wait_p85", "max_pr_size_p85",
    "max_cycle_time_p85", "max_change_failure_rate", "max_oldest_open", "max_pickup_time_p85",
  ]

  /// Reads `path`; a missing default file is an empty configuration, a missing named one an
  /// error. A file that is there but cannot be read (a folder, no permission, not UTF-8) is
  /// always an error: skipping it would silently drop the gate it sets.
  static func load(_ path: String, required: Bool) throws -> Configuration {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      if required { throw ValidationError("no such config file: \(path)") }
      return Configuration()
    }
    guard !isDirectory.boolValue else { throw ValidationError("\(path): is a directory, not a config file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("\(path): cannot be read (check its permissions)")
    }
    return try parse(Array(data), path: path)
  }

  /// Parses a config file's bytes; `path` names it in errors.
  static func parse(_ bytes: [UInt8], path: String) throws -> Configuration {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let line = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        .firstIndex { String(validating: $0, as: UTF8.self) == nil }.map { $0 + 1 } ?? 1
      throw ValidationError("\(path):\(line): not UTF-8 (TOML files are UTF-8 text)")
    }
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ValidationError("\(path):\(error.source.begin.line): \(error.description)")
    }
    let reader = Reader(path: path, text: text, section: nil)
    var config = Configuration()
    config.directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    for key in table.keys {
      guard topKeys.contains(key) else { throw reader.unknown(key, expected: topKeys) }
    }
    config.branch = try reader.string(table, "branch")
    config.tz = try reader.string(table, "tz")
    if let zone = config.tz, TimeZone(identifier: zone) == nil {
      throw reader.error("tz", "unknown time zone '\(zone)' (for example UTC, Europe/Berlin)")
    }
    config.deployTags = try reader.string(table, "deploy_tags")
    if let pattern = config.deployTags {
      do { _ = try TagPattern.compile(pattern) } catch let problem as ValidationError { throw reader.error("deploy_tags", problem.message) }
    }
    config.deployBranch = try reader.string(table, "deploy_branch")
    config.deployLog = try reader.string(table, "deploy_log")
    if [config.deployTags, config.deployBranch, config.deployLog].compactMap({ $0 }).count > 1 {
      throw reader.error("deploy_tags", "set one of deploy_tags, deploy_branch, deploy_log")
    }
    config.prMetadata = try reader.string(table, "pr_metadata")
    config.syncBranches = try reader.strings(table, "sync_branches")
    config.sizeExclude = try reader.strings(table, "size_exclude")
    config.botPatterns = try reader.strings(table, "bot_patterns") ?? []
    config.aiPatterns = try reader.strings(table, "ai_patterns") ?? []
    config.staleAfter = try reader.span(table, "stale_after")
    config.failureWindow = try reader.span(table, "failure_window")
    if let value = table["thresholds"] {
      guard let thresholds = value.table else { throw reader.error("thresholds", "expected a table ([thresholds])") }
      let reader = reader.inSection("thresholds")
      for key in thresholds.keys {
        guard thresholdKeys.contains(key) else { throw reader.unknown(key, expected: thresholdKeys) }
      }
      config.maxReviewQueue = try reader.int(thresholds, "max_review_queue")
      config.maxReviewQueueGrowth = try reader.fraction(thresholds, "max_review_queue_growth")
      config.growthWindow = try reader.span(thresholds, "growth_window")
      config.maxReviewWaitP85 = try reader.span(thresholds, "max_review_wait_p85")
      config.maxPRSizeP85 = try reader.int(thresholds, "max_pr_size_p85")
      config.maxCycleTimeP85 = try reader.span(thresholds, "max_cycle_time_p85")
      config.maxChangeFailureRate = try reader.fraction(thresholds, "max_change_failure_rate")
      config.maxOldestOpen = try reader.span(thresholds, "max_oldest_open")
      config.maxPickupTimeP85 = try reader.span(thresholds, "max_pickup_time_p85")
    }
    if let value = table["teams"] {
      guard let teams = value.table else { throw reader.error("teams", "expected a table ([teams])") }
      let reader = reader.inSection("teams")
      // Teams keep the file's order: the first that matches an author wins.
      for name in reader.keysInFileOrder(teams.keys) {
        guard let patterns = try reader.strings(teams, name) else { continue }
        config.teams.append((name, patterns))
      }
    }
    try config.readDiagnosis(table, reader)
    config.conventions = try ConventionConfig.read(table, path: path, text: text)
    return config
  }

  /// Reads typed values, and names the file and line of anything wrong.
  struct Reader {
    var path: String
    var text: String
    /// The `[table]` whose keys are being read; nil for the top level.
    var section: String?

    func inSection(_ name: String) -> Reader {
      Reader(path: path, text: text, section: name)
    }

    func line(of key: String) -> Int {
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      var start = 0
      if let section, let header = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(section)]" }) {
        start = header + 1
      }
      for (index, line) in lines.enumerated().dropFirst(start) {
        let trimmed = line.drop(while: \.isWhitespace)
        if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).drop(while: \.isWhitespace).hasPrefix("=") {
          return index + 1
        }
        if trimmed.hasPrefix("[\(key)]") { return index + 1 }
      }
      return 1
    }

    /// Keys by the line they are on: each line looked up once, so 2,000 teams cost 2,000 look-ups.
    func keysInFileOrder(_ keys: [String]) -> [String] {
      let lines = lineNumbers(of: keys)
      return keys.sorted { (lines[$0] ?? 1, $0) < (lines[$1] ?? 1, $1) }
    }

    /// The line of each key in this section, by one pass over the file.
    /// - Complexity: O(lines + keys).
    func lineNumbers(of keys: [String]) -> [String: Int] {
      let wanted = Set(keys)
      var found: [String: Int] = [:]
      var inSection = section == nil
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") {
          inSection = trimmed == "[\(section ?? "")]"
          continue
        }
        guard inSection, let equals = trimmed.firstIndex(of: "=") else { continue }
        var key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
        if key.count >= 2, key.first == "\"", key.last == "\"" { key = String(key.dropFirst().dropLast()) }
        if wanted.contains(key), found[key] == nil { found[key] = index + 1 }
      }
      return found
    }

    func error(_ key: String, _ message: String) -> ValidationError {
      ValidationError("\(path):\(line(of: key)): \(key): \(message)")
    }

    func unknown(_ key: String, expected: [String]) -> ValidationError {
      let hint = closest(to: key, among: expected).map { " (expected \($0))" } ?? ""
      return ValidationError("\(path):\(line(of: key)): unknown key '\(key)'\(hint)")
    }

    func string(_ table: TOMLTable, _ key: String) throws -> String? {
      guard let value = table[key] else { return nil }
      guard let string = value.string else { throw error(key, "expected a string") }
      return string
    }

    func strings(_ table: TOMLTable, _ key: String) throws -> [String]? {
      guard let value = table[key] else { return nil }
      guard let array = value.array else { throw error(key, "expected a list of strings") }
      return try array.map { item in
        guard let string = item.string else { throw error(key, "expected a list of strings") }
        return string
      }
    }

    func int(_ table: TOMLTable, _ key: String) throws -> Int? {
      guard let value = table[key] else { return nil }
      guard let int = value.int, int >= 0 else { throw error(key, "expected a whole number") }
      return int
    }

    func span(_ table: TOMLTable, _ key: String) throws -> Int64? {
      guard let value = table[key] else { return nil }
      let expected = "expected a span such as \"48h\", \"14d\" or \"2w\""
      guard let text = value.string else { throw error(key, expected) }
      let seconds: Int64?
      do { seconds = try Span.parse(text) } catch let problem as ValidationError { throw error(key, problem.message) }
      guard let seconds else { throw error(key, expected) }
      return seconds
    }

    /// A share: `"25%"` or a number from 0 to 1, by the rules of `--max-...` flags; a ratio
    /// that may pass 1 (a growth, an excess) takes a bare number of any size.
    func fraction(_ table: TOMLTable, _ key: String, ratio: Bool = false) throws -> Double? {
      guard let value = table[key] else { return nil }
      do {
        if let double = value.double { return try Fraction.checked(double, percent: false, as: "\(double)", ratio: ratio) }
        if let int = value.int { return try Fraction.checked(Double(int), percent: false, as: "\(int)", ratio: ratio) }
        guard let text = value.string else { throw ValidationError("expected a share such as \"25%\" or 0.25") }
        return try Fraction.parse(text).value
      } catch let problem as ValidationError {
        throw error(key, problem.message)
      }
    }
  }
}
