import FixtureSupport
import Foundation
import Testing

@Suite("scripts/examples work as their comments say")
struct ExampleTests {
  static let examples = FixtureRepository.fixturesDirectory.deletingLastPathComponent().appendingPathComponent("scripts/examples")

  /// Runs `nightly-export` with `baton` from this build.
  func nightlyExport(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("baton")
    let process = Process()
    process.executableURL = Self.examples.appendingPathComponent("nightly-export")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["BATON"] = binary.path
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test("nightly-export on a local bare mirror with no origin: no fetch, options passed through, every table and _SUCCESS")
  func nightlyWithoutRemote() throws {
    let fixture = try FixtureRepository("github-merges")
    let output = fixture.scratchPath("out")
    let config = fixture.scratchPath("shop.toml")
    try "[teams]\nplatform = [\"alice@example.com\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
    let run = try nightlyExport([fixture.path, output, "--config", config, "--as-of", "2026-03-01", "--since", "2026-01-01"])
    #expect(run.status == 0)
    #expect(run.stderr == "nightly-export: \(fixture.path) has no origin remote: exporting it as it is, without fetching\n")
    let files = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
    #expect(files == ["_SUCCESS", "authors.csv", "changes.csv", "deployments.csv", "queue.csv", "weekly.csv"])
    // --as-of and --since reached baton (the caller's --since over the script's 365d), and --config did.
    let note = try String(contentsOfFile: output + "/_SUCCESS", encoding: .utf8)
    #expect(note.contains("as_of 2026-03-01T00:00:00Z\nsince 2026-01-01T00:00:00Z\n"))
    let changes = try String(contentsOfFile: output + "/changes.csv", encoding: .utf8)
    #expect(changes.contains(",platform,"))
  }

  @Test("nightly-export fetches from origin when there is one")
  func nightlyWithRemote() throws {
    let fixture = try FixtureRepository("github-merges")
    let mirror = fixture.scratchPath("mirror.git")
    try FixtureRepository.runGit(["init", "--quiet", "--bare", mirror])
    try FixtureRepository.runGit(["-C", mirror, "remote", "add", "origin", fixture.path])
    let output = fixture.scratchPath("out")
    let run = try nightlyExport([mirror, output, "--as-of", "2026-03-01", "--since", "2026-01-01", "--branch", "main"])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    let changes = try String(contentsOfFile: output + "/changes.csv", encoding: .utf8)
    #expect(changes.split(separator: "\r\n").count == 1 + 13)
  }

  @Test("the workflow names the branch (actions/checkout leaves HEAD detached) and a Swift image no older than the README's minimum")
  func workflow() throws {
    let workflow = try String(contentsOf: Self.examples.appendingPathComponent("baton-check.yml"), encoding: .utf8)
    #expect(workflow.contains(#"--branch "origin/${{ github.event.repository.default_branch }}""#))
    let readme = try String(
      contentsOf: Self.examples.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"),
      encoding: .utf8)
    func version(after marker: String, in text: String) throws -> [Int] {
      let start = try #require(text.range(of: marker)).upperBound
      return text[start...].prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
    }
    let minimum = try version(after: "Swift toolchain (", in: readme)
    let image = try version(after: "container: swift:", in: workflow)
    #expect(minimum.count == 2 && image.count >= 2)
    #expect(!image.lexicographicallyPrecedes(minimum))
  }
}
