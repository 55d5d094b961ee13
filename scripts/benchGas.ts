// Gas benchmark of DealEscrow's steps on the in-process network with the USDC-like token (6 decimals, permit).
// Writes docs/benchmarks.md (the figures and their targets). Run: npm run bench. Not a test: nothing is timed.
import { network } from "hardhat";
import { Signature, type ContractTransactionResponse } from "ethers";
import LocalIspera from "../ignition/modules/LocalIspera.js";
import { writeSection } from "./lib/benchDoc.ts";
import { buildRights, RightsScope } from "./lib/rights.ts";
import {
  buildTerms,
  DEFAULT_BREACH_CRITERIA,
  DEFAULT_CRITERIA,
  dealKeyOf,
  holdbackContextOf,
  totalOf,
  type DealTerms,
  type RightsTerms,
  type TermsInput,
} from "./lib/terms.js";
import type { DealEscrow, HoldbackVault, MockUSDC, RightsCertificate } from "../types/ethers-contracts/index.js";

const { ethers, networkHelpers, ignition } = await network.create();
const [deployer, brand, influencer, payee, other] = await ethers.getSigners();
if (!deployer || !brand || !influencer || !payee || !other) throw new Error("benchGas: not enough signers");

const deployed = await ignition.deploy(LocalIspera);
const escrow = deployed.escrow as unknown as DealEscrow;
const usdc = deployed.usdc as unknown as MockUSDC;
const certificate = deployed.certificate as unknown as RightsCertificate;
const escrowAddress = await escrow.getAddress();
const usdcAddress = await usdc.getAddress();
const criteria = [...DEFAULT_CRITERIA];
const USDC = (n: number): bigint => BigInt(n) * 10n ** 6n;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("benchGas: no receipt");
  return receipt.gasUsed;
}

async function terms(milestones: number, extra: Partial<TermsInput> = {}): Promise<DealTerms> {
  const now = BigInt(await networkHelpers.time.latest());
  return buildTerms({
    brand: brand!.address,
    influencer: influencer!.address,
    token: usdcAddress,
    now,
    amounts: Array.from({ length: milestones }, () => USDC(1_000)),
    ...extra,
  });
}

/** Creates a deal with an exact approval (as USDC decrements allowances), returns the createDeal gas. */
async function create(t: DealTerms): Promise<bigint> {
  await usdc.connect(brand).approve(escrowAddress, totalOf(t));
  return gasOf(escrow.connect(brand).createDeal(t, criteria));
}

async function signPermit(spender: string, value: bigint, deadline: bigint) {
  const { chainId } = await ethers.provider.getNetwork();
  const nonce = await usdc.nonces(brand!.address);
  const signature = await brand!.signTypedData(
    { name: await usdc.name(), version: "1", chainId, verifyingContract: usdcAddress },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: brand!.address, spender, value, nonce, deadline },
  );
  return Signature.from(signature);
}

// Balances and the escrow's own token balance are non-zero before measuring, as on a live deployment.
await usdc.mint(brand.address, USDC(10_000_000));
await usdc.mint(influencer.address, USDC(1_000));
await usdc.mint(payee.address, USDC(1));
await usdc.mint(escrowAddress, 1n);
// One full deal first, so that the protocol-fee pot of the token is non-zero (its usual state between withdrawals).
{
  const warm = await terms(1);
  await create(warm);
  await escrow.connect(influencer).acceptDeal(warm);
  await escrow.connect(brand).approveMilestone(warm, 0);
}

// Offer and fund.
const createOne = await create(await terms(1));
const createTwo = await create(await terms(2));
const createEight = await create(await terms(8));
const perExtraMilestone = createTwo - createOne;
const perExtraMilestoneAvg = (createEight - createOne) / 7n;

const permitTerms = await terms(1);
const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
const sig = await signPermit(escrowAddress, totalOf(permitTerms), deadline);
const createPermit = await gasOf(
  escrow.connect(brand).createDealWithPermit(permitTerms, criteria, deadline, sig.v, sig.r, sig.s),
);
// The token's own permit cost: the same permit submitted on its own (execution gas, without the 21,000 base).
const soloSig = await signPermit(other.address, USDC(1), deadline);
const soloPermit = await gasOf(
  usdc.connect(other).permit(brand.address, other.address, USDC(1), deadline, soloSig.v, soloSig.r, soloSig.s),
);
const permitCost = soloPermit - 21_000n;

