// Gas benchmark of the mediator court (issue 3 targets) on Hardhat's in-process network.
// Pools of 10 / 1,000 / 10,000 / 100,000 mediators are seeded through MediatorCourtBenchHarness (bench only),
// then real disputes are raised through DealEscrow and each step's gasUsed is read from its receipt.
// Writes its section of docs/benchmarks.md (or BENCH_OUT); BENCH_COURT_SIZES=10,1000 limits the pool sizes;
// BENCH_STRICT=1 exits non-zero when a target is missed. Not a test: nothing is timed.
import { network } from "hardhat";
import { AbiCoder, keccak256, type ContractTransactionResponse } from "ethers";
import { writeSection } from "./lib/benchDoc.ts";
import { buildTerms, DEFAULT_CRITERIA, dealKeyOf, languageCode, totalOf } from "./lib/terms.ts";
import { escrowLibraries } from "./lib/escrowLibraries.ts";

const { ethers, networkHelpers } = await network.create("bench");
const [owner, brand, influencer, newcomer] = await ethers.getSigners();
if (!owner || !brand || !influencer || !newcomer) throw new Error("benchCourt: not enough signers");
const sizes = (process.env.BENCH_COURT_SIZES ?? "10,1000,10000,100000").split(",").map(Number);
const USDC = (n: number | bigint): bigint => BigInt(n) * 10n ** 6n;
const DAY = 86_400;
const fr = languageCode("fr");
const criteria = [...DEFAULT_CRITERIA];
const coder = AbiCoder.defaultAbiCoder();

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("benchCourt: no receipt");
  return receipt.gasUsed;
}

// --- deployment (same wiring as ignition/modules/LocalIspera.ts, with the bench harness as the court) ---
const usdc = await ethers.deployContract("MockUSDC", [owner.address]);
const vrf = await ethers.deployContract("VRFCoordinatorV2_5Mock", [10n ** 17n, 10n ** 9n, 4n * 10n ** 15n]);
const subReceipt = await (await vrf.createSubscription()).wait();
const subId = vrf.interface.parseLog(subReceipt!.logs[0]!)!.args[0] as bigint;
await vrf.fundSubscription(subId, 10n ** 24n);
const randomness = await ethers.deployContract("ChainlinkRandomness", [
  await vrf.getAddress(),
  "0x" + "11".repeat(32),
  subId,
  3,
  200_000,
  false,
]);
await vrf.addConsumer(subId, await randomness.getAddress());
const logic = await ethers.deployContract("CourtLogic");
const poolLogic = await ethers.deployContract("PoolLogic");
const params = {
  feePerMediator: USDC(10),
  minStake: USDC(100),
  alphaBps: 5_000,
  firstRoundMediators: 3,
  maxRounds: 4,
  commitPeriod: 2 * DAY,
  revealPeriod: 2 * DAY,
  appealPeriod: 3 * DAY,
  randomnessTimeout: 3_600,
};
const Harness = await ethers.getContractFactory("MediatorCourtBenchHarness", {
  libraries: { CourtLogic: await logic.getAddress(), PoolLogic: await poolLogic.getAddress() },
});
const court = await Harness.deploy(
  await usdc.getAddress(),
  await usdc.getAddress(),
  10n ** 6n,
  await randomness.getAddress(),
  owner.address,
  params,
  7 * DAY,
);
await randomness.setConsumer(await court.getAddress());
const escrow = await ethers.deployContract("DealEscrow", [await court.getAddress(), owner.address, owner.address, 100], {
  libraries: await escrowLibraries(ethers),
});
await escrow.setTokenAllowed(await usdc.getAddress(), true);
for (const party of [brand, influencer]) {
  await usdc.mint(party.address, USDC(10_000_000));
  await usdc.connect(party).approve(await escrow.getAddress(), ethers.MaxUint256);
}

// --- seed pools: topic t holds sizes[t - 1] mediators ---
const SEED_BATCH = 80;
let seeded = 0;
for (const [i, size] of sizes.entries()) {
  const topic = i + 1;
  for (let done = 0; done < size; done += SEED_BATCH) {
    const count = Math.min(SEED_BATCH, size - done);
    await (await court.seedPool(fr, topic, seeded + done, count, USDC(500), { gasLimit: 16_000_000n })).wait();
  }
  seeded += size;
  console.log(`seeded ${size} mediators in (fr, topic ${topic})`);
}

