import CLibGit2

extension Repository {
  /// The first-parent line from `tip` back to the root (or the shallow boundary), newest first.
  ///
  /// - Complexity: O(n) commit reads for a line of n commits.
  public func firstParentLine(from tip: ObjectID) throws(GitError) -> [ObjectID] {
    var line: [ObjectID] = []
    var next: ObjectID? = tip
    while let current = next {
      line.append(current)
      next = try parentsAndTime(of: current).parents.first
    }
    return line
  }

  /// The commits reachable from `included` and not from `excluded`, as `git rev-list
  /// A ^B` lists them: by committer time, newest first.
  ///
  /// A shallow clone's boundary commits count as roots (libgit2 1.5's own walker fails there).
  ///
  /// - Complexity: proportional to the commits walked, which stops once everything
  ///   left to walk is reachable from `excluded`, not to the whole history.
  public func commits(
    reachableFrom included: [ObjectID], excluding excluded: [ObjectID] = []
  ) throws(GitError) -> [ObjectID] {
    var walk = ExclusionWalk()
    return try walk.run(included: included, excluded: excluded) { id throws(GitError) in
      try parentsAndTime(of: id)
    }
  }

  /// Which of `tips` are not reachable from `target`: one walk for all of them.
  ///
  /// - Complexity: one walk of the commits reachable from the tips and not from the target.
  public func unreachable(_ tips: [ObjectID], from target: ObjectID) throws(GitError) -> Set<ObjectID> {
    Set(try commits(reachableFrom: tips, excluding: [target])).intersection(tips)
  }

  /// What walks need of a commit, without its message.
  public func links(of id: ObjectID) throws(GitError) -> CommitLinks {
    try withCommit(id) { commit in
      let count = shallowBoundary.contains(id) ? 0 : git_commit_parentcount(commit)
      var parents: [ObjectID] = []
      parents.reserveCapacity(Int(count))
      for index in 0..<count {
        parents.append(ObjectID(git_commit_parent_id(commit, index).pointee))
      }
      return CommitLinks(
        parents: parents, committedAt: GitTime.clamped(git_commit_time(commit)), author: Signature(git_commit_author(commit)))
    }
  }

  /// What a walk needs of a commit: its parents (none past a shallow boundary) and
  /// committer time, without building a `Commit` (no message, no signatures).
  func parentsAndTime(of id: ObjectID) throws(GitError) -> (parents: [ObjectID], time: Int64) {
    try withCommit(id) { commit in
      let time = GitTime.clamped(git_commit_time(commit))
      guard !shallowBoundary.contains(id) else { return ([], time) }
      let count = git_commit_parentcount(commit)
      var parents: [ObjectID] = []
      parents.reserveCapacity(Int(count))
      for index in 0..<count {
        parents.append(ObjectID(git_commit_parent_id(commit, index).pointee))
      }
      return (parents, time)
    }
  }
}

/// What walks need of a commit: its parents (none past a shallow boundary), committer
/// time and author, read without the message.
public struct CommitLinks: Sendable {
  public var parents: [ObjectID]
  public var committedAt: Int64
  public var author: Signature

  public init(parents: [ObjectID], committedAt: Int64, author: Signature) {
    self.parents = parents
    self.committedAt = committedAt
    self.author = author
  }
}

/// `git rev-list A ^B` over commits loaded on demand: a walk in committer-time order that
/// paints everything reachable from B as uninteresting, and stops once nothing left in
/// the queue can lead to a commit it would list.
struct ExclusionWalk {
  private struct Node {
    var id: ObjectID
    var time: Int64
    var parentIDs: [ObjectID]
    var parents: [Int]? = nil
    var uninteresting = false
    var queued = false
    var inQueue = false
  }

  private var nodes: [Node] = []
  private var index: [ObjectID: Int] = [:]
  private var queue = TimeQueue()
  private var interestingInQueue = 0

  /// Commits walked after nothing left can matter, to tolerate a little clock skew (git uses 5).
  private static let slop = 5

  mutating func run(
    included: [ObjectID], excluded: [ObjectID],
    load: (ObjectID) throws(GitError) -> (parents: [ObjectID], time: Int64)
  ) throws(GitError) -> [ObjectID] {
    func node(_ id: ObjectID) throws(GitError) -> Int {
      if let existing = index[id] { return existing }
      let (parents, time) = try load(id)
      nodes.append(Node(id: id, time: time, parentIDs: parents))
      index[id] = nodes.count - 1
      return nodes.count - 1
    }
    for id in excluded {
      let position = try node(id)
      markUninteresting(position)
      enqueue(position)
    }
    for id in included { enqueue(try node(id)) }

    var listed: [Int] = []
    var oldestListed = Int64.max
    var slop = Self.slop
    while let position = queue.pop() {
      nodes[position].inQueue = false
      if !nodes[position].uninteresting { interestingInQueue -= 1 }
      var parents: [Int] = []
      parents.reserveCapacity(nodes[position].parentIDs.count)
      for parentID in nodes[position].parentIDs { parents.append(try node(parentID)) }
      nodes[position].parents = parents
      if nodes[position].uninteresting {
        for parent in parents { markUninteresting(parent) }
      } else {
        listed.append(position)
        oldestListed = min(oldestListed, nodes[position].time)
      }
      for parent in parents where !nodes[parent].queued { enqueue(parent) }

      // Only excluded commits are left: go on while one of them is as new as
      // something listed (it may still reach it), then a few more for skewed clocks.
      if interestingInQueue == 0 {
        if let newest = queue.peekTime, newest >= oldestListed { continue }
        if slop == 0 { break }
        slop -= 1
      } else {
        slop = Self.slop
      }
    }
    return listed.filter { !nodes[$0].uninteresting }.map { nodes[$0].id }
  }

  private mutating func enqueue(_ position: Int) {
    nodes[position].queued = true
    nodes[position].inQueue = true
    if !nodes[position].uninteresting { interestingInQueue += 1 }
    queue.push(position, time: nodes[position].time)
  }

  /// Marks a commit and every ancestor already walked as reachable from an excluded commit.
  private mutating func markUninteresting(_ start: Int) {
    var stack = [start]
    while let position = stack.popLast() {
      guard !nodes[position].uninteresting else { continue }
      nodes[position].uninteresting = true
      if nodes[position].inQueue { interestingInQueue -= 1 }
      stack.append(contentsOf: nodes[position].parents ?? [])
    }
  }
}

/// A max-heap of commits by committer time; ties leave in the order they came in.
struct TimeQueue {
  private var heap: [(time: Int64, sequence: Int, position: Int)] = []
  private var sequence = 0

  var count: Int { heap.count }
  var peekTime: Int64? { heap.first?.time }

  mutating func push(_ position: Int, time: Int64) {
    heap.append((time, sequence, position))
    sequence += 1
    var child = heap.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard before(heap[child], heap[parent]) else { break }
      heap.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Int? {
    guard !heap.isEmpty else { return nil }
    heap.swapAt(0, heap.count - 1)
    let top = heap.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var first = parent
      if left < heap.count, before(heap[left], heap[first]) { first = left }
      if right < heap.count, before(heap[right], heap[first]) { first = right }
      if first == parent { break }
      heap.swapAt(parent, first)
      parent = first
    }
    return top.position
  }

  private func before(
    _ a: (time: Int64, sequence: Int, position: Int), _ b: (time: Int64, sequence: Int, position: Int)
  ) -> Bool {
    a.time > b.time || (a.time == b.time && a.sequence < b.sequence)
  }
}
