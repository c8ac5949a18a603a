import Foundation
import GitHistory

/// A review reference a one-parent commit's message can carry (METRICS.md section 2,
/// rules 2 and 3). Each reads any line of the message; where it appears more than once,
/// the last counts.
protocol ReferenceConvention: Sendable {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference?
}

/// Rule 2, in order: references that glue consecutive commits into one group.
let groupConventions: [any ReferenceConvention] = [
  MargePartOf(),
  NodePullRequestURL(),
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

/// curl: a line holding only `Closes #N` when a GitHub review head for N exists, or only
/// `Closes https://github.com/OWNER/REPO/pull/N`.
struct ClosesProvenPull: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let number = Self.closesNumber(lines, context) else { return nil }
    return ReviewReference(number: String(number), forge: .github)
  }

  static func closesNumber(_ lines: [Substring], _ context: RecognitionContext?) -> Substring? {
    for line in lines.reversed() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.lowercased().hasPrefix("closes ") else { continue }
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

/// GitHub squash: the subject ends in `(#N)`.
struct SquashSubjectNumber: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    Scan.trailingPullNumber(commit.subject).map { ReviewReference(number: $0.number, forge: .github) }
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

/// Gerrit: `Reviewed-on: URL`; the number is the URL's last number.
struct GerritReview: ReferenceConvention {
  func reference(in commit: Commit, _ lines: [Substring], _ context: RecognitionContext) -> ReviewReference? {
    guard let value = Scan.lastValue(of: "Reviewed-on", in: lines), let number = Scan.lastNumber(in: value) else {
      return nil
    }
    return ReviewReference(number: String(number), forge: .gerrit)
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
