import ArgumentParser
import Foundation

/// Writing what baton produced: every failure (a full disk, a closed pipe) is an error with
/// exit 2, never a silent success (docs/figures.md section 9).
enum Output {
  /// Writes to standard output, unbuffered, so a write that fails is known before exit.
  static func standard(_ text: String) throws {
    try write(text, to: STDOUT_FILENO, naming: "standard output")
  }

  /// Appends to a file, creating it (`$GITHUB_STEP_SUMMARY`).
  static func append(_ text: String, toFile path: String) throws {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure(path, errno) }
    defer { close(descriptor) }
    try write(text, to: descriptor, naming: path)
  }

  static func write(_ data: Data, to descriptor: Int32, naming name: String) throws {
    try data.withUnsafeBytes { try write($0, to: descriptor, naming: name) }
  }

  /// Writes the text's own bytes: a whole-history table is hundreds of megabytes, and a
  /// `Data` copy of it would be as many again.
  static func write(_ text: String, to descriptor: Int32, naming name: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: descriptor, naming: name) }
  }

  private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, naming name: String) throws {
    var offset = 0
    while offset < bytes.count {
      let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw failure(name, errno)
      }
      offset += written
    }
  }

  static func failure(_ name: String, _ code: Int32) -> ValidationError {
    ValidationError("cannot write \(name): \(String(cString: strerror(code)))")
  }

  /// A closed pipe (`baton report | head -1`) is a failed write (EPIPE), not a silent death by SIGPIPE.
  static func reportBrokenPipes() {
    signal(SIGPIPE, SIG_IGN)
  }
}
