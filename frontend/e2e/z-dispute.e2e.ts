// The full dispute, run last (it moves the chain's clock). Setup with viem (test tooling): brand 16 offers a deal to
// influencer 19 with a brief stored in the document store, the influencer accepts and submits. Then in the browser,
// on the deal page, the brand raises the dispute with its evidence and the influencer answers with its own until the
// court opens the dispute. The keeper (or, failing it, this test) answers the VRF mock and draws. Each drawn mediator
// opens the dispute, answers the questionnaire, commits (salt from a wallet signature) and reveals; the clock moves
// past the appeal period and the round is executed from the UI; the ruling and the payout credited on the deal are
// checked on screen and on chain, and the influencer claims its payout on the deal page.
import type { Page } from "playwright-core";
import {
  createPublicClient,
  createWalletClient,
  getAddress,
  http,
  maxUint256,
  parseAbi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { dealEscrowAbi, mediatorCourtAbi, mockUsdcAbi } from "../src/config/abis.generated.ts";
import { putBrief, type BriefDocument } from "../../scripts/lib/docstore/brief.ts";
import { putDeliverable } from "../../scripts/lib/docstore/documents.ts";
import { cidOfBytes, MAX_DOCUMENT_BYTES } from "../../scripts/lib/docstore/cid.ts";
import type { DocumentStore } from "../../scripts/lib/docstore/store.ts";
import { chainRpc, connect, HARDHAT_KEYS, increaseTime, openWallet } from "./harness.ts";
import type { E2EContext, E2ETest } from "./run.ts";
import { act, fillEvidence, hasStatus, milestoneStatus, open } from "./steps.ts";

const BRAND = 16;
const INFLUENCER = 19;
const DAY = 86_400;
const USDC = 1_000_000n;
const AMOUNT = 600n * USDC;
const TOPIC_TECH = 4;
const vrfMockAbi = parseAbi(["function fulfillRandomWords(uint256 requestId, address consumer)"]);
const PERIOD = { Drawing: 1, Commit: 2, Reveal: 3, Appeal: 4, Execution: 5 } as const;

/** Yes/no questions, as the brief builder's templates; the disclosure question is the one the content fails. */
const QUESTIONS = [
  { text: "Is the product shown and named?", options: ["Yes", "No"], compliant: [0], weight: 3 },
  { text: "Is the #ad disclosure visible before the fold?", options: ["Yes", "No"], compliant: [0], weight: 3 },
  { text: "Was it posted on time?", options: ["Yes", "No"], compliant: [0], weight: 2 },
  { text: "Was it posted on the agreed channel?", options: ["Yes", "No"], compliant: [0], weight: 1 },
  { text: "Were the brand guidelines respected?", options: ["Fully", "Mostly", "No"], compliant: [0, 1], weight: 1 },
];
/** What every mediator answers (option labels): the disclosure is missing, so 3 of 10 weight fails: 70 %. */
const ANSWERS = ["Yes", "No", "Yes", "Yes", "Mostly"];
const EXPECTED_SHARE_BPS = 7_000;

interface Chain {
  readonly pub: PublicClient;
  wallet(index: number): WalletClient & { account: ReturnType<typeof privateKeyToAccount> };
  readonly escrow: Address;
  readonly court: Address;
  readonly usdc: Address;
  readonly vrf: Address;
  readonly randomness: Address;
}

function chainOf(ctx: E2EContext): Chain {
  const chain = { ...hardhat, rpcUrls: { default: { http: [ctx.rpcUrl] } } };
  const pub = createPublicClient({ chain, transport: http(ctx.rpcUrl) }) as PublicClient;
  const need = (key: string): Address => {
    const record = ctx.deployment.contracts[key];
    if (!record) throw new Error(`${key} is not in the deployment`);
    return record.address;
  };
  return {
    pub,
    wallet: (index) => {
      const account = privateKeyToAccount(HARDHAT_KEYS[index]!);
      return createWalletClient({ account, chain, transport: http(ctx.rpcUrl) }) as WalletClient & { account: typeof account };
    },
    escrow: need("escrow"),
    court: need("court"),
    usdc: need("usdc"),
    vrf: need("vrf"),
    randomness: need("randomness"),
  };
}

async function send(c: Chain, index: number, request: { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }): Promise<void> {
  const wallet = c.wallet(index);
  const { request: simulated } = await c.pub.simulateContract({ ...request, account: wallet.account } as Parameters<PublicClient["simulateContract"]>[0]);
  const hash = await wallet.writeContract(simulated as Parameters<WalletClient["writeContract"]>[0]);
  const receipt = await c.pub.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
}

async function chainNow(c: Chain): Promise<bigint> {
  return (await c.pub.getBlock()).timestamp;
}

/* ------------------------------- setup (test tooling) ------------------------------- */

/** A write-only client of the document store's Kubo API (what the setup needs), checking the CID it gets back. */
function documentStore(url: string): DocumentStore {
  const query = `cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-${MAX_DOCUMENT_BYTES}&pin=true`;
  return {
    description: `e2e store ${url}`,
    async put(bytes) {
      const form = new FormData();
      form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), "document.json");
      const response = await fetch(`${url}/api/v0/add?${query}`, { method: "POST", body: form });
      if (!response.ok) throw new Error(`the document store refused a document: ${await response.text()}`);
      const { Hash } = (await response.json()) as { Hash?: string };
      const expected = cidOfBytes(bytes);
      if (Hash !== expected) throw new Error(`the store named the document ${Hash}, expected ${expected}`);
      return expected;
    },
    get: () => Promise.reject(new Error("write-only")),
    has: () => Promise.resolve(false),
    close: () => Promise.resolve(),
  };
}

