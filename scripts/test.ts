// `npm test`: every check and every test of the project, in one command (the README's second command and CI's).
//   1. solhint on contracts/ and test/sol/ with zero warnings allowed
//   2. compile; any solc warning in a project source fails the run (dependencies' warnings are reported only)
//   3. TypeScript typecheck (strict)
//   4. Solidity tests (unit, fuzz, invariant) and mocha tests, with coverage; contracts/ (mocks excluded) must
//      have >= 95 % of lines covered
//   5. the web app (frontend/): typecheck (app and browser tests), unit tests (node --test frontend/test/), build
//   6. the demo (README command 1) end to end on its own local chain with the built app, then the browser tests
//      (frontend/e2e, Debian's Chromium, installed by scripts/ensure-chromium.mjs in the background from the start so
//      that apt overlaps the compilation), everything stopped afterwards
//   7. the escrow's gas benchmark against its targets (gas, not time), and the court's benchmark on small pools
//      (its figures are reported in docs/benchmarks.md, its targets not yet enforced), written to scratch files
//   8. the web app's bundle size: the initial JavaScript against its target (300 kB gzip), to a scratch file
// Ends with the line "tests: N passed, M failed" (every Solidity, mocha, unit and browser test, and one per check of
// steps 6 to 8).
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BIN, childEnv, ROOT, run } from "./lib/run.ts";

const COVERAGE_THRESHOLD = 95;
const failures: string[] = [];
let passed = 0;
let failed = 0;

const started = Date.now();
let stepStarted = started;
let stepTitle = "";
const durations: string[] = [];

/** Starts a step; the previous step's wall time is recorded for the summary. */
function step(title: string): void {
  endStep();
  stepTitle = title;
  stepStarted = Date.now();
  console.log(`\n=== ${title} ===`);
}

function endStep(): void {
  if (stepTitle) durations.push(`${((Date.now() - stepStarted) / 1000).toFixed(0).padStart(5)} s  ${stepTitle}`);
  stepTitle = "";
}

function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

// Chromium for the browser tests (step 6): installed with apt-get if missing, in the background while we compile.
const chromium = ensureChromiumInBackground();

// 1. Lint.
step("solhint (contracts/, test/sol/)");
check(
  run(resolve(BIN, "solhint"), ["--noPoster", "--disc", "--max-warnings", "0", "contracts/**/*.sol", "test/sol/**/*.sol"])
    .status === 0,
  "solhint",
);

// 2. Compile, with warnings in our own sources treated as errors.
step("compile");
rmSync(resolve(ROOT, "artifacts", "build-info"), { recursive: true, force: true });
check(run(resolve(BIN, "hardhat"), ["build"]).status === 0, "compile");
const ownWarnings = compilerWarnings();
for (const w of ownWarnings) console.error(`compiler warning (treated as an error): ${w}`);
check(ownWarnings.length === 0, `${ownWarnings.length} compiler warning(s) in project sources`);

// 3. Typecheck.
step("typecheck");
check(run(resolve(BIN, "tsc"), ["--noEmit", "-p", "tsconfig.json"]).status === 0, "typecheck");

// 4. Tests with coverage.
step("Solidity and mocha tests, with coverage");
rmSync(resolve(ROOT, "coverage"), { recursive: true, force: true });
const tests = run(resolve(BIN, "hardhat"), ["test", "--coverage"]);
check(tests.status === 0, "hardhat test");
const counted = countTests(tests.output);
passed += counted.passed;
failed += counted.failed;
if (counted.passed === 0) failures.push("no test ran");
const coverage = lineCoverage();
if (coverage === undefined) {
  failures.push("no coverage report (coverage/lcov.info)");
} else {
  console.log(`\nline coverage of contracts/ (mocks excluded): ${coverage.percent.toFixed(2)} % (${coverage.hit}/${coverage.found})`);
  for (const file of coverage.files) console.log(`  ${file.percent.toFixed(2).padStart(6)} %  ${file.path}`);
  check(coverage.percent >= COVERAGE_THRESHOLD, `line coverage ${coverage.percent.toFixed(2)} % < ${COVERAGE_THRESHOLD} %`);
}

