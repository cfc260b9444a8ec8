// The one table from error kinds to what the user sees. Every `ErrorKind` has an entry
// (the `Record` type makes a missing one a compile error, and a test checks each).
import type { CoreError } from "./bindings/CoreError";
import type { ErrorKind } from "./bindings/ErrorKind";

/** What the user sees for one kind of error. */
export interface ErrorText {
  /** A short headline. */
  title: string;
  /** What they can do about it. */
  hint: string;
}

export const ERROR_TEXT: Record<ErrorKind, ErrorText> = {
  io: {
    title: "The file could not be read or written",
    hint: "Check that the folder is writable (not read-only) and that the disk is not full, then try again.",
  },
  not_found: {
    title: "Not found",
    hint: "The file or folder may have been moved or deleted. Open the site again.",
  },
  not_utf8: {
    title: "This file is not UTF-8 text",
    hint: "Re-save it as UTF-8 in another editor; PIR Editor will not change a file it cannot read faithfully.",
  },
  too_large: {
    title: "This file is too large to open",
    hint: "The message above gives the size and the limit (a PIR is rarely over 100 KB). Check that this is the file you meant.",
  },
  parse: {
    title: "This text could not be understood",
    hint: "Fix the text at the position shown, or edit the file as plain text.",
  },
  invalid_input: {
    title: "That value cannot be used",
    hint: "Change the value as described and try again.",
  },
  conflict: {
    title: "The file changed on disk",
    hint: "Someone or something changed it since it was opened. Reload it, or keep your version.",
  },
  already_exists: {
    title: "It already exists",
    hint: "Choose another title or date; PIR Editor never overwrites an existing PIR.",
  },
  read_only: {
    title: "This file is read-only",
    hint: "Its permissions forbid changes. Make it writable (for example `chmod u+w`) if it should be edited, then save again.",
  },
  unsafe_path: {
    title: "That name could place a file outside the site",
    hint: "Remove `/`, `\\`, `..` and control characters from the title.",
  },
  config: {
    title: "The site's configuration cannot be used",
    hint: "Fix the file shown (mkdocs.yml or .pir.toml) at its line, or open the folder that holds mkdocs.yml.",
  },
  git: {
    title: "A git operation failed",
    hint: "The files are saved; check the repository with git and try again.",
  },
  git_auth: {
    title: "The remote refused the sign-in",
    hint: "Your commit is safe on this computer. Check that your account or token may push to this repository, then try again; if the remote wants a kind of sign-in PIR Editor cannot offer, push with git.",
  },
  git_no_remote: {
    title: "This repository has no remote",
    hint: "Commits stay on this computer. Add the docs repository's URL with `git remote add origin URL` to push.",
  },
  git_no_upstream: {
    title: "This branch is not on the remote yet",
    hint: "Push it once: that creates it on the remote and tracks it from then on.",
  },
  git_network: {
    title: "Could not reach the remote",
    hint: "Check the network connection (and VPN), then push again. Your commit is safe on this computer.",
  },
  git_conflict: {
    title: "A merge or rebase needs finishing in git",
    hint: "Nothing was changed here. Finish or abort the merge or rebase in progress with git (after a conflicting pull, run `git pull --rebase` and resolve the files named), then try again.",
  },
  git_locked: {
    title: "Another git program is using this repository",
    hint: "Wait for it to finish and try again. If no git program is running, delete the lock file it left behind (named below).",
  },
  timeout: {
    title: "The remote took too long",
    hint: "Your commits are safe locally. Check the network connection and try again; on a slow link, allow more time with PIR_GIT_DEADLINE.",
  },
};

/** Every error kind, in the order of the table. */
export const ERROR_KINDS = Object.keys(ERROR_TEXT) as ErrorKind[];

/** `path:line:column`, or as much of it as the error gives. */
export function location(err: CoreError): string | null {
  if (!err.path) return err.line != null ? `line ${err.line}` : null;
  let loc = err.path;
  if (err.line != null) {
    loc += `:${err.line}`;
    if (err.column != null) loc += `:${err.column}`;
  }
  return loc;
}

/** What to show for `err`: headline, the backend's message, where, and what to do. */
export function describe(err: CoreError): ErrorText & { message: string; where: string | null } {
  const text = ERROR_TEXT[err.kind] ?? {
    title: "Something went wrong",
    hint: "Try again; if it persists, report it with the message below.",
  };
  return { ...text, message: err.message, where: location(err) };
}
