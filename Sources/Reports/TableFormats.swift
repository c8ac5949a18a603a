extension Table {
  /// One JSON object a line (JSON Lines), the same fields as `json`: what BigQuery, Spark
  /// and DuckDB load fastest.
  public var jsonl: String {
    rows.map { row in
      "{" + zip(columns, row).map { "\(JSONText.quoted($0)): \($1.json)" }.joined(separator: ", ") + "}\n"
    }.joined()
  }

  /// The table with a last column `repo` holding the repository's name (docs/figures.md
  /// section 12), as every table has when several repositories are read in one run.
  public func tagged(repo name: String) -> Table {
    Table(name: self.name, columns: columns + ["repo"], rows: rows.map { $0 + [.text(name)] })
  }

  /// The rows of several tables of the same name, one after the other.
  public static func concatenated(_ tables: [Table]) -> Table? {
    guard let first = tables.first else { return nil }
    return Table(name: first.name, columns: first.columns, rows: tables.flatMap(\.rows))
  }
}

extension Table {
  /// The table of that name with no rows: its columns.
  public static func empty(_ name: String) -> Table {
    let columns: [String] =
      switch name {
      case "changes": changeColumns
      case "weekly": weeklyColumns
      case "authors": authorColumns
      case "deployments": deploymentColumns
      default: queueColumns
      }
    return Table(name: name, columns: columns, rows: [])
  }
}
