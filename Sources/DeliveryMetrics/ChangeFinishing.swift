import Foundation
import GitHistory

/// Reads the people named in landed messages (METRICS.md section 7).
enum PeopleReader {
  /// Trailer keys whose people reviewed a change.
  static let reviewKeys = ["Reviewed-by", "Reviewed By", "Acked-by", "Approved-by", "Approved by"]

  /// The entries of a trailer value: `alice, #core` or `A <a@x>, B <b@x>`; `#project` entries dropped.
  static func entries(_ value: String) -> [Substring] {
    value.split(separator: ",").map { $0.drop(while: \.isWhitespace) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  /// How a person is written in a table: the email when known, else the name or login.
  static func label(_ identity: Identity) -> String {
    identity.email.isEmpty ? identity.name : identity.email
  }
}

extension ChangeRecognizer {
  func finish(_ draft: ChangeDraft, _ context: RecognitionContext) throws -> Change {
    let merge = try context.commit(draft.mergeCommit)
    let mergedBy = try context.commit(draft.mergedBy)
    let mergedAt = mergedBy.committer.time.seconds
    let author = draft.author ?? context.identity(merge.author)

    // Times (section 3).
    var first: Int64?
    var last: Int64?
    var source = Change.TimingSource.none
    var commitCount = draft.landed.count - (draft.kind == .merge ? 1 : 0)
    switch draft.known {
    case .branch(let ids), .headRef(let ids):
      let commits = try ids.map(context.commit)
      first = commits.map(\.author.time.seconds).min()
      last = commits.map(\.committer.time.seconds).max()
      source = if case .branch = draft.known { .branch } else { .prRef }
      commitCount = ids.count
    case .landed(let ids):
      // A landed author time equal to its committer time was written at landing: skipped.
      let times = try ids.map(context.commit).filter { $0.author.time.seconds != $0.committer.time.seconds }
        .map(\.author.time.seconds)
      if !times.isEmpty {
        first = times.min()
        last = times.max()
        source = .landed
      }
    case .commitOnly:
      if merge.author.time.seconds != merge.committer.time.seconds {
        first = merge.author.time.seconds
        last = first
        source = .commit
      }
    case .none:
      break
    }
    // Durations that skewed clocks made negative: coding, review wait, cycle.
    let skews = [(first, last), (last, mergedAt), (first, mergedAt)].filter { start, end in
      guard let start, let end else { return false }
      return end < start
    }.count

    // People (section 7).
    let landed = try draft.landed.map(context.commit)
    let rules = context.settings.identityRules
    let sharedMerge = draft.kind == .merge && draft.mergedBy == draft.mergeCommit && merge.parents.count > 2
    let branchAuthors = Set(landed.dropLast().map { context.identity($0.author) })
    var coAuthors: [String] = []
    var reviewers: [String] = []
    var aiCredited = false
    var namedReviewers = draft.namedReviewers
    // Reviewers, co-authors and AI credits are read for the changes a report shows; an
    // older change keeps only what throughput, times and output need.
    let readPeople = (context.peopleFrom ?? context.containmentFrom).map { mergedAt >= $0 } ?? true
    for commit in landed where readPeople {
      let trailers = commit.trailers
      let isMergeMessage = commit.id == draft.mergeCommit && commit.parents.count > 1
      for value in trailers.values(for: "Co-authored-by") {
        guard let person = parsePerson(value).map(context.resolve), !person.isSamePerson(as: author) else { continue }
        // A bors-ng batch's co-authors belong to the PR whose commits they wrote.
        if sharedMerge, isMergeMessage, !branchAuthors.contains(where: { $0.isSamePerson(as: person) }) { continue }
        append(PeopleReader.label(person), to: &coAuthors)
      }
      for line in Scan.lines(commit.message) where rules.creditsAI(line) {
        if sharedMerge, isMergeMessage, !aiLineBelongs(line, to: branchAuthors, context) { continue }
        aiCredited = true
      }
      // bors writes its reviewers into the subject of each merge it makes.
      if let bors = BorsSubject(commit.subject, prefix: "Auto merge of #")
        ?? BorsSubject(commit.subject, prefix: "Rollup merge of #")
      {
        namedReviewers += bors.reviewers
      }
      let isPhabricator = !trailers.values(for: "Differential Revision").isEmpty
      var keys = PeopleReader.reviewKeys
      if !isPhabricator { keys += ["Reviewers", "Reviewer"] }
      for key in keys {
        for value in trailers.values(for: key) {
          for entry in PeopleReader.entries(value) {
            guard let person = parsePerson(entry).map(context.resolve),
              !person.isSamePerson(as: author), !context.isBot(person)
            else { continue }
            append(PeopleReader.label(person), to: &reviewers)
          }
        }
      }
    }
    for name in namedReviewers.flatMap({ $0.split(separator: ",") }) {
      let person = Identity(name: name.trimmingCharacters(in: .whitespaces), email: "")
      guard !person.name.isEmpty, !person.isSamePerson(as: author) else { continue }
      append(person.name, to: &reviewers)
    }
    let merger = self.merger(of: merge, context)
    var reviewSource: Change.ReviewSource? = reviewers.isEmpty ? nil : .trailer
    if reviewers.isEmpty, let merger, !merger.isSamePerson(as: author) {
      reviewers = [PeopleReader.label(merger)]
      reviewSource = .merger
    }

    let cohort: Change.Cohort =
      aiCredited || rules.isAIAgent(author) ? .ai : rules.isBot(author) ? .bot : .human

    var change = Change(
      changeID: "", kind: draft.kind, number: draft.reference?.number, forge: draft.reference?.forge ?? (draft.kind == .merge ? .topic : nil),
      title: draft.title, author: author, coAuthors: coAuthors, reviewers: reviewers, reviewSource: reviewSource,
      merger: merger.map(PeopleReader.label), isImport: draft.isImport, cohort: cohort,
      mergeCommit: draft.mergeCommit, commits: commitCount, mergedAt: mergedAt, firstCommitAt: first,
      lastCommitAt: last, timingSource: source, landedCommits: draft.landed, diffBase: draft.diffBase,
      diffTip: draft.diffTip, clockSkews: skews)
    change.revertedShas = landed.flatMap { RevertReader.revertedShas($0.message).map(String.init) }
    change.authoredCommits = landed.filter { $0.parents.count < 2 || draft.landed.count == 1 }
      .map { AuthoredCommit(author: context.identity($0.author), at: $0.author.time.seconds) }
    return change
  }

  /// Who merged: a forge-written merge's author; else the committer, or for a bot
  /// committer the person `Auto-Submit:` names. A forge's squash or rebase button and
  /// bots record no merger.
  private func merger(of commit: Commit, _ context: RecognitionContext) -> Identity? {
    let committer = context.identity(commit.committer)
    var merger: Identity?
    if isForge(committer) {
      merger = commit.parents.count > 1 ? context.identity(commit.author) : nil
    } else if context.isBot(committer) {
      merger = commit.trailers.values(for: "Auto-Submit").last.flatMap(parsePerson).map(context.resolve)
    } else {
      merger = committer
    }
    guard let merger, !context.isBot(merger) else { return nil }
    return merger
  }

  private func aiLineBelongs(_ line: Substring, to authors: Set<Identity>, _ context: RecognitionContext) -> Bool {
    guard let colon = line.firstIndex(of: ":"), let person = parsePerson(line[line.index(after: colon)...]) else {
      return true
    }
    return authors.contains { $0.isSamePerson(as: context.resolve(person)) }
  }

  private func append(_ label: String, to list: inout [String]) {
    if !list.contains(where: { $0.lowercased() == label.lowercased() }) { list.append(label) }
  }
}
