// A deal from offer to payout against the locally deployed stack, printed step by step.
// Run by scripts/demo.ts: `hardhat run scripts/demoDeal.ts --network localhost` (reads the Ignition addresses).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { network } from "hardhat";
import { Signature, keccak256, sha256, toUtf8Bytes, type ContractTransactionResponse } from "ethers";
import { buildTerms, DealStatus, DEFAULT_CRITERIA, dealKeyOf, Topic, totalOf } from "./lib/terms.ts";
import type { DealEscrow, MockUSDC } from "../types/ethers-contracts/index.ts";

const deploymentId = process.env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
const addressesFile = resolve("ignition", "deployments", deploymentId, "deployed_addresses.json");
const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
const need = (name: string): string => {
  const address = addresses[`LocalIspera#${name}`];
  if (!address) throw new Error(`demoDeal: ${name} missing from ${addressesFile}`);
  return address;
};

const { ethers, networkHelpers } = await network.create();
const [owner, brand, influencer, savings, keeper] = await ethers.getSigners();
if (!owner || !brand || !influencer || !savings || !keeper) throw new Error("demoDeal: not enough accounts");
const escrow = (await ethers.getContractAt("DealEscrow", need("DealEscrow"))) as unknown as DealEscrow;
const usdc = (await ethers.getContractAt("MockUSDC", need("MockUSDC"))) as unknown as MockUSDC;
const escrowAddress = await escrow.getAddress();

const usd = (units: bigint): string =>
  `${(Number(units) / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USDC`;
const statusName = (n: bigint): string =>
  Object.entries(DealStatus).find(([, v]) => BigInt(v) === n)?.[0] ?? String(n);
let stepNo = 0;
async function step(what: string, tx: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await tx).wait();
  stepNo += 1;
  console.log(`  ${String(stepNo).padStart(2)}. ${what.padEnd(62)} gas ${receipt?.gasUsed.toLocaleString("en-US")}`);
}

console.log(`  escrow ${escrowAddress}, token ${await usdc.getAddress()} (${await usdc.symbol()})`);
console.log(`  brand ${brand.address}, influencer ${influencer.address}\n`);

await step("faucet: the brand gets 5,000 USDC", usdc.mint(brand.address, 5_000n * 10n ** 6n));

// The brief lives off-chain; the chain keeps its hash. Questions are the brief's acceptance criteria.
const brief = {
  title: "Maison Lumière — spring lipstick launch",
  language: "fr",
  deliverables: ["1 Instagram reel (30-60 s) showing the product", "3 stories with swipe-up link"],
  questions: [
    "Le produit est-il montré et nommé ?",
    "La mention #publicité est-elle visible sans dérouler ?",
    "Publié à la date convenue ?",
    "Publié sur le compte convenu ?",
    "Les consignes de marque sont-elles respectées (oui / en partie / non) ?",
  ],
};
const terms = buildTerms({
  brand: brand.address,
  influencer: influencer.address,
  token: await usdc.getAddress(),
  now: BigInt(await networkHelpers.time.latest()),
  amounts: [600n * 10n ** 6n, 400n * 10n ** 6n],
  protocolFeeBps: Number(await escrow.protocolFeeBps()),
  language: "fr",
  topic: Topic.Beauty,
  briefHash: sha256(toUtf8Bytes(JSON.stringify(brief))),
});
const criteria = [...DEFAULT_CRITERIA];
const dealId = await escrow.dealId(terms);

// Offer and fund in one transaction, with an EIP-2612 permit (one signature, no approve transaction).
const { chainId } = await ethers.provider.getNetwork();
const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
const signature = Signature.from(
  await brand.signTypedData(
    { name: await usdc.name(), version: "1", chainId, verifyingContract: await usdc.getAddress() },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: brand.address, spender: escrowAddress, value: totalOf(terms), nonce: await usdc.nonces(brand.address), deadline },
  ),
);
await step(
  `brand offers and funds ${usd(totalOf(terms))} in 2 milestones (permit)`,
  escrow.connect(brand).createDealWithPermit(terms, criteria, deadline, signature.v, signature.r, signature.s),
);
console.log(`      deal ${dealId}`);
await step("influencer accepts the exact terms", escrow.connect(influencer).acceptDeal(terms));

const reel = { post: "https://www.instagram.com/reel/demo-lumiere-1", capturedAt: new Date().toISOString() };
await step(
  "influencer submits milestone 1 (reel link + content hash)",
  escrow.connect(influencer).submitDeliverable(terms, 0, sha256(toUtf8Bytes(JSON.stringify(reel))), reel.post),
);
await step(
  "brand asks for a revision (the #publicité mention is missing)",
  escrow.connect(brand).requestRevision(terms, 0, keccak256(toUtf8Bytes("Ajouter #publicité en début de légende"))),
);
const reelV2 = { ...reel, caption: "#publicité ..." };
await step(
  "influencer resubmits milestone 1",
  escrow.connect(influencer).submitDeliverable(terms, 0, sha256(toUtf8Bytes(JSON.stringify(reelV2))), reel.post),
);
await step("brand approves milestone 1: 600 USDC (less 1 % fee) credited", escrow.connect(brand).approveMilestone(terms, 0));

const stories = { post: "https://www.instagram.com/stories/demo-lumiere", frames: 3 };
await step(
  "influencer submits milestone 2 (stories)",
  escrow.connect(influencer).submitDeliverable(terms, 1, sha256(toUtf8Bytes(JSON.stringify(stories))), stories.post),
);
const review = (await escrow.getMilestone(dealId, 1)).deadline;
await networkHelpers.time.increaseTo(review + 1n);
console.log(`      ... the brand stays silent past the review deadline (${new Date(Number(review) * 1000).toISOString()})`);
await step("a keeper releases milestone 2 after the review window", escrow.connect(keeper).releaseAfterReview(terms, 1));

const deal = await escrow.getDeal(dealId);
console.log(`      deal status: ${statusName(deal.status)}, influencer credit ${usd(deal.influencerCredit)}`);
await step(
  "influencer claims the payout to a savings address",
  escrow.connect(influencer).claim(dealKeyOf(terms), savings.address),
);
const fees = await escrow.protocolFees(await usdc.getAddress());
await step(`fee recipient withdraws ${usd(fees)} of protocol fees`, escrow.connect(owner).withdrawProtocolFees(await usdc.getAddress(), owner.address));

console.log(`\n  savings address holds ${usd(await usdc.balanceOf(savings.address))}`);
console.log(`  escrow holds ${usd(await usdc.balanceOf(escrowAddress))} (nothing left behind)`);
