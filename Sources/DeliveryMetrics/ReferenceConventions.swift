import Foundation
import GitHistory

/// A review reference a one-parent commit's message can carry (docs/figures.md section 2,
/// rules 2 and 3). Each reads any line of the message; where it appears more than once,
/// the last counts.
protocol ReferenceConvention: Sendable {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference?
}

/// Rule 2, in order: references that glue consecutive commits into one group.
let groupConventions: [any ReferenceConvention] = [
  MargePartOf(),
  NodePullRequestURL(),
  LinkPullRequest(),
  GiteaPullRequest(),
  ClosesProvenPull(),
]

/// Rule 3, in order: references that make a one-parent commit a squash. The first wins.
let squashConventions: [any ReferenceConvention] = [
  SquashSubjectNumber(),
  PullRequestResolved(),
  SparkCloses(),
  ApacheThisCloses(),
  GerritReview(),
  PhabricatorRevision(),
  CopybaraImport(),
  PiperRevision(),
  AzureSquash(),
  GitLabSquash(),
  GerritChangeID(),
]

/// GitLab's Marge bot: `Part-of: <https://HOST/PROJECT/-/merge_requests/N>`.
struct MargePartOf: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "Part-of", in: lines),
      let number = Scan.mergeRequestNumber(inURL: value.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))[...])
    else { return nil }
    return ReviewReference(number: String(number), forge: .gitlab)
  }
}

/// Node.js's landing tool: `PR-URL: https://HOST/OWNER/REPO/pull/N`.
struct NodePullRequestURL: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "PR-URL", in: lines), let number = Scan.pullNumber(inURL: value) else {
      return nil
    }
    return ReviewReference(number: String(number), forge: .github)
  }
}

/// A maintainer applying a pull request with `b4`: `Link: https://HOST/OWNER/REPO/pull/N`
/// (kmod). A `Link:` to a mailing-list archive is no review reference.
struct LinkPullRequest: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Scan.lastValue(of: "Link", in: lines) { value in
      Scan.forgeNumber(inURL: value.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))[...])
    }
  }
}

/// Gitea-hosted projects (Blender): `Pull Request: https://HOST/OWNER/REPO/pulls/N`.
struct GiteaPullRequest: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Scan.lastValue(of: "Pull Request", in: lines) { value in
      Scan.forgeNumber(inURL: value.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))[...])
    }
  }
}

/// curl: a line holding only `Closes #N` when a GitHub review head for N exists, or only
/// `Closes https://github.com/OWNER/REPO/pull/N`.
struct ClosesProvenPull: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let number = Self.closesNumber(lines, context) else { return nil }
    return ReviewReference(number: String(number), forge: .github)
  }

  static func closesNumber(_ lines: [Substring], _ context: RecognitionContext?) -> Substring? {
    for line in lines.reversed() {
      let trimmed = Scan.trimmed(line)
      guard Scan.hasPrefix(trimmed, ignoringCase: "closes ") else { continue }
      let argument = trimmed.dropFirst("closes ".count)
      if argument.hasPrefix("#"), let number = Scan.leadingDigits(argument.dropFirst()),
        number.count == argument.count - 1
      {
        guard let context else { return number }
        return context.hasReviewHead(github: number) ? number : nil
      }
      if argument.hasPrefix("https://github.com/"), !argument.contains(" "),
        let number = Scan.pullNumber(inURL: argument)
      {
        return number
      }
      return nil
    }
    return nil
  }
}

/// GitHub squash: the subject ends in `(#N)`. A `Reviewed-on:` URL in the same message
/// names the forge the number belongs to (a Codeberg project mirrored to GitHub: its
/// numbers are Codeberg's, and the mirror's `refs/pull/N` are other pull requests).
struct SquashSubjectNumber: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let (_, number) = Scan.trailingPullNumber(commit.subject) else { return nil }
    let forge = GerritReview.reference(lines)?.forge ?? .github
    return ReviewReference(number: number, forge: forge)
  }
}

/// Meta's exports (`Pull Request resolved: URL`) and ghstack (`Pull-Request: URL`).
struct PullRequestResolved: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "Pull Request resolved", in: lines) ?? Scan.lastValue(of: "Pull-Request", in: lines),
      let number = Scan.pullNumber(inURL: value)
    else { return nil }
    return ReviewReference(number: String(number), forge: .github)
  }
}

/// Apache Spark's merge script: `Closes #N from user/branch.` (the last such line).
struct SparkCloses: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    for line in lines.reversed() {
      guard let rest = Scan.after("Closes #", in: line.drop(while: \.isWhitespace)),
        let number = Scan.leadingDigits(rest), rest.dropFirst(number.count).hasPrefix(" from ")
      else { continue }
      return ReviewReference(number: String(number), forge: .github)
    }
    return nil
  }
}

