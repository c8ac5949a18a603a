import Foundation
import GitHistory

/// Reads the people named in landed messages (docs/figures.md section 7).
enum PeopleReader {
  /// Trailer keys whose people reviewed a change.
  static let reviewKeys = ["Reviewed-by", "Reviewed By", "Acked-by", "Approved-by", "Approved by"]

  /// The entries of a trailer value: `alice, #core` or `A <a@x>, B <b@x>`; `#project` entries dropped.
  static func entries(_ value: String) -> [Substring] {
    value.split(separator: ",").map { $0.drop(while: \.isWhitespace) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  /// Mozilla's subject suffix `r=name1,name2` (not `r?`; `a=` approves a release): the
  /// reviewers' logins, without reviewer groups (`nss-reviewers`) and `r=backout`, which
  /// names no one. Bors subjects carry their own `r=` and are read as bors's.
  static func mozillaReviewers(_ subject: String) -> [String] {
    guard Scan.contains(Substring(subject), "r="), !subject.hasPrefix("Auto merge of #"),
      !subject.hasPrefix("Rollup merge of #")
    else { return [] }
    guard let token = subject.split(separator: " ").last(where: { $0.hasPrefix("r=") }) else { return [] }
    return token.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".;:)")) }
      .filter { !$0.isEmpty && !$0.hasSuffix("-reviewers") && $0.lowercased() != "backout" }
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
    // Reviewers compared as people: one named under two addresses is one reviewer, listed by
    // the first spelling met (docs/figures.md section 1).
    var reviewerPeople: [Identity] = []
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
      for line in commit.lines where rules.creditsAI(line) {
        if sharedMerge, isMergeMessage, !aiLineBelongs(line, to: branchAuthors, context) { continue }
        aiCredited = true
      }
      // bors writes its reviewers into the subject of each merge it makes.
      if let bors = BorsSubject(commit.subject, prefix: "Auto merge of #")
        ?? BorsSubject(commit.subject, prefix: "Rollup merge of #")
      {
        namedReviewers += bors.reviewers
      }
      namedReviewers += PeopleReader.mozillaReviewers(commit.subject)
      let isPhabricator = !trailers.values(for: "Differential Revision").isEmpty
      var keys = PeopleReader.reviewKeys
      if !isPhabricator { keys += ["Reviewers", "Reviewer"] }
      for key in keys {
        for value in trailers.values(for: key) {
          for entry in PeopleReader.entries(value) {
            guard let person = parsePerson(entry).map(context.resolve),
              !person.isSamePerson(as: author), !context.isBot(person)
            else { continue }
            if !reviewerPeople.contains(where: { $0.isSamePerson(as: person) }) { reviewerPeople.append(person) }
          }
        }
      }
    }
    for name in namedReviewers.flatMap({ $0.split(separator: ",") }) {
      let person = Identity(name: name.trimmingCharacters(in: .whitespaces), email: "")
      guard !person.name.isEmpty, !person.isSamePerson(as: author) else { continue }
      if !reviewerPeople.contains(where: { $0.isSamePerson(as: person) }) { reviewerPeople.append(person) }
    }
    let merger = self.merger(of: merge, draft, context)
    var reviewers = reviewerPeople.map(PeopleReader.label)
    var reviewSource: Change.ReviewSource? = reviewers.isEmpty ? nil : .trailer
    if reviewers.isEmpty, let merger, !merger.isSamePerson(as: author) {
      reviewers = [PeopleReader.label(merger)]
      reviewSource = .merger
    }

    let cohort: Change.Cohort =
      aiCredited || rules.isAIAgent(author) ? .ai : context.isBot(author) ? .bot : .human

    var change = Change(
      changeID: "", kind: draft.kind, number: draft.reference?.number, forge: draft.reference?.forge ?? (draft.kind == .merge ? .topic : nil),
      title: draft.title, author: author, coAuthors: coAuthors, reviewers: reviewers, reviewSource: reviewSource,
      merger: merger.map(PeopleReader.label), isImport: draft.isImport, cohort: cohort,
      mergeCommit: draft.mergeCommit, commits: commitCount, mergedAt: mergedAt, firstCommitAt: first,
      lastCommitAt: last, timingSource: source, landedCommits: draft.landed, diffBase: draft.diffBase,
      diffTip: draft.diffTip, clockSkews: skews)
    change.rule = draft.rule
    // For the coverage hints (CoverageHints.swift), read now rather than again later.
    let committer = context.identity(merge.committer)
    if draft.kind == .direct || draft.kind == .rebase {
      change.unreadTrailers = CoverageHints.unreadKeys(merge.trailers)
    }
    if !context.isBot(committer), !committer.isSamePerson(as: author) { change.landedBy = committer }
    change.mergedForOther = merge.parents.count > 1 && !context.identity(merge.author).isSamePerson(as: committer)
    change.mergedByAuthor = merger.map { $0.isSamePerson(as: author) } ?? false
    change.revertedShas = landed.flatMap { RevertReader.revertedShas($0.message).map(String.init) }
    change.authoredCommits = landed.filter { $0.parents.count < 2 || draft.landed.count == 1 }
      .map { AuthoredCommit(author: context.identity($0.author), at: $0.author.time.seconds) }
    return change
  }

  /// Who merged (docs/figures.md section 7): when a forge account committed a merge, the
  /// merge's author (Gerrit makes the submitter the author); else the committer. When that
  /// is a forge account or bot, the person `Commit-Queue:` (Chromium's LUCI CQ) or
  /// `Auto-Submit:` names. A squash numbered by a `Change-Id:` alone keeps its uploader
  /// as committer, not whoever submitted it, so it records no merger.
  func merger(of commit: Commit, _ draft: ChangeDraft, _ context: RecognitionContext) -> Identity? {
    if draft.kind == .squash, let reference = draft.reference, GerritChangeID.isChangeID(reference) { return nil }
    let committer = context.identity(commit.committer)
    var merger = isForge(committer) && commit.parents.count > 1 ? context.identity(commit.author) : committer
    if context.isBot(merger) {
      let trailers = commit.trailers
      guard let named = (trailers.values(for: "Commit-Queue").last ?? trailers.values(for: "Auto-Submit").last)
        .flatMap(parsePerson)
      else { return nil }
      merger = context.resolve(named)
    }
    return context.isBot(merger) ? nil : merger
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
