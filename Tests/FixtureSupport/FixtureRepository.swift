import Foundation

/// A throw-away bare repository built from a `Fixtures/*.fi` fast-import stream.
///
/// Streams use RFC 2822 dates and marks on every commit; `id(_:)` turns a mark into
/// the commit id git gave it, so tests name commits as the stream does.
public final class FixtureRepository: @unchecked Sendable {
  /// The bare repository.
  public let path: String
  private let scratch: URL
  private let marks: [Int: String]

  /// Imports `Fixtures/<name>.fi` into a new bare repository.
  public init(_ name: String) throws {
    scratch = try Self.makeScratchDirectory()
    path = scratch.appendingPathComponent("\(name).git").path
    try Self.runGit(["init", "--quiet", "--bare", path])
    let stream = Self.fixturesDirectory.appendingPathComponent("\(name).fi")
    let marksFile = scratch.appendingPathComponent("marks").path
    try Self.runGit(
      ["-C", path, "fast-import", "--quiet", "--date-format=rfc2822", "--export-marks=\(marksFile)"],
      input: try Data(contentsOf: stream))
    marks = try Self.readMarks(marksFile)
    // Like a real bare clone, HEAD names the default branch (fast-import cannot set it).
    if (try? Self.runGit(["-C", path, "rev-parse", "--verify", "--quiet", "refs/heads/main"])) != nil {
      try Self.runGit(["-C", path, "symbolic-ref", "HEAD", "refs/heads/main"])
    }
  }

  /// An empty bare repository: no commits, no refs.
  public init(empty: ()) throws {
    scratch = try Self.makeScratchDirectory()
    path = scratch.appendingPathComponent("empty.git").path
    try Self.runGit(["init", "--quiet", "--bare", path])
    marks = [:]
  }

  deinit {
    try? FileManager.default.removeItem(at: scratch)
  }

  public func hasMark(_ mark: Int) -> Bool { marks[mark] != nil }

  /// The commit id of `:mark` in the stream.
  public func id(_ mark: Int) -> String {
    guard let id = marks[mark] else { fatalError("fixture has no mark :\(mark)") }
    return id
  }

  /// Runs git in the fixture repository and returns its standard output.
  @discardableResult
  public func git(_ arguments: String...) throws -> String {
    try Self.runGit(["-C", path] + arguments)
  }

  /// A new folder inside this fixture's scratch space, removed with it.
  public func scratchPath(_ name: String) -> String {
    scratch.appendingPathComponent(name).path
  }

  /// A non-bare clone of the fixture (`git clone`), which gets a symbolic `origin/HEAD`.
  public func clone(named name: String = "clone", arguments: [String] = []) throws -> String {
    let destination = scratchPath(name)
    try Self.runGit(["clone", "--quiet"] + arguments + [path, destination])
    return destination
  }

  public static let fixturesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// Runs git with a fixed environment (no user or system config) and returns stdout.
  @discardableResult
  public static func runGit(_ arguments: [String], input: Data? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_NAME"] = "Fixture"
    environment["GIT_AUTHOR_EMAIL"] = "fixture@example.com"
    environment["GIT_COMMITTER_NAME"] = "Fixture"
    environment["GIT_COMMITTER_EMAIL"] = "fixture@example.com"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    let inputPipe = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(input) }
    try inputPipe.fileHandleForWriting.close()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw FixtureError(
        "git \(arguments.joined(separator: " ")) failed: \(String(decoding: errorData, as: UTF8.self))")
    }
    return String(decoding: outputData, as: UTF8.self)
  }

  private static func makeScratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("baton-fixture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  private static func readMarks(_ file: String) throws -> [Int: String] {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    var marks: [Int: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ")
      guard parts.count == 2, parts[0].hasPrefix(":"), let mark = Int(parts[0].dropFirst()) else {
        continue
      }
      marks[mark] = String(parts[1])
    }
    return marks
  }
}

public struct FixtureError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// What a run of the built `baton` binary printed and how it ended.
public struct BatonRun: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs the `baton` executable built next to the tests, as a user would.
public func runBaton(_ arguments: [String], environment extra: [String: String] = [:]) throws -> BatonRun {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("baton")
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  for (key, value) in extra { environment[key] = value }
  process.environment = environment
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let outputData = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return BatonRun(
    status: process.terminationStatus,
    stdout: String(decoding: outputData, as: UTF8.self),
    stderr: String(decoding: errorData, as: UTF8.self))
}
