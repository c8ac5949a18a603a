import ArgumentParser
import Foundation

/// Writing what baton produced: every failure (a full disk, a closed pipe) is an error with
/// exit 2, never a silent success (docs/figures.md section 9).
enum Output {
  /// Writes to standard output, unbuffered, so a write that fails is known before exit.
  static func standard(_ text: String) throws {
    try write(Data(text.utf8), to: STDOUT_FILENO, naming: "standard output")
  }

  /// Appends to a file, creating it (`$GITHUB_STEP_SUMMARY`).
  static func append(_ text: String, toFile path: String) throws {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure(path, errno) }
    defer { close(descriptor) }
    try write(Data(text.utf8), to: descriptor, naming: path)
  }

  static func write(_ data: Data, to descriptor: Int32, naming name: String) throws {
    try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
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
  }

  static func failure(_ name: String, _ code: Int32) -> ValidationError {
    ValidationError("cannot write \(name): \(String(cString: strerror(code)))")
  }

  /// A closed pipe (`baton report | head -1`) is a failed write (EPIPE), not a silent death by SIGPIPE.
  static func reportBrokenPipes() {
    signal(SIGPIPE, SIG_IGN)
  }
}