type Terms = Parameters<typeof encodeTermsArg>[0];
function encodeTermsArg(terms: {
  brand: Address;
  influencer: Address;
  token: Address;
  protocolFeeBps: number;
  maxRevisions: number;
  language: Hex;
  topic: number;
  acceptBy: number;
  reviewPeriod: number;
  revisionPeriod: number;
  feeTimeout: number;
  briefHash: Hex;
  criteriaHash: Hex;
  salt: Hex;
  exclusiveTopic: number;
  exclusiveFrom: number;
  exclusiveUntil: number;
  holdbackBps: number;
  breachCriteriaHash: Hex;
  rightsPrice: bigint;
  rightsHash: Hex;
  milestones: readonly { amount: bigint; deliverBy: number }[];
}) {
  return terms;
}

interface Deal {
  readonly terms: Terms;
  readonly criteria: { optionCount: number; compliantMask: number; weight: number }[];
  readonly dealId: Hex;
}

/** Brand 16 writes a brief (stored, verified by CID) and offers a 600 USDC deal, funded with an approval. */
async function offerDeal(c: Chain, store: DocumentStore): Promise<Deal> {
  const brand = c.wallet(BRAND).account.address;
  const influencer = c.wallet(INFLUENCER).account.address;
  const now = Number(await chainNow(c));
  const acceptBy = now + 7 * DAY;
  const deliverBy = acceptBy + 21 * DAY;
  const brief: BriefDocument = {
    schema: "ispera.brief",
    version: 1,
    title: `Nordlys — Fjord ANC unboxing (e2e ${now})`,
    brand: { name: "Nordlys Audio" },
    language: "fr",
    topic: TOPIC_TECH,
    summary: "Un déballage honnête du casque Fjord ANC, avec la mention #publicité visible avant le pli.",
    milestones: [{ deliverables: [{ channel: "youtube", format: "video", description: "Unboxing video, 5 to 8 minutes", deliverBy }] }],
    acceptance: { questions: QUESTIONS.map((q) => ({ ...q, options: [...q.options], compliant: [...q.compliant] })) },
    guidelines: { disclosure: "#publicité in the first line", do: ["Show the case and the ear cushions"], dont: ["Compare with competitors by name"] },
  };
  const stored = await putBrief(store, brief);
  const criteria = QUESTIONS.map((q) => ({
    optionCount: q.options.length,
    compliantMask: q.compliant.reduce((m, i) => m | (1 << i), 0),
    weight: q.weight,
  }));
  const criteriaHash = await c.pub.readContract({ address: c.escrow, abi: dealEscrowAbi, functionName: "hashCriteria", args: [criteria] });
  const protocolFeeBps = await c.pub.readContract({ address: c.escrow, abi: dealEscrowAbi, functionName: "protocolFeeBps" });
  const zero = `0x${"00".repeat(32)}` as Hex;
  const terms = encodeTermsArg({
    brand,
    influencer,
    token: c.usdc,
    protocolFeeBps,
    maxRevisions: 2,
    language: "0x6672",
    topic: TOPIC_TECH,
    acceptBy,
    reviewPeriod: 5 * DAY,
    revisionPeriod: 4 * DAY,
    feeTimeout: 5 * DAY,
    briefHash: stored.digest as Hex,
    criteriaHash,
    salt: `0x${BigInt(now).toString(16).padStart(64, "0")}`,
    exclusiveTopic: 0,
    exclusiveFrom: 0,
    exclusiveUntil: 0,
    holdbackBps: 0,
    breachCriteriaHash: zero,
    rightsPrice: 0n,
    rightsHash: zero,
    milestones: [{ amount: AMOUNT, deliverBy }],
  });
  await send(c, BRAND, { address: c.usdc, abi: mockUsdcAbi, functionName: "mint", args: [brand, 1_000n * USDC] });
  await send(c, BRAND, { address: c.usdc, abi: mockUsdcAbi, functionName: "approve", args: [c.escrow, maxUint256] });
  await send(c, BRAND, { address: c.escrow, abi: dealEscrowAbi, functionName: "createDeal", args: [terms, criteria] });
  const dealId = await c.pub.readContract({ address: c.escrow, abi: dealEscrowAbi, functionName: "dealId", args: [terms] });
  return { terms, criteria, dealId };
}

