// Auditor: the public dashboard without a wallet. The totals it shows are checked against balances the test reads
// itself with viem at the block the page says it read; a dispute's page shows draws, commits and answers only once
// revealed; the seeded world's rights certificate verifies as VALID with its printable proof; wrong ids are refused
// with a clear message.
import type { Page } from "playwright-core";
import { createPublicClient, erc20Abi, getAddress, http, parseAbi, type Address } from "viem";
import { hardhat } from "viem/chains";
import type { E2EContext, E2ETest } from "./run.ts";

const ESCROW = parseAbi(["function holdbackVault() view returns (address)", "function arbitrator() view returns (address)"]);
const COURT = parseAbi([
  "event Staked(address indexed mediator, uint256 amount, uint256 stake)",
  "function getMediator(address) view returns ((uint96 stake, uint96 locked, uint40 exitAllowedAt, uint8 poolCount))",
  "function disputeCount() view returns (uint256)",
]);

/** The page's English amount format (en-GB grouping, trailing zeros dropped): 7477600000n -> "7,477.6 USDC". */
function usdc(amount: bigint): string {
  const whole = amount / 1_000_000n;
  const fraction = (amount % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${new Intl.NumberFormat("en-GB").format(whole)}${fraction ? `.${fraction}` : ""} USDC`;
}

/** `npm run audit -- solvency`, in-process, at `block`. */
async function auditCli(ctx: E2EContext, block: bigint) {
  const { JsonRpcProvider } = await import("ethers");
  const common = await import("../../scripts/lib/audit/common.ts");
  const solvency = await import("../../scripts/lib/audit/solvency.ts");
  const c = ctx.deployment.contracts;
  const provider = new JsonRpcProvider(ctx.rpcUrl, undefined, { staticNetwork: true });
  try {
    const addresses = common.addressesFromRecord({
      DealEscrow: c.escrow!.address,
      MediatorCourt: c.court!.address,
      RightsCertificate: c.certificate!.address,
      MockUSDC: c.usdc!.address,
    });
    return await solvency.auditSolvency(await common.openContext({ provider, addresses, blockNumber: Number(block) }));
  } finally {
    provider.destroy();
  }
}

/** `npm run rights:proof -- --proof <the page's document>`, in-process: the verdict on the document's claims. */
async function verifyWithCli(ctx: E2EContext, tokenId: string, html: string): Promise<string> {
  const { JsonRpcProvider } = await import("ethers");
  const proof = await import("../../scripts/lib/rightsProof.ts");
  const c = ctx.deployment.contracts;
  const provider = new JsonRpcProvider(ctx.rpcUrl, undefined, { staticNetwork: true });
  try {
    const record = await proof.readRightsRecord({ provider, certificate: c.certificate!.address, dealId: BigInt(tokenId) });
    const claims = proof.extractClaims(html);
    return proof.verifyRights(record, { claims, expectedCertificate: c.certificate!.address, expectedEscrow: c.escrow!.address }).verdict;
  } finally {
    provider.destroy();
  }
}

interface World {
  disputes?: { commit?: string[]; appealed?: string[] };
  certificates?: string[];
}

async function dashboard(ctx: E2EContext, page: Page): Promise<bigint> {
  await page.goto(`${ctx.appUrl}/#/auditor`);
  await page.getByRole("heading", { level: 1, name: "Auditor" }).waitFor();
  const verdict = page.getByTestId("solvency-verdict");
  await verdict.waitFor({ timeout: 30_000 });
  const text = (await verdict.innerText()).trim();
  if (text !== "SOLVENT") throw new Error(`the dashboard says "${text}", not SOLVENT`);
  const readAt = await page.getByText(/^Read at block \d+/).first().innerText();
  const block = /block (\d+)/.exec(readAt)?.[1];
  if (!block) throw new Error(`no block in "${readAt}"`);
  return BigInt(block);
}

export const tests: E2ETest[] = [
  {
    name: "auditor: dashboard totals and solvency match the chain and the audit CLI, a dispute's rounds and votes",
    async run(ctx) {
      const world = (ctx.world ?? {}) as World;
      const client = createPublicClient({ chain: hardhat, transport: http(ctx.rpcUrl) });
      const contracts = ctx.deployment.contracts;
      const escrow = getAddress(contracts.escrow!.address);
      const token = getAddress(contracts.usdc!.address);
      // No wallet at all: the auditor's pages are public.
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
      try {
        const page = await context.newPage();
        const block = await dashboard(ctx, page);

        // Totals computed here, independently, at the block the page read.
        const at = { blockNumber: block };
        const vault = await client.readContract({ address: escrow, abi: ESCROW, functionName: "holdbackVault", ...at });
        const court = await client.readContract({ address: escrow, abi: ESCROW, functionName: "arbitrator", ...at });
        const balance = (holder: Address) => client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder], ...at });
        const [escrowBalance, vaultBalance, courtBalance] = await Promise.all([balance(escrow), balance(vault), balance(court)]);
        const staked = await client.getContractEvents({ address: court, abi: COURT, eventName: "Staked", fromBlock: 0n, toBlock: block });
        const mediators = [...new Set(staked.map((e) => getAddress(e.args.mediator!)))];
        let stakes = 0n;
        for (const m of mediators) stakes += (await client.readContract({ address: court, abi: COURT, functionName: "getMediator", args: [m], ...at })).stake;
        const row = page.getByTestId(`locked-${token}`);
        const expected: [string, bigint][] = [
          ["locked-escrow", escrowBalance],
          ["locked-vault", vaultBalance],
          ["locked-court-stakes", stakes],
          ["locked-court-other", courtBalance - stakes],
          ["locked-total", escrowBalance + vaultBalance + courtBalance],
        ];
        for (const [testId, amount] of expected) {
          const shown = (await row.getByTestId(testId).innerText()).trim();
          if (shown !== usdc(amount)) throw new Error(`${testId}: the page shows ${shown}, the chain says ${usdc(amount)} at block ${block}`);
        }
        // The solvency table has the numbers of `npm run audit -- solvency` (scripts/lib/audit, ethers) at that block.
        const cli = await auditCli(ctx, block);
        for (const [name, part] of [["Deal escrow", cli.escrow], ["Holdback vault", cli.vault], ["Mediator court", cli.court]] as const) {
          if (!part) throw new Error(`the CLI has no ${name}`);
          const t = part.tokens.find((x) => getAddress(x.token.address) === token);
          if (!t) throw new Error(`the CLI has no ${name} line for ${token}`);
          const cells = await page.getByRole("row", { name: new RegExp(`^${name}`) }).first().getByRole("cell").allInnerTexts();
          const want = [usdc(t.balance), usdc(t.obligations), `surplus ${usdc(t.surplus)}`];
          if (!want.every((w) => cells.some((c) => c.trim() === w))) throw new Error(`${name}: the page shows ${JSON.stringify(cells)}, the CLI says ${JSON.stringify(want)}`);
        }
        if (!cli.solvent) throw new Error("the CLI finds the protocol insolvent while the page says SOLVENT");
        await page.getByRole("heading", { name: "Deals by state" }).waitFor();
        await page.getByRole("heading", { name: "Who can change what" }).waitFor({ timeout: 30_000 });
        await ctx.screenshot(page, "auditor");

        // A dispute: the appealed one of the seeded world (round 0 revealed, round 1 in its commit period).
        const count = await client.readContract({ address: court, abi: COURT, functionName: "disputeCount", ...at });
        if (count === 0n) throw new Error("the chain has no dispute to show");
        const disputeId = world.disputes?.appealed?.[0] ?? world.disputes?.commit?.[0] ?? String(count - 1n);
        await page.getByRole("link", { name: `Dispute ${disputeId}`, exact: true }).first().click();
        await page.getByRole("heading", { level: 1, name: `Dispute ${disputeId}` }).waitFor();
        await page.getByRole("heading", { name: "Round 0" }).waitFor({ timeout: 30_000 });
        const round0 = page.getByRole("table", { name: "Round 0" });
        const seats = await round0.locator("tbody tr").count();
        if (seats === 0) throw new Error(`dispute ${disputeId}: no mediator drawn in round 0`);
        const revealed = await round0.getByText(/Q1: option \d/).count();
        const hidden = await page.getByText("not revealed (hidden until revealed)").count();
        if (revealed + hidden === 0) throw new Error(`dispute ${disputeId}: neither answers nor hidden votes are shown`);
        await ctx.screenshot(page, "auditor-dispute");

        // Back to the dashboard, whose data is still there.
        await page.getByRole("link", { name: "Back to the auditor dashboard" }).click();
        await page.getByTestId("solvency-verdict").waitFor({ timeout: 30_000 });
      } finally {
        await context.close();
      }
    },
  },
  {
    name: "auditor: verify the world's rights certificate, print its proof, refuse wrong token ids",
    async run(ctx) {
      const world = (ctx.world ?? {}) as World;
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
      try {
        const page = await context.newPage();
        // The world's certificate through the dashboard's form: VALID, with the printable proof.
        await page.goto(`${ctx.appUrl}/#/auditor`);
        await page.getByRole("heading", { level: 2, name: "Certificate verifier" }).waitFor();
        const certificate = world.certificates?.[0];
        if (!certificate) throw new Error("the seeded world has no rights certificate");
        await page.getByLabel("Certificate token id").fill(certificate);
        await page.getByRole("button", { name: "Verify" }).click();
        const verdict = page.getByTestId("certificate-verdict");
        await verdict.waitFor({ timeout: 30_000 });
        const verdictText = (await verdict.innerText()).trim();
        if (!verdictText.startsWith("VALID")) throw new Error(`the world's certificate verifies as "${verdictText}"`);
        const proof = page.frameLocator("iframe.auditor-proof");
        await proof.getByText("VALID: authentic and in force").waitFor();
        await proof.getByRole("heading", { name: "Verification against the chain" }).waitFor();
        // Print prints the proof document alone (window.print of its frame).
        await page.evaluate(() => {
          const frame = document.querySelector<HTMLIFrameElement>("iframe.auditor-proof");
          const win = frame?.contentWindow as (Window & { __printed?: boolean }) | null | undefined;
          if (win) win.print = () => void (win.__printed = true);
        });
        await page.getByRole("button", { name: "Print the proof" }).click();
        const printed = await page.evaluate(
          () => (document.querySelector<HTMLIFrameElement>("iframe.auditor-proof")?.contentWindow as (Window & { __printed?: boolean }) | null)?.__printed === true,
        );
        if (!printed) throw new Error("the Print button did not print the proof");
        await ctx.screenshot(page, "certificate-proof");
        // The document the page offers verifies with the command line's verifier (`npm run rights:proof -- --proof`).
        const html = await page.locator("iframe.auditor-proof").getAttribute("srcdoc");
        if (!html) throw new Error("the proof frame has no document");
        const cliVerdict = await verifyWithCli(ctx, certificate, html);
        if (cliVerdict !== "valid") throw new Error(`npm run rights:proof says the page's proof is ${cliVerdict}`);

        // Wrong ids: a malformed one is refused by the form, an unknown one is reported plainly.
        const input = page.getByLabel("Certificate token id");
        await input.fill("12ab");
        await page.getByRole("button", { name: "Verify" }).click();
        await page.getByText("A token id is a whole number (digits only) or a 0x hexadecimal deal id.").waitFor();
        if ((await input.getAttribute("aria-invalid")) !== "true") throw new Error("the malformed token id is not marked invalid");
        await input.fill("12345");
        await page.getByRole("button", { name: "Verify" }).click();
        await page.getByRole("alert").filter({ hasText: "No rights certificate has token id 12345" }).waitFor({ timeout: 30_000 });
        if ((await page.locator("iframe.auditor-proof").count()) !== 0) throw new Error("a proof is shown for an unknown certificate");
      } finally {
        await context.close();
      }
    },
  },
];
