// Root "postinstall". Under npm scripts `node` is node_modules/.bin/node (Node 24, from the `node`
// package). When npm itself ran on Node < 22 it skipped EDR's native optional package (its engines say
// >= 22), and Hardhat cannot start without it: re-run the install once with npm's own CLI on Node 24.
import { spawnSync } from "node:child_process";

try {
  await import("@nomicfoundation/edr");
  process.exit(0);
} catch (error) {
  if (process.env.ENSURE_EDR_RERUN) {
    console.error("ensure-edr: the EDR native binding is still missing after a re-install", error);
    process.exit(1);
  }
}
console.error(`ensure-edr: EDR native binding missing, re-running npm install on node ${process.version}`);
const result = spawnSync(process.execPath, [process.env.npm_execpath, "install", "--no-audit", "--no-fund"], {
  stdio: "inherit",
  env: { ...process.env, ENSURE_EDR_RERUN: "1" },
});
process.exit(result.status ?? 1);
