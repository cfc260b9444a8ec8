// The mock backend's git: one repository per mock site, with knobs for the cases the commit
// panel must handle (credentials needed, a rejected push, no remote, offline). Simplified from
// pir_core::git, whose behaviour is tested in Rust against real servers.
import type { CommitOptions } from "./bindings/CommitOptions";
import type { CommitOutcome } from "./bindings/CommitOutcome";
import type { CommitReview } from "./bindings/CommitReview";
import type { CoreError } from "./bindings/CoreError";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { PullOutcome } from "./bindings/PullOutcome";
import type { PushOutcome } from "./bindings/PushOutcome";
import type { ReviewLink } from "./bindings/ReviewLink";
import type { TransferProgress } from "./bindings/TransferProgress";
import type { TypedCredentials } from "./bindings/TypedCredentials";
import { mockLineDiff } from "./mock-backend";

/** A mock site's repository. */
export interface MockRepo {
  branch: string;
  upstream: string | null;
  /** `origin/<branch>` exists but the branch does not track it. */
  untrackedRemote?: string | null;
  ahead: number;
  /** Commits on the remote this branch does not have: a push is rejected until a pull. */
  behind: number;
  remoteUrl: string | null;
  /** The files' text at HEAD, by name (as the site's `files` map). */
  committed: Map<string, string>;
  author: { name: string; email: string } | null;
  /** When set, pushes and pulls need this password (HTTPS) before they go through. */
  password: string | null;
  /** Pushes and pulls fail as if the network were down. */
  offline: boolean;
}

const gitErr = (message: string, kind: ErrorKind = "git"): CoreError => ({ kind, message });

export class MockGit {
  repos = new Map<string, MockRepo>();
  private listeners = new Set<(p: TransferProgress) => void>();

  constructor(private files: (root: string) => Map<string, string>) {}

  /** The repository of `root`, made on first use with everything committed. */
  repo(root: string): MockRepo {
    let r = this.repos.get(root);
    if (!r) {
      r = {
        branch: "main",
        upstream: "origin/main",
        ahead: 0,
        behind: 0,
        remoteUrl: "https://github.com/example/incident-reviews.git",
        committed: new Map(this.files(root)),
        author: { name: "Alex Example", email: "alex@example.org" },
        password: null,
        offline: false,
      };
      this.repos.set(root, r);
    }
    return r;
  }

  private changed(root: string): string[] {
    const r = this.repo(root);
    const now = this.files(root);
    return [...now.keys()].filter((n) => r.committed.get(n) !== now.get(n)).sort();
  }

  review(root: string): CommitReview {
    const r = this.repo(root);
    const now = this.files(root);
    const names = this.changed(root);
    const titleOf = (n: string) =>
      /^# (?:Post Incident Review: )?(.*)$/m.exec(now.get(n) ?? "")?.[1] ?? n;
    const files = names.map((n) => ({
      path: `docs/incidents/${n}`,
      role: "pir" as const,
      title: titleOf(n),
      deleted: false,
    }));
    const message =
      files.length === 1
        ? `PIR: ${files[0].title}`
        : files.length === 0
          ? "PIR: update the nav and incident lists"
          : `PIR: ${files.length} reviews (${files.map((f) => f.title).join(", ")})`;
    const slug = names[0]?.replace(/^\d{4}-\d{2}-\d{2}-/, "").replace(/\.md$/, "");
    return {
      status: {
        workdir: root,
        head: {
          kind: "branch",
          name: r.branch,
          commit: "0123456789abcdef0123456789abcdef01234567",
        },
        upstream: r.upstream,
        untracked_remote: r.untrackedRemote ?? null,
        ahead: r.ahead,
        behind: r.behind,
        files: [],
        operation: null,
      },
      changes: { files, left_out: [] },
      diffs: names.map((n) => ({
        path: `docs/incidents/${n}`,
        new_file: !r.committed.has(n),
        deleted: false,
        hunks: mockLineDiff(r.committed.get(n) ?? "", now.get(n) ?? ""),
      })),
      message,
      author: r.author,
      remote_url: r.remoteUrl,
      suggested_branch: slug ? `pir/${slug}` : null,
    };
  }

