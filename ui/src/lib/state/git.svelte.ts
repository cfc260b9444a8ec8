// The commit and push panel's state: what changed, the message, and the push conversation
// (progress, a credentials dialog when the remote asks, the choice to pull and push again
// when it refuses).
import { toCoreError, type Api } from "../api";
import type { CommitReview } from "../bindings/CommitReview";
import type { CoreError } from "../bindings/CoreError";
import type { ReviewLink } from "../bindings/ReviewLink";
import type { TransferProgress } from "../bindings/TransferProgress";
import type { TypedCredentials } from "../bindings/TypedCredentials";

/** Whether a remote URL is reached over SSH (a key passphrase) rather than HTTPS (a password). */
export function isSshUrl(url: string): boolean {
  return url.startsWith("ssh://") || /^[^/:]+@[^/:]+:/.test(url);
}

export class GitStore {
  review = $state<CommitReview | null>(null);
  message = $state("");
  /** Commit on a new branch instead of the current one. */
  newBranch = $state(false);
  branchName = $state("");
  busy = $state<null | "load" | "commit" | "push" | "pull">(null);
  error = $state<CoreError | null>(null);
  /** What just happened, in a sentence. */
  notice = $state<string | null>(null);
  progress = $state<TransferProgress | null>(null);
  /** Set while the credentials dialog is open: the remote asked and nothing worked. */
  credentialsFor = $state<{ url: string; ssh: boolean; retry: "push" | "pull" } | null>(null);
  /** The remote refused the credentials typed in the dialog (shown when it asks again). */
  credentialsRefused = $state(false);
  /** The remote refused the push, in its words. */
  rejected = $state<string | null>(null);
  /** The forge's pull-request page for the pushed branch (a compare page to copy when the
   * forge is not known). */
  reviewLink = $state<ReviewLink | null>(null);

  constructor(
    private api: Api,
    private root: string,
  ) {}

  /** The branch the panel's commit goes to. */
  get branch(): string | null {
    const head = this.review?.status.head;
    if (this.newBranch) return this.branchName.trim() || null;
    return head && head.kind !== "detached" ? head.name : null;
  }

  /** Reads what changed; keeps a message the user already edited (and, with `keepError`,
   * the error of the push that just failed). */
  async load(keepError = false): Promise<void> {
    this.busy = "load";
    try {
      const edited = this.review && this.message !== this.review.message;
      this.review = await this.api.gitReview(this.root);
      if (!edited) this.message = this.review.message;
      if (!this.branchName) this.branchName = this.review.suggested_branch ?? "";
      if (!keepError) this.error = null;
    } catch (e) {
      this.error = toCoreError(e);
    } finally {
      this.busy = null;
    }
  }

  get canCommit(): boolean {
    return (
      !this.busy &&
      !!this.review &&
      this.review.changes.files.length > 0 &&
      this.message.trim() !== "" &&
      (!this.newBranch || this.branchName.trim() !== "")
    );
  }

  async commit(): Promise<boolean> {
    if (!this.review || !this.canCommit) return false;
    this.busy = "commit";
    this.notice = null;
    try {
      const paths = this.review.changes.files.map((f) => f.path);
      const opts = { branch: this.newBranch ? this.branchName.trim() : null };
      const out = await this.api.gitCommit(this.root, paths, this.message, opts);
      this.notice = `Committed ${out.files.length} file(s) on ${out.branch} (${out.commit.slice(0, 7)})`;
      this.newBranch = false;
      this.review = null;
      this.error = null;
      this.busy = null;
      await this.load();
      return true;
    } catch (e) {
      this.error = toCoreError(e);
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** Pushes; `credentials` when the dialog was answered. */
  async push(credentials: TypedCredentials | null = null): Promise<void> {
    this.busy = "push";
    this.error = null;
    this.rejected = null;
    this.credentialsFor = null;
    this.progress = null;
    // Progress is a nicety: a push whose progress cannot be followed still runs.
    const stop = await this.api.onGitProgress((p) => (this.progress = p)).catch(() => () => {});
    try {
      const out = await this.api.gitPush(this.root, credentials);
      switch (out.outcome) {
        case "pushed":
          this.notice =
            `Pushed ${out.branch} to ${out.remote}` +
            (out.upstream_set ? " (now tracking it)" : "");
          this.reviewLink = this.review?.remote_url
            ? await this.api.reviewLink(this.root, out.branch)
            : null;
          break;
        case "up_to_date":
          this.notice = "Nothing to push: the remote already has these commits.";
          break;
        case "needs_credentials":
          this.credentialsFor = { url: out.url, ssh: isSshUrl(out.url), retry: "push" };
          // Typed credentials that fail are said plainly; the dialog waits for new ones
          // instead of retrying.
          this.credentialsRefused = credentials !== null;
          break;
        case "rejected":
          this.rejected = out.reason;
          break;
      }
    } catch (e) {
      this.error = toCoreError(e);
    } finally {
      stop();
      this.busy = null;
    }
    await this.load(true);
  }

  /** Pulls (rebasing this branch's commits on the remote's), then pushes again. */
  async pullThenPush(credentials: TypedCredentials | null = null): Promise<void> {
    this.busy = "pull";
    this.rejected = null;
    this.credentialsFor = null;
    try {
      const out = await this.api.gitPull(this.root, credentials);
      if (out.outcome === "needs_credentials") {
        this.credentialsFor = { url: out.url, ssh: isSshUrl(out.url), retry: "pull" };
        this.credentialsRefused = credentials !== null;
        return;
      }
      if (out.outcome === "conflict") {
        this.error = {
          kind: "git_conflict",
          message: `${out.reason} (${out.files.join(", ")}). Nothing was changed: resolve it with git, then push.`,
        };
        return;
      }
    } catch (e) {
      this.error = toCoreError(e);
      return;
    } finally {
      this.busy = null;
    }
    await this.push(credentials);
  }

  /** Retries what asked for credentials with the ones typed. */
  async retryWith(credentials: TypedCredentials): Promise<void> {
    const retry = this.credentialsFor?.retry ?? "push";
    this.credentialsFor = null;
    this.credentialsRefused = false;
    if (retry === "pull") await this.pullThenPush(credentials);
    else await this.push(credentials);
  }

  async openPullRequest(): Promise<void> {
    if (!this.reviewLink) return;
    try {
      await this.api.openWebPage(this.reviewLink.url);
    } catch (e) {
      this.error = toCoreError(e);
    }
  }
}
