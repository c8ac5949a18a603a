import ArgumentParser
import DeliveryMetrics
import Foundation

/// One repository of a run over several, as `RepositoryOptions.analyze(part:)` reads it.
struct RepositoryPart {
  var path: String
  /// `repo` in every output (docs/figures.md section 12).
  var name: String
  /// Its share of `--jobs`.
  var jobs: Int
  /// The run's zone: every repository counts the same days.
  var zone: String
  /// The organisation's teams (`--config`), else nil for the repository's own.
  var teams: [(name: String, patterns: [String])]?
}

extension RepositoryOptions {
  /// Whether this run reads several repositories (several paths, or `--repos`).
  var readsSeveral: Bool { paths.count > 1 || repos != nil }

  /// The repositories named on the command line, then those of `--repos FILE`, each once.
  func repositoryPaths() throws -> [String] {
    var list = paths
    if let repos {
      let text: String
      do {
        text = try String(contentsOfFile: repos, encoding: .utf8)
      } catch {
        throw ValidationError("cannot read \(repos): \(error.localizedDescription)")
      }
      let folder = URL(fileURLWithPath: repos).deletingLastPathComponent()
      for line in text.split(whereSeparator: \.isNewline) {
        // A `#` starts a comment: the rest of the line is not a path.
        let path = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
          .trimmingCharacters(in: .whitespaces)
        if path.isEmpty { continue }
        list.append(path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path)
      }
    }
    var seen: Set<String> = []
    let unique = list.filter { seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted }
    guard !unique.isEmpty else { throw ValidationError("\(repos ?? "--repos") names no repository") }
    return unique
  }

  /// The organisation's file (`--config`), read once for every repository: its teams and
  /// thresholds apply to all of them, its zone to the days they are counted in.
  func organisationConfiguration() throws -> Configuration? {
    try config.map { try Configuration.load($0, required: true) }
  }

  /// Analyses at once, and threads for each: `--jobs` shared out, each analysis with at
  /// least one thread, so at most `--jobs` analyses (and their commit graphs) are alive.
  func schedule(count: Int) -> (parallel: Int, jobsEach: Int) {
    let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
    let parallel = max(1, min(jobs, count))
    return (parallel, max(1, jobs / parallel))
  }
}

enum RepositoryNames {
  /// `repo` for each path (docs/figures.md section 12): the directory's name without
  /// `.git`; where two would share one, each takes its parent's name, and a number where
  /// even those agree (`tools`, `tools-2`).
  static func names(_ paths: [String]) -> [String] {
    let urls = paths.map { URL(fileURLWithPath: $0).standardizedFileURL }
    func own(_ url: URL) -> String {
      let last = url.lastPathComponent
      return last.hasSuffix(".git") && last.count > 4 ? String(last.dropLast(4)) : last
    }
    var names = urls.map(own)
    let counts = Dictionary(grouping: names, by: { $0 }).mapValues(\.count)
    for index in names.indices where counts[names[index], default: 0] > 1 {
      let parent = own(urls[index].deletingLastPathComponent())
      if !parent.isEmpty, parent != "/" { names[index] = parent }
    }
    var used: [String: Int] = [:]
    for index in names.indices {
      let seen = used[names[index], default: 0] + 1
      used[names[index]] = seen
      if seen > 1 { names[index] += "-\(seen)" }
    }
    return names
  }
}

/// Runs work over every repository, a few at a time, and hands each result over in the
/// order the repositories were named: a failed repository is its error, never the run's.
enum RepositoryScheduler {
  static func run<T>(
    _ count: Int, parallel: Int, work: @escaping @Sendable (Int) throws -> T,
    finished: (Int, Result<T, Error>) -> Void
  ) {
    let state = SchedulerState<T>()
    let group = DispatchGroup()
    for _ in 0..<min(parallel, count) {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        while true {
          state.lock.lock()
          let index = state.next
          state.next += 1
          state.lock.unlock()
          guard index < count else { return }
          let result = Result { try work(index) }
          state.lock.lock()
          state.results[index] = result
          state.lock.signal()
          state.lock.unlock()
        }
      }
    }
    // Hand results over in order, each as soon as it and those before it are in.
    for index in 0..<count {
      state.lock.lock()
      while state.results[index] == nil { state.lock.wait() }
      let result = state.results.removeValue(forKey: index)!
      state.lock.unlock()
      finished(index, result)
    }
    group.wait()
  }
}

/// What the scheduler's threads share, under its lock.
private final class SchedulerState<T>: @unchecked Sendable {
  let lock = NSCondition()
  var next = 0
  var results: [Int: Result<T, Error>] = [:]
}

