import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { MockBackend, SAMPLE_ROOT } from "../mock-backend";
import { GitStore, isSshUrl } from "../state/git.svelte";
import GitPanel from "./GitPanel.svelte";

const NEW_PIR = "2026-07-07-cache-stampede-on-deploy.md";

/** A mock with one new PIR written since the last commit. */
function setup(tweak?: (api: MockBackend) => void) {
  const api = new MockBackend();
  api.git.repo(SAMPLE_ROOT);
  api.sites
    .get(SAMPLE_ROOT)!
    .files.set(NEW_PIR, "# Post Incident Review: Cache stampede on deploy\n\nWhat happened.\n");
  tweak?.(api);
  render(GitPanel, { api, root: SAMPLE_ROOT });
  return { api, user: userEvent.setup() };
}

const calls = (api: MockBackend, m: string) => api.calls.filter(([c]) => c === m);

describe("commit and push panel", () => {
  it("shows the changed PIR with its diff, branch, upstream, author and a prefilled message", async () => {
    setup();
    const files = await screen.findByTestId("git-files");
    expect(files).toHaveTextContent(`docs/incidents/${NEW_PIR}`);
    const added = [...files.querySelectorAll('[data-change="added"]')].map((e) => e.textContent);
    expect(added.some((t) => t?.includes("What happened."))).toBe(true);
    expect(screen.getByTestId("git-branch")).toHaveTextContent("On main · tracking origin/main");
    expect(screen.getByTestId("git-ahead-behind")).toHaveTextContent("↑0 ↓0");
    expect(screen.getByTestId("git-author")).toHaveTextContent("Alex Example <alex@example.org>");
    expect(screen.getByTestId("git-message")).toHaveValue("PIR: Cache stampede on deploy");
  });

  it("commits with Ctrl+Enter, then pushes and offers the pull-request page", async () => {
    const { api, user } = setup();
    const message = await screen.findByTestId("git-message");
    await user.click(message);
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() =>
      expect(screen.getByTestId("git-notice")).toHaveTextContent("Committed 1 file(s) on main"),
    );
    expect(calls(api, "gitCommit")[0][1]).toEqual([
      SAMPLE_ROOT,
      [`docs/incidents/${NEW_PIR}`],
      "PIR: Cache stampede on deploy",
      { branch: null },
    ]);
    expect(await screen.findByTestId("git-clean")).toBeInTheDocument();
    expect(screen.getByTestId("git-ahead-behind")).toHaveTextContent("↑1 ↓0");

    await user.click(screen.getByTestId("git-push"));
    await waitFor(() =>
      expect(screen.getByTestId("git-notice")).toHaveTextContent("Pushed main to origin"),
    );
    await user.click(screen.getByTestId("git-open-pr"));
    expect(api.openedPages).toEqual([
      "https://github.com/example/incident-reviews/compare/main...main?expand=1",
    ]);
  });

  it("offers the compare page to copy when the forge is not known", async () => {
    const { api, user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.remoteUrl = "https://git.example.org/ops/reviews.git";
      repo.ahead = 1;
    });
    await user.click(await screen.findByTestId("git-push"));
    const compare = await screen.findByTestId("git-compare-url");
    expect(compare.querySelector("input")).toHaveValue(
      "https://git.example.org/ops/reviews/compare/main...main",
    );
    expect(screen.queryByTestId("git-open-pr")).toBeNull();
  });

  it("says when the remote branch exists but is not tracked", async () => {
    setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.upstream = null;
      repo.untrackedRemote = "origin/main";
      repo.ahead = 2;
    });
    const branch = await screen.findByTestId("git-branch");
    expect(branch).toHaveTextContent("origin/main exists but is not tracked");
    expect(branch).not.toHaveTextContent("no upstream yet");
    expect(screen.getByTestId("git-ahead-behind")).toHaveTextContent("↑2 ↓0");
  });

  it("commits on a new pir/<slug> branch when asked", async () => {
    const { api, user } = setup();
    await user.click(await screen.findByTestId("git-new-branch"));
    expect(screen.getByTestId("git-branch-name")).toHaveValue("pir/cache-stampede-on-deploy");
    await user.click(screen.getByTestId("git-commit"));
    await waitFor(() => expect(calls(api, "gitCommit")).toHaveLength(1));
    expect(calls(api, "gitCommit")[0][1][3]).toEqual({ branch: "pir/cache-stampede-on-deploy" });
    await waitFor(() =>
      expect(screen.getByTestId("git-branch")).toHaveTextContent("no upstream yet"),
    );
  });

  it("asks for a username and token when the remote needs them, and retries with them", async () => {
    const { api, user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.password = "tok3n";
      repo.ahead = 1;
    });
    await user.click(await screen.findByTestId("git-push"));
    const dialog = await screen.findByTestId("git-credentials");
    expect(dialog).toHaveTextContent("https://github.com/example/incident-reviews.git");
    expect(screen.queryByTestId("cred-passphrase")).toBeNull();
    await user.type(screen.getByTestId("cred-username"), "alex");
    await user.type(screen.getByTestId("cred-password"), "tok3n");
    await user.click(screen.getByTestId("cred-submit"));
    await waitFor(() => expect(screen.getByTestId("git-notice")).toHaveTextContent("Pushed main"));
    expect(screen.queryByTestId("git-credentials")).toBeNull();
    const pushes = calls(api, "gitPush");
    expect(pushes.map(([, a]) => a[1])).toEqual([
      null,
      { username: "alex", password: "tok3n", passphrase: null },
    ]);
  });

  it("says plainly when the typed password is wrong and asks again, without retrying by itself", async () => {
    const { api, user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.password = "tok3n";
      repo.ahead = 1;
    });
    await user.click(await screen.findByTestId("git-push"));
    await screen.findByTestId("git-credentials");
    expect(screen.queryByTestId("cred-refused")).toBeNull();
    await user.type(screen.getByTestId("cred-username"), "alex");
    await user.type(screen.getByTestId("cred-password"), "wrong");
    await user.click(screen.getByTestId("cred-submit"));
    expect(await screen.findByTestId("cred-refused")).toHaveTextContent("Authentication failed");
    expect(screen.getByTestId("git-credentials")).toBeInTheDocument();
    // One push with nothing, one with the wrong password: no loop of retries.
    await new Promise((r) => setTimeout(r, 100));
    expect(calls(api, "gitPush")).toHaveLength(2);
    expect(screen.getByTestId("cred-password")).toHaveValue("");
    await user.type(screen.getByTestId("cred-password"), "tok3n");
    await user.click(screen.getByTestId("cred-submit"));
    await waitFor(() => expect(screen.getByTestId("git-notice")).toHaveTextContent("Pushed main"));
    expect(screen.queryByTestId("git-credentials")).toBeNull();
    expect(calls(api, "gitPush")).toHaveLength(3);
  });

  it("pushes even when the progress events cannot be listened to", async () => {
    const { user } = setup((api) => {
      api.git.repo(SAMPLE_ROOT).ahead = 1;
      api.onGitProgress = () => Promise.reject(new Error("event.listen not allowed"));
    });
    await user.click(await screen.findByTestId("git-push"));
    await waitFor(() => expect(screen.getByTestId("git-notice")).toHaveTextContent("Pushed main"));
    expect(screen.queryByTestId("git-progress")).toBeNull();
  });

  it("asks for a key passphrase for an SSH remote", async () => {
    const { user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.remoteUrl = "git@github.com:example/incident-reviews.git";
      repo.password = "phrase";
      repo.ahead = 1;
    });
    await user.click(await screen.findByTestId("git-push"));
    expect(await screen.findByTestId("cred-passphrase")).toBeInTheDocument();
    expect(screen.queryByTestId("cred-password")).toBeNull();
  });

  it("explains a rejected push and pulls, then pushes again", async () => {
    const { api, user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.ahead = 1;
      repo.behind = 2;
    });
    await user.click(await screen.findByTestId("git-push"));
    const rejected = await screen.findByTestId("git-rejected");
    expect(rejected).toHaveTextContent("someone else pushed first");
    expect(rejected).toHaveTextContent("fetch first");
    await user.click(screen.getByTestId("git-pull-push"));
    await waitFor(() => expect(screen.getByTestId("git-notice")).toHaveTextContent("Pushed main"));
    expect(calls(api, "gitPull")).toHaveLength(1);
    expect(calls(api, "gitPush")).toHaveLength(2);
    expect(screen.queryByTestId("git-rejected")).toBeNull();
  });

  it("says plainly when there is no remote, and when the network is down", async () => {
    setup((api) => {
      api.git.repo(SAMPLE_ROOT).remoteUrl = null;
    });
    expect(await screen.findByTestId("git-no-remote")).toHaveTextContent("no remote named origin");
    expect(screen.queryByTestId("git-push")).toBeNull();
  });

  it("shows an offline push as an error, keeping the commit", async () => {
    const { user } = setup((api) => {
      const repo = api.git.repo(SAMPLE_ROOT);
      repo.offline = true;
      repo.ahead = 1;
    });
    await user.click(await screen.findByTestId("git-push"));
    expect(await screen.findByTestId("error")).toHaveTextContent("Could not reach the remote");
  });
});

describe("isSshUrl", () => {
  it("tells SSH remotes from HTTPS ones", () => {
    expect(isSshUrl("git@github.com:a/b.git")).toBe(true);
    expect(isSshUrl("ssh://git@host/a/b.git")).toBe(true);
    expect(isSshUrl("https://github.com/a/b.git")).toBe(false);
    expect(isSshUrl("/srv/git/docs.git")).toBe(false);
  });
});

describe("push progress", () => {
  it("follows the backend's progress events and stops listening after the push", async () => {
    const api = new MockBackend();
    api.git.repo(SAMPLE_ROOT).ahead = 1;
    const git = new GitStore(api, SAMPLE_ROOT);
    await git.load();
    const seen: number[] = [];
    const stopWatching = await api.onGitProgress((p) => seen.push(p.objects_done));
    await git.push();
    stopWatching();
    expect(seen).toEqual([1, 2, 3]);
    expect(git.progress).toEqual({ objects_done: 3, objects_total: 3, bytes: 1536 });
    // The store's own listener is gone: a later push by someone else does not move its bar.
    git.progress = null;
    api.git.repo(SAMPLE_ROOT).ahead = 1;
    api.git.push(SAMPLE_ROOT, null);
    expect(git.progress).toBeNull();
  });
});
