import ArgumentParser
import DeliveryMetrics
import Foundation

/// Reads the forge's records of pull and merge requests that a team exported with its own
/// tools (docs/figures.md section 8): `gh pr list --json ...` output, or GitLab's merge
/// request objects. baton never calls a forge; a file it cannot trust is an error naming
/// the item and field.
enum PRMetadata {
  /// The fields `gh pr list` must be asked for.
  static let ghFields = "number,createdAt,mergedAt,closedAt,isDraft,author,reviews,mergeCommit"
  /// Larger files are refused rather than read into memory whole.
  static let largestFile = 1 << 30

  struct Read {
    var records: PullRequestRecords
    /// Items listed more than once with the same values (a paged export that overlapped).
    var duplicates: Int
  }

  static func read(_ path: String) throws -> Read {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw ValidationError("no such PR metadata file: \(path)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= largestFile else { throw ValidationError("\(path): larger than 1 GiB; export fewer pull requests") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("\(path): cannot be read (check its permissions)")
    }
    return try parse(data, path: path)
  }

  static func parse(_ data: Data, path: String) throws -> Read {
    let document: JSONValue
    do {
      document = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw ValidationError("\(path): not JSON (\(reason(error))); expected the output of gh pr list --json \(ghFields), or GitLab's merge requests")
    }
    guard case .array(let elements) = document else {
      throw ValidationError("\(path): expected a JSON array of pull requests (gh pr list --json \(ghFields)) or of GitLab merge requests, found \(document.kind)")
    }
    var records: [PullRequestRecord] = []
    var seen: [String: Int] = [:]
    var duplicates = 0
    for (offset, element) in elements.enumerated() {
      let record = try Item(element, position: offset + 1, path: path).record()
      let key = "\(record.forge.rawValue)#\(record.number)"
      if let first = seen[key] {
        guard records[first] == record else {
          throw ValidationError("\(path): item \(offset + 1) (#\(record.number)): number: also item \(first + 1)'s, with other values")
        }
        duplicates += 1
        continue
      }
      seen[key] = records.count
      records.append(record)
    }
    return Read(records: PullRequestRecords(records), duplicates: duplicates)
  }

  /// What the user should know once the analysis ran: duplicates dropped, items that said
  /// they merged in the window and match no change.
  static func warnings(_ read: Read, coverage: PullRequestCoverage?, path: String, branch: String) -> [String] {
    var lines: [String] = []
    if read.duplicates > 0 {
      let items = read.duplicates == 1 ? "1 item" : "\(read.duplicates) items"
      lines.append("\(path): \(items) listed twice with the same values; each is read once")
    }
    if let unmatched = coverage?.unmatchedMerged, !unmatched.isEmpty {
      let shown = unmatched.prefix(5).map { "#\($0)" }.joined(separator: ", ") + (unmatched.count > 5 ? ", ..." : "")
      let requests = unmatched.count == 1 ? "1 pull request merged in the window matches" : "\(unmatched.count) pull requests merged in the window match"
      lines.append(
        "\(path): \(requests) no change on \(branch) (\(shown)): "
          + "merged into another branch, or landed without their number; counted, not made changes")
    }
    return lines
  }

  private static func reason(_ error: Error) -> String {
    if case DecodingError.dataCorrupted(let context) = error {
      let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
      return underlying ?? context.debugDescription
    }
    return "\(error)"
  }

  /// One element of the array, read as gh's shape (`number`) or GitLab's (`iid`).
  private struct Item {
    var fields: [String: JSONValue]
    var position: Int
    var path: String
    var isGitLab: Bool
    var number: Int

    init(_ element: JSONValue, position: Int, path: String) throws {
      self.position = position
      self.path = path
      guard case .object(let fields) = element else {
        throw ValidationError("\(path): item \(position): expected an object, found \(element.kind)")
      }
      self.fields = fields
      isGitLab = fields["number"] == nil && fields["iid"] != nil
      let name = isGitLab ? "iid" : "number"
      guard let value = fields[name], value != .null else {
        throw ValidationError("\(path): item \(position): no number (gh's number, or GitLab's iid)")
      }
      guard case .integer(let number) = value, number > 0, number <= Int64(Int32.max) else {
        throw ValidationError("\(path): item \(position): \(name): expected a positive whole number, found \(value.kind)")
      }
      self.number = Int(number)
    }

    func error(_ field: String, _ message: String) -> ValidationError {
      ValidationError("\(path): item \(position) (#\(number)): \(field): \(message)")
    }

