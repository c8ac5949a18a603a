import DeliveryMetrics

/// The export tables of METRICS.md section 10: names, columns in order, rows as text cells.
public struct Table {
  public var name: String
  public var columns: [String]
  public var rows: [[String]]

  public var csv: String { CSV.document(header: columns, rows: rows) }
}

extension Table {
  public static let names = ["changes", "weekly", "authors", "deployments", "queue"]

  public static let changeColumns = [
    "change_id", "number", "kind", "forge", "title", "author_name", "author_email", "team", "cohort", "co_authors",
    "reviewers", "review_source", "merger", "import", "commits", "first_commit_at", "last_commit_at", "merged_at",
    "deployed_at", "deployment", "coding_hours", "review_wait_hours", "cycle_hours", "deploy_hours", "lead_hours",
    "additions", "deletions", "files", "size", "size_status", "is_revert", "reverts", "timing_source", "merge_commit",
  ]

  /// One row per change merged in the window, by `merged_at`, then `merge_commit`.
  public static func changes(_ report: DeliveryReport) -> Table {
    let ordered = report.changes.sorted { ($0.mergedAt, $0.mergeCommit.hex) < ($1.mergedAt, $1.mergeCommit.hex) }
    let rows = ordered.map { change -> [String] in
      [
        CSV.text(change.changeID), CSV.plain(change.number ?? ""), CSV.plain(change.kind.rawValue),
        CSV.plain(change.forge?.rawValue ?? ""), CSV.text(change.title), CSV.text(change.author.name),
        CSV.text(change.author.email), CSV.text(change.team ?? ""), CSV.plain(change.cohort.rawValue),
        CSV.text(change.coAuthors.joined(separator: ";")), CSV.text(change.reviewers.joined(separator: ";")),
        CSV.plain(change.reviewSource?.rawValue ?? ""), CSV.text(change.merger ?? ""), String(change.isImport),
        String(change.commits), Format.timestamp(change.firstCommitAt), Format.timestamp(change.lastCommitAt),
        Format.timestamp(change.mergedAt), Format.timestamp(change.deployedAt), CSV.text(change.deployment ?? ""),
        Format.hours(change.codingTime), Format.hours(change.reviewWait), Format.hours(change.cycleTime),
        Format.hours(change.deployTime), Format.hours(change.leadTime), Format.number(change.diff?.additions),
        Format.number(change.diff?.deletions), Format.number(change.diff?.files), Format.number(change.size),
        change.sizeStatus.rawValue, String(change.isRevert), CSV.text(change.reverts ?? ""),
        change.timingSource.rawValue, change.mergeCommit.hex,
      ]
    }
    return Table(name: "changes", columns: changeColumns, rows: rows)
  }
}

extension Table {
  public static let weeklyColumns = [
    "week_start", "changes_merged", "deployments", "active_authors", "commits_authored", "changes_authored",
    "lines_changed", "commits_per_author", "lines_per_author", "cycle_hours_p50", "review_wait_hours_p50",
    "lead_hours_p50", "size_p50", "review_queue_end", "wip_end", "entered_review",
  ]

  public static func weekly(_ report: DeliveryReport) -> Table {
    let rows = report.weeks().map { week -> [String] in
      [
        Format.timestamp(week.weekStart), String(week.changesMerged), String(week.deployments),
        String(week.activeAuthors), String(week.commitsAuthored), String(week.changesAuthored),
        String(week.linesChanged), Format.decimal(week.commitsPerAuthor), Format.decimal(week.linesPerAuthor),
        Format.hours(week.cycleP50), Format.hours(week.reviewWaitP50), Format.hours(week.leadP50),
        Format.decimal(week.sizeP50, places: 1), String(week.reviewQueueEnd), String(week.wipEnd),
        String(week.enteredReview),
      ]
    }
    return Table(name: "weekly", columns: weeklyColumns, rows: rows)
  }

  public static let authorColumns = [
    "author_name", "author_email", "team", "commits_authored", "changes_authored", "lines_changed", "ai_share",
    "reviews_given", "review_wait_hours_p50", "first_active_at", "last_active_at",
  ]

  public static func authors(_ report: DeliveryReport) -> Table {
    let rows = report.authors().map { row -> [String] in
      [
        CSV.text(row.author.name), CSV.text(row.author.email), CSV.text(row.team ?? ""), String(row.commitsAuthored),
        String(row.changesAuthored), String(row.linesChanged), Format.decimal(row.aiShare),
        String(row.reviewsGiven), Format.hours(row.reviewWaitP50), Format.timestamp(row.firstActiveAt),
        Format.timestamp(row.lastActiveAt),
      ]
    }
    return Table(name: "authors", columns: authorColumns, rows: rows)
  }

  public static let deploymentColumns = [
    "deployed_at", "deployment", "commit", "changes", "failed", "restored_at", "restore_hours", "interval_hours",
  ]

  public static func deployments(_ report: DeliveryReport) -> Table {
    let rows = report.deployments.map { record -> [String] in
      [
        Format.timestamp(record.deployment.at), CSV.text(record.deployment.name), record.deployment.commit.hex,
        String(record.changes), String(record.failed), Format.timestamp(record.restoredAt),
        Format.hours(record.restoredAt.map { $0 - record.deployment.at }), Format.hours(record.interval),
      ]
    }
    return Table(name: "deployments", columns: deploymentColumns, rows: rows)
  }

  public static let queueColumns = ["date", "review_queue", "wip", "open_items", "entered_review", "merged"]

  public static func queue(_ report: DeliveryReport) -> Table {
    let rows = report.queue.map { day -> [String] in
      [
        Format.date(day.day, in: report.settings.timeZone), String(day.reviewQueue), String(day.wip),
        String(day.openItems), String(day.enteredReview), String(day.merged),
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
