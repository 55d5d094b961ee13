// Deal journeys, signed by brand 15 (pixelforge-games) and influencer 18 (retroraid) with injected wallets:
// 1. a fresh offer (made here with viem, as the brand's builder would): the influencer sees it with its brief and
//    accepts, submits a deliverable; the brand asks for a revision with a note; the influencer resubmits; the brand
//    approves; the influencer claims to another address; both rate; the timeline shows everything.
// 2. a fresh deal where the brand raises a dispute with evidence and the influencer answers (pays its fee) with
//    evidence until the dispute is created at the court; the brand then posts its evidence too.
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  erc20Abi,
  formatUnits,
  http,
  keccak256,
  parseAbi,
  parseEventLogs,
  toHex,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { canonicalBytes } from "../../scripts/lib/docstore/json.ts";
import { dealEscrowAbi } from "../src/config/abis.generated.ts";
import { HARDHAT_KEYS } from "./harness.ts";
import { act, fillEvidence, hasStatus, milestoneStatus, open } from "./steps.ts";
import type { E2EContext, E2ETest } from "./run.ts";

const BRAND_KEY = HARDHAT_KEYS[15]!;
const INFLUENCER_KEY = HARDHAT_KEYS[18]!;
const DAY = 86_400;
const USDC = 1_000_000n;

/* ------------------------- offer setup (viem) ------------------------- */

interface Question {
  optionCount: number;
  compliantMask: number;
  weight: number;
}

const QUESTIONS = [
  { text: "Is the game named and shown in the video?", options: ["Yes", "No"], compliant: [0], weight: 3 },
  { text: "Is the #ad disclosure visible before the fold?", options: ["Yes", "No"], compliant: [0], weight: 3 },
  { text: "Was it posted on time, on the agreed channel?", options: ["Yes", "No"], compliant: [0], weight: 2 },
];

function criteriaOf(questions: typeof QUESTIONS): Question[] {
  return questions.map((q) => ({ optionCount: q.options.length, compliantMask: q.compliant.reduce((m, i) => m | (1 << i), 0), weight: q.weight }));
}

/** keccak256(abi.encode(Question[])), as scripts/lib/terms.ts hashCriteria. */
function hashCriteria(criteria: readonly Question[]): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "tuple[]", components: [{ name: "optionCount", type: "uint8" }, { name: "compliantMask", type: "uint16" }, { name: "weight", type: "uint16" }] }],
      [criteria],
    ),
  );
}