/// One display for a run over several repositories, on stderr: a status line on a
/// terminal, or with `--progress` a line as each repository is done.
final class RunProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let total: Int
  private let lines: Bool
  private let terminal: Bool
  private var done = 0
  private var reading: [String] = []
  private let started = Date()

  init(total: Int, lines: Bool) {
    self.total = total
    self.lines = lines
    terminal = !lines && isatty(STDERR_FILENO) == 1
  }

  func started(_ name: String) {
    lock.lock()
    defer { lock.unlock() }
    reading.append(name)
    show()
  }

  func finished(_ name: String, seconds: Double, failed: Bool) {
    lock.lock()
    defer { lock.unlock() }
    reading.removeAll { $0 == name }
    done += 1
    if lines {
      write("baton: \(done) of \(total) repositories: \(name) \(failed ? "failed" : "read") in \(String(format: "%.1f", seconds)) s\n")
    }
    show()
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if terminal { write("\r\u{1B}[K") }
    if lines { write("baton: \(total) repositories in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n") }
  }

  private func show() {
    guard terminal else { return }
    write("\r\u{1B}[Kbaton: \(done) of \(total) repositories read" + (reading.isEmpty ? "" : ", reading " + reading.joined(separator: ", ")))
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}

/// A run over several repositories: each analysed by its own rules, in parallel within
/// `--jobs`, reduced as soon as it is done to what the caller keeps of it.
struct SeveralRepositories {
  var options: RepositoryOptions
  var paths: [String]
  var names: [String]
  var organisation: Configuration?
  /// Repositories that could not be read, with why: reported and skipped (exit 2 at the end).
  var failures: [(name: String, message: String)] = []

  init(_ options: RepositoryOptions) throws {
    self.options = options
    paths = try options.repositoryPaths()
    names = RepositoryNames.names(paths)
    organisation = try options.organisationConfiguration()
  }

  /// Analyses every repository and hands each (`keep`, which reduces it) to `take` in the
  /// order named. At most `schedule().parallel` analyses are alive at once, and each is
  /// let go of as soon as `keep` has made what the run holds of it.
  mutating func analyse<Kept>(
    growthWindow: Int64? = nil, readsQueue: Bool = true,
    keep: @escaping @Sendable (Analysis, String) throws -> Kept, take: (Int, Kept) throws -> Void
  ) throws {
    let (parallel, jobsEach) = options.schedule(count: paths.count)
    let zone = options.tz ?? organisation?.tz ?? "UTC"
    guard TimeZone(identifier: zone) != nil else { throw ValidationError("unknown time zone '\(zone)'") }
    let teams = organisation.flatMap { $0.teams.isEmpty ? nil : $0.teams }
    let display = RunProgress(total: paths.count, lines: options.progress)
    let (options, paths, names) = (options, paths, names)
    let sendableTeams = UncheckedBox(teams)
    var failed: [(String, String)] = []
    var thrown: Error?
    RepositoryScheduler.run(paths.count, parallel: parallel, work: { index in
      let name = names[index]
      let part = RepositoryPart(path: paths[index], name: name, jobs: jobsEach, zone: zone, teams: sendableTeams.value)
      display.started(name)
      let started = Date()
      do {
        let kept = try keep(try options.analyze(growthWindow: growthWindow, readsQueue: readsQueue, part: part), name)
        display.finished(name, seconds: Date().timeIntervalSince(started), failed: false)
        return kept
      } catch {
        display.finished(name, seconds: Date().timeIntervalSince(started), failed: true)
        throw error
      }
    }) { index, result in
      guard thrown == nil else { return }
      switch result {
      case .success(let kept):
        do { try take(index, kept) } catch { thrown = error }
      case .failure(let error):
        failed.append((names[index], Self.describe(error)))
      }
    }
    display.finish()
    if let thrown { throw thrown }
    failures = failed
    for (name, message) in failed {
      FileHandle.standardError.write(Data("baton: error: \(name): \(message) (skipped)\n".utf8))
    }
  }

  /// An error as one line, as `Baton.main` would print it.
  static func describe(_ error: Error) -> String {
    if let validation = error as? ValidationError { return validation.message }
    return "\(error)"
  }

  /// Exit 2 when any repository was skipped, after everything else was written.
  func finish() throws {
    if !failures.isEmpty { throw ExitCode(2) }
  }
}

/// A value handed to other threads that is only ever read there.
struct UncheckedBox<Value>: @unchecked Sendable {
  var value: Value
  init(_ value: Value) { self.value = value }
}
