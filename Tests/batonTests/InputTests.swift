import FixtureSupport
import Foundation
import Testing

/// A repository built from commits given in the test: (author, date, message), each on
/// `main`, each changing `file.txt`, oldest first.
func repository(_ commits: [(author: String, date: String, message: String)]) throws -> FixtureRepository {
  let fixture = try FixtureRepository(empty: ())
  try append(commits, to: fixture)
  try fixture.git("symbolic-ref", "HEAD", "refs/heads/main")
  return fixture
}

/// More commits on `main`, after what it holds.
func append(_ commits: [(author: String, date: String, message: String)], to fixture: FixtureRepository) throws {
  let existing = (try? fixture.git("rev-parse", "--verify", "--quiet", "refs/heads/main")) != nil
  var stream = Data()
  func data(_ text: String) {
    stream += Data("data \(text.utf8.count)\n".utf8) + Data(text.utf8) + Data("\n".utf8)
  }
  for (index, commit) in commits.enumerated() {
    stream += Data("commit refs/heads/main\nmark :\(index + 1)\n".utf8)
    stream += Data("author \(commit.author) \(commit.date)\ncommitter \(commit.author) \(commit.date)\n".utf8)
    data(commit.message)
    if index > 0 {
      stream += Data("from :\(index)\n".utf8)
    } else if existing {
      stream += Data("from refs/heads/main^0\n".utf8)
    }
    stream += Data("M 644 inline file.txt\n".utf8)
    data(commit.message + String(repeating: "line\n", count: index + 1))
  }
  try FixtureRepository.runGit(
    ["-C", fixture.path, "fast-import", "--quiet", "--date-format=rfc2822"], input: stream)
}

/// Runs the built baton with its standard output sent to a file (`/dev/full`).
func runBaton(_ arguments: [String], stdoutTo path: String, environment extra: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("baton")
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  for (key, value) in extra { environment[key] = value }
  process.environment = environment
  let sink = try #require(FileHandle(forWritingAtPath: path))
  let errors = Pipe()
  process.standardOutput = sink
  process.standardError = errors
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
}

@Suite("Limits that would silently mean something else are usage errors (docs/figures.md section 9)")
struct LimitTests {
  let asOf = ["--as-of", "2026-02-24T12:00:00Z"]

  @Test(
    "a share limit that is a bare number above 1, negative, or not finite: exit 2, saying why",
    arguments: [
      ("25", "a bare number is a fraction from 0 to 1: write 25% for a percentage"),
      ("nan", "a limit must be a finite number"),
      ("inf%", "a limit must be a finite number"),
      ("-0.1", "a limit cannot be negative"),
      ("-5%", "a limit cannot be negative"),
    ])
  func badShares(value: String, reason: String) throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(["check", fixture.path] + asOf + ["--max-review-queue-growth", value])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: The value '\(value)' is invalid for '--max-review-queue-growth <share>': \(reason)\n")
  }

  @Test("a negative count or span limit: exit 2, not a breach")
  func negativeLimits() throws {
    let fixture = try FixtureRepository("github-merges")
    let queue = try runBaton(["check", fixture.path] + asOf + ["--max-review-queue", "-1"])
    #expect(queue.status == 2)
    #expect(queue.stderr == "baton: error: The value '-1' is invalid for '--max-review-queue <n>': a limit cannot be negative\n")
    let wait = try runBaton(["check", fixture.path] + asOf + ["--max-review-wait-p85", "-2d"])
    #expect(wait.status == 2)
    #expect(wait.stderr.contains("cannot be negative"))
  }

  @Test("check with no limit set is a usage error: a gate that cannot fail")
  func noLimit() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(["check", fixture.path] + asOf)
    #expect(run.status == 2)
    #expect(
      run.stderr
        == "baton: error: no limit set: give at least one --max-... or --fail-on flag, or [thresholds] in .baton.toml (baton check --help lists them)\n")
  }

  @Test("the same rules in .baton.toml, named by file and line")
  func configShares() throws {
    let fixture = try FixtureRepository("github-merges")
    let clone = try fixture.clone()
    try "[thresholds]\nmax_review_queue_growth = 25\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let run = try runBaton(["check", clone] + asOf)
    #expect(run.status == 2)
    #expect(
      run.stderr
        == "baton: error: \(clone)/.baton.toml:2: max_review_queue_growth: a bare number is a fraction from 0 to 1: write 25% for a percentage\n")
    try "[thresholds]\nmax_change_failure_rate = \"nan%\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let nan = try runBaton(["check", clone] + asOf)
    #expect(nan.status == 2)
    #expect(nan.stderr.contains(".baton.toml:2: max_change_failure_rate: a limit must be a finite number"))
  }
}

