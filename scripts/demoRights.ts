// A deal that includes content rights, from offer to the rights certificate, against the locally deployed stack:
// the brand buys a one-year licence with the reel, the deal completes, a keeper mints the certificate for the brand.
// Writes the deal id to demo-output/rights-deal.json for the proof step (scripts/rightsProof.ts).
// Run by scripts/demo.ts: `hardhat run scripts/demoRights.ts --network localhost` (reads the Ignition addresses).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { network } from "hardhat";
import { sha256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import { buildRights, durationText, RightsScope, scopeText, territoriesText } from "./lib/rights.ts";
import { buildTerms, DEFAULT_CRITERIA, Topic, totalOf } from "./lib/terms.ts";
import type { DealEscrow, MockUSDC, RightsCertificate } from "../types/ethers-contracts/index.ts";

const deploymentId = process.env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
const addressesFile = resolve("ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
const need = (name: string): string => {
  const address = addresses[`LocalIspera#${name}`];
  if (!address) throw new Error(`demoRights: ${name} missing from ${addressesFile}`);
  return address;
};

const { ethers, networkHelpers } = await network.create();
const [, brand, influencer, , keeper] = await ethers.getSigners();
if (!brand || !influencer || !keeper) throw new Error("demoRights: not enough accounts");
const escrow = (await ethers.getContractAt("DealEscrow", need("DealEscrow"))) as unknown as DealEscrow;
const usdc = (await ethers.getContractAt("MockUSDC", need("MockUSDC"))) as unknown as MockUSDC;
const certificate = (await ethers.getContractAt("RightsCertificate", need("RightsCertificate"))) as unknown as RightsCertificate;

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
});
const dealId = await escrow.dealId(terms);
console.log(`  licence: ${scopeText(rights.scope)}`);
console.log(`           ${territoriesText(rights.territories)}, ${rights.exclusive ? "exclusive" : "non-exclusive"}, ${durationText(rights.duration)}\n`);

await step("faucet: the brand gets 1,000 USDC", usdc.mint(brand.address, 1_000n * 10n ** 6n));
await step("brand approves the escrow for the deal's total", usdc.connect(brand).approve(await escrow.getAddress(), totalOf(terms)));
await step("brand offers 700 USDC for the reel + 300 USDC for the rights", escrow.connect(brand).createDeal(terms, [...DEFAULT_CRITERIA]));
console.log(`      deal ${dealId}`);
await step("influencer accepts the exact terms, licence included", escrow.connect(influencer).acceptDeal(terms));
const reel = { post: "https://www.instagram.com/reel/demo-lumiere-rights", capturedAt: new Date().toISOString() };
const contentHash = sha256(toUtf8Bytes(JSON.stringify(reel)));
await step("influencer submits the reel (link + content hash)", escrow.connect(influencer).submitDeliverable(terms, 0, contentHash, reel.post));
await step("brand approves: the deal completes, the rights are bought", escrow.connect(brand).approveMilestone(terms, 0));
console.log(`      escrow: rights bought = ${await escrow.rightsBought(dealId)}`);
await step("a keeper mints the rights certificate for the brand", certificate.connect(keeper).mint(terms, rights, [contentHash]));
console.log(`      certificate ${BigInt(dealId)} held by ${await certificate.ownerOf(dealId)}`);
console.log(`      valid: ${await certificate.isValid(dealId)}, expires ${new Date(Number(await certificate.expiresAt(dealId)) * 1000).toISOString()}`);

mkdirSync("demo-output", { recursive: true });
writeFileSync(
  resolve("demo-output", "rights-deal.json"),
  `${JSON.stringify({ dealId, certificate: await certificate.getAddress(), escrow: await escrow.getAddress() }, null, 2)}\n`,
);