async function acceptDeal(c: Chain, deal: Deal): Promise<void> {
  await send(c, INFLUENCER, { address: c.escrow, abi: dealEscrowAbi, functionName: "acceptDeal", args: [deal.terms] });
}

/** The influencer publishes and submits the deliverable document of milestone 0. */
async function submitDeliverable(c: Chain, store: DocumentStore, deal: Deal): Promise<void> {
  const doc = await putDeliverable(store, {
    schema: "ispera.deliverable",
    version: 1,
    dealId: deal.dealId.toLowerCase(),
    milestone: 0,
    items: [{ channel: "youtube", format: "video", url: "https://www.youtube.com/watch?v=fjord-anc-e2e", postedAt: Number(await chainNow(c)) }],
    note: "Posted on the agreed channel; the disclosure is in the description.",
  });
  await send(c, INFLUENCER, {
    address: c.escrow,
    abi: dealEscrowAbi,
    functionName: "submitDeliverable",
    args: [deal.terms, 0n, doc.digest as Hex, doc.uri],
  });
}

/**
 * The dispute raised in the browser, on the deal page: the brand disputes the submission with its evidence (paying
 * the arbitration fee), the influencer answers with its own (paying its fee, which creates the dispute at the court),
 * then the brand posts the evidence it wrote when it paid. Returns the court's dispute id.
 */
