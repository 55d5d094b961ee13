// A deal with an exclusivity, a holdback and content rights, from offer to the rights certificate, against the
// locally deployed stack: the brand buys a one-year licence with the reel and a 30-day beauty exclusivity with 20 %
// of the payout held back; a rival brand's overlapping offer is warned about and refused at acceptance; the deal
// completes, a keeper mints the certificate for the brand; after the window anyone releases the holdback and the
// influencer withdraws everything. Writes the deal id to demo-output/rights-deal.json for the proof step
// (scripts/rightsProof.ts).
// Run by scripts/demo.ts: `hardhat run scripts/demoRights.ts --network localhost` (reads the Ignition addresses).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { network } from "hardhat";
import { sha256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import { buildRights, durationText, RightsScope, scopeText, territoriesText } from "./lib/rights.ts";
import { describeError } from "./lib/errors.ts";
import { buildTerms, DEFAULT_BREACH_CRITERIA, DEFAULT_CRITERIA, dealKeyOf, holdbackContextOf, Topic, totalOf } from "./lib/terms.ts";
import type { DealEscrow, ExclusivityRegistry, HoldbackVault, MockUSDC, RightsCertificate } from "../types/ethers-contracts/index.ts";

const deploymentId = process.env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
const addressesFile = resolve("ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
const need = (name: string): string => {
  const address = addresses[`LocalIspera#${name}`];
  if (!address) throw new Error(`demoRights: ${name} missing from ${addressesFile}`);
  return address;
};

const { ethers, networkHelpers } = await network.create();
const signers = await ethers.getSigners();
const [, brand, influencer, , keeper] = signers;
const rival = signers[13]; // a competing beauty brand (accounts 5..12 are the dispute's mediators)
if (!brand || !influencer || !keeper || !rival) throw new Error("demoRights: not enough accounts");
const escrow = (await ethers.getContractAt("DealEscrow", need("DealEscrow"))) as unknown as DealEscrow;
const usdc = (await ethers.getContractAt("MockUSDC", need("MockUSDC"))) as unknown as MockUSDC;
const certificate = (await ethers.getContractAt("RightsCertificate", need("RightsCertificate"))) as unknown as RightsCertificate;
const registry = (await ethers.getContractAt("ExclusivityRegistry", await escrow.exclusivityRegistry())) as unknown as ExclusivityRegistry;
const vault = (await ethers.getContractAt("HoldbackVault", await escrow.holdbackVault())) as unknown as HoldbackVault;
const usdcText = (amount: bigint): string => `${(Number(amount) / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2 })} USDC`;
const day = (t: bigint): string => new Date(Number(t) * 1000).toISOString().slice(0, 10);

let stepNo = 0;
async function step(what: string, tx: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await tx).wait();
  stepNo += 1;
  console.log(`  ${String(stepNo).padStart(2)}. ${what.padEnd(66)} gas ${receipt?.gasUsed.toLocaleString("en-US")}`);
}

// The licence is negotiated with the deal: its terms stay off-chain, the deal's terms bind their hash.
const licenceText =
  "Maison Lumière may repost the reel and its stills on its own channels, run them as paid ads from the creator's " +
  "handle and show them on its website, in France and Belgium, exclusively, for one year from completion.";
const rights = buildRights({
  scope: RightsScope.OrganicRepost | RightsScope.PaidAds | RightsScope.Website,
  duration: 365 * 86_400,
  territories: ["FR", "BE"],
  exclusive: true,
  document: licenceText,
});
const price = 300n * 10n ** 6n;
const start = BigInt(await networkHelpers.time.latest());
const exclusivity = { topic: Topic.Beauty, from: start, until: start + 30n * 86_400n };
const terms = buildTerms({
  brand: brand.address,
  influencer: influencer.address,
  token: await usdc.getAddress(),
  now: BigInt(await networkHelpers.time.latest()),
  amounts: [700n * 10n ** 6n],
  protocolFeeBps: Number(await escrow.protocolFeeBps()),
  language: "fr",
  topic: Topic.Beauty,
  briefHash: sha256(toUtf8Bytes("Maison Lumière — reel with usage rights")),
  rights: { terms: rights, price },
  exclusivity,
  holdback: { bps: 2_000, breachCriteria: DEFAULT_BREACH_CRITERIA },
});
const dealId = await escrow.dealId(terms);
console.log(`  licence: ${scopeText(rights.scope)}`);
console.log(`           ${territoriesText(rights.territories)}, ${rights.exclusive ? "exclusive" : "non-exclusive"}, ${durationText(rights.duration)}`);
console.log(`  exclusivity: beauty, ${day(exclusivity.from)} to ${day(exclusivity.until)}; 20 % of the payout held back until then\n`);

await step("faucet: the brand gets 1,000 USDC", usdc.mint(brand.address, 1_000n * 10n ** 6n));
await step("brand approves the escrow for the deal's total", usdc.connect(brand).approve(await escrow.getAddress(), totalOf(terms)));
const clash = await registry.conflictOf(influencer.address, brand.address, exclusivity.topic, exclusivity.from, exclusivity.until);
console.log(`      before offering: conflicting exclusivity = ${clash === ethers.ZeroHash ? "none" : clash}`);
await step("brand offers 700 USDC + 300 USDC rights, with the exclusivity", escrow.connect(brand).createDeal(terms, [...DEFAULT_CRITERIA]));
console.log(`      deal ${dealId}`);
await step("influencer accepts the exact terms: licence, exclusivity, holdback", escrow.connect(influencer).acceptDeal(terms));
console.log(`      exclusivity in force: ${await registry.isInForce(dealId)}`);

// A rival brand offers an overlapping beauty exclusivity: warned before, refused at acceptance.
const rivalTerms = buildTerms({
  brand: rival.address,
  influencer: influencer.address,
  token: await usdc.getAddress(),
  now: BigInt(await networkHelpers.time.latest()),
  amounts: [400n * 10n ** 6n],
  protocolFeeBps: Number(await escrow.protocolFeeBps()),
  topic: Topic.Beauty,
  exclusivity: { topic: Topic.Beauty, until: start + 60n * 86_400n },
});
const warned = await registry.conflictOf(influencer.address, rival.address, Topic.Beauty, rivalTerms.exclusiveFrom, rivalTerms.exclusiveUntil);
console.log(`      rival brand checks first: its offer would conflict with deal ${warned.slice(0, 10)}…`);
await step("faucet: the rival brand gets 400 USDC", usdc.mint(rival.address, 400n * 10n ** 6n));
await step("rival approves the escrow", usdc.connect(rival).approve(await escrow.getAddress(), totalOf(rivalTerms)));
await step("rival offers anyway (an offer binds nothing)", escrow.connect(rival).createDeal(rivalTerms, [...DEFAULT_CRITERIA]));
try {
  await escrow.connect(influencer).acceptDeal.staticCall(rivalTerms);
  throw new Error("demoRights: the rival's overlapping exclusivity was accepted");
} catch (error) {
  console.log(`      influencer tries to accept it: refused: ${describeError(error, [registry.interface, escrow.interface])}`);
}
await step("influencer declines the rival's offer (its money back)", escrow.connect(influencer).declineDeal(rivalTerms));
const reel = { post: "https://www.instagram.com/reel/demo-lumiere-rights", capturedAt: new Date().toISOString() };
const contentHash = sha256(toUtf8Bytes(JSON.stringify(reel)));
await step("influencer submits the reel (link + content hash)", escrow.connect(influencer).submitDeliverable(terms, 0, contentHash, reel.post));
await step("brand approves: the deal completes, the rights are bought", escrow.connect(brand).approveMilestone(terms, 0));
const context = holdbackContextOf(terms);
const held = (await vault.getHoldback(dealId)).held;
console.log(`      escrow: rights bought = ${await escrow.rightsBought(dealId)}; influencer credited ${usdcText((await escrow.getDeal(dealId)).influencerCredit)}`);
console.log(`      held back in the vault until ${day(exclusivity.until)}: ${usdcText(held)}`);
await step("a keeper mints the rights certificate for the brand", certificate.connect(keeper).mint(terms, rights, [contentHash]));
console.log(`      certificate ${BigInt(dealId)} held by ${await certificate.ownerOf(dealId)}`);
console.log(`      valid: ${await certificate.isValid(dealId)}, expires ${new Date(Number(await certificate.expiresAt(dealId)) * 1000).toISOString()}`);

mkdirSync("demo-output", { recursive: true });
writeFileSync(
  resolve("demo-output", "rights-deal.json"),
  `${JSON.stringify({ dealId, certificate: await certificate.getAddress(), escrow: await escrow.getAddress() }, null, 2)}\n`,
);

// After the window (the local chain's clock is moved 31 days): anyone releases the holdback, the influencer withdraws.
await networkHelpers.time.increaseTo(exclusivity.until + 86_400n);
console.log(`\n      (local chain clock moved to ${day(exclusivity.until + 86_400n)}: the exclusivity ended without a breach claim)`);
await step("a keeper releases the holdback to the influencer", vault.connect(keeper).release(context));
const before = await usdc.balanceOf(influencer.address);
await step("influencer withdraws the deal's payout", escrow.connect(influencer).claim(dealKeyOf(terms), influencer.address));
await step("influencer withdraws the released holdback", vault.connect(influencer).claim(context, influencer.address));
console.log(`      influencer received ${usdcText((await usdc.balanceOf(influencer.address)) - before)} in all (reel + rights, less the 1 % fee)`);
