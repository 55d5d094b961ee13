// Everyone: the app loads, connects the injected wallet on the local chain, shows balances and speaks French.
import { connect, HARDHAT_KEYS, openWallet } from "./harness.ts";
import type { E2ETest } from "./run.ts";

export const tests: E2ETest[] = [
  {
    name: "everyone: connect a wallet, see balances, switch to French",
    async run(ctx) {
      const session = await openWallet(ctx.browser, ctx.rpcUrl, HARDHAT_KEYS[14]!);
      try {
        const { page } = session;
        await page.goto(ctx.appUrl);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await ctx.screenshot(page, "home");
        await connect(page);
        await page.getByTestId("balances").filter({ hasText: /\d USDC/ }).waitFor({ timeout: 15_000 });
        await page.getByLabel("Language").selectOption("fr");
        await page.getByRole("link", { name: "Marque", exact: true }).waitFor();
        await ctx.screenshot(page, "home-fr");
      } finally {
        await session.context.close();
      }
    },
  },
];