// 5. The web app: typecheck, unit tests, production build.
step("frontend: typecheck, unit tests, build");
check(run("npm", ["run", "typecheck", "-w", "frontend"]).status === 0, "frontend typecheck");
const unitFiles = existsSync(resolve(ROOT, "frontend", "test"))
  ? readdirSync(resolve(ROOT, "frontend", "test"))
      .filter((f) => f.endsWith(".test.ts"))
      .sort()
      .map((f) => join("frontend", "test", f))
  : [];
if (unitFiles.length === 0) failures.push("no frontend unit test (frontend/test/*.test.ts)");
else {
  const unit = run(resolve(BIN, "node"), ["--test", "--test-reporter=spec", ...unitFiles]);
  const counts = countNodeTests(unit.output);
  passed += counts.passed;
  failed += counts.failed;
  check(unit.status === 0, "frontend unit tests");
  if (counts.passed + counts.failed === 0) failures.push("no frontend unit test ran");
}
// `npm run build -w frontend` is `generate && tsc && vite build`: the typecheck above did the first two already.
const frontendBuilt = run(resolve(ROOT, "frontend", "node_modules", ".bin", "vite"), ["build", "frontend"]).status === 0;
check(frontendBuilt, "frontend build");

// 6. The demo, end to end, then the browser tests against it.
step("demo (README command 1) with the app, then the browser tests, on private ports, stopped afterwards");
const chromiumReady = await chromium;
const demoArgs = [resolve(ROOT, "scripts", "demo.ts"), "--e2e", "--port", "auto"];
if (frontendBuilt) demoArgs.push("--prebuilt-frontend");
const demo = run(process.execPath, demoArgs);
// The runner prints "e2e: N passed, M failed" once the demo is up; without it the demo itself failed.
const e2e = /^e2e: (\d+) passed, (\d+) failed$/m.exec(demo.output);
record(e2e !== null, "demo runs a deal from offer to payout and serves the app");
if (e2e) {
  passed += Number(e2e[1]);
  failed += Number(e2e[2]);
  if (Number(e2e[1]) + Number(e2e[2]) === 0) failures.push("no browser test ran");
} else if (!chromiumReady) failures.push("Chromium could not be installed (scripts/ensure-chromium.mjs)");
check(demo.status === 0, "demo --e2e");

// 7. Gas benchmark against its targets.
step("gas benchmarks (targets from the issues)");
const benchOut = join(tmpdir(), `ispera-bench-${process.pid}.md`);
const bench = run(resolve(BIN, "hardhat"), ["run", "scripts/benchGas.ts"], { BENCH_OUT: benchOut, BENCH_STRICT: "1" });
record(bench.status === 0, "every escrow gas step within its target");
const courtBench = run(resolve(BIN, "hardhat"), ["run", "scripts/benchCourt.ts"], {
  BENCH_OUT: join(tmpdir(), `ispera-bench-court-${process.pid}.md`),
  BENCH_COURT_SIZES: "10,1000",
});
record(courtBench.status === 0, "the court benchmark runs");

// 8. The web app's bundle size against its target.
step("frontend bundle size (initial JavaScript <= 300 kB gzip)");
if (frontendBuilt) {
  const bundle = run(resolve(BIN, "node"), [resolve(ROOT, "scripts", "benchBundle.ts")], {
    BENCH_OUT: join(tmpdir(), `ispera-bench-bundle-${process.pid}.md`),
    BENCH_STRICT: "1",
  });
  record(bundle.status === 0, "the app's initial JavaScript within 300 kB gzip");
} else record(false, "the app's bundle size (no build)");

