// A minimal W3C WebDriver client over fetch: just the commands the end-to-end test uses, so
// the test needs no npm package (and so no browser download) beyond Node itself.

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
// Generous enough for a loaded 2-core CI machine; a hang still fails well within the run.
export async function waitFor(what, fn, timeoutMs = 30000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new WebDriverError(
        `timed out waiting for ${what}${last ? `: ${last.message}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function request(base, method, path, body, timeoutMs = 30000) {
  let res;
  try {
    res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new WebDriverError(`${method} ${path}: ${e.message}`);
  }
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new WebDriverError(
      `${method} ${path}: ${v.error ?? res.status} ${v.message ?? ""}`,
    );
  }
  return json.value;
}

/** One WebDriver session (one app window). */
export class Session {
  static async start(base, capabilities) {
    // Starting the app (and WebKit) the first time on a cold machine is the slowest step.
    const value = await request(
      base,
      "POST",
      "/session",
      { capabilities: { alwaysMatch: capabilities } },
      120000,
    );
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async findAll(css) {
    const els = await this.cmd("POST", "/elements", {
      using: "css selector",
      value: css,
    });
    return els.map((e) => e[ELEMENT]);
  }

  async find(css) {
    const el = await this.cmd("POST", "/element", {
      using: "css selector",
      value: css,
    });
    return el[ELEMENT];
  }

  /** Waits for an element matching `css` and returns it. */
  waitFind(css, timeoutMs) {
    return waitFor(
      `element ${css}`,
      async () => (await this.findAll(css))[0],
      timeoutMs,
    );
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  type(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  attr(el, name) {
    return this.cmd("GET", `/element/${el}/attribute/${name}`);
  }

  property(el, name) {
    return this.cmd("GET", `/element/${el}/property/${name}`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs `script` in the page; it finishes by calling its last argument with the result. */
  executeAsync(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** Resizes the window (WebDriver's window rect); gives the page's inner size after it. */
  async resize(width, height) {
    await this.cmd("POST", "/window/rect", { width, height });
    return this.execute("return [window.innerWidth, window.innerHeight];");
  }

  async screenshot() {
    // WebKit's driver takes the snapshot on the next paint, which an idle page never does:
    // nudge the page so there is one.
    await this.execute(`
      const b = document.body;
      let n = 0;
      const t = setInterval(() => {
        b.style.boxShadow = n % 2 ? "" : "inset 0 0 0 1px rgba(0, 0, 0, 0.01)";
        if (++n > 40) { clearInterval(t); b.style.boxShadow = ""; }
      }, 50);`);
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }

  async end() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      // The app may already be gone; the driver cleans up either way.
    }
  }
}
