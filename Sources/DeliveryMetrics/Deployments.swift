import GitHistory

/// One release of the software (docs/figures.md section 4).
public struct Deployment: Hashable, Sendable {
  /// The tag name (the shortest of several on one commit), or the commit for branch and log sources.
  public var name: String
  public var commit: ObjectID
  public var at: Int64

  public init(name: String, commit: ObjectID, at: Int64) {
    self.name = name
    self.commit = commit
    self.at = at
  }
}

/// Where deployments come from: exactly one source.
public enum DeploymentSource: Sendable {
  /// Tags whose name matches the pattern (default `DeploymentSource.defaultTagPattern`).
  case tags(pattern: String)
  /// Every first-parent commit of the branch (its tip given) is a deployment at its committer time.
  case branch(name: String, tip: ObjectID)
  /// Deployments read from a log file, commits already resolved.
  case log([Deployment])

  public static let defaultTagPattern = #"^(.+[/@-])?v?[0-9]+([._][0-9]+)+$"#

  /// Whether changes merged before the source's first deployment stay unlinked (branch and log).
  var hasBaseline: Bool {
    if case .tags = self { return false }
    return true
  }
}

/// A tag pattern that is not a valid regular expression.
public struct InvalidPattern: Error, CustomStringConvertible {
  public var pattern: String
  public var description: String { "invalid deploy tag pattern '\(pattern)'" }
}

enum DeploymentReader {
  /// The deployments of a source up to `asOf`, by time (then name).
  ///
  /// - Complexity: O(t) for t tags, or the branch's first-parent length.
  static func deployments(
    from source: DeploymentSource, history: HistorySource, graph: CommitGraph, asOf: Int64
  ) throws -> [Deployment] {
    func committedAt(_ id: ObjectID) throws -> Int64 { try graph.time(graph.node(id)) }
    var found: [Deployment] = []
    switch source {
    case .tags(let pattern):
      let regex: Regex<AnyRegexOutput>
      do { regex = try Regex(pattern) } catch { throw InvalidPattern(pattern: pattern) }
      var byCommit: [ObjectID: Deployment] = [:]
      for tag in try history.tags() where (try? regex.wholeMatch(in: tag.name)) != nil {
        let at = try tag.taggerTime?.seconds ?? committedAt(tag.commit)
        let deployment = Deployment(name: tag.name, commit: tag.commit, at: at)
        // Several tags on one commit are one deployment: the earliest time, the shortest name.
        if let existing = byCommit[tag.commit] {
          let name = (existing.name.count, existing.name) <= (tag.name.count, tag.name) ? existing.name : tag.name
          byCommit[tag.commit] = Deployment(name: name, commit: tag.commit, at: min(existing.at, at))
        } else {
          byCommit[tag.commit] = deployment
        }
      }
      found = Array(byCommit.values)
    case .branch(_, let tip):
      var next: CommitGraph.Node? = graph.node(tip)
      while let node = next {
        let id = graph.id(node)
        found.append(Deployment(name: id.hex, commit: id, at: try graph.time(node)))
        next = try graph.firstParent(node)
      }
    case .log(let entries):
      found = entries
    }
    return found.filter { $0.at <= asOf }.sorted { ($0.at, $0.name) < ($1.at, $1.name) }
  }

  /// For each commit of interest, the earliest deployment that contains it, in one pass
  /// over deployments in time order that marks the commits each newly reaches.
  ///
  /// - Complexity: O(c) parent reads for the c commits reachable from any deployment.
  static func firstContaining(
    _ wanted: Set<ObjectID>, deployments: [Deployment], graph: CommitGraph
  ) throws -> [ObjectID: Int] {
    var result: [ObjectID: Int] = [:]
    var seen = NodeSet()
    for (index, deployment) in deployments.enumerated() {
      for node in try graph.mark(from: [graph.node(deployment.commit)], in: &seen) {
        let id = graph.id(node)
        if wanted.contains(id) { result[id] = index }
      }
    }
    return result
  }
}