    func record() throws -> PullRequestRecord {
      let (created, merged, closed, draft) =
        isGitLab ? ("created_at", "merged_at", "closed_at", "draft") : ("createdAt", "mergedAt", "closedAt", "isDraft")
      guard let createdAt = try time(created, in: fields) else {
        throw error(created, "missing; every item needs its opening time")
      }
      var isDraft = false
      if let value = fields[draft] ?? (isGitLab ? fields["work_in_progress"] : nil), value != .null {
        guard case .bool(let flag) = value else { throw error(draft, "expected true or false, found \(value.kind)") }
        isDraft = flag
      }
      guard let authorValue = fields["author"] else {
        throw error("author", "missing; without it a self-review cannot be told from a review")
      }
      let author = try login(authorValue, field: "author")
      var reviews: [PullRequestRecord.Review] = []
      if let value = fields["reviews"], value != .null {
        guard case .array(let list) = value else { throw error("reviews", "expected a list, found \(value.kind)") }
        for (index, element) in list.enumerated() {
          let field = "reviews[\(index)]"
          guard case .object(let review) = element else { throw error(field, "expected an object, found \(element.kind)") }
          // A pending review (no submission time) and a deleted account (no author) tell nothing.
          guard let at = try time(review["submittedAt"] != nil ? "submittedAt" : "submitted_at", in: review, prefix: field + "."),
            let reviewer = try review["author"].map({ try login($0, field: field + ".author") }), !reviewer.login.isEmpty
          else { continue }
          var approved = false
          if let state = review["state"], state != .null {
            guard case .string(let text) = state else { throw error(field + ".state", "expected text, found \(state.kind)") }
            approved = text.uppercased() == "APPROVED"
          }
          reviews.append(.init(author: reviewer.login, submittedAt: at, approved: approved, markedBot: reviewer.bot))
        }
      }
      return PullRequestRecord(
        number: number, forge: isGitLab ? .gitlab : .github, createdAt: createdAt, mergedAt: try time(merged, in: fields),
        closedAt: try time(closed, in: fields), isDraft: isDraft, author: author.login, reviews: reviews)
    }

    /// A login: gh's `{login, is_bot}`, GitLab's `{username, bot}`, or a plain string.
    /// Null is a deleted account: no login.
    func login(_ value: JSONValue, field: String) throws -> (login: String, bot: Bool) {
      switch value {
      case .null: return ("", false)
      case .string(let text): return (text, false)
      case .object(let object):
        guard case .string(let text) = object["login"] ?? object["username"] ?? .null else {
          throw error(field, "expected an object with login (gh) or username (GitLab)")
        }
        var bot = false
        if case .bool(let flag) = object["is_bot"] ?? object["bot"] ?? .null { bot = flag }
        return (text, bot)
      default:
        throw error(field, "expected an object with login or username, found \(value.kind)")
      }
    }

    /// An ISO-8601 time; nil when absent, null, or gh's zero time (`0001-01-01T00:00:00Z`).
    func time(_ name: String, in object: [String: JSONValue], prefix: String = "") throws -> Int64? {
      guard let value = object[name], value != .null else { return nil }
      guard case .string(let text) = value, let date = Self.date(text) else {
        throw error(prefix + name, "expected an ISO-8601 time such as 2026-01-31T12:00:00Z, found \(value.kind)")
      }
      let seconds = date.timeIntervalSince1970
      return seconds < 86_400 ? nil : Int64(seconds)
    }

    static func date(_ text: String) -> Date? {
      let plain = ISO8601DateFormatter()
      if let date = plain.date(from: text) { return date }
      let fractional = ISO8601DateFormatter()
      fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
      return fractional.date(from: text)
    }
  }
}

/// A JSON document as read, without Foundation's bridging: a number that is a whole
/// number stays one, and `true` is never 1.
enum JSONValue: Decodable, Equatable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// What it is, for an error message; text is quoted, cut at 40 characters.
  var kind: String {
    switch self {
    case .null: "null"
    case .bool(let value): "\(value)"
    case .integer(let value): "the number \(value)"
    case .number(let value): "the number \(value)"
    case .string(let value): "\"\(value.count > 40 ? value.prefix(40) + "..." : value[...])\""
    case .array: "a list"
    case .object: "an object"
    }
  }
}

extension RepositoryOptions {
  /// The records `--pr-metadata` names, else the config's `pr_metadata` (relative to the
  /// config's folder, or to a bare repository for a config committed in it); nil for neither.
  func pullRequestRecords(_ configuration: Configuration) throws -> (path: String, read: PRMetadata.Read)? {
    let path = prMetadata ?? configuration.prMetadata.map { path in
      guard !path.hasPrefix("/"), let directory = configuration.directory else { return path }
      return directory + "/" + path
    }
    guard let path else { return nil }
    return (path, try PRMetadata.read(path))
  }
}