endStep();
console.log(`\nwall time per step:\n${durations.join("\n")}\n${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s  in all`);
console.log("");
if (failures.length > 0) console.error(`failed checks: ${failures.join("; ")}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);

function record(ok: boolean, what: string): void {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(what);
  }
}

/** Node's test runner ends with "ℹ pass N" and "ℹ fail M". */
function countNodeTests(output: string): { passed: number; failed: number } {
  const last = (re: RegExp): number => Number([...output.matchAll(re)].at(-1)?.[1] ?? 0);
  return { passed: last(/^\S* ?pass (\d+)$/gm), failed: last(/^\S* ?fail (\d+)$/gm) };
}

/**
 * Starts scripts/ensure-chromium.mjs in the background (apt-get can take a minute or two when Chromium is missing);
 * its output is printed when it ends. Resolves with whether Chromium is available.
 */
function ensureChromiumInBackground(): Promise<boolean> {
  return new Promise((done) => {
    // Its output goes to a file: this process mostly waits in spawnSync and would not drain a pipe.
    const logFile = join(tmpdir(), `ispera-ensure-chromium-${process.pid}.log`);
    const log = openSync(logFile, "w");
    const child = spawn(resolve(BIN, "node"), [resolve(ROOT, "scripts", "ensure-chromium.mjs")], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    const report = (): string => (existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n").join("\n  ") : "");
    child.once("error", (error) => {
      console.log(`\n[ensure-chromium] ${error.message}`);
      done(false);
    });
    child.once("close", (code) => {
      console.log(`\n[ensure-chromium, in the background] ${report()}`);
      rmSync(logFile, { force: true });
      done(code === 0);
    });
  });
}

/** Hardhat prints "N passing (x solidity, y mocha)" and "N failing". */
function countTests(output: string): { passed: number; failed: number } {
  // The last summary covers every runner.
  const last = (re: RegExp): number => Number([...output.matchAll(re)].at(-1)?.[1] ?? 0);
  return { passed: last(/^\s*(\d+) passing/gm), failed: last(/^\s*(\d+) failing/gm) };
}

/**
 * Warnings that solc reported for the project's own sources. Every warning fails the run, except the code-size
 * limits (EIP-170, EIP-3860) on test contracts and mocks, which run only on local chains: Solidity test contracts
 * embed the creation code of what they deploy and always exceed them.
 */
function compilerWarnings(): string[] {
  const dir = resolve(ROOT, "artifacts", "build-info");
  if (!existsSync(dir)) return ["no build-info written"];
  const seen = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".output.json"))) {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
      output?: { errors?: { severity: string; message: string; sourceLocation?: { file: string; start: number } }[] };
    };
    for (const e of json.output?.errors ?? []) {
      const source = e.sourceLocation?.file ?? "";
      if (e.severity !== "warning" || source.startsWith("npm/")) continue;
      const localOnly = source.startsWith("project/test/") || source.startsWith("project/contracts/mocks/");
      if (localOnly && /code size is \d+ bytes and exceeds|initcode size is \d+ bytes and exceeds/.test(e.message)) continue;
      seen.add(`${source}: ${e.message}`);
    }
  }
  return [...seen];
}

interface FileCoverage {
  path: string;
  found: number;
  hit: number;
  percent: number;
}

/** Line coverage of contracts/ from coverage/lcov.info, mocks excluded. */
function lineCoverage(): { percent: number; found: number; hit: number; files: FileCoverage[] } | undefined {
  const lcov = resolve(ROOT, "coverage", "lcov.info");
  if (!existsSync(lcov)) return undefined;
  const files: FileCoverage[] = [];
  for (const record of readFileSync(lcov, "utf8").split("end_of_record")) {
    const path = /^SF:(.*)$/m.exec(record)?.[1]?.trim();
    if (!path) continue;
    const relative = path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
    if (!relative.startsWith("contracts/") || relative.startsWith("contracts/mocks/")) continue;
    const found = Number(/^LF:(\d+)$/m.exec(record)?.[1] ?? 0);
    const hit = Number(/^LH:(\d+)$/m.exec(record)?.[1] ?? 0);
    files.push({ path: relative, found, hit, percent: found === 0 ? 100 : (100 * hit) / found });
  }
  const found = files.reduce((a, f) => a + f.found, 0);
  const hit = files.reduce((a, f) => a + f.hit, 0);
  return { percent: found === 0 ? 0 : (100 * hit) / found, found, hit, files };
}
