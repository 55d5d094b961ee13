// Small process helpers shared by the test runner and the demo (Node 24, no dependencies).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = resolve(ROOT, "node_modules", ".bin");

/** The environment of child processes: the project's Node 24 (node_modules/.bin) first on PATH. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}`, ...extra };
}

export interface RunResult {
  status: number;
  output: string;
}

/** Runs a command to completion, echoing its output, and returns its exit status and output. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: childEnv(env),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(filterNoise(output));
  return { status: result.status ?? 1, output };
}

/**
 * Drops two known notices that are not ours to fix: npm's warning about the machine's `nodedir` setting, and
 * solc's note on OpenZeppelin's transient-storage reentrancy guard (which the note itself says is safe). Warnings
 * in the project's own sources are checked separately by scripts/test.ts and fail the build.
 */
export function filterNoise(text: string): string {
  const kept: string[] = [];
  let skipping = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("Warning: Transient storage as defined by EIP-1153")) {
      skipping = true;
      continue;
    }
    if (skipping) {
      if (line.trim() === "") skipping = false;
      continue;
    }
    if (!line.includes('Unknown user config "nodedir"')) kept.push(line);
  }
  return kept.join("\n");
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts `hardhat node` on 127.0.0.1 only, in its own process group, and waits until it answers. */
export async function startLocalChain(port: number): Promise<ChildProcess> {
  const child = spawn(resolve(BIN, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: childEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited (${child.exitCode}):\n${filterNoise(log)}`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stopProcessGroup(child);
  throw new Error(`hardhat node did not answer on ${url} within 120 s:\n${filterNoise(log)}`);
}

/** Stops a detached child and everything it started. */
export function stopProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/**
 * Starts a long-running helper process (document store, keeper) in its own process group and waits until a line of
 * its output matches `ready`; returns the child and that line. Its later output is passed to `onOutput` (echoed by
 * default, prefixed with `label`).
 */
export async function startService(
  label: string,
  command: string,
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
  onOutput: (line: string) => void = (line) => console.log(`  [${label}] ${line}`),
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { cwd: ROOT, env: childEnv(env), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  let readyLine: string | undefined;
  let pending = "";
  const onData = (chunk: Buffer): void => {
    log += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (readyLine === undefined && ready.test(line)) readyLine = line;
      else if (readyLine !== undefined && line.trim() !== "") onOutput(line);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const deadline = Date.now() + timeoutMs;
  while (readyLine === undefined) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}):\n${filterNoise(log)}`);
    if (Date.now() > deadline) {
      stopProcessGroup(child);
      throw new Error(`${label} was not ready within ${timeoutMs / 1000} s:\n${filterNoise(log)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, line: readyLine };
}
