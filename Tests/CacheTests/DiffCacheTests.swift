import Cache
import Foundation
import GRDB
import Testing

@Suite("The diff-stats cache")
struct DiffCacheTests {
  func scratch() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-cache-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test("what is stored is read back; what is not is absent")
  func roundTrip() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = try #require(DiffCache.open(gitDirectory: folder))
    #expect(cache.path == folder + "/baton/cache.sqlite")
    try cache.store([("a..b x", 3, 1, 2)])
    let found = try cache.stats(for: ["a..b x", "c..d x"])
    #expect(found.count == 1)
    #expect(found["a..b x"]! == (3, 1, 2))
    // A second handle, as the next run opens it, sees the same.
    #expect(try DiffCache(path: cache.path).stats(for: ["a..b x"]).count == 1)
  }

  @Test("a damaged row (a cell that is not a whole number, a text where a blob was kept) is absent, not a crash")
  func damagedCells() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cache.sqlite"
    let cache = try DiffCache(path: path)
    try cache.store([("a..b x", 3, 1, 2), ("c..d x", 5, 0, 1)])
    try cache.keep(Data([1, 2, 3]), as: "graph")
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "UPDATE diff_stats SET additions = 'twelve' WHERE key = 'a..b x'")
      try db.execute(sql: "UPDATE kept SET data = 'not a blob'")
    }
    let found = try DiffCache(path: path).stats(for: ["a..b x", "c..d x"])
    #expect(found.count == 1)
    #expect(found["c..d x"]! == (5, 0, 1))
    #expect(try DiffCache(path: path).kept("graph") == nil)
    try queue.write { db in
      try db.execute(sql: "UPDATE diff_stats SET files = x'00ff' WHERE key = 'c..d x'")
    }
    #expect(try DiffCache(path: path).stats(for: ["c..d x"]).isEmpty)
    try cache.storePaths([("a..b x", ["src/a.txt": 3])])
    try queue.write { db in try db.execute(sql: "UPDATE diff_paths SET data = 42") }
    #expect(try DiffCache(path: path).paths(for: ["a..b x"]).isEmpty)
  }

  @Test("lines per path are kept apart from the counts: a pair stored without them has none")
  func paths() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = try #require(DiffCache.open(gitDirectory: folder))
    try cache.store([("a..b x", 3, 1, 2), ("c..d x", 1, 0, 1)])
    try cache.storePaths([("a..b x", ["src/a.txt": 3, "docs/b\tc.md": 1])])
    let found = try cache.paths(for: ["a..b x", "c..d x"])
    #expect(found == ["a..b x": ["src/a.txt": 3, "docs/b\tc.md": 1]])
  }

  @Test("rows of another computation version are ignored, not trusted")
  func staleVersion() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cache.sqlite"
    try DiffCache(path: path, version: DiffCache.computationVersion - 1).store([("a..b x", 99, 99, 99)])
    #expect(try DiffCache(path: path).stats(for: ["a..b x"]).isEmpty)
  }

  @Test("a git directory that cannot be written falls back to the user's cache directory")
  func readOnlyFallback() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let gitDirectory = folder + "/repo.git"
    try FileManager.default.createDirectory(atPath: gitDirectory, withIntermediateDirectories: true)
    // A plain file where the cache folder would go makes the git directory unusable, even for root.
    try Data().write(to: URL(fileURLWithPath: gitDirectory + "/baton"))
    let cache = try #require(DiffCache.open(gitDirectory: gitDirectory, userCacheDirectory: folder + "/user-cache"))
    #expect(cache.path.hasPrefix(folder + "/user-cache/baton/"))
    try cache.store([("k", 1, 1, 1)])
    #expect(try cache.stats(for: ["k"]).count == 1)
  }

  @Test("two writers at once both succeed and nothing is lost")
  func concurrentWriters() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cache.sqlite"
    _ = try DiffCache(path: path)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<2 {
        group.addTask {
          let cache = try DiffCache(path: path)
          for batch in 0..<20 {
            try cache.store((0..<50).map { ("w\(writer)-\(batch)-\($0)", 1, 2, 3) })
          }
        }
      }
      try await group.waitForAll()
    }
    let keys = (0..<2).flatMap { writer in (0..<20).flatMap { batch in (0..<50).map { "w\(writer)-\(batch)-\($0)" } } }
    #expect(try DiffCache(path: path).stats(for: keys).count == 2000)
  }
}
