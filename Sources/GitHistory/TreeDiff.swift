import CLibGit2
import Foundation

/// Diff stats by our own walk of two trees, as `git diff --numstat --no-renames` counts:
/// subtrees with equal ids are skipped whole, only changed blob pairs are diffed
/// (`git_diff_blobs`, no context), and an added or deleted blob's lines are counted by
/// scanning for newlines. Trees and counted blobs are read as raw bytes, from the pack
/// reader when it has them: libgit2's tree-to-tree diff plus one patch per file does
/// the same work with far more allocation (DESIGN.md, "Performance shape").

struct TreeDiff {
  let repository: Repository
  let options: DiffOptions
  let operation: String
  var stats = DiffStats()

  /// Compares two trees by id (nil is the empty tree) under `prefix`.
  mutating func compare(_ old: ObjectID?, _ new: ObjectID?, prefix: String) throws(GitError) {
    try withEntries(of: old) { (oldEntries) throws(GitError) in
      try withEntries(of: new) { (newEntries) throws(GitError) in
        try compare(oldEntries, newEntries, prefix: prefix)
      }
    }
  }

  private mutating func compare(_ oldEntries: [Entry], _ newEntries: [Entry], prefix: String) throws(GitError) {
    var i = 0
    var j = 0
    while i < oldEntries.count || j < newEntries.count {
      let order: Int
      if i == oldEntries.count {
        order = 1
      } else if j == newEntries.count {
        order = -1
      } else {
        order = Self.compareTreeOrder(oldEntries[i], newEntries[j])
      }
      if order < 0 {
        try removed(oldEntries[i], prefix: prefix)
        i += 1
      } else if order > 0 {
        try added(newEntries[j], prefix: prefix)
        j += 1
      } else {
        try changed(oldEntries[i], newEntries[j], prefix: prefix)
        i += 1
        j += 1
      }
    }
  }

  struct Entry {
    /// The name's bytes inside the tree object, valid while it is read: most entries are
    /// only compared, so copying every name would allocate for nothing.
    var name: UnsafeRawBufferPointer
    var id: ObjectID
    var mode: UInt32
    var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
    var isBlob: Bool { mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue }
    var isLink: Bool { mode == GIT_FILEMODE_LINK.rawValue }
    var isSubmodule: Bool { mode == GIT_FILEMODE_COMMIT.rawValue }
  }

  /// Calls `body` with a tree's entries, in the tree's order; none for nil.
  private func withEntries(
    of tree: ObjectID?, _ body: ([Entry]) throws(GitError) -> Void
  ) throws(GitError) {
    guard let tree else { return try body([]) }
    try repository.withObject(tree, "\(operation): read tree \(tree.abbreviated())") { (type, bytes) throws(GitError) in
      guard type == GIT_OBJECT_TREE, let entries = Self.entries(of: bytes) else {
        throw GitError(.failed, operation: "\(operation): read tree \(tree.abbreviated())", detail: "not a valid tree")
      }
      try body(entries)
    }
  }

  /// A tree object's entries: `<octal mode> <name>\0<20-byte id>` each; nil when malformed.
  static func entries(of tree: UnsafeRawBufferPointer) -> [Entry]? {
    var entries: [Entry] = []
    entries.reserveCapacity(tree.count / 40)
    var cursor = 0
    while cursor < tree.count {
      var mode: UInt32 = 0
      while cursor < tree.count, tree[cursor] != UInt8(ascii: " ") {
        let digit = tree[cursor] &- UInt8(ascii: "0")
        guard digit < 8, mode < 1 << 24 else { return nil }
        mode = mode << 3 | UInt32(digit)
        cursor += 1
      }
      let nameStart = cursor + 1
      guard nameStart < tree.count,
        let nul = memchr(tree.baseAddress! + nameStart, 0, tree.count - nameStart)
      else { return nil }
      let nameEnd = UnsafeRawPointer(nul) - tree.baseAddress!
      guard nameEnd > nameStart, nameEnd + 21 <= tree.count else { return nil }
      entries.append(
        Entry(
          name: UnsafeRawBufferPointer(rebasing: tree[nameStart..<nameEnd]),
          id: ObjectID(bytes: tree.baseAddress! + nameEnd + 1),
          mode: normalized(mode)))
      cursor = nameEnd + 21
    }
    return entries
  }

  /// libgit2's (and git's) reading of a mode: legacy modes such as 100664 are 100644, any
  /// executable bit makes 100755, and anything unknown is a plain file.
  static func normalized(_ mode: UInt32) -> UInt32 {
    let type = mode & ~0o777
    if type == GIT_FILEMODE_TREE.rawValue { return GIT_FILEMODE_TREE.rawValue }
    if mode & 0o100 != 0 { return GIT_FILEMODE_BLOB_EXECUTABLE.rawValue }
    if type == GIT_FILEMODE_COMMIT.rawValue { return GIT_FILEMODE_COMMIT.rawValue }
    if type == GIT_FILEMODE_LINK.rawValue { return GIT_FILEMODE_LINK.rawValue }
    return GIT_FILEMODE_BLOB.rawValue
  }

