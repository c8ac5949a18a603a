import CLibGit2
import Foundation

/// A read-only handle on one git repository.
///
/// A handle is not thread-safe: libgit2 wants one `git_repository` per thread. A worker
/// opens its own with `Repository(location)` from the `location` of the first handle.
public final class Repository {
  let pointer: OpaquePointer
  /// Where the repository is, enough to open another handle on it.
  public private(set) var location: Location
  /// Commits whose parents a shallow clone does not have.
  let shallowBoundary: Set<ObjectID>
  /// The reader of this handle's packs, also installed in its object database.
  let packReader: PackReader?
  /// Loaded on first use by `canonical(name:email:)`; nil when it could not be read.
  private var loadedMailmap: Mailmap??

  /// The resolved place of a repository; a value, so it can be handed to other threads.
  public struct Location: Hashable, Sendable {
    /// The git directory (`.git` of a work tree, or the bare repository itself), without a trailing slash.
    public var gitDirectory: String
    /// The work tree's root; nil for a bare repository.
    public var workTree: String?
  }

  /// Opens the repository at `path`: a work tree, any folder inside one, or a bare repository.
  public convenience init(discoveringFrom path: String) throws(GitError) {
    Libgit2.ensureInitialised()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw GitError(.notFound, operation: "no such directory: \(path)")
    }
    guard isDirectory.boolValue else {
      throw GitError(.notARepository, operation: "not a git repository: \(path) (not a directory)")
    }
    var raw: OpaquePointer?
    let code = git_repository_open_ext(&raw, path, 0, nil)
    guard code >= 0, let raw else {
      if code == GIT_ENOTFOUND.rawValue {
        throw GitError(.notARepository, operation: "not a git repository: \(path)")
      }
      throw Libgit2.error(code, "open repository \(path)")
    }
    self.init(taking: raw)
    // Pointed straight at a git directory (`rails.git`, or one without a config file,
    // which libgit2 takes for a `.git` inside a work tree): git treats that as bare.
    if location.workTree != nil, Self.samePath(path, location.gitDirectory) {
      location.workTree = nil
    }
  }

  private static func samePath(_ a: String, _ b: String) -> Bool {
    URL(fileURLWithPath: a).resolvingSymlinksInPath().standardizedFileURL.path
      == URL(fileURLWithPath: b).resolvingSymlinksInPath().standardizedFileURL.path
  }

  /// Opens another handle on a repository already found, for use on another thread.
  public convenience init(_ location: Location) throws(GitError) {
    Libgit2.ensureInitialised()
    var raw: OpaquePointer?
    let code = git_repository_open_ext(
      &raw, location.gitDirectory, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
    guard code >= 0, let raw else { throw Libgit2.error(code, "open repository \(location.gitDirectory)") }
    self.init(taking: raw)
    self.location = location
  }

  private init(taking pointer: OpaquePointer) {
    self.pointer = pointer
    var gitDirectory = String(cString: git_repository_path(pointer))
    if gitDirectory.count > 1, gitDirectory.hasSuffix("/") { gitDirectory.removeLast() }
    var workTree = git_repository_workdir(pointer).map { String(cString: $0) }
    if let tree = workTree, tree.count > 1, tree.hasSuffix("/") { workTree = String(tree.dropLast()) }
    location = Location(gitDirectory: gitDirectory, workTree: workTree)
    shallowBoundary = Self.readShallowFile(in: gitDirectory)
    packReader = PackBackend.install(in: pointer)
  }

  deinit {
    git_repository_free(pointer)
  }

  public var isBare: Bool { location.workTree == nil }

  /// Whether this is a shallow clone, whose history stops before its root commits.
  public var isShallow: Bool { !shallowBoundary.isEmpty }

  /// The commit `id`, as a value.
  public func commit(_ id: ObjectID) throws(GitError) -> Commit {
    try withCommit(id) { commit in
      let count = git_commit_parentcount(commit)
      var parents: [ObjectID] = []
      if !shallowBoundary.contains(id) {
        parents.reserveCapacity(Int(count))
        for index in 0..<count {
          parents.append(ObjectID(git_commit_parent_id(commit, index).pointee))
        }
      }
      return Commit(
        id: id,
        parents: parents,
        author: Signature(git_commit_author(commit)),
        committer: Signature(git_commit_committer(commit)),
        message: decodeGitText(git_commit_message(commit)),
        parentsCut: shallowBoundary.contains(id) && git_commit_parentcount(commit) > 0
      )
    }
  }

  /// Looks a commit up, hands it to `body`, and frees it before returning.
  func withCommit<T>(
    _ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> T
  ) throws(GitError) -> T {
    var oid = id.gitOID
    var commit: OpaquePointer?
    try Libgit2.check(git_commit_lookup(&commit, pointer, &oid), "read commit \(id.abbreviated())")
    defer { git_commit_free(commit) }
    return try body(commit!)
  }

  /// Resolves a revision as git would (`main`, `v1.2`, `HEAD~3`, an id or a prefix of one) to a commit.
  public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
    var object: OpaquePointer?
    let code = git_revparse_single(&object, pointer, revision)
    guard code >= 0 else {
      if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue || code == GIT_EAMBIGUOUS.rawValue {
        throw GitError(.notFound, operation: "unknown revision '\(revision)'", detail: Libgit2.lastErrorMessage())
      }
      throw Libgit2.error(code, "resolve '\(revision)'")
    }
    defer { git_object_free(object) }
    var peeled: OpaquePointer?
    try Libgit2.check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "'\(revision)' is not a commit")
    defer { git_object_free(peeled) }
    return ObjectID(git_object_id(peeled).pointee)
  }

  private static func readShallowFile(in gitDirectory: String) -> Set<ObjectID> {
    guard let text = try? String(contentsOfFile: gitDirectory + "/shallow", encoding: .utf8) else {
      return []
    }
    return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: $0) })
  }
}

