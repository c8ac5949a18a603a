/// A person or bot as counted: the mailmap-resolved name and email.
public struct Identity: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var name: String
  public var email: String

  public init(name: String, email: String) {
    self.name = name
    self.email = email
  }

  /// The GitHub login an email stands for: the local part, without a noreply id
  /// (`12345+octocat@users.noreply.github.com` is `octocat`).
  public var login: String {
    let local = email.split(separator: "@", maxSplits: 1).first.map(String.init) ?? email
    if let plus = local.firstIndex(of: "+"), local[..<plus].allSatisfy(\.isNumber) {
      return String(local[local.index(after: plus)...])
    }
    return local
  }

  public var description: String { "\(name) <\(email)>" }

  public static func < (lhs: Identity, rhs: Identity) -> Bool {
    (lhs.email.lowercased(), lhs.name) < (rhs.email.lowercased(), rhs.name)
  }

  /// Whether two identities are one person: the same email, the same name (committers
  /// who sign with one address and are credited with another), or a bare login that
  /// is the other's email local part (bors's `r=`, Skara's `Reviewed-by: kcr`).
  public func isSamePerson(as other: Identity) -> Bool {
    if !email.isEmpty, email.lowercased() == other.email.lowercased() { return true }
    if !name.isEmpty, name.lowercased() == other.name.lowercased() { return true }
    if email.isEmpty, other.hasLogin(name) { return true }
    if other.email.isEmpty, hasLogin(other.name) { return true }
    return false
  }

  /// Whether a login (bors's `r=`, Skara's `Reviewed-by: kcr`) names this identity.
  public func hasLogin(_ login: String) -> Bool {
    !login.isEmpty && !email.isEmpty && self.login.lowercased() == login.lowercased()
  }
}

/// Which identities are bots and which are AI agents (docs/figures.md sections 1 and 7).
public struct IdentityRules: Sendable, Hashable {
  /// Extra substrings (case-insensitive) of a name or email that mark a bot (`scripty@kde.org`).
  public var botPatterns: [String]
  /// Extra words that name an AI assistant.
  public var aiPatterns: [String]

  public init(botPatterns: [String] = [], aiPatterns: [String] = []) {
    self.botPatterns = botPatterns
    self.aiPatterns = aiPatterns
  }

  static let botNames: Set<String> = ["bors", "homu", "github", "copybara-service"]
  static let aiAssistants = [
    "claude", "copilot", "cursor", "codex", "gemini", "devin", "aider", "jules", "windsurf", "openhands",
  ]

  /// A bot by docs/figures.md section 1: `[bot]`; a name ending ` Bot`/` Robot`, or `Bot`/`Robot`
  /// right after a lowercase letter or digit; a few known names; an email local part
  /// ending `-bot`/`-robot`; or a configured pattern.
  public func isBot(_ identity: Identity) -> Bool {
    let name = identity.name
    let lowerName = name.lowercased()
    let lowerEmail = identity.email.lowercased()
    // Searches on bytes (`Scan.contains`): Foundation's, through NSString, made this a
    // twentieth of recognising a history's changes.
    if Scan.contains(lowerName[...], "[bot]") || Scan.contains(lowerEmail[...], "[bot]") { return true }
    if lowerName.hasSuffix(" bot") || lowerName.hasSuffix(" robot") { return true }
    if Self.endsInCamelBot(name) || Self.endsInCamelBot(identity.login) { return true }
    if Self.botNames.contains(lowerName) || Self.isForgeAccount(identity) { return true }
    let local = lowerEmail.split(separator: "@", maxSplits: 1).first.map(String.init) ?? lowerEmail
    if local.hasSuffix("-bot") || local.hasSuffix("-robot") { return true }
    return botPatterns.contains { pattern in
      let pattern = pattern.lowercased()
      return Scan.contains(lowerName[...], pattern) || Scan.contains(lowerEmail[...], pattern)
    }
  }

  /// A forge account: a bot that lands other people's work (docs/figures.md section 1):
  /// GitHub, GitLab, Gitea and Forgejo, a Gerrit server (`… Code Review`,
  /// `noreply-gerritcodereview@`), a CI submit queue (Zuul, Chromium's LUCI CQ).
  public static func isForgeAccount(_ identity: Identity) -> Bool {
    let name = identity.name.lowercased()
    let email = identity.email.lowercased()
    if forgeNames.contains(name) || name.hasSuffix(" code review") { return true }
    if email == "noreply@github.com" || email == "noreply@gitlab.com" { return true }
    if email.hasPrefix("noreply-gerritcodereview@") { return true }
    let domain = email.split(separator: "@", maxSplits: 1).dropFirst().first ?? ""
    return domain == "fake.local" || domain == "luci-project-accounts.iam.gserviceaccount.com"
  }