  /// git's tree order: names compared bytewise, a tree as if its name ended in `/`.
  static func compareTreeOrder(_ a: Entry, _ b: Entry) -> Int {
    let length = min(a.name.count, b.name.count)
    if length > 0 {
      let order = memcmp(a.name.baseAddress!, b.name.baseAddress!, length)
      if order != 0 { return order < 0 ? -1 : 1 }
    }
    let nextA: UInt8 = a.name.count > length ? a.name[length] : (a.isTree ? UInt8(ascii: "/") : 0)
    let nextB: UInt8 = b.name.count > length ? b.name[length] : (b.isTree ? UInt8(ascii: "/") : 0)
    return nextA == nextB ? 0 : (nextA < nextB ? -1 : 1)
  }

  private func fullPath(_ entry: Entry, _ prefix: String) -> String {
    prefix + String(decoding: entry.name, as: UTF8.self)
  }

  private mutating func removed(_ entry: Entry, prefix: String) throws(GitError) {
    if entry.isTree {
      try compare(entry.id, nil, prefix: fullPath(entry, prefix) + "/")
      return
    }
    let path = fullPath(entry, prefix)
    guard !options.excludes(path) else { return }
    stats.files += 1
    let lines = try lines(of: entry)
    stats.deletions += lines
    record(path, lines)
  }

  private mutating func added(_ entry: Entry, prefix: String) throws(GitError) {
    if entry.isTree {
      try compare(nil, entry.id, prefix: fullPath(entry, prefix) + "/")
      return
    }
    let path = fullPath(entry, prefix)
    guard !options.excludes(path) else { return }
    stats.files += 1
    let lines = try lines(of: entry)
    stats.additions += lines
    record(path, lines)
  }

  private mutating func changed(_ old: Entry, _ new: Entry, prefix: String) throws(GitError) {
    if old.isTree, new.isTree {
      guard old.id != new.id else { return }
      try compare(old.id, new.id, prefix: fullPath(old, prefix) + "/")
      return
    }
    guard old.id != new.id || old.mode != new.mode else { return }
    let path = fullPath(new, prefix)
    guard !options.excludes(path) else { return }
    stats.files += 1
    guard old.id != new.id else {  // a mode change: one file, no lines
      record(path, 0)
      return
    }
    if old.isBlob, new.isBlob {
      let (additions, deletions) = try diffBlobs(old.id, new.id)
      stats.additions += additions
      stats.deletions += deletions
      record(path, additions + deletions)
    } else {
      // A type change (file, symlink, submodule): git counts the old side deleted and the new added.
      let deletions = try lines(of: old)
      let additions = try lines(of: new)
      stats.deletions += deletions
      stats.additions += additions
      record(path, additions + deletions)
    }
  }

  private mutating func record(_ path: String, _ lines: Int) {
    if options.recordsPaths { stats.linesByPath[path, default: 0] += lines }
  }

  /// Lines of one side of a file: newlines (and a last line without one), 0 for binary
  /// content (a NUL in the first 8000 bytes, as git decides), 1 for a submodule's commit line.
  private func lines(of entry: Entry) throws(GitError) -> Int {
    if entry.isSubmodule { return 1 }
    return try repository.withObject(entry.id, "\(operation): read blob \(entry.id.abbreviated())") { _, bytes in
      let size = bytes.count
      guard size > 0, let raw = bytes.baseAddress else { return 0 }
      if memchr(raw, 0, min(size, 8000)) != nil { return 0 }
      var count = 0
      var cursor = raw
      var remaining = size
      while remaining > 0, let found = memchr(cursor, Int32(UInt8(ascii: "\n")), remaining) {
        count += 1
        let consumed = UnsafeRawPointer(found) - cursor + 1
        cursor = UnsafeRawPointer(found) + 1
        remaining -= consumed
      }
      if bytes[size - 1] != UInt8(ascii: "\n") { count += 1 }
      return count
    }
  }

  private struct HunkTotals {
    var additions = 0
    var deletions = 0
  }

  /// Added and deleted lines between two blobs, summed from hunk headers of a diff with no context.
  private func diffBlobs(_ old: ObjectID, _ new: ObjectID) throws(GitError) -> (Int, Int) {
    try withBlob(old) { (oldBlob) throws(GitError) in
      try withBlob(new) { (newBlob) throws(GitError) in
        var diffOptions = git_diff_options()
        git_diff_options_init(&diffOptions, UInt32(GIT_DIFF_OPTIONS_VERSION))
        diffOptions.context_lines = 0
        diffOptions.interhunk_lines = 0
        var totals = HunkTotals()
        let code = withUnsafeMutablePointer(to: &totals) { pointer in
          // An empty path, not nil: libgit2 names a nil one "file" and then looks up its
          // gitattributes (a stat and a realpath per blob pair); git's numstat of history
          // does not read the work tree's attributes either.
          git_diff_blobs(
            oldBlob, "", newBlob, "", &diffOptions, nil, nil,
            { _, hunk, payload in
              let totals = payload!.assumingMemoryBound(to: HunkTotals.self)
              totals.pointee.additions += Int(hunk!.pointee.new_lines)
              totals.pointee.deletions += Int(hunk!.pointee.old_lines)
              return 0
            }, nil, pointer)
        }
        try Libgit2.check(code, "\(operation): diff \(old.abbreviated())..\(new.abbreviated())")
        return (totals.additions, totals.deletions)
      }
    }
  }

  private func withBlob<T>(_ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
    var oid = id.gitOID
    var blob: OpaquePointer?
    try Libgit2.check(git_blob_lookup(&blob, repository.pointer, &oid), "\(operation): read blob \(id.abbreviated())")
    defer { git_blob_free(blob) }
    return try body(blob!)
  }
}
