// Runs the browser journeys (e2e/*.e2e.ts) against a running local system: the chain, the document store and the
// served app (the demo starts them; `node scripts/demo.ts --e2e` runs this afterwards). Prints one line per test
// and "e2e: N passed, M failed"; exits 1 on any failure. Screenshots go to docs/screenshots/.
// Env: E2E_APP_URL, E2E_RPC_URL, E2E_DOCSTORE_URL, E2E_DEPLOYMENT (path of deployments/<network>.json),
//      E2E_WORLD (path of the seeded world's summary JSON, optional), E2E_ONLY (substring filter on test names).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshotDir } from "./harness.ts";

export interface E2EContext {
  readonly browser: Browser;
  readonly appUrl: string;
  readonly rpcUrl: string;
  readonly docstoreUrl: string;
  readonly root: string;
  /** deployments/<network>.json of the running chain. */
  readonly deployment: { chainId: number; contracts: Record<string, { address: `0x${string}`; startBlock: number | null }> };
  /** The seeded world's summary (scripts/lib/world.ts), when the demo wrote one. */
  readonly world: Record<string, unknown> | undefined;
  /** Saves a full-page screenshot as docs/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
}

export interface E2ETest {
  readonly name: string;
  run(ctx: E2EContext): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the browser tests through \`node scripts/demo.ts --e2e\`)`);
  return value;
}

async function main(): Promise<number> {
  const appUrl = required("E2E_APP_URL");
  const rpcUrl = required("E2E_RPC_URL");
  const docstoreUrl = required("E2E_DOCSTORE_URL");
  const deployment = JSON.parse(readFileSync(required("E2E_DEPLOYMENT"), "utf8")) as E2EContext["deployment"];
  const worldFile = process.env.E2E_WORLD;
  const world = worldFile ? (JSON.parse(readFileSync(worldFile, "utf8")) as Record<string, unknown>) : undefined;
  const only = process.env.E2E_ONLY;
  const shots = screenshotDir(root);

  const files = readdirSync(here).filter((f) => f.endsWith(".e2e.ts")).sort();
  const tests: E2ETest[] = [];
  for (const file of files) {
    const mod = (await import(join(here, file))) as { tests?: E2ETest[] };
    for (const test of mod.tests ?? []) if (!only || test.name.includes(only)) tests.push(test);
  }

  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  try {
    for (const test of tests) {
      const started = Date.now();
      const ctx: E2EContext = {
        browser,
        appUrl,
        rpcUrl,
        docstoreUrl,
        root,
        deployment,
        world,
        screenshot: async (page, name) => {
          await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
        },
      };
      try {
        await test.run(ctx);
        passed += 1;
        console.log(`  ✓ ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        console.log(`  ✗ ${test.name}\n      ${(error as Error).stack ?? String(error)}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

process.exit(await main());
