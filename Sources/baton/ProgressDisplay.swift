import DeliveryMetrics
import Foundation

/// Shows how far an analysis has got, on stderr. On a terminal, one line redrawn in place
/// while the work takes longer than a second, erased at the end; with `--progress`, plain
/// lines every few seconds and at each phase, for cron and CI logs, which keep them.
final class ProgressDisplay: @unchecked Sendable {
  enum Mode { case terminal, lines }

  let progress = AnalysisProgress()
  private let mode: Mode?
  private let label: String
  private let started = Date()
  private let lock = NSLock()
  private var timer: DispatchSourceTimer?
  private var shown = false
  private var lastPhase: AnalysisProgress.Phase?
  private var lastLine = Date.distantPast

  /// - Parameters:
  ///   - lines: `--progress`; without it, a display only on a terminal.
  ///   - shown: false for a repository of a run over several, which has one display for all.
  init(lines: Bool, label: String, shown: Bool = true) {
    mode = !shown ? nil : lines ? .lines : isatty(STDERR_FILENO) == 1 ? .terminal : nil
    self.label = label
    guard mode != nil else { return }
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + (mode == .terminal ? 1 : 0.2), repeating: 0.25)
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
    self.timer = timer
  }

  /// Stops the display: erases the terminal line, or says how long the whole run took.
  func finish() {
    timer?.cancel()
    lock.lock()
    defer { lock.unlock() }
    switch mode {
    case .terminal where shown: write("\r\u{1B}[K")
    case .lines: write("baton: \(label): done in \(seconds(Date().timeIntervalSince(started)))\n")
    default: break
    }
    mode.map { _ in shown = false }
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    let snapshot = progress.snapshot
    switch mode {
    case .terminal:
      shown = true
      write("\r\u{1B}[K" + text(snapshot, elapsed: now.timeIntervalSince(started)))
    case .lines:
      guard snapshot.phase != lastPhase || now.timeIntervalSince(lastLine) >= 5 else { return }
      lastPhase = snapshot.phase
      lastLine = now
      write(text(snapshot, elapsed: now.timeIntervalSince(started)) + "\n")
    case nil:
      break
    }
  }

  /// `baton: repo main: recognising changes (recognised 12,288 of 46,210 commits, sized 300 of 762 changes, about 8 s left)`
  func text(_ s: AnalysisProgress.Snapshot, elapsed: Double) -> String {
    var parts: [String] = []
    if s.lineCommits > 0 {
      let recognised = s.phase == .recognising ? s.recognised : s.lineCommits
      parts.append("recognised \(count(recognised)) of \(count(s.lineCommits)) commits")
    }
    if s.toSize > 0 { parts.append("sized \(count(s.sized)) of \(count(s.toSize)) changes") }
    // What is left, from the rate so far of whichever part is further behind.
    let shares = [
      s.lineCommits > 0 && s.phase == .recognising ? Double(s.recognised) / Double(s.lineCommits) : 1,
      s.toSize > 0 ? Double(s.sized) / Double(s.toSize) : 1,
    ]
    if let done = shares.min(), done > 0.02, done < 1, elapsed > 2 {
      parts.append("about \(seconds(elapsed * (1 - done) / done)) left")
    }
    return "baton: \(label): \(s.phase.rawValue)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
  }

  private func count(_ value: Int) -> String {
    let digits = String(value)
    var grouped = ""
    for (index, digit) in digits.reversed().enumerated() {
      if index > 0, index % 3 == 0 { grouped.append(",") }
      grouped.append(digit)
    }
    return String(grouped.reversed())
  }

  private func seconds(_ value: Double) -> String {
    value < 60 ? "\(Int(value.rounded())) s" : "\(Int(value / 60)) min \(Int(value.truncatingRemainder(dividingBy: 60))) s"
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
