import Foundation
import GRDB

/// Diff stats that never change for a commit pair and a way of counting, and the changes
/// recognised up to a commit (a checkpoint), kept in SQLite so that a nightly rerun does
/// only what is new.
///
/// The store lives in the repository's git directory (`baton/cache.sqlite`), or in the
/// user's cache directory when that is not writable. WAL mode and a busy timeout let two
/// runs share it; every write is one transaction, so an interrupted run leaves it whole.
/// Rows written by another version of the computation are ignored, never trusted.
public final class DiffCache: Sendable {
  /// Bumped whenever the way sizes are counted changes.
  public static let computationVersion = 1

  private let pool: DatabasePool
  private let version: Int
  /// Where the store is.
  public let path: String

  /// Opens (or creates) the store for a git directory; nil when neither place is writable.
  public static func open(gitDirectory: String, userCacheDirectory: String? = nil) -> DiffCache? {
    let primary = gitDirectory + "/baton/cache.sqlite"
    if let cache = try? DiffCache(path: primary) { return cache }
    let home = ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.cache" }
    guard let root = userCacheDirectory ?? ProcessInfo.processInfo.environment["XDG_CACHE_HOME"] ?? home else {
      return nil
    }
    let name = gitDirectory.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "_" }.joined()
    return try? DiffCache(path: root + "/baton/\(name).sqlite")
  }

  /// Opens the store at `path`, reading and writing rows of `version` only.
  public init(path: String, version: Int = DiffCache.computationVersion) throws {
    self.version = version
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    pool = try DatabasePool(path: path, configuration: configuration)
    self.path = path
    try pool.write { db in
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS diff_stats (
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            additions INTEGER NOT NULL,
            deletions INTEGER NOT NULL,
            files INTEGER NOT NULL,
            PRIMARY KEY (key, version)
          ) WITHOUT ROWID
          """)
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS diff_paths (
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (key, version)
          ) WITHOUT ROWID
          """)
      try db.execute(
        sql: """
          CREATE TABLE IF NOT EXISTS kept (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (name, version)
          ) WITHOUT ROWID
          """)
    }
  }

  /// What `keep` stored under a name by a run of this version.
  public func kept(_ name: String) throws -> Data? {
    try pool.read { db in
      let value = try DatabaseValue.fetchOne(
        db, sql: "SELECT data FROM kept WHERE name = ? AND version = ?", arguments: [name, version])
      // Only a blob is what `keep` wrote; anything else is damage, read as nothing kept.
      guard let value, case .blob(let data) = value.storage else { return nil }
      return data
    }
  }

  /// Keeps data under a name (a recognition checkpoint, the commit graph); it replaces what was there.
  public func keep(_ data: Data, as name: String) throws {
    try pool.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO kept (name, version, data) VALUES (?, ?, ?)", arguments: [name, version, data])
    }
  }

  /// The stored stats for these keys, by key; keys never stored are absent.
  public func stats(for keys: [String]) throws -> [String: (additions: Int, deletions: Int, files: Int)] {
    var found: [String: (additions: Int, deletions: Int, files: Int)] = [:]
    for row in try rows(of: "diff_stats", columns: "additions, deletions, files", for: keys) {
      // A damaged row (a cell that is not a whole number) is no row: its pair is diffed
      // again. GRDB's typed subscripts would trap on it.
      guard let key = String.fromDatabaseValue(row[0] as DatabaseValue),
        let additions = Int.fromDatabaseValue(row[1] as DatabaseValue),
        let deletions = Int.fromDatabaseValue(row[2] as DatabaseValue),
        let files = Int.fromDatabaseValue(row[3] as DatabaseValue),
        additions >= 0, deletions >= 0, files >= 0
      else { continue }
      found[key] = (additions, deletions, files)
    }
    return found
  }

  /// This version's rows of a table keyed by `key`, for these keys.
  private func rows(of table: String, columns: String, for keys: [String]) throws -> [Row] {
    guard !keys.isEmpty else { return [] }
    return try pool.read { db in
      var rows: [Row] = []
      // SQLite limits the variables of one statement: ask in chunks.
      for start in stride(from: 0, to: keys.count, by: 500) {
        let chunk = Array(keys[start..<min(start + 500, keys.count)])
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        rows += try Row.fetchAll(
          db, sql: "SELECT key, \(columns) FROM \(table) WHERE version = ? AND key IN (\(marks))",
          arguments: StatementArguments([version] + chunk))
      }
      return rows
    }
  }

  /// Stores stats, in one transaction.
  public func store(_ entries: [(key: String, additions: Int, deletions: Int, files: Int)]) throws {
    guard !entries.isEmpty else { return }
    try pool.write { db in
      for entry in entries {
        try db.execute(
          sql: "INSERT OR REPLACE INTO diff_stats (key, version, additions, deletions, files) VALUES (?, ?, ?, ?, ?)",
          arguments: [entry.key, version, entry.additions, entry.deletions, entry.files])
      }
    }
  }

  /// Lines per path of the pairs stored with them (sizes of areas), by key.
  public func paths(for keys: [String]) throws -> [String: [String: Int]] {
    var found: [String: [String: Int]] = [:]
    for row in try rows(of: "diff_paths", columns: "data", for: keys) {
      // A row that does not decode is as good as absent: the pair is diffed again.
      guard let key = String.fromDatabaseValue(row[0] as DatabaseValue),
        let data = Data.fromDatabaseValue(row[1] as DatabaseValue),
        let paths = try? JSONDecoder().decode([String: Int].self, from: data)
      else { continue }
      found[key] = paths
    }
    return found
  }

  /// Stores lines per path, in one transaction.
  public func storePaths(_ entries: [(key: String, linesByPath: [String: Int])]) throws {
    guard !entries.isEmpty else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    try pool.write { db in
      for entry in entries {
        try db.execute(
          sql: "INSERT OR REPLACE INTO diff_paths (key, version, data) VALUES (?, ?, ?)",
          arguments: [entry.key, version, try encoder.encode(entry.linesByPath)])
      }
    }
  }
}