/// Apache projects' `This closes #N`, only when a review head for N exists: such numbers
/// often name another repository's pull requests.
struct ApacheThisCloses: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    for line in lines.reversed() {
      guard let rest = Scan.after("this closes #", in: Substring(line.drop(while: \.isWhitespace).lowercased())),
        let number = Scan.leadingDigits(rest)
      else { continue }
      return context.hasReviewHead(github: number) ? ReviewReference(number: String(number), forge: .github) : nil
    }
    return nil
  }
}

/// `Reviewed-on: URL`: the forge by the URL's shape (`/pull/N`, `/pulls/N`,
/// `/-/merge_requests/N`), else Gerrit with the URL's last number.
struct GerritReview: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Self.reference(lines)
  }

  static func reference(_ lines: [Substring]) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "Reviewed-on", in: lines) else { return nil }
    if let shaped = Scan.forgeNumber(inURL: value) { return shaped }
    return Scan.lastNumber(in: value).map { ReviewReference(number: String($0), forge: .gerrit) }
  }
}

/// Phabricator: `Differential Revision: URL`; the number is `D` and digits.
struct PhabricatorRevision: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "Differential Revision", in: lines),
      let d = value.lastIndex(of: "D"), let digits = Scan.leadingDigits(value[value.index(after: d)...])
    else { return nil }
    return ReviewReference(number: "D" + digits, forge: .phabricator)
  }
}

/// Google's Copybara: `COPYBARA_INTEGRATE_REVIEW=https://github.com/O/R/pull/N` or
/// `Imported from GitHub PR https://github.com/O/R/pull/N`.
struct CopybaraImport: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    for line in lines.reversed() {
      let trimmed = line.drop(while: \.isWhitespace)
      let url = Scan.after("COPYBARA_INTEGRATE_REVIEW=", in: trimmed) ?? Scan.after("Imported from GitHub PR ", in: trimmed)
      if let url, let number = Scan.pullNumber(inURL: url.split(separator: " ").first ?? url) {
        return ReviewReference(number: String(number), forge: .github)
      }
    }
    return nil
  }

  /// `PR #N: Title` → `Title`.
  static func title(_ subject: String) -> String {
    guard let rest = Scan.after("PR #", in: Substring(subject)), let number = Scan.leadingDigits(rest),
      let title = Scan.after(": ", in: rest.dropFirst(number.count))
    else { return subject }
    return String(title)
  }
}

/// An internal Google change: `PiperOrigin-RevId: N`. Its review is invisible.
struct PiperRevision: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "PiperOrigin-RevId", in: lines), let number = Scan.leadingDigits(value)
    else { return nil }
    return ReviewReference(number: String(number), forge: .piper)
  }
}

/// Azure DevOps's squash: a one-parent commit whose subject is `Merged PR N: title`.
struct AzureSquash: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Self.subject(commit.subject).map { ReviewReference(number: String($0.number), forge: .azure) }
  }

  /// `Merged PR N: title` → (N, title).
  static func subject(_ subject: String) -> (number: Substring, title: String)? {
    guard let rest = Scan.after("Merged PR ", in: Substring(subject)), let number = Scan.leadingDigits(rest),
      rest.dropFirst(number.count).hasPrefix(":")
    else { return nil }
    return (number, rest.dropFirst(number.count + 1).trimmingCharacters(in: .whitespaces))
  }
}

/// GitLab's squash or fast-forward with the merge request named: `See merge request GROUP/PROJECT!N`.
struct GitLabSquash: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    GitLabMerge.number(lines).map { ReviewReference(number: String($0), forge: .gitlab) }
  }
}

/// Gerrit's fast-forward, rebase and cherry-pick submits: `Change-Id: I…` alone (40 hex
/// digits), numbered by that id.
struct GerritChangeID: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Scan.lastValue(of: "Change-Id", in: lines).flatMap(Self.changeID)
      .map { ReviewReference(number: String($0), forge: .gerrit) }
  }

  /// `I` and 40 hex digits, or nil.
  static func changeID(_ value: Substring) -> Substring? {
    let id = value.prefix(while: { !$0.isWhitespace })
    guard id.utf8.count == 41, id.first == "I", id.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
    return id
  }

  static func isChangeID(_ reference: ReviewReference) -> Bool {
    reference.forge == .gerrit && changeID(Substring(reference.number)) != nil
  }
}
