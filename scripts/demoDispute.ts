// A dispute from raising to payout against the locally deployed stack, printed step by step: mediators stake in
// the (fr, beauty) pool, a brand disputes a deliverable, Chainlink VRF (the local coordinator mock) draws three
// mediators, they commit and reveal their answers to the brief's questions, and the escrow executes the ruling.
// Run by scripts/demo.ts: `hardhat run scripts/demoDispute.ts --network localhost`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { network } from "hardhat";
import { sha256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import { saltFromSignature, voteCommitment, voteSaltMessage } from "./lib/court.ts";
import { BPS, buildTerms, DEFAULT_CRITERIA, dealKeyOf, languageCode, Topic } from "./lib/terms.ts";
import type { DealEscrow, MediatorCourt, MockUSDC } from "../types/ethers-contracts/index.ts";

const deploymentId = process.env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
const addressesFile = resolve("ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
const need = (name: string): string => {
  const address = addresses[`LocalIspera#${name}`];
  if (!address) throw new Error(`demoDispute: ${name} missing from ${addressesFile}`);
  return address;
};

const { ethers, networkHelpers } = await network.create();
const signers = await ethers.getSigners();
const [, brand, influencer, , keeper] = signers;
const mediators = signers.slice(5, 13);
if (!brand || !influencer || !keeper || mediators.length < 8) throw new Error("demoDispute: not enough accounts");
const escrow = (await ethers.getContractAt("DealEscrow", need("DealEscrow"))) as unknown as DealEscrow;
const court = (await ethers.getContractAt("MediatorCourt", need("MediatorCourt"))) as unknown as MediatorCourt;
const usdc = (await ethers.getContractAt("MockUSDC", need("MockUSDC"))) as unknown as MockUSDC;
const vrf = await ethers.getContractAt("VRFCoordinatorV2_5Mock", need("VRFCoordinatorV2_5Mock"));
const randomness = need("ChainlinkRandomness");
const courtAddress = await court.getAddress();
const usdcAddress = await usdc.getAddress();
const { chainId } = await ethers.provider.getNetwork();

const usd = (units: bigint): string =>
  `${(Number(units) / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USDC`;
let stepNo = 0;
async function step(what: string, tx: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await tx).wait();
  stepNo += 1;
  console.log(`  ${String(stepNo).padStart(2)}. ${what.padEnd(66)} gas ${receipt?.gasUsed.toLocaleString("en-US")}`);
}
const short = (a: string): string => `${a.slice(0, 6)}…${a.slice(-4)}`;

const fr = languageCode("fr");
for (const m of mediators) {
  await usdc.mint(m.address, 1_000n * 10n ** 6n);
  await usdc.connect(m).approve(courtAddress, 2n ** 256n - 1n);
  await court.connect(m).stake(500n * 10n ** 6n);
  await court.connect(m).joinPool(fr, Topic.Beauty);
}
const [poolWeight, poolSize] = await court.poolTotal(fr, Topic.Beauty);
console.log(`  ${poolSize} mediators staked ${poolWeight.toLocaleString("en-US")} USDC in the (fr, beauty) pool\n`);

await usdc.mint(brand.address, 2_000n * 10n ** 6n);
await usdc.connect(brand).approve(await escrow.getAddress(), 2n ** 256n - 1n);
await usdc.mint(influencer.address, 100n * 10n ** 6n);
await usdc.connect(influencer).approve(await escrow.getAddress(), 2n ** 256n - 1n);
const criteria = [...DEFAULT_CRITERIA];
const terms = buildTerms({
  brand: brand.address,
  influencer: influencer.address,
  token: usdcAddress,
  now: BigInt(await networkHelpers.time.latest()),
  amounts: [800n * 10n ** 6n],
  protocolFeeBps: Number(await escrow.protocolFeeBps()),
  language: "fr",
  topic: Topic.Beauty,
  briefHash: sha256(toUtf8Bytes("Maison Lumière — serum reel, #publicité before the fold")),
});
const dealId = await escrow.dealId(terms);
await step("brand offers and funds 800 USDC", escrow.connect(brand).createDeal(terms, criteria));
await step("influencer accepts", escrow.connect(influencer).acceptDeal(terms));
await step(
  "influencer submits the reel",
  escrow.connect(influencer).submitDeliverable(terms, 0, sha256(toUtf8Bytes("reel v1")), "https://www.instagram.com/reel/demo-serum"),
);
await step("brand disputes it (pays the 30 USDC arbitration fee)", escrow.connect(brand).payArbitrationFee(terms, criteria, 0));
await step(
  "influencer answers (pays the fee): the court opens the dispute",
  escrow.connect(influencer).payArbitrationFee(terms, criteria, 0),
);
const disputeId = (await escrow.getArbitration(dealId, 0)).disputeId;
const requestId = (await court.getRound(disputeId, 0)).randomnessRequestId;
await step(`Chainlink VRF (local mock) answers request ${requestId}`, vrf.fulfillRandomWords(requestId, randomness));
await step("a keeper draws 3 mediators, weighted by stake (the commit period opens)", court.connect(keeper).draw(disputeId, 3));

// Each mediator answers the five questions; salts come from a wallet signature, nothing to remember.
const seats = new Map<string, bigint[]>();
for (let v = 0n; v < 3n; v++) {
  const mediator = (await court.getVote(disputeId, 0, v)).mediator;
  seats.set(mediator, [...(seats.get(mediator) ?? []), v]);
}
const answersByRank = [
  [0, 1, 0, 0, 0], // product shown, #publicité NOT visible before the fold, on time, right account, guidelines ok
  [0, 1, 0, 0, 1],
  [0, 0, 0, 0, 0],
];
const plans = [...seats.entries()].map(([mediator, ids], i) => ({ mediator, ids, answers: answersByRank[i % 3]! }));
for (const plan of plans) {
  const signer = await ethers.getSigner(plan.mediator);
  const salt = saltFromSignature(await signer.signMessage(voteSaltMessage(courtAddress, chainId, disputeId, 0n)));
  const commitment = voteCommitment(courtAddress, disputeId, 0n, plan.mediator, plan.answers, salt);
  await step(`mediator ${short(plan.mediator)} commits (${plan.ids.length} seat(s))`, court.connect(signer).commit(disputeId, plan.ids, commitment));
}
console.log("      everyone committed: the reveal period is open");
for (const plan of plans) {
  const signer = await ethers.getSigner(plan.mediator);
  const salt = saltFromSignature(await signer.signMessage(voteSaltMessage(courtAddress, chainId, disputeId, 0n)));
  await step(
    `mediator ${short(plan.mediator)} reveals [${plan.answers.join(", ")}]`,
    court.connect(signer).reveal(disputeId, plan.ids, plan.answers, salt),
  );
}
console.log("      the last reveal ruled the round; the appeal period is open");
const share = (await court.getDispute(disputeId)).shareBps;
console.log(`      consensus gives the influencer ${(Number(share) / 100).toFixed(2)} % (the #publicité question failed)`);
const appealDeadline = (await court.getDispute(disputeId)).deadline;
await networkHelpers.time.increaseTo(appealDeadline + 1n);
console.log("      ... nobody appeals");
const before = new Map<string, bigint>();
for (const plan of plans) before.set(plan.mediator, await usdc.balanceOf(plan.mediator));
await step(
  "a keeper executes: the ruling is final and paid out by the escrow, penalties and rewards are settled and sent",
  court.connect(keeper).executeRound(disputeId, 0, 6),
);
for (const plan of plans) {
  const received = (await usdc.balanceOf(plan.mediator)) - (before.get(plan.mediator) ?? 0n);
  console.log(`      mediator ${short(plan.mediator)} received ${usd(received)}`);
}

const deal = await escrow.getDeal(dealId);
console.log(`      escrow credits: influencer ${usd(deal.influencerCredit)}, brand ${usd(deal.brandCredit)}`);
await step("influencer claims", escrow.connect(influencer).claim(dealKeyOf(terms), influencer.address));
await step("brand claims", escrow.connect(brand).claim(dealKeyOf(terms), brand.address));
// A reward is credited instead of sent only when its transfer fails (e.g. a blacklisted address): claim it then.
for (const plan of plans) {
  const credited = await court.balanceOf(plan.mediator, usdcAddress);
  if (credited === 0n) continue;
  const signer = await ethers.getSigner(plan.mediator);
  await step(`mediator ${short(plan.mediator)} claims ${usd(credited)} credited`, court.connect(signer).claim(usdcAddress, plan.mediator));
}
console.log(`\n  influencer share ${Number(share)} / ${BPS} bps; escrow holds ${usd(await usdc.balanceOf(await escrow.getAddress()))}`);