async function openDispute(topic: number): Promise<{ disputeId: bigint; terms: ReturnType<typeof buildTerms> }> {
  const terms = buildTerms({
    brand: brand!.address,
    influencer: influencer!.address,
    token: await usdc.getAddress(),
    now: BigInt(await networkHelpers.time.latest()),
    topic,
  });
  await escrow.connect(brand).createDeal(terms, criteria);
  await escrow.connect(influencer).acceptDeal(terms);
  await escrow.connect(influencer).submitDeliverable(terms, 0, "0x" + "ab".repeat(32), "ipfs://deliverable");
  await escrow.connect(brand).payArbitrationFee(terms, criteria, 0);
  await escrow.connect(influencer).payArbitrationFee(terms, criteria, 0);
  const disputeId = (await court.disputeCount()) - 1n;
  const round = await court.getRound(disputeId, 0);
  await vrf.fulfillRandomWords(round.randomnessRequestId, await randomness.getAddress());
  return { disputeId, terms };
}

// --- draw cost by pool size ---
const drawRows: { size: number; first: bigint; next: bigint }[] = [];
for (const [i, size] of sizes.entries()) {
  const { disputeId } = await openDispute(i + 1);
  const first = await gasOf(court.draw(disputeId, 1));
  const next = await gasOf(court.draw(disputeId, 1));
  drawRows.push({ size, first, next });
  // The last seat ends the drawing, which lifts the freeze of the French pools (stake changes wait for it).
  await (await court.draw(disputeId, 1)).wait();
}

// --- a new mediator's stake at the 10,000 pool (or the largest seeded below it) ---
const stakePool = sizes.indexOf(10_000) >= 0 ? sizes.indexOf(10_000) + 1 : sizes.length;
await usdc.mint(newcomer.address, USDC(1_000));
await usdc.connect(newcomer).approve(await court.getAddress(), ethers.MaxUint256);
const stakeGas = await gasOf(court.connect(newcomer).stake(USDC(500)));
const joinGas = await gasOf(court.connect(newcomer).joinPool(fr, stakePool));

// --- a whole dispute with 3 mediators, from raising to the last payout claimed ---
async function signerFor(address: string) {
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, 10n ** 20n);
  return ethers.getSigner(address);
}
const whole: Record<string, bigint> = {};
const add = (step: string, gas: bigint): void => {
  whole[step] = (whole[step] ?? 0n) + gas;
};
{
  const terms = buildTerms({
    brand: brand.address,
    influencer: influencer.address,
    token: await usdc.getAddress(),
    now: BigInt(await networkHelpers.time.latest()),
    topic: stakePool,
  });
  await escrow.connect(brand).createDeal(terms, criteria);
  await escrow.connect(influencer).acceptDeal(terms);
  await escrow.connect(influencer).submitDeliverable(terms, 0, "0x" + "ab".repeat(32), "ipfs://deliverable");
  add("escrow: brand raises the dispute (pays the fee)", await gasOf(escrow.connect(brand).payArbitrationFee(terms, criteria, 0)));
  add(
    "escrow: influencer pays the fee (dispute created, randomness requested)",
    await gasOf(escrow.connect(influencer).payArbitrationFee(terms, criteria, 0)),
  );
  const disputeId = (await court.disputeCount()) - 1n;
  const requestId = (await court.getRound(disputeId, 0)).randomnessRequestId;
  add("VRF callback (paid by the VRF service)", await gasOf(vrf.fulfillRandomWords(requestId, await randomness.getAddress())));
  add("draw 3 mediators (one call; the last seat opens the commit period)", await gasOf(court.draw(disputeId, 3)));
  const votes = new Map<string, bigint[]>();
  for (let v = 0n; v < 3n; v++) {
    const mediator = (await court.getVote(disputeId, 0, v)).mediator;
    votes.set(mediator, [...(votes.get(mediator) ?? []), v]);
  }
  const answers = [0, 0, 0, 0, 0];
  const salt = "0x" + "5a".repeat(32);
  let commitGas = 0n;
  let revealGas = 0n;
  let lastRevealGas = 0n;
  for (const [mediator, ids] of votes) {
    const commitment = keccak256(
      coder.encode(
        ["address", "uint256", "uint256", "address", "uint8[]", "bytes32"],
        [await court.getAddress(), disputeId, 0, mediator, answers, salt],
      ),
    );
    const g = await gasOf(court.connect(await signerFor(mediator)).commit(disputeId, ids, commitment));
    commitGas = commitGas === 0n ? g : commitGas;
    add("commits (the last opens the reveal period)", g);
  }
  for (const [mediator, ids] of votes) {
    const g = await gasOf(court.connect(await signerFor(mediator)).reveal(disputeId, ids, answers, salt));
    revealGas = revealGas === 0n ? g : revealGas;
    lastRevealGas = g;
    add("reveals (the last rules the round and opens the appeal period)", g);
  }
  await networkHelpers.time.increase(3 * DAY + 1);
  add(
    "after the appeal period: the ruling made final and delivered to the escrow, penalties and rewards settled and sent (one call)",
    await gasOf(court.executeRound(disputeId, 0, 6)),
  );
  add("influencer claims from the escrow", await gasOf(escrow.connect(influencer).claim(dealKeyOf(terms), influencer.address)));
  const brandCredit = (await escrow.getDeal(await escrow.dealId(terms))).brandCredit;
  if (brandCredit > 0n) add("brand claims from the escrow", await gasOf(escrow.connect(brand).claim(dealKeyOf(terms), brand.address)));
  whole["(first commit)"] = commitGas;
  whole["(first reveal)"] = revealGas;
  whole["(last reveal)"] = lastRevealGas;
  void totalOf;
}