async function raiseDisputeInBrowser(ctx: E2EContext, c: Chain, deal: Deal): Promise<bigint> {
  const influencer = c.wallet(INFLUENCER).account.address;
  // Test funding only: the influencer gets enough USDC for its fee (the page asks for the approval itself).
  await send(c, INFLUENCER, { address: c.usdc, abi: mockUsdcAbi, functionName: "mint", args: [influencer, 100n * USDC] });
  const brand = await open(ctx, HARDHAT_KEYS[BRAND]!, `/deals/${deal.dealId}`);
  const inf = await open(ctx, HARDHAT_KEYS[INFLUENCER]!, `/deals/${deal.dealId}`);
  try {
    const bp = brand.page;
    const ip = inf.page;
    await milestoneStatus(bp).filter({ hasText: "In review" }).waitFor({ timeout: 20_000 });
    await act(
      bp,
      () => fillEvidence(bp, "Raise a dispute", "No disclosure above the fold", "The #publicité mention only appears in the collapsed description."),
      hasStatus(bp, "Dispute: fees pending"),
      40_000,
    );
    await milestoneStatus(ip).filter({ hasText: "Dispute: fees pending" }).waitFor({ timeout: 20_000 });
    await act(
      ip,
      () =>
        fillEvidence(
          ip,
          "Answer the dispute (pay the fee)",
          "Disclosure in the description",
          "The mention is in the first line of the description, as agreed by e-mail.",
        ),
      async () => (await ip.getByTestId("timeline").getByText("posted evidence").count()) > 0,
      40_000,
    );
    await milestoneStatus(bp).filter({ hasText: "At the court" }).waitFor({ timeout: 20_000 });
    await act(
      bp,
      () => bp.getByRole("button", { name: "Post the evidence you wrote when paying the fee" }).click(),
      async () => (await bp.getByTestId("timeline").getByText("posted evidence").count()) >= 2,
    );
  } finally {
    await brand.context.close();
    await inf.context.close();
  }
  const arbitration = await c.pub.readContract({ address: c.escrow, abi: dealEscrowAbi, functionName: "getArbitration", args: [deal.dealId, 0n] });
  if (!arbitration.created) throw new Error("the dispute was not created at the court");
  return arbitration.disputeId;
}

/** The influencer claims its credit on the deal page, to its own address; returns what arrived. */
async function claimInBrowser(ctx: E2EContext, c: Chain, deal: Deal): Promise<bigint> {
  const account = c.wallet(INFLUENCER).account.address;
  const balance = () => c.pub.readContract({ address: c.usdc, abi: mockUsdcAbi, functionName: "balanceOf", args: [account] });
  const before = await balance();
  const session = await open(ctx, HARDHAT_KEYS[INFLUENCER]!, `/deals/${deal.dealId}`);
  try {
    const { page } = session;
    const claim = page.getByRole("button", { name: /^Claim [\d.,]+ USDC$/ }).first();
    await claim.waitFor({ timeout: 20_000 });
    await act(page, () => claim.click(), async () => (await balance()) > before, 40_000);
    await ctx.screenshot(page, "dispute-payout");
  } finally {
    await session.context.close();
  }
  return (await balance()) - before;
}

/** Waits for the keeper to answer the VRF mock and draw; answers and draws itself when the keeper does not. */
async function waitForDrawing(c: Chain, disputeId: bigint): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getDispute", args: [disputeId] });
    if (d.period !== PERIOD.Drawing) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const round = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getRound", args: [disputeId, 0n] });
  try {
    await send(c, BRAND, { address: c.vrf, abi: vrfMockAbi, functionName: "fulfillRandomWords", args: [round.randomnessRequestId, c.randomness] });
  } catch {
    // the keeper answered meanwhile
  }
  await send(c, BRAND, { address: c.court, abi: mediatorCourtAbi, functionName: "draw", args: [disputeId, BigInt(round.mediators)] });
}

/** The drawn mediators of round 0 (each once) with their key index. */
async function drawnMediators(c: Chain, disputeId: bigint): Promise<{ address: Address; index: number }[]> {
  const round = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getRound", args: [disputeId, 0n] });
  const seen = new Set<string>();
  const out: { address: Address; index: number }[] = [];
  for (let v = 0; v < round.drawn; v++) {
    const vote = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getVote", args: [disputeId, 0n, BigInt(v)] });
    const address = getAddress(vote.mediator);
    if (seen.has(address)) continue;
    seen.add(address);
    const index = HARDHAT_KEYS.findIndex((k) => privateKeyToAccount(k).address === address);
    if (index < 0) throw new Error(`drawn mediator ${address} is not a local account`);
    out.push({ address, index });
  }
  return out;
}