@Suite("Dates and spans: strict, bounded, and explained (docs/figures.md section 9)")
struct DateInputTests {
  @Test("a day that does not exist is an error, never rolled over; the message lists the accepted forms")
  func noSuchDay() throws {
    let fixture = try FixtureRepository("basics")
    let forms =
      "a day (2026-01-31, midnight UTC), a moment (2026-01-31T12:00:00Z or 2026-01-31T12:00:00+02:00), or a span back from as-of (36h, 90d, 12w)"
    let february = try runBaton(["report", fixture.path, "--since", "2026-02-30"])
    #expect(february.status == 2)
    #expect(february.stderr == "baton: error: The value '2026-02-30' is invalid for '--since <date>': no such day in the calendar; give \(forms)\n")
    let month = try runBaton(["report", fixture.path, "--as-of", "2026-13-45"])
    #expect(month.status == 2)
    #expect(month.stderr == "baton: error: The value '2026-13-45' is invalid for '--as-of <date>': no such day in the calendar; give \(forms)\n")
    let word = try runBaton(["report", fixture.path, "--as-of", "yesterday"])
    #expect(word.stderr == "baton: error: The value 'yesterday' is invalid for '--as-of <date>': not a date: give \(forms)\n")
    // A leap day is a day.
    #expect(try runBaton(["report", fixture.path, "--as-of", "2028-02-29", "--since", "2026-01-01"]).status == 0)
  }

