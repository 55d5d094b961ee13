// Browser steps on the deal page shared by the journeys (deal.e2e.ts, z-dispute.e2e.ts).
import type { Hex } from "viem";
import type { Page } from "playwright-core";
import { connect, openWallet, type WalletSession } from "./harness.ts";
import type { E2EContext } from "./run.ts";

/** Clicks, then waits until `done` is visible; fails fast with the tracker's text when the newest transaction fails. */
export async function act(page: Page, click: () => Promise<void>, done: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  await click();
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await done()) return;
    const newest = page.locator("aside.txlist [data-testid=tx]").first();
    if ((await newest.count()) > 0) {
      const phase = await newest.getAttribute("data-phase");
      if (phase === "failed" || phase === "reverted") throw new Error(`transaction ${phase}: ${await newest.innerText()}`);
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for the page to show the result");
    await page.waitForTimeout(250);
  }
}

export const milestoneStatus = (page: Page) => page.locator('[data-milestone="0"] .status');
export const hasStatus = (page: Page, text: string) => async () => (await milestoneStatus(page).innerText().catch(() => "")) === text;

export async function open(ctx: E2EContext, key: Hex, path: string): Promise<WalletSession> {
  const session = await openWallet(ctx.browser, ctx.rpcUrl, key);
  await session.page.goto(`${ctx.appUrl}/#${path}`);
  await session.page.getByRole("heading", { level: 1 }).first().waitFor();
  await connect(session.page);
  return session;
}

export async function fillEvidence(page: Page, button: string, title: string, text: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).first().click();
  const form = page.locator("form", { has: page.getByRole("group", { name: button }) }).first();
  await form.getByLabel("Evidence title").fill(title);
  await form.getByLabel("Your account of the facts").fill(text);
  await form.getByRole("button", { name: button, exact: true }).click();
}