// Accept, submit, approve, claim on a one-milestone deal.
const t = await terms(1);
await create(t);
const accept = await gasOf(escrow.connect(influencer).acceptDeal(t));
const submit = await gasOf(
  escrow
    .connect(influencer)
    .submitDeliverable(t, 0, "0x" + "ab".repeat(32), "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"),
);
const approve = await gasOf(escrow.connect(brand).approveMilestone(t, 0));
const claim = await gasOf(escrow.connect(influencer).claim(dealKeyOf(t), payee.address));
// The bare transfer the claim performs: the same amount from an account holding more, to the same recipient.
await usdc.mint(other.address, USDC(2_000));
const bareTransfer = await gasOf(usdc.connect(other).transfer(payee.address, USDC(990)));
const bareTransferNew = await gasOf(usdc.connect(other).transfer(ethers.Wallet.createRandom().address, USDC(990)));

// Mint a rights certificate: a one-milestone deal with rights, submitted and approved, minted by a keeper for the
// brand (its first certificate, then a second one for the same brand).
async function mintAfterCompletion(rights: RightsTerms): Promise<bigint> {
  const now = BigInt(await networkHelpers.time.latest());
  const deal = buildTerms({
    brand: brand!.address,
    influencer: influencer!.address,
    token: usdcAddress,
    now,
    rights: { terms: rights, price: USDC(500) },
  });
  await create(deal);
  await escrow.connect(influencer).acceptDeal(deal);
  const contentHash = "0x" + "cd".repeat(32);
  await escrow.connect(influencer).submitDeliverable(deal, 0, contentHash, "ipfs://reel");
  await escrow.connect(brand).approveMilestone(deal, 0);
  return gasOf(certificate.connect(other).mint(deal, rights, [contentHash]));
}
const typicalRights = buildRights({
  scope: RightsScope.OrganicRepost | RightsScope.PaidAds | RightsScope.Website,
  duration: 365 * 86_400,
  territories: ["FR", "BE"],
  exclusive: true,
  document: "licence text",
});
const mintFirst = await mintAfterCompletion(typicalRights);
const mintSecond = await mintAfterCompletion(typicalRights);
const mintMinimal = await mintAfterCompletion(buildRights({ scope: RightsScope.All }));

// Exclusivity and holdback (last: they move the clock). The influencer's first exclusivity on the topic, with a 20 %
// holdback until 90 days from now; a deal of another topic first, so that the registry and the vault are warm as on a
// live deployment.
async function exclusiveTerms(topic: number, holdbackBps = 2_000): Promise<DealTerms> {
  const now = BigInt(await networkHelpers.time.latest());
  return terms(1, {
    topic,
    exclusivity: { until: now + 90n * 86_400n },
    holdback: holdbackBps === 0 ? undefined : { bps: holdbackBps, breachCriteria: DEFAULT_BREACH_CRITERIA },
  });
}
const vault = (await ethers.getContractAt("HoldbackVault", await escrow.holdbackVault())) as unknown as HoldbackVault;
{
  const warmExclusive = await exclusiveTerms(9);
  await create(warmExclusive);
  await escrow.connect(influencer).acceptDeal(warmExclusive);
}
const exclusive = await exclusiveTerms(1);
const createExclusive = await create(exclusive);
const acceptExclusive = await gasOf(escrow.connect(influencer).acceptDeal(exclusive));
await escrow.connect(influencer).submitDeliverable(exclusive, 0, "0x" + "ab".repeat(32), "ipfs://reel");
const approveWithHoldback = await gasOf(escrow.connect(brand).approveMilestone(exclusive, 0));
// A second exclusivity of the same brand on the same topic: acceptance walks one live entry.
const second = await exclusiveTerms(1, 0);
await create(second);
const acceptExclusiveSecond = await gasOf(escrow.connect(influencer).acceptDeal(second));
await networkHelpers.time.increaseTo(exclusive.exclusiveUntil + 1n);
const releaseHoldback = await gasOf(vault.connect(other).release(holdbackContextOf(exclusive)));
const claimHoldback = await gasOf(vault.connect(influencer).claim(holdbackContextOf(exclusive), payee.address));

const fmt = (n: bigint): string => n.toLocaleString("en-US");

