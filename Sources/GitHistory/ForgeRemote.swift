import Foundation

/// Where a repository's pull or merge requests and commits are shown on the web, read from
/// a remote's URL (docs/figures.md section 9): GitHub, GitLab, Gitea and Forgejo, Gerrit.
public struct ForgeRemote: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    case github, gitlab, gitea, gerrit
  }

  public var kind: Kind
  /// `https://HOST/PATH` of the repository's pages, without `.git` or a trailing slash.
  public var web: String
  /// Gerrit: `https://HOST` of its review pages (`go-review.googlesource.com` for `go.googlesource.com`).
  public var reviewHost: String
  /// The repository's path on its host (`owner/repo`, `group/sub/project`).
  public var project: String

  /// Reads `https://`, `http://`, `ssh://` and `git://` URLs and scp-like `user@host:path`;
  /// nil for a local path or a host whose forge cannot be told from its name.
  public init?(url: String) {
    var rest = Substring(url.trimmingCharacters(in: .whitespaces))
    var port: String?
    if let scheme = rest.range(of: "://") {
      rest = rest[scheme.upperBound...]
    } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
      // scp-like: [user@]host:path
      rest = Substring(String(rest[..<colon]) + "/" + String(rest[rest.index(after: colon)...]))
    } else {
      return nil
    }
    guard let slash = rest.firstIndex(of: "/") else { return nil }
    var host = rest[..<slash]
    if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
    if let colon = host.lastIndex(of: ":") {
      port = String(host[host.index(after: colon)...])
      host = host[..<colon]
    }
    var path = String(rest[rest.index(after: slash)...])
    while path.hasSuffix("/") { path.removeLast() }
    if path.hasSuffix(".git") { path.removeLast(4) }
    let name = host.lowercased()
    guard !name.isEmpty, !path.isEmpty,
      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
      path.allSatisfy({ $0.isLetter || $0.isNumber || "/._-~".contains($0) })
    else { return nil }
    if name == "github.com" || name.hasPrefix("github.") {
      kind = .github
    } else if name == "gitlab.com" || name.hasPrefix("gitlab.") || name.contains(".gitlab.") {
      kind = .gitlab
    } else if name == "codeberg.org" || name.hasPrefix("gitea.") || name.hasPrefix("forgejo.") {
      kind = .gitea
    } else if name.hasSuffix(".googlesource.com") || name.hasPrefix("review.") || name.hasPrefix("gerrit.")
      || name.hasPrefix("git-review.") || port == "29418"
    {
      kind = .gerrit
      // Gerrit's authenticated HTTP path: https://HOST/a/PROJECT.
      if path.hasPrefix("a/") { path.removeFirst(2) }
    } else {
      return nil
    }
    project = path
    web = "https://\(name)/\(path)"
    if name.hasSuffix(".googlesource.com"), !name.contains("-review.") {
      // go.googlesource.com keeps its reviews at go-review.googlesource.com.
      let site = name.dropLast(".googlesource.com".count)
      reviewHost = "https://\(site)-review.googlesource.com"
    } else {
      reviewHost = "https://\(name)"
    }
  }

  /// The page of a commit.
  public func commitLink(_ hex: String) -> String? {
    guard !hex.isEmpty, hex.allSatisfy(\.isHexDigit) else { return nil }
    switch kind {
    case .github, .gitea: return "\(web)/commit/\(hex)"
    case .gitlab: return "\(web)/-/commit/\(hex)"
    case .gerrit:
      // googlesource runs gitiles beside Gerrit; elsewhere Gerrit's search finds the commit.
      return web.hasSuffix(".googlesource.com/\(project)") ? "\(web)/+/\(hex)" : "\(reviewHost)/q/\(hex)"
    }
  }

  /// The page of a review by its number, when `forge` (how the change was numbered) is this
  /// remote's own: a GitHub number on a GitLab remote links nowhere.
  public func reviewLink(number: String, forge: String) -> String? {
    guard !number.isEmpty, number.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
    switch (kind, forge) {
    case (.github, "github"), (.github, "bors"): return "\(web)/pull/\(number)"
    case (.gitlab, "gitlab"): return "\(web)/-/merge_requests/\(number)"
    case (.gitea, "gitea"): return "\(web)/pulls/\(number)"
    case (.gerrit, "gerrit"):
      // A Change-Id (I and 40 hex digits) is found by search; a number has its own page.
      return number.hasPrefix("I") ? "\(reviewHost)/q/\(number)" : "\(reviewHost)/c/\(project)/+/\(number)"
    default: return nil
    }
  }
}
