import DeliveryMetrics

/// One cell of an export table: text (protected in CSV), a number, or a truth value.
public enum Cell: Sendable, Equatable {
  case text(String?)
  /// Already formatted (`26.50`); written bare in CSV and as a JSON number.
  case number(String?)
  case flag(Bool)

  var csv: String {
    switch self {
    case .text(let value): CSV.text(value ?? "")
    case .number(let value): value ?? ""
    case .flag(let value): String(value)
    }
  }

  var json: String {
    switch self {
    // An empty cell is unknown or not applicable (docs/figures.md section 10): null.
    case .text(let value): value.flatMap { $0.isEmpty ? nil : JSONText.quoted($0) } ?? "null"
    case .number(let value): value.map { $0.isEmpty ? "null" : $0 } ?? "null"
    case .flag(let value): String(value)
    }
  }
}

/// The export tables of docs/figures.md section 10: names, columns in order, rows of cells.
public struct Table {
  public var name: String
  public var columns: [String]
  public var rows: [[Cell]]

  /// Written cell by cell into one string: a copy of the rows as text, then joined, was as
  /// large as the table again (a million-commit history's changes: 400 MB).
  public var csv: String {
    var document = ""
    CSV.append(columns, to: &document)
    guard let first = rows.first else { return document }
    var firstLine = ""
    CSV.append(first.lazy.map(\.csv), to: &firstLine)
    document.reserveCapacity(document.utf8.count + firstLine.utf8.count * rows.count * 5 / 4)
    for row in rows { CSV.append(row.lazy.map(\.csv), to: &document) }
    return document
  }

  /// An array of objects with the same fields in the same order, one object per line.
  public var json: String {
    let objects = rows.map { row in
      "  {" + zip(columns, row).map { "\(JSONText.quoted($0)): \($1.json)" }.joined(separator: ", ") + "}"
    }
    return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
  }
}

enum JSONText {
  /// A JSON string literal.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// A time as the tables write it; nil when unknown.
private func time(_ seconds: Int64?) -> String? {
  seconds.map { Format.timestamp($0) }
}

extension Table {
  public static let names = ["changes", "weekly", "authors", "deployments", "queue"]

  /// Whether a table reads the review queue (open heads, daily counts).
  public static func needsQueue(_ name: String) -> Bool { name == "weekly" || name == "queue" }

  public static let changeColumns = [
    "change_id", "number", "kind", "forge", "title", "author_name", "author_email", "team", "cohort", "co_authors",
    "reviewers", "review_source", "merger", "import", "commits", "first_commit_at", "last_commit_at", "merged_at",
    "deployed_at", "deployment", "coding_hours", "review_wait_hours", "cycle_hours", "deploy_hours", "lead_hours",
    "additions", "deletions", "files", "size", "size_status", "is_revert", "reverts", "timing_source", "merge_commit",
    "opened_at", "first_review_at", "pickup_hours", "review_hours",
  ]

  /// One row per change merged in the window, by `merged_at`, then `merge_commit`.
  public static func changes(_ report: DeliveryReport) -> Table {
    // Sorted by position, not copied: a whole history's changes are hundreds of megabytes.
    let changes = report.changes
    let order = changes.indices.sorted {
      (changes[$0].mergedAt, changes[$0].mergeCommit) < (changes[$1].mergedAt, changes[$1].mergeCommit)
    }
    let rows = order.map { index -> [Cell] in
      let change = changes[index]
      return [
        .text(change.changeID), .text(change.number),
        .text(change.kind.rawValue), .text(change.forge?.rawValue), .text(change.title), .text(change.author.name),
        .text(change.author.email), .text(change.team), .text(change.cohort.rawValue),
        .text(change.coAuthors.joined(separator: ";")), .text(change.reviewers.joined(separator: ";")),
        .text(change.reviewSource?.rawValue), .text(change.merger), .flag(change.isImport),
        .number(String(change.commits)), .text(time(change.firstCommitAt)), .text(time(change.lastCommitAt)),
        .text(time(change.mergedAt)), .text(time(change.deployedAt)), .text(change.deployment),
        .number(Format.hours(change.codingTime)), .number(Format.hours(change.reviewWait)),
        .number(Format.hours(change.cycleTime)), .number(Format.hours(change.deployTime)),
        .number(Format.hours(change.leadTime)), .number(Format.number(change.diff?.additions)),
        .number(Format.number(change.diff?.deletions)), .number(Format.number(change.diff?.files)),
        .number(Format.number(change.size)), .text(change.sizeStatus.rawValue), .flag(change.isRevert),
        .text(change.reverts), .text(change.timingSource.rawValue), .text(change.mergeCommit.hex),
        .text(time(change.openedAt)), .text(time(change.firstReviewAt)), .number(Format.hours(change.pickupTime)),
        .number(Format.hours(change.reviewTime)),
      ]
    }
    return Table(name: "changes", columns: changeColumns, rows: rows)
  }
}

extension Table {
  public static let weeklyColumns = [
    "week_start", "changes_merged", "deployments", "active_authors", "commits_authored", "changes_authored",
    "lines_changed", "commits_per_author", "lines_per_author", "cycle_hours_p50", "review_wait_hours_p50",
    "lead_hours_p50", "size_p50", "review_queue_end", "wip_end", "entered_review", "days_in_window",
  ]

