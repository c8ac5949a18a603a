import FixtureSupport
import GitHistory
import Testing

@Suite("History walks")
struct WalkTests {
  @Test("the first-parent line runs from the tip to the root, newest first")
  func firstParentLine() throws {
    let fixture = try FixtureRepository("basics")
    let line = try fixture.open().firstParentLine(from: fixture.oid(6))
    #expect(line == [6, 5, 4, 2, 1].map(fixture.oid))
  }

  @Test("reachable from some commits and not from others, as git rev-list A ^B")
  func reachable() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    // The commits a merge brought in: C^2 and not C^1.
    #expect(try repository.commits(reachableFrom: [fixture.oid(7)], excluding: [fixture.oid(2)]) == [7, 3].map(fixture.oid))
    #expect(try repository.commits(reachableFrom: [fixture.oid(4)], excluding: [fixture.oid(4)]).isEmpty)
    #expect(try repository.commits(reachableFrom: [fixture.oid(8)], excluding: [fixture.oid(6)]) == [fixture.oid(8)])
    let everything = try repository.commits(reachableFrom: [fixture.oid(6)])
    #expect(Set(everything) == Set([1, 2, 3, 4, 5, 6, 7].map(fixture.oid)))
    #expect(everything.first == fixture.oid(6))
    #expect(everything.last == fixture.oid(1))
    // The same answer as git's own.
    let git = try fixture.git("rev-list", fixture.id(6), "^" + fixture.id(3))
    #expect(try repository.commits(reachableFrom: [fixture.oid(6)], excluding: [fixture.oid(3)]).map(\.hex) == git.split(separator: "\n").map(String.init))
  }

  @Test("which review heads the target has not reached, in one walk")
  func unreachableHeads() throws {
    let fixture = try FixtureRepository("basics")
    let repository = try fixture.open()
    let heads = try repository.reviewHeads()
    let open = try repository.unreachable(heads.map(\.tip), from: fixture.oid(6))
    #expect(open == [fixture.oid(8)])
    #expect(try repository.unreachable([fixture.oid(3), fixture.oid(6)], from: fixture.oid(6)).isEmpty)
  }

  @Test("a shallow clone walks what it has and says it is shallow")
  func shallow() throws {
    let fixture = try FixtureRepository("basics")
    let shallowPath = fixture.scratchPath("shallow")
    try FixtureRepository.runGit(["clone", "--quiet", "--bare", "--depth", "2", "--branch", "main", "file://\(fixture.path)", shallowPath])
    let repository = try Repository(discoveringFrom: shallowPath)
    #expect(repository.isShallow)
    let tip = try repository.targetBranch().tip
    #expect(tip == fixture.oid(6))
    #expect(try repository.firstParentLine(from: tip) == [fixture.oid(6), fixture.oid(5)])
    #expect(try repository.commit(fixture.oid(5)).parents.isEmpty)
    #expect(try repository.commit(fixture.oid(5)).parentsCut)
    #expect(try !repository.commit(fixture.oid(6)).parentsCut)
    #expect(try repository.commits(reachableFrom: [tip]) == [fixture.oid(6), fixture.oid(5)])
  }
}