/** Stores a JSON document in the document store (raw CIDv1 block) and returns its sha-256 digest (the on-chain hash). */
async function storeDocument(docstoreUrl: string, value: unknown): Promise<Hex> {
  const bytes = canonicalBytes(value);
  const form = new FormData();
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/json" }), "document.json");
  const response = await fetch(
    `${docstoreUrl}/api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-1048576&pin=true`,
    { method: "POST", body: form },
  );
  if (!response.ok) throw new Error(`document store: ${response.status} ${await response.text()}`);
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

interface Offer {
  readonly dealId: Hex;
  readonly title: string;
  /** What the influencer is credited when the milestone is released (amount less the protocol fee), as the app shows it. */
  readonly netText: string;
  readonly net: bigint;
}

/** Brand 15 offers a one-milestone deal to influencer 18 (terms as scripts/lib/terms.ts buildTerms builds them). */
async function createOffer(ctx: E2EContext, title: string, exclusivity: boolean): Promise<Offer> {
  const chain = { ...hardhat, rpcUrls: { default: { http: [ctx.rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(ctx.rpcUrl) });
  const brand = privateKeyToAccount(BRAND_KEY);
  const influencer = privateKeyToAccount(INFLUENCER_KEY).address;
  const wallet = createWalletClient({ account: brand, chain, transport: http(ctx.rpcUrl) });
  const escrow = ctx.deployment.contracts.escrow!.address;
  const usdc = ctx.deployment.contracts.usdc!.address;
  const now = Number((await publicClient.getBlock()).timestamp);
  const acceptBy = now + 7 * DAY;
  const deliverBy = acceptBy + 21 * DAY;
  const amount = 200n * USDC;
  const briefHash = await storeDocument(ctx.docstoreUrl, {
    schema: "ispera.brief",
    version: 1,
    title,
    brand: { name: "PixelForge Games", handle: "pixelforge-games" },
    language: "fr",
    topic: 1,
    summary: "A 60-second first look at our new retro platformer, with the launch trailer.",
    milestones: [{ title: "First look", deliverables: [{ channel: "youtube", format: "video", description: "60-second first look", deliverBy }] }],
    acceptance: { questions: QUESTIONS },
    guidelines: { text: "Show the gameplay, name the game.", do: ["Show the title screen"], dont: ["Spoil the ending"], hashtags: ["#ad"] },
  });
  const criteria = criteriaOf(QUESTIONS);
  const protocolFeeBps = await publicClient.readContract({ address: escrow, abi: dealEscrowAbi, functionName: "protocolFeeBps" });
  const terms = {
    brand: brand.address,
    influencer,
    token: usdc,
    protocolFeeBps,
    maxRevisions: 2,
    language: toHex("fr", { size: 2 }),
    topic: 1,
    acceptBy,
    reviewPeriod: 5 * DAY,
    revisionPeriod: 4 * DAY,
    feeTimeout: 5 * DAY,
    briefHash,
    criteriaHash: hashCriteria(criteria),
    salt: keccak256(toHex(`${title}:${Date.now()}:${Math.random()}`)),
    exclusiveTopic: exclusivity ? 12 : 0,
    exclusiveFrom: exclusivity ? now : 0,
    exclusiveUntil: exclusivity ? now + 30 * DAY : 0,
    holdbackBps: 0,
    breachCriteriaHash: `0x${"00".repeat(32)}` as Hex,
    rightsPrice: 0n,
    rightsHash: `0x${"00".repeat(32)}` as Hex,
    milestones: [{ amount, deliverBy }],
  } as const;
  const approve = await wallet.writeContract({ address: usdc, abi: erc20Abi, functionName: "approve", args: [escrow, amount] });
  await publicClient.waitForTransactionReceipt({ hash: approve });
  const hash = await wallet.writeContract({ address: escrow, abi: dealEscrowAbi, functionName: "createDeal", args: [terms, criteria] });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error("createDeal reverted");
  const created = parseEventLogs({ abi: dealEscrowAbi, logs: receipt.logs, eventName: "DealCreated" })[0];
  if (!created) throw new Error("no DealCreated event");
  const net = amount - (amount * BigInt(protocolFeeBps)) / 10_000n;
  return { dealId: created.args.dealId, title, net, netText: `${formatUnits(net, 6)} USDC` };
}

async function usdcBalance(ctx: E2EContext, account: Address): Promise<bigint> {
  const client = createPublicClient({ chain: hardhat, transport: http(ctx.rpcUrl) });
  return client.readContract({ address: ctx.deployment.contracts.usdc!.address, abi: parseAbi(["function balanceOf(address) view returns (uint256)"]), functionName: "balanceOf", args: [account] });
}

/* ----------------------------- browser steps ----------------------------- */

async function submitDeliverable(page: Page, button: string, url: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).first().click();
  const form = page.locator("form", { has: page.getByRole("group", { name: button }) }).first();
  await form.getByLabel("Format (as in the brief)").fill("video");
  await form.getByLabel("Link to the published content (https://…)").fill(url.replace("https://", "http://"));
  await form.getByRole("button", { name: button, exact: true }).click();
  await form.getByText("The link must start with https://.").waitFor();
  await form.getByLabel("Link to the published content (https://…)").fill(url);
  await act(page, () => form.getByRole("button", { name: button, exact: true }).click(), hasStatus(page, "In review"));
}

export const tests: E2ETest[] = [
  {
    name: "deal: influencer accepts, delivers, revises, gets approved, claims elsewhere; both rate",
    async run(ctx) {
      const offer = await createOffer(ctx, `Retro platformer first look ${Date.now()}`, true);
      const influencer = await open(ctx, INFLUENCER_KEY, "/influencer");
      const brand = await open(ctx, BRAND_KEY, `/deals/${offer.dealId}`);
      try {
        const ip = influencer.page;
        const card = ip.locator(`li[data-deal="${offer.dealId}"]`);
        await card.getByText(offer.title).waitFor({ timeout: 20_000 });
        await card.getByText("Brief verified against its on-chain hash.").waitFor();
        await card.getByText("No conflicting exclusivity.").waitFor();
        await ctx.screenshot(ip, "influencer-offers");
        await act(ip, () => card.getByRole("button", { name: "Accept", exact: true }).click(), async () => (await card.count()) === 0);

        await ip.goto(`${ctx.appUrl}/#/deals/${offer.dealId}`);
        await ip.getByTestId("deal-status").filter({ hasText: "Active" }).waitFor();
        await submitDeliverable(ip, "Submit the deliverable", "https://www.youtube.com/watch?v=retro-first-look");

        const bp = brand.page;
        await milestoneStatus(bp).filter({ hasText: "In review" }).waitFor({ timeout: 20_000 });
        await bp.getByRole("button", { name: "Ask for a revision", exact: true }).first().click();
        const revision = bp.locator("form", { has: bp.getByRole("group", { name: "Ask for a revision" }) }).first();
        await revision.getByRole("button", { name: "Ask for a revision", exact: true }).click();
        await revision.getByText("Required.").waitFor();
        await revision.getByLabel("What should change").fill("Add the #ad disclosure in the first seconds, before the fold.");
        await act(bp, () => revision.getByRole("button", { name: "Ask for a revision", exact: true }).click(), hasStatus(bp, "Awaiting delivery"));

        await milestoneStatus(ip).filter({ hasText: "Awaiting delivery" }).waitFor({ timeout: 20_000 });
        await ip.getByText("Revisions used: 1 of 2").waitFor();
        await submitDeliverable(ip, "Resubmit the deliverable", "https://www.youtube.com/watch?v=retro-first-look-v2");

        await milestoneStatus(bp).filter({ hasText: "In review" }).waitFor({ timeout: 20_000 });
        await act(bp, () => bp.getByRole("button", { name: "Approve and pay", exact: true }).click(), hasStatus(bp, "Released"));
        await bp.getByTestId("deal-status").filter({ hasText: "Closed" }).waitFor();

        // The influencer claims its payout to another address (checked first: a malformed one is refused).
        await ip.getByTestId("deal-status").filter({ hasText: "Closed" }).waitFor({ timeout: 20_000 });
        const to = privateKeyToAccount(keccak256(toHex(`payout ${Date.now()}`))).address;
        const claim = ip.getByRole("button", { name: `Claim ${offer.netText}`, exact: true });
        const toInput = ip.getByLabel("Send to address").first();
        await toInput.fill("0x1234");
        await claim.click();
        await ip.getByText("Enter an address: 0x followed by 40 hexadecimal digits.").waitFor();
        await toInput.fill(to);
        await act(ip, () => claim.click(), async () => (await ip.getByText("Influencer's credit: 0 USDC").count()) > 0);
        const received = await usdcBalance(ctx, to);
        if (received !== offer.net) throw new Error(`the payout address received ${received}, expected ${offer.net}`);

        // Both rate (the first one records the deal in the reputation contract first).
        await ip.getByLabel("Comment (optional)").fill("Clear brief, quick review.");
        await act(ip, () => ip.getByRole("button", { name: "Rate", exact: true }).click(), async () => (await ip.getByText("You rated this deal.").count()) > 0);
        await bp.getByLabel("Score (1 to 5)").selectOption("4");
        await act(bp, () => bp.getByRole("button", { name: "Rate", exact: true }).click(), async () => (await bp.getByText("You rated this deal.").count()) > 0);

        // The timeline shows every step, and every document is verified.
        const timeline = bp.getByTestId("timeline");
        for (const text of [
          "The brand offered the deal and escrowed 200 USDC.",
          "Exclusivity reserved",
          "The influencer accepted the offer.",
          "deliverable submitted (attempt 1)",
          "the brand asked for revision 1",
          "deliverable submitted (attempt 2)",
          `Milestone 1: Released, ${offer.netText} to the influencer`,
          "The deal completed",
          `claimed ${offer.netText} to`,
          "The deal was added to both parties' reputation.",
          "rated the deal 5/5",
          "rated the deal 4/5",
        ]) {
          await timeline.getByText(text).first().waitFor({ timeout: 15_000 });
        }
        await bp.locator(".doc").filter({ hasText: "Revision note" }).getByText("Verified against its on-chain hash").waitFor();
        const docs = await bp.locator(".doc").count();
        const verified = await bp.locator(".doc .ok").count();
        if (docs < 5 || verified !== docs) throw new Error(`documents: ${verified} of ${docs} verified (expected >= 5, all verified)`);
        await ctx.screenshot(bp, "deal-timeline");
      } finally {
        await influencer.context.close();
        await brand.context.close();
      }
    },
  },
  {
    name: "deal: influencer declines one offer; on another, a settlement proposed by the influencer is accepted by the brand",
    async run(ctx) {
      const declined = await createOffer(ctx, `Retro platformer declined ${Date.now()}`, false);
      const offer = await createOffer(ctx, `Retro platformer settlement ${Date.now()}`, false);
      const influencer = await open(ctx, INFLUENCER_KEY, `/deals/${declined.dealId}`);
      const brand = await open(ctx, BRAND_KEY, `/deals/${offer.dealId}`);
      try {
        const ip = influencer.page;
        const status = (page: Page, text: string) => async () => (await page.getByTestId("deal-status").innerText()).includes(text);
        await act(ip, () => ip.getByRole("button", { name: "Decline the offer" }).click(), status(ip, "Declined"));
        await ip.getByTestId("timeline").getByText("The influencer declined the offer; 200 USDC credited back to the brand.").waitFor();

        await ip.goto(`${ctx.appUrl}/#/deals/${offer.dealId}`);
        await act(ip, () => ip.getByRole("button", { name: "Accept the offer" }).click(), status(ip, "Active"));
        await ip.getByRole("button", { name: "Propose a settlement", exact: true }).first().click();
        const form = ip.locator("form", { has: ip.getByRole("group", { name: "Propose a settlement" }) }).first();
        await form.getByLabel("Influencer's share (%)").fill("150");
        await form.getByRole("button", { name: "Propose a settlement", exact: true }).click();
        await form.getByText("At most 100 %.").waitFor();
        await form.getByLabel("Influencer's share (%)").fill("60");
        await act(
          ip,
          () => form.getByRole("button", { name: "Propose a settlement", exact: true }).click(),
          async () => (await ip.getByText("Open settlement proposal from the influencer: 60 % to the influencer.").count()) > 0,
        );

        const bp = brand.page;
        const acceptSettlement = bp.getByRole("button", { name: "Accept the settlement (60 % to the influencer)" });
        await acceptSettlement.waitFor({ timeout: 20_000 });
        await act(bp, () => acceptSettlement.click(), hasStatus(bp, "Settled"));
        await bp.getByText("Final: 60 % of the milestone went to the influencer.").waitFor();
        await bp.getByTestId("timeline").getByText("the influencer proposed 60 % to the influencer.").waitFor({ timeout: 15_000 });
        await bp.getByTestId("timeline").getByText("Milestone 1: Settled").waitFor({ timeout: 15_000 });
        // The brand gets the other 40 % back and claims it.
        await act(
          bp,
          () => bp.getByRole("button", { name: "Claim 80 USDC", exact: true }).click(),
          async () => (await bp.getByText("Brand's credit: 0 USDC").count()) > 0,
        );
      } finally {
        await influencer.context.close();
        await brand.context.close();
      }
    },
  },
  {
    name: "deal: brand raises a dispute with evidence, influencer answers with evidence, the court gets the dispute",
    async run(ctx) {
      const offer = await createOffer(ctx, `Retro platformer dispute ${Date.now()}`, false);
      const influencer = await open(ctx, INFLUENCER_KEY, `/deals/${offer.dealId}`);
      const brand = await open(ctx, BRAND_KEY, `/deals/${offer.dealId}`);
      try {
        const ip = influencer.page;
        await act(ip, () => ip.getByRole("button", { name: "Accept the offer" }).click(), async () => (await ip.getByTestId("deal-status").innerText()).includes("Active"));
        await submitDeliverable(ip, "Submit the deliverable", "https://www.youtube.com/watch?v=retro-dispute");

        const bp = brand.page;
        await milestoneStatus(bp).filter({ hasText: "In review" }).waitFor({ timeout: 20_000 });
        await act(
          bp,
          () => fillEvidence(bp, "Raise a dispute", "Disclosure missing", "The #ad disclosure only appears in the description, not in the video."),
          hasStatus(bp, "Dispute: fees pending"),
          40_000,
        );
        await milestoneStatus(ip).filter({ hasText: "Dispute: fees pending" }).waitFor({ timeout: 20_000 });
        await act(
          ip,
          () => fillEvidence(ip, "Answer the dispute (pay the fee)", "Disclosure shown", "The #ad mention is spoken in the first five seconds."),
          async () => (await ip.getByTestId("timeline").getByText("posted evidence").count()) > 0,
          40_000,
        );
        await ip.getByText(/Court dispute #\d+/).waitFor();
        await milestoneStatus(bp).filter({ hasText: "At the court" }).waitFor({ timeout: 20_000 });
        await act(
          bp,
          () => bp.getByRole("button", { name: "Post the evidence you wrote when paying the fee" }).click(),
          async () => (await bp.getByTestId("timeline").getByText("posted evidence").count()) >= 2,
        );
        const timeline = bp.getByTestId("timeline");
        for (const text of ["the brand paid the arbitration fee", "the influencer paid the arbitration fee", "created at the court", "The court opened dispute"]) {
          await timeline.getByText(text).first().waitFor({ timeout: 15_000 });
        }
        await bp.locator(".doc").filter({ hasText: "Disclosure missing" }).getByText("Verified against its on-chain hash").waitFor();
        await bp.locator(".doc").filter({ hasText: "Disclosure shown" }).getByText("Verified against its on-chain hash").waitFor();
        await ctx.screenshot(bp, "deal-dispute");
      } finally {
        await influencer.context.close();
        await brand.context.close();
      }
    },
  },
];