  static let forgeNames: Set<String> = ["github", "gitlab", "gitea", "forgejo", "zuul", "chromium luci cq"]

  /// `BrewTestBot`, `k8s-ci-robot`'s `CIRobot`: `Bot` or `Robot` right after a lowercase letter or digit.
  private static func endsInCamelBot(_ text: String) -> Bool {
    for suffix in ["Bot", "Robot"] where text.hasSuffix(suffix) {
      let before = text.dropLast(suffix.count).last
      if let before, before.isLowercase || before.isNumber { return true }
    }
    return false
  }

  /// Whether an author is an AI agent by its whole name: `Copilot`, `claude[bot]`, `Name (aider)`.
  public func isAIAgent(_ identity: Identity) -> Bool {
    let name = identity.name.lowercased()
    let bare = name.hasSuffix("[bot]") ? String(name.dropLast(5)) : name
    let assistants = Self.aiAssistants + aiPatterns.map { $0.lowercased() }
    if assistants.contains(bare) { return true }
    return assistants.contains { name.hasSuffix("(\($0))") }
  }

  /// Whether a message line credits an AI assistant: a `Co-authored-by:`, `Assisted-by:`,
  /// `Generated-by:` or `Made-with:` line, or one saying "Generated with", naming one as a word.
  public func creditsAI(_ line: Substring) -> Bool {
    // Most lines credit nothing: reject them on their bytes, before lowercasing.
    let hasColon = line.utf8.contains(UInt8(ascii: ":"))
    guard hasColon || Scan.contains(line, "enerated with") else { return false }
    let start = line.drop(while: \.isWhitespace)
    let prefixes = ["co-authored-by:", "assisted-by:", "generated-by:", "made-with:"]
    guard prefixes.contains(where: { Scan.hasPrefix(start, ignoringCase: $0) })
      || Scan.contains(start, "generated with", ignoringCase: true)
    else {
      return false
    }
    let trimmed = start.lowercased()
    let words = Set(trimmed.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    return (Self.aiAssistants + aiPatterns.map { $0.lowercased() }).contains { words.contains($0) }
  }
}

/// Groups identities into people: one email, or one name, is one person (docs/figures.md section 1).
struct PersonIndex {
  private var parent: [Int] = []
  private var byEmail: [String: Int] = [:]
  private var byName: [String: Int] = [:]
  private var first: [Int: Identity] = [:]

  init<S: Sequence>(_ identities: S) where S.Element == Identity {
    for identity in identities { add(identity) }
  }

  private mutating func add(_ identity: Identity) {
    let email = identity.email.lowercased()
    let name = identity.name.lowercased()
    var node = byEmail[email] ?? (name.isEmpty ? nil : byName[name])
    if node == nil {
      parent.append(parent.count)
      node = parent.count - 1
      first[node!] = identity
    } else if let shown = first[root(node!)], identity.spellsBefore(shown) {
      first[root(node!)] = identity
    }
    if let other = byEmail[email] { union(node!, other) } else if !email.isEmpty { byEmail[email] = node }
    if !name.isEmpty { if let other = byName[name] { union(node!, other) } else { byName[name] = node } }
  }

  private mutating func root(_ node: Int) -> Int {
    var node = node
    while parent[node] != node {
      parent[node] = parent[parent[node]]
      node = parent[node]
    }
    return node
  }

  private mutating func union(_ a: Int, _ b: Int) {
    let (ra, rb) = (root(a), root(b))
    if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
  }

  /// The person an identity belongs to, named by the first identity seen for them.
  mutating func person(_ identity: Identity) -> Identity {
    let node = byEmail[identity.email.lowercased()] ?? byName[identity.name.lowercased()]
    guard let node else { return identity }
    return first[root(node)] ?? identity
  }
}

/// A string compared and hashed by its bytes. Swift's `String` equality is canonical
/// equivalence, under which `Malčić` precomposed (NFC) and decomposed (NFD) are equal, so a
/// table keyed by `String` keeps whichever spelling it met first, and a warm run (which
/// met them in another order) would print another spelling than a cold one. Tables that
/// keep what a person wrote are keyed by bytes (docs/figures.md section 1).
struct ExactText: Hashable, Sendable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (lhs: ExactText, rhs: ExactText) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}

extension Identity {
  /// The identity by its bytes: name and email as written.
  var exact: [ExactText] { [ExactText(name), ExactText(email)] }

  /// Whether two spellings of one identity differ only in their bytes (NFC against NFD),
  /// and this one is the first in byte order: the spelling a person is shown by, whichever
  /// a run met first.
  func spellsBefore(_ other: Identity) -> Bool {
    guard self == other else { return false }
    return (Array(email.utf8) + [0] + Array(name.utf8)).lexicographicallyPrecedes(
      Array(other.email.utf8) + [0] + Array(other.name.utf8))
  }
}
