import CLibGit2

/// A ref as stored: its full name and what it points at.
public struct Reference: Hashable, Sendable {
  /// The full name (`refs/heads/main`, `refs/remotes/origin/HEAD`, `HEAD`).
  public var name: String
  /// The object a direct ref names (for an annotated tag, the tag object); nil when symbolic.
  public var target: ObjectID?
  /// The ref a symbolic ref names (`refs/remotes/origin/main`); nil when direct.
  public var symbolicTarget: String?

  public init(name: String, target: ObjectID?, symbolicTarget: String? = nil) {
    self.name = name
    self.target = target
    self.symbolicTarget = symbolicTarget
    kind = Kind(fullName: name)
  }

  public var isSymbolic: Bool { symbolicTarget != nil }

  public var kind: Kind

  /// The name a person would type: `main`, `origin/main`, `v1.2.0`.
  public var shortName: String {
    for prefix in ["refs/heads/", "refs/remotes/", "refs/tags/"] where name.hasPrefix(prefix) {
      return String(name.dropFirst(prefix.count))
    }
    return name
  }

  public enum Kind: Hashable, Sendable {
    case branch
    case remoteBranch
    case tag
    /// A forge's review head: `refs/pull/N/head` and `refs/remotes/*/pr/N` (GitHub),
    /// `refs/merge-requests/N/head` (GitLab).
    case reviewHead(ReviewHead.Forge, number: Int)
    case other

    init(fullName name: String) {
      // Mirrors hold tens of thousands of review heads: plain prefix tests, no splitting.
      if name.hasPrefix("refs/pull/"), name.hasSuffix("/head"), let number = Self.number(name, 10, 5) {
        self = .reviewHead(.github, number: number)
      } else if name.hasPrefix("refs/merge-requests/"), name.hasSuffix("/head"), let number = Self.number(name, 20, 5) {
        self = .reviewHead(.gitlab, number: number)
      } else if name.hasPrefix("refs/heads/") {
        self = .branch
      } else if name.hasPrefix("refs/remotes/") {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 5, parts[3] == "pr", let number = Int(parts[4]) {
          self = .reviewHead(.github, number: number)
        } else {
          self = .remoteBranch
        }
      } else if name.hasPrefix("refs/tags/") {
        self = .tag
      } else {
        self = .other
      }
    }

    /// The digits between a prefix and a suffix of known lengths, when that is all there is.
    private static func number(_ name: String, _ prefixLength: Int, _ suffixLength: Int) -> Int? {
      let digits = name.utf8.dropFirst(prefixLength).dropLast(suffixLength)
      guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
        return nil
      }
      return Int(Substring(digits))
    }
  }
}

/// The head of a review (pull or merge request) a forge publishes as a ref.
public struct ReviewHead: Hashable, Sendable {
  public enum Forge: String, Hashable, Sendable {
    case github
    case gitlab
  }

  public var forge: Forge
  public var number: Int
  /// The full ref name it was read from.
  public var ref: String
  /// The commit the ref points at.
  public var tip: ObjectID

  public init(forge: Forge, number: Int, ref: String, tip: ObjectID) {
    self.forge = forge
    self.number = number
    self.ref = ref
    self.tip = tip
  }
}

/// A tag and the commit it names.
public struct Tag: Hashable, Sendable {
  /// The name without `refs/tags/`.
  public var name: String
  /// The commit the tag names, after peeling nested tags.
  public var commit: ObjectID
  public var isAnnotated: Bool
  /// The tagger line's time; nil for a lightweight tag and an annotated tag without a tagger.
  public var taggerTime: GitTime?

  public init(name: String, commit: ObjectID, isAnnotated: Bool, taggerTime: GitTime?) {
    self.name = name
    self.commit = commit
    self.isAnnotated = isAnnotated
    self.taggerTime = taggerTime
  }
}

extension Repository {
  /// Every ref (not `HEAD`), sorted by name.
  public func references() throws(GitError) -> [Reference] {
    var iterator: OpaquePointer?
    try Libgit2.check(git_reference_iterator_new(&iterator, pointer), "list references")
    defer { git_reference_iterator_free(iterator) }
    var references: [Reference] = []
    while true {
      var ref: OpaquePointer?
      let code = git_reference_next(&ref, iterator)
      if code == GIT_ITEROVER.rawValue { break }
      try Libgit2.check(code, "list references")
      defer { git_reference_free(ref) }
      references.append(Reference(ref!))
    }
    return references.sorted { $0.name < $1.name }
  }

