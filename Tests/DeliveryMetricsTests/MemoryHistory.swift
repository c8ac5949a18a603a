import DeliveryMetrics
import GitHistory

/// A history held in memory, for tests of one rule at a time.
final class MemoryHistory: HistorySource {
  private(set) var commits: [ObjectID: Commit] = [:]
  var refs: [Reference] = []
  private var counter = 0

  /// Adds a commit and returns its id; times are seconds after 2026-01-05T00:00:00Z.
  @discardableResult
  func add(
    _ message: String, parents: [ObjectID] = [], author: String = "Ada <ada@example.com>",
    committer: String? = nil, authored: Int64 = 0, committed: Int64? = nil
  ) -> ObjectID {
    counter += 1
    let id = ObjectID(hex: String(repeating: "0", count: 32) + String(format: "%08x", counter))!
    func signature(_ text: String, _ time: Int64) -> Signature {
      let open = text.firstIndex(of: "<")!
      return Signature(
        name: String(text[..<open]).trimmingCharacters(in: .whitespaces),
        email: String(text[text.index(after: open)..<text.firstIndex(of: ">")!]),
        time: GitTime(seconds: 1_767_571_200 + time))
    }
    commits[id] = Commit(
      id: id, parents: parents, author: signature(author, authored),
      committer: signature(committer ?? author, committed ?? authored), message: message + "\n")
    return id
  }

  func branch(_ name: String, at id: ObjectID) {
    refs.removeAll { $0.name == name }
    refs.append(Reference(name: name, target: id))
  }

  func target(_ name: String = "refs/heads/main") -> TargetBranch {
    TargetBranch(ref: name, tip: refs.first { $0.name == name }!.target!, reason: .requested)
  }

  func commit(_ id: ObjectID) throws -> Commit { commits[id]! }

  func firstParentLine(from tip: ObjectID) throws -> [ObjectID] {
    var line: [ObjectID] = []
    var next: ObjectID? = tip
    while let id = next {
      line.append(id)
      next = commits[id]!.parents.first
    }
    return line
  }

  private func ancestors(_ tips: [ObjectID]) -> Set<ObjectID> {
    var seen: Set<ObjectID> = []
    var stack = tips
    while let id = stack.popLast() {
      guard seen.insert(id).inserted else { continue }
      stack += commits[id]!.parents
    }
    return seen
  }

  func commits(reachableFrom included: [ObjectID], excluding excluded: [ObjectID]) throws -> [ObjectID] {
    let excludedSet = ancestors(excluded)
    return ancestors(included).subtracting(excludedSet).sorted {
      (commits[$0]!.committer.time, $0) > (commits[$1]!.committer.time, $1)
    }
  }

  func references() throws -> [Reference] { refs.sorted { $0.name < $1.name } }

  func reviewHeads() throws -> [ReviewHead] {
    refs.compactMap { reference in
      guard case .reviewHead(let forge, let number) = reference.kind else { return nil }
      return ReviewHead(forge: forge, number: number, ref: reference.name, tip: reference.target!)
    }
  }

  func tags() throws -> [Tag] { [] }
  func commitID(of reference: Reference) throws -> ObjectID? { reference.target }
  func canonical(name: String, email: String) -> (name: String, email: String) { (name, email) }
  func remoteURLs() throws -> [String] { [] }
  func diffStats(from old: ObjectID?, to new: ObjectID, options: DiffOptions) throws -> DiffStats {
    DiffStats(additions: 1, deletions: 0, files: 1)
  }

  func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions, jobs: Int, cancellation: DiffCancellation?
  ) throws -> [DiffStats?] {
    try pairs.map { try diffStats(from: $0.from, to: $0.to, options: options) }
  }
}
