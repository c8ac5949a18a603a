import CLibGit2

/// One zlib stream, reset for each object: setting a stream up allocates, resetting does not.
final class Inflater {
  private var stream = z_stream()
  private let ready: Bool
  /// Compressed bytes read by the streams inflated so far.
  var inputRead = 0

  init() {
    ready = baton_inflate_init(&stream) == Z_OK
  }

  deinit {
    if ready { inflateEnd(&stream) }
  }

  /// Inflates the zlib stream at the start of `input` into `destination`, which has room
  /// for `count + 1` bytes; true when the stream ends after exactly `count` bytes.
  ///
  /// The spare byte lets zlib reach the stream's end with output room left, as git does,
  /// and makes a stream longer than its header said fail instead of being cut short.
  func inflate(_ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer, count: Int) -> Bool {
    guard ready, inflateReset(&stream) == Z_OK, let inputStart = input.baseAddress else { return false }
    stream.next_in = UnsafeMutablePointer(mutating: inputStart.assumingMemoryBound(to: UInt8.self))
    stream.next_out = destination.assumingMemoryBound(to: UInt8.self)
    var inputLeft = input.count
    var roomLeft = count + 1
    // avail_in and avail_out are 32-bit: objects over 4 GiB take several rounds.
    while true {
      let inputChunk = min(inputLeft, Int(UInt32.max))
      let roomChunk = min(roomLeft, Int(UInt32.max))
      stream.avail_in = UInt32(inputChunk)
      stream.avail_out = UInt32(roomChunk)
      let status = CLibGit2.inflate(&stream, Z_FINISH)
      let consumed = inputChunk - Int(stream.avail_in)
      let produced = roomChunk - Int(stream.avail_out)
      inputLeft -= consumed
      roomLeft -= produced
      if status == Z_STREAM_END {
        inputRead += input.count - inputLeft
        return roomLeft == 1
      }
      guard status == Z_OK || status == Z_BUF_ERROR, consumed > 0 || produced > 0 else { return false }
    }
  }
}
