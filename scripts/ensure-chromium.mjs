// Makes sure Debian's Chromium is installed for the browser tests (frontend/e2e, playwright-core drives it). Never
// downloads a browser: when /usr/bin/chromium is missing it installs the distribution's `chromium` package with
// apt-get (as root, or through `sudo -n`), running `apt-get update` only if the first attempt fails.
// Exits 0 when Chromium is there, 1 with an explanation otherwise. CHROMIUM_PATH points at another binary.
// Usage: node scripts/ensure-chromium.mjs [--quiet]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const quiet = process.argv.includes("--quiet");

function found() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  return PATHS.find((p) => existsSync(p));
}

function report(path) {
  if (!quiet) {
    const version = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 30_000 });
    console.log(`chromium: ${path}${version.status === 0 ? ` (${version.stdout.trim()})` : ""}`);
  }
  process.exit(0);
}

const existing = found();
if (existing) report(existing);
if (process.env.CHROMIUM_PATH) {
  console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  process.exit(1);
}
if (process.platform !== "linux" || !existsSync("/usr/bin/apt-get")) {
  console.error(
    "ensure-chromium: Chromium is not installed and this is not a Debian-like system with apt-get.\n" +
      "Install Chromium with your system's package manager and set CHROMIUM_PATH to its binary.",
  );
  process.exit(1);
}

// As root directly; otherwise through sudo without a password prompt (CI runners allow it).
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
let prefix = [];
if (!isRoot) {
  const sudo = spawnSync("sudo", ["-n", "true"], { stdio: "ignore" });
  if (sudo.error || sudo.status !== 0) {
    console.error(
      "ensure-chromium: Chromium is not installed, and installing it needs root: run\n" +
        "  sudo apt-get install -y chromium\n" +
        "(or run this script as root, or with password-less sudo).",
    );
    process.exit(1);
  }
  prefix = ["sudo", "-n"];
}

function aptGet(args) {
  const [command, ...rest] = [...prefix, "apt-get", ...args];
  console.log(`ensure-chromium: ${[command, ...rest].join(" ")}`);
  const result = spawnSync(command, rest, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

const install = ["install", "-y", "--no-install-recommends", "chromium"];
if (!aptGet(install)) {
  console.log("ensure-chromium: the first attempt failed; refreshing the package lists");
  if (!aptGet(["update"]) || !aptGet(install)) {
    console.error("ensure-chromium: apt-get could not install Debian's chromium package (see its output above)");
    process.exit(1);
  }
}
const installed = found();
if (!installed) {
  console.error("ensure-chromium: apt-get succeeded but no chromium binary is in /usr/bin");
  process.exit(1);
}
report(installed);
