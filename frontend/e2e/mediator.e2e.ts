// Mediator: a new mediator (account 13) stakes (approval + stake), joins a language and topic pool and sees it with
// its size; the stake summary and the pool table come from the chain.
import { createPublicClient, createWalletClient, http, parseAbi, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { connect, HARDHAT_KEYS, openWallet } from "./harness.ts";
import type { E2EContext, E2ETest } from "./run.ts";

const MEDIATOR = 13;
const usdcAbi = parseAbi(["function balanceOf(address) view returns (uint256)", "function mint(address to, uint256 amount)"]);
const courtAbi = parseAbi(["function poolsOf(address) view returns (uint24[])"]);
/** Topics tried in order: the first one the account has not joined yet (the journey can run again). */
const TOPIC_CHOICES = [
  { id: 4, name: "Tech" },
  { id: 1, name: "Beauty" },
  { id: 2, name: "Fashion" },
  { id: 9, name: "Lifestyle" },
];

function addressOf(ctx: E2EContext, key: string): Address {
  const record = ctx.deployment.contracts[key];
  if (!record) throw new Error(`${key} is not in the deployment`);
  return record.address;
}

/** Test tooling: the local USDC faucet gives the new mediator something to stake. */
async function fundMediator(ctx: E2EContext, key: `0x${string}`, units: bigint): Promise<void> {
  const account = privateKeyToAccount(key);
  const chain = { ...hardhat, rpcUrls: { default: { http: [ctx.rpcUrl] } } };
  const pub = createPublicClient({ chain, transport: http(ctx.rpcUrl) });
  const wallet = createWalletClient({ account, chain, transport: http(ctx.rpcUrl) });
  const usdc = addressOf(ctx, "usdc");
  const balance = await pub.readContract({ address: usdc, abi: usdcAbi, functionName: "balanceOf", args: [account.address] });
  if (balance >= units) return;
  const hash = await wallet.writeContract({ address: usdc, abi: usdcAbi, functionName: "mint", args: [account.address, units] });
  await pub.waitForTransactionReceipt({ hash });
}

async function joinedPools(ctx: E2EContext, account: Address): Promise<number[]> {
  const pub = createPublicClient({ chain: hardhat, transport: http(ctx.rpcUrl) });
  const keys = await pub.readContract({ address: addressOf(ctx, "court"), abi: courtAbi, functionName: "poolsOf", args: [account] });
  return [...keys];
}

export const tests: E2ETest[] = [
  {
    name: "mediator: a new mediator stakes, joins a pool and sees it",
    async run(ctx) {
      const key = HARDHAT_KEYS[MEDIATOR]!;
      await fundMediator(ctx, key, 1_000_000_000n);
      const session = await openWallet(ctx.browser, ctx.rpcUrl, key);
      try {
        const { page } = session;
        const frKey = (0x6672 << 8) >>> 0;
        const joined = await joinedPools(ctx, session.address);
        const topic = TOPIC_CHOICES.find((c) => !joined.includes(frKey | c.id));
        if (!topic) throw new Error("account 13 already sits in every pool this journey tries");
        await page.goto(`${ctx.appUrl}/#/mediator`);
        await page.getByRole("heading", { name: "Mediator", level: 1 }).waitFor();
        await connect(page);
        const summary = page.getByTestId("stake-summary");
        await summary.waitFor({ timeout: 20_000 });
        const before = await summary.locator("dd").first().innerText();

        // Bad input is refused in the form, before anything reaches the chain.
        const amount = page.getByLabel("Amount to stake (USDC)");
        await amount.fill("12.1234567");
        await page.getByText("At most 6 decimals.").waitFor();
        await amount.fill("1000000000");
        await page.getByText(/More than your wallet holds/).waitFor();
        if ((await amount.getAttribute("aria-invalid")) !== "true") throw new Error("the amount field is not marked invalid");

        await amount.fill("250");
        await page.getByRole("button", { name: "Stake", exact: true }).click();
        const staked = summary.locator("dd").first();
        const deadline = Date.now() + 30_000;
        while ((await staked.innerText()) === before) {
          if (Date.now() > deadline) throw new Error(`the stake stayed at ${before}`);
          await page.waitForTimeout(250);
        }

        await page.getByLabel("Language (ISO 639-1, e.g. fr)").fill("fr");
        await page.getByLabel("Topic", { exact: true }).selectOption({ label: topic.name });
        await page.getByTestId("pool-preview").waitFor();
        await page.getByRole("button", { name: "Join", exact: true }).click();
        const row = page.getByTestId("my-pools").getByRole("row", { name: new RegExp(`fr · ${topic.name}`) });
        await row.waitFor({ timeout: 30_000 });
        const cells = await row.getByRole("cell").allInnerTexts();
        if (!(Number(cells[0]) >= 1)) throw new Error(`the pool's size is not shown: ${cells.join(" | ")}`);
        const after = await joinedPools(ctx, session.address);
        if (!after.includes(frKey | topic.id)) throw new Error("the chain does not list the joined pool");
        await ctx.screenshot(page, "mediator");
      } finally {
        await session.context.close();
      }
    },
  },
];