  /// The ref with this exact full name, or nil when there is none.
  public func reference(named name: String) throws(GitError) -> Reference? {
    var ref: OpaquePointer?
    let code = git_reference_lookup(&ref, pointer, name)
    if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue { return nil }
    try Libgit2.check(code, "read reference \(name)")
    defer { git_reference_free(ref) }
    return Reference(ref!)
  }

  /// The commit a ref finally names, following symbolic refs and peeling tags;
  /// nil for a dangling symbolic ref or a ref to something that is not a commit.
  public func commitID(of reference: Reference) throws(GitError) -> ObjectID? {
    var resolved = reference
    var hops = 0
    while let next = resolved.symbolicTarget {
      hops += 1
      guard hops < 10, let followed = try self.reference(named: next) else { return nil }
      resolved = followed
    }
    guard let target = resolved.target else { return nil }
    return try peelToCommit(target)
  }

  /// Every review head, by forge and number.
  public func reviewHeads() throws(GitError) -> [ReviewHead] { try reviewHeads(among: references()) }

  /// The review heads among refs already listed (a mirror may hold tens of thousands).
  public func reviewHeads(among references: [Reference]) throws(GitError) -> [ReviewHead] {
    var heads: [ReviewHead] = []
    for reference in references {
      guard case .reviewHead(let forge, let number) = reference.kind,
        let tip = try commitID(of: reference)
      else { continue }
      heads.append(ReviewHead(forge: forge, number: number, ref: reference.name, tip: tip))
    }
    return heads
  }

  /// Every tag that names a commit, sorted by name.
  public func tags() throws(GitError) -> [Tag] { try tags(among: references()) }

  /// The tags among refs already listed.
  public func tags(among references: [Reference]) throws(GitError) -> [Tag] {
    var tags: [Tag] = []
    for reference in references where reference.kind == .tag {
      guard let target = reference.target else { continue }
      var oid = target.gitOID
      var object: OpaquePointer?
      try Libgit2.check(
        git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "read tag \(reference.shortName)")
      defer { git_object_free(object) }
      var tagger: GitTime?
      let isAnnotated = git_object_type(object) == GIT_OBJECT_TAG
      if isAnnotated, let signature = git_tag_tagger(object) {
        tagger = GitTime(signature.pointee.when)
      }
      guard let commit = try peelToCommit(target) else { continue }
      tags.append(
        Tag(name: reference.shortName, commit: commit, isAnnotated: isAnnotated, taggerTime: tagger))
    }
    return tags
  }

  /// What an object finally is once tags are peeled (`tree`, `blob`, `commit`); nil when absent.
  func objectKind(_ id: ObjectID) throws(GitError) -> String? {
    var oid = id.gitOID
    var object: OpaquePointer?
    guard git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY) >= 0 else { return nil }
    defer { git_object_free(object) }
    var current = object
    var owned: OpaquePointer?
    defer { git_object_free(owned) }
    while git_object_type(current) == GIT_OBJECT_TAG {
      var next: OpaquePointer?
      guard git_tag_target(&next, current) >= 0 else { return nil }
      git_object_free(owned)
      owned = next
      current = next
    }
    return String(cString: git_object_type2string(git_object_type(current)))
  }

  /// The commit an object finally names; nil when it is a tree or a blob.
  func peelToCommit(_ id: ObjectID) throws(GitError) -> ObjectID? {
    var oid = id.gitOID
    var object: OpaquePointer?
    try Libgit2.check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "read object \(id.abbreviated())")
    defer { git_object_free(object) }
    var peeled: OpaquePointer?
    let code = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
    if code == GIT_EINVALIDSPEC.rawValue || code == GIT_EPEEL.rawValue || code == GIT_ENOTFOUND.rawValue {
      return nil
    }
    try Libgit2.check(code, "peel \(id.abbreviated())")
    defer { git_object_free(peeled) }
    return ObjectID(git_object_id(peeled).pointee)
  }
}

extension Reference {
  init(_ ref: OpaquePointer) {
    name = String(cString: git_reference_name(ref))
    if git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC {
      symbolicTarget = git_reference_symbolic_target(ref).map { String(cString: $0) }
      target = nil
    } else {
      symbolicTarget = nil
      target = git_reference_target(ref).map { ObjectID($0.pointee) }
    }
    kind = Kind(fullName: name)
  }
}