const fmt = (n: bigint | number): string => n.toLocaleString("en-US");
const row10 = drawRows.find((r) => r.size === 10);
const rowMax = drawRows[drawRows.length - 1];
const row10k = drawRows.find((r) => r.size === 10_000);
const growth = row10 && rowMax ? (Number(rowMax.first - row10.first) * 100) / Number(row10.first) : 0;
const wholeTotal = Object.entries(whole)
  .filter(([k]) => !k.startsWith("("))
  .reduce((sum, [, g]) => sum + g, 0n);

interface Target {
  step: string;
  gas: bigint | number;
  target: string;
  met: boolean;
  anchor: string;
}
const targets: Target[] = [
  {
    step: "draw one mediator at 10,000 staked mediators",
    gas: row10k?.first ?? 0n,
    target: "<= 80,000",
    met: row10k !== undefined && row10k.first <= 80_000n,
    anchor: "Kleros v2 ~235,000",
  },
  {
    step: `draw cost growth from 10 to ${fmt(rowMax?.size ?? 0)} mediators`,
    gas: Math.round(growth),
    target: "<= 60 %",
    met: growth <= 60,
    anchor: "",
  },
  { step: "commit", gas: whole["(first commit)"] ?? 0n, target: "<= 60,000", met: (whole["(first commit)"] ?? 0n) <= 60_000n, anchor: "Kleros v2 94,923" },
  { step: "reveal (first of the round)", gas: whole["(first reveal)"] ?? 0n, target: "<= 90,000", met: (whole["(first reveal)"] ?? 0n) <= 90_000n, anchor: "Kleros v2 146,453" },
  {
    step: "reveal (the last of the round, which also rules it and opens the appeal period)",
    gas: whole["(last reveal)"] ?? 0n,
    target: "<= 90,000",
    met: (whole["(last reveal)"] ?? 0n) <= 90_000n,
    anchor: "Kleros v2 146,453 + passPeriod",
  },
  {
    step: "a new mediator's stake at 10,000 stakers (stake + join a pool)",
    gas: stakeGas + joinGas,
    target: "<= 150,000",
    met: stakeGas + joinGas <= 150_000n,
    anchor: "Kleros v2 277,382",
  },
  { step: "whole dispute with 3 mediators", gas: wholeTotal, target: "<= 1,200,000", met: wholeTotal <= 1_200_000n, anchor: "Kleros v2 ~2,400,000" },
];

const markdown = `## Mediator court

Pools are seeded with MediatorCourtBenchHarness (the court plus a
seeding function, bench only); every measured step is the real court code. Criteria: the default five questions.

### Targets

| step | gas | target | met | anchor |
| --- | ---: | ---: | :---: | --- |
${targets.map((t) => `| ${t.step} | ${typeof t.gas === "number" ? `${t.gas} %` : fmt(t.gas)} | ${t.target} | ${t.met ? "yes" : "**no**"} | ${t.anchor} |`).join("\n")}

### Draw cost by pool size

| staked mediators in the pool | draw the first mediator of a round | draw the next one |
| ---: | ---: | ---: |
${drawRows.map((r) => `| ${fmt(r.size)} | ${fmt(r.first)} | ${fmt(r.next)} |`).join("\n")}

The first draw of a round also reads the random word and chooses the pool.

### A new mediator

| step | gas |
| --- | ---: |
| stake 500 USDC | ${fmt(stakeGas)} |
| join a pool of ${fmt(sizes[stakePool - 1] ?? 0)} (topic tree and language tree) | ${fmt(joinGas)} |

### The whole dispute with 3 mediators

| step | gas |
| --- | ---: |
${Object.entries(whole)
  .filter(([k]) => !k.startsWith("("))
  .map(([k, g]) => `| ${k} | ${fmt(g)} |`)
  .join("\n")}
| **total** | **${fmt(wholeTotal)}** |
`;

const out = process.env.BENCH_OUT ?? "docs/benchmarks.md";
writeSection(out, "court", markdown);
console.log(markdown);
if (process.env.BENCH_STRICT && targets.some((t) => !t.met)) process.exitCode = 1;
