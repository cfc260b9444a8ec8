// The author's whole path without a terminal: a new PIR through the wizard, timeline rows,
// preview, save, commit, and push to a smart-HTTP remote with basic auth: a wrong password
// first (a plain refusal, then the dialog again), then the right one. The remote then holds
// exactly the PIR's files, authored from git config, and the credential helper holds the
// password that worked and never the wrong one.

import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  SAMPLE,
  assert,
  check,
  copySite,
  gitHttpServer,
  log,
  openApp,
  screenshot,
  textOf,
  waitFor,
  savePir,
  wizardNext,
} from "../harness.mjs";

const USER = "alice";
const PASSWORD = "s3cret-push";
const WRONG = "not-the-password";
const AUTHOR = { name: "Casey Commit", email: "casey@example.test" };
const TITLE = "Queue backlog after broker failover";
const DATE = "2026-09-14";
const FILE = `${DATE}-queue-backlog-broker-failover.md`;
const ROWS = [
  "14:02 broker primary lost its disk",
  "14:09 consumers reconnected to the standby",
];

/** @param {import("../harness.mjs").Context} ctx */
export default async function run(ctx) {
  const { driver, env, tmp } = ctx;
  // The CLI steps run with the app's git environment: the run's global config only.
  const git = (args, cwd) =>
    execFileSync("git", args, {
      cwd,
      env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: "0" },
    })
      .toString()
      .trim();
  const srv = path.join(tmp, "srv");
  const bare = path.join(srv, "site.git");
  const bareGit = (args) => git(["--git-dir", bare, ...args], tmp);
  git(["config", "--global", "user.name", AUTHOR.name], tmp);
  git(["config", "--global", "user.email", AUTHOR.email], tmp);

  fs.mkdirSync(srv);
  git(["init", "-q", "--bare", "-b", "main", bare], tmp);
  const server = await gitHttpServer(srv, USER, PASSWORD);
  if (!server) {
    log("skipped commit + push: lighttpd is not installed");
    return;
  }
  const url = server.url("site.git");
  const site = copySite(SAMPLE, "push-site");
  git(["init", "-q", "-b", "main"], site);
  git(["add", "-A"], site);
  git(["commit", "-q", "-m", "Start of the incident reviews"], site);
  // The first push with the password in the URL, which is then taken out again: the app
  // must ask for it.
  const withPassword = url.replace("http://", `http://${USER}:${PASSWORD}@`);
  git(["remote", "add", "origin", withPassword], site);
  git(["push", "-q", "-u", "origin", "main"], site);
  git(["remote", "set-url", "origin", url], site);
  const start = git(["rev-parse", "HEAD"], site);
  // What works is stored by git's credential helper, in a file the test can read.
  const store = path.join(tmp, "git-credentials");
  git(["config", "credential.helper", `store --file=${store}`], site);

  const pirFile = path.join(site, "docs/incidents", FILE);
  const s = await openApp(driver, site);
  ctx.lastOpened = site;
  try {
    await check(
      "commit + push: a new PIR from the wizard with timeline rows, saved",
      async () => {
        await s.click(await s.waitFind('[data-testid="new-pir"]'));
        await s.type(await s.waitFind('[data-testid="title"]'), TITLE);
        const date = await s.find('[data-testid="date"]');
        await s.clear(date);
        await s.type(date, DATE);
        const sev = await s.find('[data-testid="severity"]');
        await s.clear(sev);
        await s.type(sev, "High");
        await waitFor("file name preview", async () =>
          (await textOf(s, '[data-testid="file-name"]')).includes(FILE),
        );
        await wizardNext(s);
        await s.click(await s.find('[data-testid="finish"]'));
        await waitFor("created", async () =>
          (await textOf(s, '[data-testid="notice"]')).includes("Created"),
        );
        await waitFor("the new PIR open", async () =>
          (await textOf(s, '[data-testid="editor-title"]')).includes(FILE),
        );
        const before = (await s.findAll('[data-testid="timeline-row"]')).length;
        await s.type(
          await s.waitFind('[data-testid="paste-lines"]'),
          ROWS.join("\uE007"),
        );
        await s.click(await s.find('[data-testid="paste-add"]'));
        // The template's placeholder row goes by itself with the first pasted row.
        assert(before <= 1, `only the template's placeholder row: ${before}`);
        await waitFor(
          "the two pasted rows, the placeholder row gone",
          async () =>
            (await s.findAll('[data-testid="timeline-row"]')).length === 2,
        );
        await waitFor("the preview shows the rows", async () => {
          const html = await s.property(
            await s.find('[data-testid="preview"]'),
            "textContent",
          );
          return ROWS.every((r) => html.includes(r.slice(6)));
        });
        await savePir(s);
        const text = fs.readFileSync(pirFile, "utf8");
        for (const r of ROWS)
          assert(text.includes(r.slice(6)), `the file has the row: ${r}`);
        await screenshot(s, "push-pir-saved");
      },
    );

    await check(
      "commit + push: the commit panel commits the PIR's files as the configured author",
      async () => {
        await s.click(await s.find('[data-testid="open-git"]'));
        await waitFor("changed files", async () =>
          (await textOf(s, '[data-testid="git-files"]')).includes(FILE),
        );
        const author = await textOf(s, '[data-testid="git-author"]');
        assert(
          author.includes(`${AUTHOR.name} <${AUTHOR.email}>`),
          `the author from git config: ${author}`,
        );
        await s.click(await s.find('[data-testid="git-commit"]'));
        await waitFor("committed", async () =>
          (await textOf(s, '[data-testid="git-notice"]')).includes("Committed"),
        );
        assert(git(["rev-parse", "HEAD~1"], site) === start, "one commit");
      },
    );

    await check(
      "commit + push: a wrong password is refused plainly, the right one pushes",
      async () => {
        // Push is disabled while the panel reloads after the commit.
        const push = await s.waitFind('[data-testid="git-push"]');
        await waitFor(
          "Push enabled",
          async () => (await s.property(push, "disabled")) === false,
        );
        await s.click(push);
        // The dialog, or whatever the panel says instead.
        await waitFor("the credentials dialog", async () => {
          if ((await s.findAll('[data-testid="git-credentials"]')).length)
            return true;
          const errors = await s.findAll(
            '[data-testid="git-panel"] [data-testid="error"]',
          );
          if (errors.length) throw new Error(await s.text(errors[0]));
          return false;
        });
        await s.type(await s.find('[data-testid="cred-username"]'), USER);
        await s.type(await s.find('[data-testid="cred-password"]'), WRONG);
        await s.click(await s.find('[data-testid="cred-submit"]'));
        const refused = await s.waitFind('[data-testid="cred-refused"]');
        const says = await s.text(refused);
        assert(
          says.includes("Authentication failed"),
          `a plain auth failure: ${says}`,
        );
        // The dialog waits for new credentials: nothing is pushed meanwhile.
        await s.waitFind('[data-testid="git-credentials"]');
        assert(
          bareGit(["rev-parse", "main"]) === start,
          "the remote did not move",
        );
        await screenshot(s, "push-wrong-password");
        const pw = await s.find('[data-testid="cred-password"]');
        await s.clear(pw);
        await s.type(pw, PASSWORD);
        await s.click(await s.find('[data-testid="cred-submit"]'));
        await waitFor("pushed", async () =>
          (await textOf(s, '[data-testid="git-notice"]')).includes(
            "Pushed main",
          ),
        );
        await screenshot(s, "push-done");
      },
    );

    await check(
      "commit + push: the remote holds exactly the PIR's files, by the configured author",
      async () => {
        const head = git(["rev-parse", "HEAD"], site);
        assert(
          bareGit(["rev-parse", "main"]) === head,
          "the remote's main is the local commit",
        );
        const files = bareGit([
          "show",
          "--name-only",
          "--format=",
          "main",
        ]).split("\n");
        const want = ["docs/incidents/" + FILE, "docs/index.md", "mkdocs.yml"];
        assert(
          JSON.stringify(files.sort()) === JSON.stringify(want.sort()),
          `the pushed commit's files: ${files}`,
        );
        const who = bareGit([
          "log",
          "-1",
          "--format=%an <%ae>|%cn <%ce>",
          "main",
        ]);
        const me = `${AUTHOR.name} <${AUTHOR.email}>`;
        assert(who === `${me}|${me}`, `author and committer: ${who}`);
        const pushed = bareGit(["show", `main:docs/incidents/${FILE}`]);
        assert(
          pushed === fs.readFileSync(pirFile, "utf8").trim(),
          "the pushed PIR is the saved file",
        );
        const stored = fs.readFileSync(store, "utf8");
        assert(
          stored.includes(`${USER}:${PASSWORD}@127.0.0.1`),
          `the helper stored the password that worked: ${stored.replace(PASSWORD, "***")}`,
        );
        assert(!stored.includes(WRONG), "the wrong password was not stored");
      },
    );
  } finally {
    await s.end();
  }
}