async function until(what: string, check: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/* ------------------------------------ browser ----------------------------------------- */

/**
 * Moves the clock past the appeal deadline and has the connected mediator execute the round in the UI. The demo's
 * keeper watches the same deadline and would race the click, so blocks are mined by hand meanwhile: the keeper's
 * transaction (a passPeriod) and the UI's executeRound are mined together, and the UI's executeRound settles the
 * round whichever comes first. Automining is restored in any case.
 */
async function executeFromUi(ctx: E2EContext, page: Page, account: Address, seconds: number): Promise<void> {
  const nonce = async (tag: "latest" | "pending") => Number(await chainRpc(ctx.rpcUrl, "eth_getTransactionCount", [account, tag]));
  await chainRpc(ctx.rpcUrl, "evm_setAutomine", [false]);
  try {
    await increaseTime(ctx.rpcUrl, seconds);
    const before = await nonce("latest");
    const execute = page.getByRole("button", { name: "Execute the round" });
    await execute.waitFor({ timeout: 15_000 });
    await execute.click();
    await until("the UI's executeRound in the mempool", async () => (await nonce("pending")) > before, 20_000);
    await chainRpc(ctx.rpcUrl, "evm_mine");
  } finally {
    await chainRpc(ctx.rpcUrl, "evm_setAutomine", [true]);
  }
}

async function answerQuestionnaire(page: Page): Promise<void> {
  for (const [i, answer] of ANSWERS.entries()) {
    await page.getByRole("group", { name: new RegExp(`^Question ${i + 1}:`) }).getByLabel(answer, { exact: false }).first().check();
  }
}

export const tests: E2ETest[] = [
  {
    name: "dispute: raised and answered with evidence on the deal page, drawn mediators commit and reveal, the round is executed from the UI, the influencer claims the payout",
    async run(ctx) {
      const c = chainOf(ctx);
      const store = documentStore(ctx.docstoreUrl);
      const deal = await offerDeal(c, store);
      await acceptDeal(c, deal);
      await submitDeliverable(c, store, deal);
      // Raised and answered in the browser.
      const disputeId = await raiseDisputeInBrowser(ctx, c, deal);
      await waitForDrawing(c, disputeId);
      const mediators = await drawnMediators(c, disputeId);
      const readDispute = () => c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getDispute", args: [disputeId] });

      const first = mediators[0]!;
      const session = await openWallet(ctx.browser, ctx.rpcUrl, HARDHAT_KEYS[first.index]!);
      try {
        const { page } = session;
        await page.goto(`${ctx.appUrl}/#/mediator/disputes/${disputeId}`);
        await connect(page);
        // Commit: each drawn mediator reads the case, answers and commits.
        for (const [n, m] of mediators.entries()) {
          if (n > 0) await session.use(HARDHAT_KEYS[m.index]!);
          await page.getByTestId("my-seats").filter({ hasText: /You hold \d+ seat/ }).waitFor({ timeout: 20_000 });
          await page.getByTestId("brief").getByText("Verified against the deal's brief hash.").waitFor();
          await page.getByTestId("content").getByText("Verified against the submitted content hash.").waitFor();
          await page.getByTestId("evidence").getByText("No disclosure above the fold").waitFor();
          await page.getByTestId("evidence").getByText("Disclosure in the description").waitFor();
          await page.getByRole("timer").waitFor();
          await answerQuestionnaire(page);
          if (n === 0) await ctx.screenshot(page, "mediator-dispute");
          await page.getByRole("button", { name: "Sign and commit my answers" }).click();
          await until(`the commit of ${m.address}`, async () => {
            const commitment = await c.pub.readContract({
              address: c.court,
              abi: mediatorCourtAbi,
              functionName: "commitmentOf",
              args: [disputeId, 0n, m.address],
            });
            return BigInt(commitment) !== 0n;
          });
        }
        await until("the reveal period", async () => (await readDispute()).period === PERIOD.Reveal);
        // Reveal: nothing was kept (the browser's copy of the answers is wiped); the salt is signed again and the
        // committed answers are recovered from it.
        for (const m of mediators) {
          await session.use(HARDHAT_KEYS[m.index]!);
          await page.evaluate(() => {
            for (const key of Object.keys(localStorage)) if (key.startsWith("ispera.vote.")) localStorage.removeItem(key);
          });
          await page.reload();
          await page.getByTestId("my-seats").filter({ hasText: /You hold \d+ seat/ }).waitFor({ timeout: 20_000 });
          await page.getByRole("button", { name: "Sign and reveal my answers" }).click();
          await page.getByText("Your committed answers were recovered from the salt.").waitFor({ timeout: 20_000 });
          await page.getByTestId("my-reveal").waitFor({ timeout: 30_000 });
        }
        await page.getByTestId("outcome").getByText(/the influencer gets 70/).waitFor({ timeout: 20_000 });
        await ctx.screenshot(page, "mediator-reveal");
        const ruled = await readDispute();
        if (ruled.shareBps !== EXPECTED_SHARE_BPS) throw new Error(`ruling ${ruled.shareBps} bps, expected ${EXPECTED_SHARE_BPS}`);
        if (ruled.period !== PERIOD.Appeal) throw new Error(`expected the appeal period, got ${ruled.period}`);

        // Nobody appeals: the clock moves past the appeal deadline, and the round is executed from the UI.
        const params = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getDisputeParams", args: [disputeId] });
        await executeFromUi(ctx, page, session.address, params.appealPeriod + 1);
        await page
          .getByTestId("tx")
          .filter({ hasText: `Execute round 1 of dispute ${disputeId}` })
          .and(page.locator('[data-phase="mined"]'))
          .first()
          .waitFor({ timeout: 20_000 });
        await until("the round's settlement", async () => {
          const round = await c.pub.readContract({ address: c.court, abi: mediatorCourtAbi, functionName: "getRound", args: [disputeId, 0n] });
          const d = await readDispute();
          return d.period === PERIOD.Execution && d.rulingDelivered && round.rewarded >= round.drawn;
        });
        await page.getByTestId("payout").waitFor({ timeout: 20_000 });
        // The escrow paid the ruling: 70 % of the milestone less the protocol fee to the influencer, the rest to the
        // brand (the arbitration deposits are credited on top), all credited on the deal for claiming.
        const finalized = await c.pub.getContractEvents({
          address: c.escrow,
          abi: dealEscrowAbi,
          eventName: "MilestoneFinalized",
          args: { dealId: deal.dealId },
          fromBlock: 0n,
          strict: true,
        });
        const paid = finalized[0]?.args;
        if (!paid) throw new Error("the milestone was not finalized");
        const fee = (AMOUNT * 7_000n * BigInt(deal.terms.protocolFeeBps)) / 10_000n / 10_000n;
        if (paid.influencerShareBps !== EXPECTED_SHARE_BPS || paid.toInfluencer !== (AMOUNT * 7_000n) / 10_000n - fee) {
          throw new Error(`the milestone paid ${paid.toInfluencer} at ${paid.influencerShareBps} bps`);
        }
        if (paid.toBrand !== (AMOUNT * 3_000n) / 10_000n) throw new Error(`the brand got ${paid.toBrand} back`);
        const dealState = await c.pub.readContract({ address: c.escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [deal.dealId] });
        if (dealState.influencerCredit < paid.toInfluencer || dealState.brandCredit < paid.toBrand) {
          throw new Error(`credits ${dealState.influencerCredit} / ${dealState.brandCredit} below the payout`);
        }
        await page.getByTestId("payout").getByText("415.8 USDC credited to the influencer, 180 USDC to the brand", { exact: false }).waitFor();
        await page.getByText("The ruling is final and every round is settled.").waitFor({ timeout: 20_000 });
        // The payout reaches the influencer's wallet through the deal page.
        const claimed = await claimInBrowser(ctx, c, deal);
        if (claimed < paid.toInfluencer) throw new Error(`the influencer claimed ${claimed}, less than its payout ${paid.toInfluencer}`);
      } finally {
        await session.context.close();
      }
    },
  },
];
