import FixtureSupport
import Foundation
import GitHistory
import Testing

@Suite("Opening repositories")
struct RepositoryTests {
  @Test("a bare repository opens as bare, at its own path")
  func bare() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    #expect(repository.isBare)
    #expect(repository.location.workTree == nil)
    #expect(repository.location.gitDirectory == fixture.path)
    #expect(!repository.isShallow)
  }

  @Test("a git directory without a config file, as some mirrors ship, is still bare")
  func bareWithoutConfig() throws {
    let fixture = try FixtureRepository("basics")
    try FileManager.default.removeItem(atPath: fixture.path + "/config")
    try fixture.git("symbolic-ref", "HEAD", "refs/heads/feature/search")
    let repository = try fixture.open()
    #expect(repository.isBare)
    #expect(try repository.targetBranch().reason == .bareHead)
  }

  @Test("a work tree opens from its root and from a folder inside it")
  func workTree() throws {
    let fixture = try FixtureRepository("basics")
    let clone = try fixture.clone()
    try FileManager.default.createDirectory(atPath: clone + "/deep/er", withIntermediateDirectories: true)
    for path in [clone, clone + "/deep/er"] {
      let repository = try Repository(discoveringFrom: path)
      #expect(!repository.isBare)
      #expect(repository.location.workTree == clone)
      #expect(repository.location.gitDirectory == clone + "/.git")
    }
  }

  @Test("a second handle opens from the first one's location")
  func secondHandle() throws {
    let fixture = try FixtureRepository("basics")
    let first = try fixture.open()
    let second = try Repository(first.location)
    #expect(try second.commit(fixture.oid(6)) == first.commit(fixture.oid(6)))
  }

  @Test("a folder that is not a repository is a clear error")
  func notARepository() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-not-a-repo-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let error = #expect(throws: GitError.self) { try Repository(discoveringFrom: folder.path) }
    #expect(error?.kind == .notARepository)
    #expect(error?.description == "not a git repository: \(folder.path)")
  }

  @Test("a path that does not exist is a clear error")
  func missingPath() {
    let error = #expect(throws: GitError.self) { try Repository(discoveringFrom: "/no/such/place") }
    #expect(error?.description == "no such directory: /no/such/place")
  }

  @Test("an empty repository opens, and asking for its branch says it is empty")
  func emptyRepository() throws {
    let fixture = try FixtureRepository(empty: ())
    let repository = try fixture.open()
    let error = #expect(throws: GitError.self) { try repository.targetBranch() }
    #expect(error?.kind == .emptyRepository)
    #expect(error?.description == "repository has no commits: \(fixture.path)")
  }

  @Test("an unknown revision is not found")
  func unknownRevision() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    let error = #expect(throws: GitError.self) { try repository.resolveCommit("no-such-thing") }
    #expect(error?.kind == .notFound)
  }
}
