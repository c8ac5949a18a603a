import FixtureSupport
import Foundation
import GitHistory
import Testing

@Suite("Forge pages from remote URLs")
struct ForgeRemoteTests {
  @Test("URL forms of each forge give its pages", arguments: [
    ("https://github.com/rails/rails.git", "github", "https://github.com/rails/rails/pull/7", "https://github.com/rails/rails/commit/abc123"),
    ("git@github.com:astral-sh/ruff.git", "github", "https://github.com/astral-sh/ruff/pull/7", "https://github.com/astral-sh/ruff/commit/abc123"),
    ("ssh://git@gitlab.com/gnome/sub/glib.git", "gitlab", "https://gitlab.com/gnome/sub/glib/-/merge_requests/7", "https://gitlab.com/gnome/sub/glib/-/commit/abc123"),
    ("https://gitlab.freedesktop.org/mesa/mesa", "gitlab", "https://gitlab.freedesktop.org/mesa/mesa/-/merge_requests/7", "https://gitlab.freedesktop.org/mesa/mesa/-/commit/abc123"),
    ("https://codeberg.org/forgejo/forgejo.git", "gitea", "https://codeberg.org/forgejo/forgejo/pulls/7", "https://codeberg.org/forgejo/forgejo/commit/abc123"),
    ("https://go.googlesource.com/tools", "gerrit", "https://go-review.googlesource.com/c/tools/+/7", "https://go.googlesource.com/tools/+/abc123"),
    ("ssh://jane@review.opendev.org:29418/openstack/nova.git", "gerrit", "https://review.opendev.org/c/openstack/nova/+/7", "https://review.opendev.org/q/abc123"),
    ("https://gerrit.example.org/a/platform/core", "gerrit", "https://gerrit.example.org/c/platform/core/+/7", "https://gerrit.example.org/q/abc123"),
    ("/srv/git/project.git", "", nil, nil),
    ("https://example.com/team/project.git", "", nil, nil),
  ] as [(String, String, String?, String?)])
  func forms(url: String, forge: String, review: String?, commit: String?) {
    let remote = ForgeRemote(url: url)
    #expect((remote?.kind.rawValue ?? "") == forge)
    if forge.isEmpty { return }
    #expect(remote?.reviewLink(number: "7", forge: forge) == review)
    #expect(remote?.commitLink("abc123") == commit)
  }

  @Test("a number links only where it was numbered: a GitHub number on a GitLab remote links nowhere")
  func forgeMismatch() throws {
    let remote = try #require(ForgeRemote(url: "https://gitlab.com/group/project.git"))
    #expect(remote.reviewLink(number: "12", forge: "github") == nil)
    #expect(remote.reviewLink(number: "12", forge: "gitlab") != nil)
    // A Gerrit Change-Id is found by search.
    let gerrit = try #require(ForgeRemote(url: "https://go.googlesource.com/tools"))
    #expect(gerrit.reviewLink(number: "I0123456789abcdef0123456789abcdef01234567", forge: "gerrit")
      == "https://go-review.googlesource.com/q/I0123456789abcdef0123456789abcdef01234567")
    // Nothing that is not a number or an id makes a link.
    #expect(gerrit.reviewLink(number: "7\"><script>", forge: "gerrit") == nil)
    #expect(gerrit.commitLink("not hex") == nil)
  }

  @Test("origin is preferred; a repository without a config file has no remote and no error")
  func fromRepository() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("config", "remote.a-mirror.url", "https://gitlab.com/mirror/basics.git")
    try fixture.git("config", "remote.origin.url", "git@github.com:acme/basics.git")
    #expect(try fixture.open().forgeRemote()?.web == "https://github.com/acme/basics")
    try FileManager.default.removeItem(atPath: fixture.path + "/config")
    #expect(try fixture.open().forgeRemote() == nil)
  }
}
