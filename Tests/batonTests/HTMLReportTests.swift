import FixtureSupport
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What a parse of the page found: every element with its attributes, in order.
private final class PageReader: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []
  var text = ""
  var error: Error?

  func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
    elements.append((name, attributes))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

  static func read(_ page: String) -> PageReader? {
    let reader = PageReader()
    let parser = XMLParser(data: Data(page.utf8))
    parser.delegate = reader
    return parser.parse() ? reader : nil
  }

  var ids: Set<String> { Set(elements.compactMap { $0.attributes["id"] }) }
}

@Suite("baton report --format html")
struct HTMLReportTests {
  /// github-merges (acme/widget on GitHub) with the remote a clone would have.
  func fixture(remote: String? = "git@github.com:acme/widget.git") throws -> FixtureRepository {
    let fixture = try FixtureRepository("github-merges")
    if let remote { try fixture.git("config", "remote.origin.url", remote) }
    return fixture
  }

  func page(_ fixture: FixtureRepository, _ name: String = "report.html") throws -> String {
    let output = fixture.scratchPath(name)
    let run = try runBaton([
      "report", fixture.path, "--as-of", "2026-02-24T12:00:00Z", "--since", "2026-01-01", "--format", "html",
      "--output", output,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "")
    return try String(contentsOfFile: output, encoding: .utf8)
  }

  @Test("the page parses as XML and holds every chart by its id, each titled and described for screen readers")
  func charts() throws {
    let html = try page(try fixture())
    let reader = try #require(PageReader.read(html))
    let charts = ["chart-cycle-stages", "chart-review-queue", "chart-queue-flow", "chart-output-throughput",
      "chart-size-wait", "chart-deployments", "chart-lead-time", "chart-review-load"]
    for id in charts {
      let svg = reader.elements.first { $0.attributes["id"] == id }
      #expect(svg?.name == "svg", "\(id)")
      #expect(svg?.attributes["role"] == "img")
      #expect(svg?.attributes["aria-labelledby"] == "\(id)-title \(id)-desc")
      #expect(reader.ids.contains("\(id)-title") && reader.ids.contains("\(id)-desc"))
    }
    #expect(reader.ids.contains("changes-table") && reader.ids.contains("open-items"))
    // The diagnosis opens the page, before the key figures.
    let sections = reader.elements.filter { $0.name == "section" }.compactMap { $0.attributes["id"] }
    #expect(sections.prefix(2) == ["diagnosis", "key-figures"])
    #expect(html.contains("<h3>DORA keys, in DORA's 2024 bands</h3>"))
  }

  @Test("the page references nothing outside itself; its only addresses are forge links a reader clicks")
  func selfContained() throws {
    let html = try page(try fixture())
    let reader = try #require(PageReader.read(html))
    let fetching = ["img", "link", "iframe", "object", "embed", "image", "use", "audio", "video", "source"]
    #expect(reader.elements.filter { fetching.contains($0.name) }.isEmpty)
    for (name, attributes) in reader.elements {
      #expect(attributes["src"] == nil, "\(name) has src")
      #expect(attributes["xlink:href"] == nil)
      if let href = attributes["href"] {
        #expect(name == "a" && href.hasPrefix("https://github.com/acme/widget/"), "\(name) href=\(href)")
      }
    }
    // Nor in styles, scripts or text: no url(), no @import, no address outside an <a>.
    #expect(!html.contains("url(") && !html.contains("@import"))
    let addresses = html.components(separatedBy: "http").count - 1
    let links = reader.elements.filter { $0.name == "a" }.count
    #expect(addresses == links)
    // 13 changes: the 11 with a GitHub number link to their pull request, the 2 direct ones to their commit; and open #12.
    #expect(links == 14)
    #expect(html.contains("<a href=\"https://github.com/acme/widget/pull/9\">#9</a>"))
    #expect(html.contains("<a href=\"https://github.com/acme/widget/pull/12\">#12</a>"))
    #expect(html.contains("<a href=\"https://github.com/acme/widget/commit/\(try fixture().id(22))\">"))
  }

  @Test("a repository whose config names no remote (a mirror snapshot) gets no links, and no error")
  func noRemote() throws {
    let fixture = try fixture(remote: nil)
    try FileManager.default.removeItem(atPath: fixture.path + "/config")
    let html = try page(fixture)
    #expect(PageReader.read(html) != nil)
    #expect(!html.contains("<a "))
    #expect(!html.contains("http"))
  }

  @Test("a rerun on the unchanged repository writes the same bytes")
  func deterministic() throws {
    let fixture = try fixture()
    #expect(try page(fixture, "first.html") == page(fixture, "second.html"))
  }

  @Test("figures from the answer key: the failed deployment, the restore, review load and the weekly medians")
  func figures() throws {
    let html = try page(try fixture())
    // v0.1.0 (2026-01-16) shipped :1, #1, #2, #3, #4 and failed (#9 reverted #4 7 days later); v0.2.0 shipped #9.
    #expect(html.contains("<title>2026-01-16: v0.1.0 (5 changes, failed)</title>"))
    #expect(html.contains("<td>2026-01-16T10:00:00Z</td><td>v0.1.0</td><td>5</td><td>failed</td><td>12d 2h</td>"))
    // Mergers other than the author: Alice #1, #3, #6, #13; Bob #2, #4, #9; Carol #11. No review trailers.
    #expect(html.contains("alice@example.com: reviewed 0, merged 4; bob@example.com: reviewed 0, merged 3; carol@example.com: reviewed 0, merged 1"))
    // Week of 2026-01-12: #3 (coding 13h 15m, review wait 1d 45m) and #4 (4h 40m, 17h 22m 17s): medians 8h 57m30s and 21h 3m 38.5s.
    #expect(html.contains("week of 2026-01-12: coding p50 8h 58m (n=2)"))
    #expect(html.contains("week of 2026-01-12: review wait p50 21h 4m (n=2)"))
    // Open #12: its own commits :30 (committed 2026-02-18) and :31 (2026-02-20T23:10Z): the key figures' oldest open review.
    #expect(html.contains("<a href=\"https://github.com/acme/widget/pull/12\">#12</a> <span class=\"ref\">refs/pull/12/head</span></td><td class=\"num\">"))
    #expect(html.contains("<td>2026-02-18</td><td>2026-02-20</td></tr>"))
  }

  @Test("a window after the branch's newest commit is said, not drawn as charts of zeros")
  func emptyWindow() throws {
    let fixture = try fixture()
    let output = fixture.scratchPath("late.html")
    let run = try runBaton(["report", fixture.path, "--as-of", "2027-06-01", "--format", "html", "--output", output])
    #expect(run.status == 0)
    let html = try String(contentsOfFile: output, encoding: .utf8)
    #expect(PageReader.read(html) != nil)
    #expect(html.contains("<h2>No history in this window</h2>"))
    #expect(!html.contains("<svg"))
  }
}