extension Repository {
  /// The canonical name and email for what a commit recorded, by the repository's
  /// `.mailmap` (unchanged when there is none or it cannot be read).
  public func canonical(name: String, email: String) -> (name: String, email: String) {
    if loadedMailmap == nil { loadedMailmap = .some(try? mailmap()) }
    guard let mailmap = loadedMailmap ?? nil else { return (name, email) }
    return mailmap.resolve(name: name, email: email)
  }

  /// The URLs of the repository's remotes (`remote.NAME.url`), in name order.
  public func remoteURLs() throws(GitError) -> [String] {
    try remotes().map(\.url)
  }

  /// The repository's remotes by name, in name order: none when it has no `config` file
  /// (a mirror snapshot often has none).
  public func remotes() throws(GitError) -> [(name: String, url: String)] {
    var names = git_strarray()
    try Libgit2.check(git_remote_list(&names, pointer), "list remotes")
    defer { git_strarray_dispose(&names) }
    var remotes: [(name: String, url: String)] = []
    for index in 0..<names.count {
      guard let name = names.strings[index] else { continue }
      var remote: OpaquePointer?
      guard git_remote_lookup(&remote, pointer, name) >= 0 else { continue }
      defer { git_remote_free(remote) }
      if let url = git_remote_url(remote) { remotes.append((String(cString: name), String(cString: url))) }
    }
    return remotes
  }

  /// The forge whose web pages the remotes name: `origin` first, then `upstream`, then the
  /// others; nil when none names a forge baton knows, or the remotes cannot be read.
  public func forgeRemote() -> ForgeRemote? {
    guard let remotes = try? remotes() else { return nil }
    let rank = ["origin": 0, "upstream": 1]
    let ordered = remotes.sorted { (rank[$0.name] ?? 2, $0.name) < (rank[$1.name] ?? 2, $1.name) }
    return ordered.lazy.compactMap { ForgeRemote(url: $0.url) }.first
  }
}