  commit(root: string, paths: string[], message: string, opts: CommitOptions): CommitOutcome {
    const r = this.repo(root);
    if (!message.trim()) throw { kind: "invalid_input", message: "the commit message is empty" };
    if (!r.author) throw gitErr("no git identity: set user.name and user.email");
    const names = paths.map((p) => p.split("/").pop() ?? p);
    const changed = this.changed(root);
    if (!names.some((n) => changed.includes(n))) throw gitErr("nothing to commit");
    if (opts.branch) {
      r.branch = opts.branch;
      r.upstream = null;
      r.ahead = 0;
    }
    for (const n of names) r.committed.set(n, this.files(root).get(n) ?? "");
    r.ahead += 1;
    return {
      commit: "89abcdef0123456789abcdef0123456789abcdef",
      branch: r.branch,
      created_branch: !!opts.branch,
      initial: false,
      signed: false,
      files: [...paths].sort(),
    };
  }

  private needsCredentials(r: MockRepo, creds: TypedCredentials | null) {
    if (!r.remoteUrl)
      throw gitErr(
        "there is no remote named `origin`: add one with `git remote add origin URL`",
        "git_no_remote",
      );
    if (r.offline)
      throw gitErr(
        "failed to resolve address for github.com: Name or service not known",
        "git_network",
      );
    return r.password !== null && creds?.password !== r.password;
  }

  push(root: string, creds: TypedCredentials | null): PushOutcome {
    const r = this.repo(root);
    if (this.needsCredentials(r, creds)) {
      return {
        outcome: "needs_credentials",
        url: r.remoteUrl ?? "",
        tried: creds ? ["username and password"] : [],
      };
    }
    if (r.behind > 0) {
      return {
        outcome: "rejected",
        reason: `refs/heads/${r.branch}: the remote has commits this branch does not have (fetch first)`,
      };
    }
    if (r.ahead === 0 && r.upstream) return { outcome: "up_to_date" };
    const total = 3;
    for (let i = 1; i <= total; i++) {
      for (const l of this.listeners) l({ objects_done: i, objects_total: total, bytes: i * 512 });
    }
    const upstreamSet = r.upstream === null;
    r.upstream = `origin/${r.branch}`;
    r.ahead = 0;
    return {
      outcome: "pushed",
      remote: "origin",
      branch: r.branch,
      remote_ref: `refs/heads/${r.branch}`,
      commit: "89abcdef0123456789abcdef0123456789abcdef",
      upstream_set: upstreamSet,
    };
  }

  pull(root: string, creds: TypedCredentials | null): PullOutcome {
    const r = this.repo(root);
    if (this.needsCredentials(r, creds)) {
      return { outcome: "needs_credentials", url: r.remoteUrl ?? "", tried: [] };
    }
    if (r.behind === 0) return { outcome: "up_to_date" };
    const commits = r.ahead;
    r.behind = 0;
    return {
      outcome: "rebased",
      onto: "fedcba9876543210fedcba9876543210fedcba98",
      commits,
      head: "0011223344556677889900112233445566778899",
    };
  }

  reviewLink(root: string, branch: string): ReviewLink | null {
    // Only the shapes the panel's tests need; pir-core's git::forge knows the forges.
    const url = this.repo(root).remoteUrl ?? "";
    const m = /^https:\/\/([^/]+)\/(.+?)(?:\.git)?$/.exec(url);
    if (!m) return null;
    const forge = m[1] === "github.com" ? "github" : "unknown";
    const tail = forge === "github" ? "?expand=1" : "";
    return { url: `https://${m[1]}/${m[2]}/compare/main...${branch}${tail}`, forge };
  }

  onProgress(cb: (p: TransferProgress) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
}