interface Row {
  step: string;
  gas: bigint;
  /** No target: the figure is reported only. */
  target?: bigint;
  note: string;
}
const rows: Row[] = [
  { step: "create + fund one milestone, approve path", gas: createOne, target: 150_000n, note: "" },
  {
    step: "create + fund one milestone, permit path",
    gas: createPermit,
    target: 150_000n + permitCost,
    note: `target = 150,000 + the token's permit cost (${permitCost.toLocaleString("en-US")}: a standalone permit tx less 21,000)`,
  },
  { step: "accept", gas: accept, target: 60_000n, note: "" },
  {
    step: "accept with exclusivity",
    gas: acceptExclusive,
    target: accept + 30_000n,
    note: `target = accept + 30,000; the influencer's first exclusivity on the topic (a second one: ${fmt(acceptExclusiveSecond)})`,
  },
  { step: "submit a deliverable", gas: submit, target: 60_000n, note: "ipfs:// CIDv1 content URI, 32-byte hash" },
  {
    step: "approve a milestone until its payout is the influencer's (credited)",
    gas: approve,
    target: 64_000n,
    note: "credited to the influencer; 1 % protocol fee added to the token's non-zero fee pot",
  },
  {
    step: "claim",
    gas: claim,
    target: bareTransfer + 15_000n,
    note: `target = the bare transfer of the same amount to the same recipient (${bareTransfer.toLocaleString("en-US")}) + 15,000`,
  },
  { step: "each extra milestone at creation (2nd)", gas: perExtraMilestone, target: 25_000n, note: "create(2) - create(1)" },
  {
    step: "each extra milestone at creation (average of 2nd..8th)",
    gas: perExtraMilestoneAvg,
    target: 25_000n,
    note: "(create(8) - create(1)) / 7",
  },
  {
    step: "release a holdback",
    gas: releaseHoldback,
    note: "no target in the issue; anyone's call after the window, with nothing claimed against it",
  },
  {
    step: "mint a rights certificate",
    gas: mintFirst,
    note:
      "no target in the issue; the brand's first certificate, minted by a keeper: scope of 3 uses, 2 territories, " +
      "1 year, exclusive, licence text hash, 1 milestone",
  },
];

const table = [
  "| step | gas | target | met | note |",
  "| --- | ---: | ---: | :---: | --- |",
  ...rows.map((r) =>
    r.target === undefined
      ? `| ${r.step} | ${fmt(r.gas)} | none | n/a | ${r.note} |`
      : `| ${r.step} | ${fmt(r.gas)} | <= ${fmt(r.target)} | ${r.gas <= r.target ? "yes" : "**no**"} | ${r.note} |`,
  ),
].join("\n");

const markdown = `## DealEscrow gas per step

Measured as the \`gasUsed\` of each transaction on Hardhat's in-process network (EDR, Prague rules), with the
USDC-like token (\`MockUSDC\`: 6 decimals, EIP-2612 permit, blacklist and pause checks on every transfer), the
escrow compiled by solc 0.8.30 through IR with the optimizer at 200 runs. Accounts already hold the token and the brand approves the exact deal total
before creating (as USDC decrements allowances). The deal uses the default five-question criteria table.

${table}

Anchor: Kleros Escrow v2 measured on the same EVM: create + fund 178,823, release 64,379.

Other figures: bare token transfer to an account that holds none of the token yet: ${fmt(bareTransferNew)};
create + fund with eight milestones: ${fmt(createEight)}; mint a rights certificate for a brand that already holds
one: ${fmt(mintSecond)}; mint a worldwide, perpetual, non-exclusive licence without a licence text hash (the brand's
third certificate): ${fmt(mintMinimal)}; create + fund with an exclusivity and a 20 % holdback: ${fmt(createExclusive)}
(it records the exclusivity and opens the holdback, so that acceptance only rewrites words); approve a milestone
whose payout sends its holdback share to the vault: ${fmt(approveWithHoldback)}; the influencer claims a released
holdback: ${fmt(claimHoldback)}.
`;

// BENCH_OUT writes elsewhere (the test run uses a scratch file); BENCH_STRICT fails when a target is missed.
const out = process.env.BENCH_OUT ?? "docs/benchmarks.md";
writeSection(out, "escrow", markdown);
console.log(table);
console.log(`\nwritten to ${out}`);
const missed = rows.filter((r) => r.target !== undefined && r.gas > r.target);
if (missed.length > 0) {
  console.log(`\n${missed.length} step(s) above target: ${missed.map((r) => r.step).join("; ")}`);
  if (process.env.BENCH_STRICT) process.exitCode = 1;
}