  @Test("--since -5d says what is wrong, not 'Missing value'")
  func negativeSpan() throws {
    let fixture = try FixtureRepository("basics")
    let run = try runBaton(["report", fixture.path, "--since", "-5d"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: The value '-5d' is invalid for '--since <date>': a span counts back from as-of and cannot be negative (write 5d)\n")
  }

  @Test("spans that would overflow or allocate without bound are errors, in flags and in .baton.toml")
  func hugeSpans() throws {
    let fixture = try FixtureRepository("github-merges")
    let since = try runBaton(["report", fixture.path, "--since", "999999999999999d"])
    #expect(since.status == 2)
    #expect(since.stderr == "baton: error: The value '999999999999999d' is invalid for '--since <date>': a span is at most 100 years (36525d)\n")
    let growth = try runBaton(["check", fixture.path, "--max-review-queue", "3", "--growth-window", "100000000000d"])
    #expect(growth.status == 2)
    #expect(growth.stderr == "baton: error: The value '100000000000d' is invalid for '--growth-window <span>': a span is at most 100 years (36525d)\n")
    let clone = try fixture.clone()
    try "stale_after = \"999999999999999d\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let config = try runBaton(["report", clone])
    #expect(config.status == 2)
    #expect(config.stderr == "baton: error: \(clone)/.baton.toml:1: stale_after: a span is at most 100 years (36525d)\n")
  }

  @Test("a window from year 0 is read in time linear in its length (740,000 days, 105,000 weeks)")
  func windowFromYearZero() throws {
    let fixture = try FixtureRepository("basics")
    let started = Date()
    let run = try runBaton(["export", fixture.path, "--since", "0000-01-01", "--as-of", "2026-01-10", "--table", "weekly"])
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\r\n").count > 105_000)
    // Quadratic, this took minutes; linear, a few seconds even in a debug build on a busy machine.
    #expect(Date().timeIntervalSince(started) < 60)
  }
}

@Suite("Writing output: a full disk or a closed pipe is exit 2 (docs/figures.md section 9)")
struct OutputFailureTests {
  @Test("report, export and check to a full standard output: exit 2 with an error, never 0")
  func fullStdout() throws {
    let fixture = try FixtureRepository("basics")
    for arguments in [
      ["report", fixture.path, "--as-of", "2026-01-10"],
      ["export", fixture.path, "--as-of", "2026-01-10", "--table", "changes"],
      ["check", fixture.path, "--as-of", "2026-01-10", "--max-review-queue", "40"],
    ] {
      let run = try runBaton(arguments, stdoutTo: "/dev/full")
      #expect(run.status == 2, "\(arguments[0])")
      #expect(run.stderr == "baton: error: cannot write standard output: No space left on device\n", "\(arguments[0])")
    }
  }

  @Test("a step summary on a full disk: exit 2 naming the file, not a crash")
  func fullStepSummary() throws {
    let fixture = try FixtureRepository("basics")
    let run = try runBaton(
      ["check", fixture.path, "--as-of", "2026-01-10", "--max-review-queue", "40"],
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": "/dev/full"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: cannot write /dev/full: No space left on device\n")
  }
}

@Suite("Output files: unique temporary names, leftovers removed, _SUCCESS last")
struct OutputFileTests {
  @Test("a leftover temporary file of a killed run is removed; a fresh one (a live run's) is left")
  func leftovers() throws {
    let fixture = try FixtureRepository("basics")
    let folder = fixture.scratchPath("out")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let stale = folder + "/.changes.csv.tmp-4242"
    let fresh = folder + "/.changes.csv.tmp-live"
    try "half".write(toFile: stale, atomically: false, encoding: .utf8)
    try "half".write(toFile: fresh, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
    let run = try runBaton(
      ["export", fixture.path, "--as-of", "2026-01-10", "--table", "changes", "--output", folder + "/changes.csv"])
    #expect(run.status == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names == [".changes.csv.tmp-live", "changes.csv"])
  }

  @Test("export --all ends with _SUCCESS naming the run; an old one is gone while the set is replaced")
  func success() throws {
    let fixture = try FixtureRepository("basics")
    let folder = fixture.scratchPath("out")
    let run = try runBaton(["export", fixture.path, "--as-of", "2026-01-10", "--all", "--output-dir", folder])
    #expect(run.status == 0)
    let note = try String(contentsOfFile: folder + "/_SUCCESS", encoding: .utf8)
    #expect(note.hasPrefix("baton 0.1.0\nrepository \(fixture.path)\nbranch main (HEAD of a bare repository)\nas_of 2026-01-10T00:00:00Z\n"))
    #expect(note.contains("tables changes.csv weekly.csv authors.csv deployments.csv queue.csv\n"))
    // A run that fails midway (here: before any table) leaves no _SUCCESS behind for a loader to trust.
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
    if getuid() != 0 {
      let failed = try runBaton(["export", fixture.path, "--as-of", "2026-01-10", "--all", "--output-dir", folder])
      #expect(failed.status == 2)
    }
  }

  @Test("--output '' and --output DIR are caught before the analysis")
  func badDestinations() throws {
    let fixture = try FixtureRepository("basics")
    let empty = try runBaton(["export", "/", "--table", "changes", "--output", ""])
    #expect(empty.status == 2)
    #expect(empty.stderr == "baton: error: --output is empty: name a file, or leave it out for standard output\n")
    let folder = fixture.scratchPath("")
    // "/" is no repository: an error about the folder proves the destination was checked first.
    let directory = try runBaton(["check", "/", "--max-review-queue", "1", "--output", folder])
    #expect(directory.status == 2)
    #expect(directory.stderr == "baton: error: \(folder) is a directory: --output names a file\n")
    let checkEmpty = try runBaton(["check", "/", "--max-review-queue", "1", "--output", ""])
    #expect(checkEmpty.stderr == "baton: error: --output is empty: name a file, or leave it out for standard output\n")
  }
}

@Suite("Histories that used to crash or hang baton")
struct HostileHistoryTests {
  @Test("a commit dated Int64.min is read as year 0, not a crash")
  func earliestTime() throws {
    let fixture = try FixtureRepository("basics")
    let tree = try fixture.git("rev-parse", "main^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
    let parent = try fixture.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
    let object = """
      tree \(tree)
      parent \(parent)
      author Min <min@example.com> -9223372036854775808 +0000
      committer Min <min@example.com> -9223372036854775808 +0000

      The earliest moment

      """
    let file = fixture.scratchPath("commit")
    try object.write(toFile: file, atomically: true, encoding: .utf8)
    let id = try fixture.git("hash-object", "-t", "commit", "--literally", "-w", file)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    for arguments in [["report", "--branch", id], ["export", "--branch", id, "--table", "weekly"], ["report", "--since", "0000-01-01", "--branch", id]] {
      let run = try runBaton([arguments[0], fixture.path] + arguments.dropFirst())
      #expect(run.status == 0, "\(arguments)")
    }
    let changes = try runBaton(["export", fixture.path, "--branch", id, "--since", "0000-01-01", "--as-of", "2026-01-10", "--table", "changes"])
    #expect(changes.stdout.contains(",The earliest moment,Min,min@example.com,"))
    #expect(changes.stdout.contains("0000-01-01T00:00:00Z"))
  }

  @Test("a catastrophic --deploy-tags pattern is rejected before it runs, naming it")
  func nestedQuantifier() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("tag", String(repeating: "a", count: 40) + "b", "main")
    let started = Date()
    let run = try runBaton(["report", fixture.path, "--deploy-tags", "^(a+)+$"])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("baton: error: deploy tag pattern '^(a+)+$' repeats a repetition ('(a+)+')"))
    #expect(Date().timeIntervalSince(started) < 30)
    // The default pattern repeats a separated group, which cannot backtrack: accepted.
    #expect(try runBaton(["report", fixture.path, "--deploy-tags", #"^(.+[/@-])?v?[0-9]+([._][0-9]+)+$"#]).status == 0)
  }

  @Test("a slow pattern the shape check lets through is stopped by the watchdog: exit 2 naming pattern and tag")
  func watchdog() throws {
    let fixture = try FixtureRepository("basics")
    let tag = String(repeating: "a", count: 40) + "b"
    try fixture.git("tag", tag, "main")
    let started = Date()
    let run = try runBaton(["report", fixture.path, "--deploy-tags", "^(a|aa)+$"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: deploy tag pattern '^(a|aa)+$' took over 2 s on the tag '\(tag)': simplify it (a repeated repetition backtracks exponentially)\n")
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test("2,000 teams in .baton.toml are read in linear time")
  func manyTeams() throws {
    let fixture = try FixtureRepository("github-merges")
    let clone = try fixture.clone()
    let teams = (0..<2000).map { "team\($0) = [\"person\($0)@example.com\"]" }.joined(separator: "\n")
    try "[teams]\n\(teams)\nrest = [\"*\"]\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let started = Date()
    let run = try runBaton(["report", clone, "--as-of", "2026-03-01", "--since", "2026-01-01", "--by", "team"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("  rest  13 changes"))
    // Quadratic, 64 s in a release build; linear, well under a second of reading.
    #expect(Date().timeIntervalSince(started) < 20)
  }
}

@Suite("One person, two Unicode spellings: the same output cold and warm (docs/figures.md section 1)")
struct UnicodeSpellingTests {
  static let precomposed = "Ana Mal\u{010D}i\u{0107}"
  static let decomposed = "Ana Malc\u{030C}ic\u{0301}"

  @Test("each change keeps the bytes its author wrote; a warm run prints what a cold one does")
  func coldEqualsWarm() throws {
    let fixture = try repository([
      ("\(Self.precomposed) <ana@example.com>", "Mon, 5 Jan 2026 10:00:00 +0000", "First"),
      ("\(Self.decomposed) <ana@example.com>", "Tue, 6 Jan 2026 10:00:00 +0000", "Second"),
    ])
    let window = ["--as-of", "2026-01-10", "--since", "2026-01-01"]
    // The cache keeps what recognition met up to here; a cold run later meets the newest first.
    let first = try runBaton(["export", fixture.path, "--table", "changes"] + window)
    #expect(first.status == 0)
    try append(
      [
        ("\(Self.precomposed) <ana@example.com>", "Wed, 7 Jan 2026 10:00:00 +0000", "Third"),
        ("\(Self.decomposed) <ana@example.com>", "Thu, 8 Jan 2026 10:00:00 +0000", "Fourth"),
      ], to: fixture)
    for table in ["changes", "authors"] {
      let warm = try runBaton(["export", fixture.path, "--table", table] + window)
      let cold = try runBaton(["export", fixture.path, "--table", table, "--no-cache"] + window)
      #expect(warm.status == 0 && cold.status == 0)
      #expect(Array(warm.stdout.utf8) == Array(cold.stdout.utf8), "\(table)")
    }
    let changes = try runBaton(["export", fixture.path, "--table", "changes", "--no-cache"] + window)
    let rows = changes.stdout.split(separator: "\r\n").dropFirst().map { Array(String($0).utf8) }
    #expect(rows.count == 4)
    func has(_ row: [UInt8], _ name: String) -> Bool {
      let needle = Array(",\(name),".utf8)
      return row.indices.contains { row[$0...].starts(with: needle) }
    }
    #expect(has(rows[0], Self.precomposed) && has(rows[1], Self.decomposed) && has(rows[2], Self.precomposed))
    #expect(has(rows[3], Self.decomposed))
    // One person in the authors table, under one spelling whichever the run met first.
    let authors = try runBaton(["export", fixture.path, "--table", "authors", "--no-cache"] + window)
    #expect(authors.stdout.split(separator: "\r\n").count == 2)
  }
}

@Suite("Control characters from a history are escaped in text and Markdown, kept in CSV and JSON")
struct TerminalSafetyTests {
  @Test("a reviewer whose trailer carries escape sequences cannot retitle the terminal")
  func escaped() throws {
    let evil = "ev\u{1B}]0;pwned\u{07}il\u{1B}[2J@example.com"
    let fixture = try repository([
      ("Ada <ada@example.com>", "Mon, 5 Jan 2026 10:00:00 +0000", "Start\n"),
      ("Bob <bob@example.com>", "Tue, 6 Jan 2026 10:00:00 +0000", "Change it\n\nReviewed-by: Evil <\(evil)>\n"),
    ])
    let window = ["--as-of", "2026-01-10", "--since", "2026-01-01"]
    for format in ["table", "markdown"] {
      let run = try runBaton(["report", fixture.path, "--format", format] + window)
      #expect(run.status == 0)
      #expect(!run.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(format)")
      // Reviewers are compared lowercased, so the sequence shows as `[2j`.
      #expect(run.stdout.contains(#"ev\x1b]0;pwned\x07il\x1b[2j@example.com"#), "\(format)")
    }
    // Every line of text output goes through the same last pass: explain quotes the message.
    let explain = try runBaton(["explain", fixture.path, "main"])
    #expect(explain.status == 0)
    #expect(!explain.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
    #expect(explain.stdout.contains(#"\x1b]0;pwned\x07"#))
    let json = try runBaton(["report", fixture.path, "--format", "json"] + window)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["topReviewer"] as? String == evil.lowercased())
    let csv = try runBaton(["export", fixture.path, "--table", "changes"] + window)
    #expect(csv.stdout.contains(evil))
  }
}
