// Component tests against pir-core itself: each test file starts its own test server (the
// app's real commands on Tauri's mock runtime, src-tauri/src/bin/ipc_server.rs) over a fresh
// data folder, and gets the UI's `Api` over it. `make ui-test` builds the server first; run
// alone, a test names the command that builds it rather than passing without it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { toCoreError, type Api } from "./lib/api";
import { commands } from "./lib/contract";

/** Where the server is: `PIR_IPC_SERVER`, else the workspace's debug build. */
function serverPath(): string {
  if (process.env.PIR_IPC_SERVER) return process.env.PIR_IPC_SERVER;
  const target = process.env.CARGO_TARGET_DIR ?? path.resolve(__dirname, "../../target");
  return path.join(target, "debug", "pir-ipc-server");
}

/** A running server: the `Api` over it, every command called (name and arguments), its
 * data folder (the sample site is written there), and how to stop it. */
export interface Core {
  api: Api;
  calls: [string, Record<string, unknown>][];
  dataDir: string;
  stop(): void;
}

/** Starts a server over a new data folder. */
export async function startCore(): Promise<Core> {
  const bin = serverPath();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `the pir-core test server is missing (${bin}): build it with ` +
        "`cargo build -p pir-app --features ipc-server --bin pir-ipc-server` (make ui-test does)",
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pir-core-test-"));
  const child: ChildProcess = spawn(bin, [dataDir], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`pir-ipc-server exited with ${code}`)));
    child.on("error", reject);
  });
  const calls: [string, Record<string, unknown>][] = [];
  const call = async <T>(command: string, args: Record<string, unknown> = {}): Promise<T> => {
    calls.push([command, args]);
    const res = await fetch(`${url}/invoke/${command}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(args),
    });
    const body: unknown = await res.json();
    if (!res.ok) throw toCoreError(body);
    return body as T;
  };
  const api: Api = {
    ...commands(call),
    pickFolder: async () => null,
    pickFiles: async () => [],
    confirm: async () => true,
    onGitProgress: async () => () => {},
    onCloseRequested: async () => () => {},
    onFileDrag: async () => () => {},
  };
  return {
    api,
    calls,
    dataDir,
    stop() {
      // Closing its input ends the server.
      child.stdin?.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