  public static func weekly(_ report: DeliveryReport) -> Table {
    let rows = report.weeks().map { week -> [Cell] in
      [
        .text(time(week.weekStart)), .number(String(week.changesMerged)), .number(String(week.deployments)),
        .number(String(week.activeAuthors)), .number(String(week.commitsAuthored)),
        .number(String(week.changesAuthored)), .number(String(week.linesChanged)),
        .number(Format.decimal(week.commitsPerAuthor)), .number(Format.decimal(week.linesPerAuthor)),
        .number(Format.hours(week.cycleP50)), .number(Format.hours(week.reviewWaitP50)),
        .number(Format.hours(week.leadP50)), .number(Format.decimal(week.sizeP50, places: 1)),
        .number(String(week.reviewQueueEnd)), .number(String(week.wipEnd)), .number(String(week.enteredReview)),
        .number(String(week.daysInWindow)),
      ]
    }
    return Table(name: "weekly", columns: weeklyColumns, rows: rows)
  }

  public static let authorColumns = [
    "author_name", "author_email", "team", "commits_authored", "changes_authored", "lines_changed", "ai_share",
    "reviews_given", "review_wait_hours_p50", "first_active_at", "last_active_at",
  ]

  public static func authors(_ report: DeliveryReport) -> Table {
    let rows = report.authors().map { row -> [Cell] in
      [
        .text(row.author.name), .text(row.author.email), .text(row.team), .number(String(row.commitsAuthored)),
        .number(String(row.changesAuthored)), .number(String(row.linesChanged)), .number(Format.decimal(row.aiShare)),
        .number(String(row.reviewsGiven)), .number(Format.hours(row.reviewWaitP50)), .text(time(row.firstActiveAt)),
        .text(time(row.lastActiveAt)),
      ]
    }
    return Table(name: "authors", columns: authorColumns, rows: rows)
  }

  public static let deploymentColumns = [
    "deployed_at", "deployment", "commit", "changes", "failed", "restored_at", "restore_hours", "interval_hours",
  ]

  public static func deployments(_ report: DeliveryReport) -> Table {
    let rows = report.deployments.map { record -> [Cell] in
      [
        .text(time(record.deployment.at)), .text(record.deployment.name), .text(record.deployment.commit.hex),
        .number(String(record.changes)), .flag(record.failed), .text(time(record.restoredAt)),
        .number(Format.hours(record.restoredAt.map { $0 - record.deployment.at })), .number(Format.hours(record.interval)),
      ]
    }
    return Table(name: "deployments", columns: deploymentColumns, rows: rows)
  }

  public static let queueColumns = ["date", "review_queue", "wip", "open_items", "entered_review", "merged"]

  public static func queue(_ report: DeliveryReport) -> Table {
    let rows = report.queue.map { day -> [Cell] in
      [
        .text(Format.date(day.day, in: report.settings.timeZone)), .number(String(day.reviewQueue)),
        .number(String(day.wip)), .number(String(day.openItems)), .number(String(day.enteredReview)),
        .number(String(day.merged)),
      ]
    }
    return Table(name: "queue", columns: queueColumns, rows: rows)
  }

  /// The table of that name, or nil.
  public static func named(_ name: String, _ report: DeliveryReport) -> Table? {
    switch name {
    case "changes": changes(report)
    case "weekly": weekly(report)
    case "authors": authors(report)
    case "deployments": deployments(report)
    case "queue": queue(report)
    default: nil
    }
  }
}
