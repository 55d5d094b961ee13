// The escrow's fixture: the escrow with the hand-driven test arbitrator (test/helpers/EscrowTestStack.ts), with
// named actors, a funded brand and helpers to offer, accept and submit. The court's integration tests use the
// full local stack of ignition/modules/LocalIspera.ts (test/helpers/courtFixture.ts).
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import EscrowTestStack from "./EscrowTestStack.js";
import { buildTerms, DEFAULT_CRITERIA, type DealTerms, type Question, type TermsInput } from "../../scripts/lib/terms.js";
import type { DealEscrow, MockUSDC, TestArbitrator } from "../../types/ethers-contracts/index.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

export const USDC = (n: number | bigint): bigint => BigInt(n) * 10n ** 6n;
export const ARBITRATION_COST = USDC(25);

export interface Fixture {
  escrow: DealEscrow;
  usdc: MockUSDC;
  arbitrator: TestArbitrator;
  deployer: HardhatEthersSigner;
  brand: HardhatEthersSigner;
  influencer: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  payee: HardhatEthersSigner;
  escrowAddress: string;
  usdcAddress: string;
}

export async function deployFixture(): Promise<Fixture> {
  const [deployer, brand, influencer, stranger, payee] = await ethers.getSigners();
  if (!deployer || !brand || !influencer || !stranger || !payee) throw new Error("not enough signers");
  const deployed = await connection.ignition.deploy(EscrowTestStack, {
    parameters: { EscrowTestStack: { protocolFeeBps: 100, arbitrationCost: ARBITRATION_COST } },
  });
  const escrow = deployed.escrow as unknown as DealEscrow;
  const usdc = deployed.usdc as unknown as MockUSDC;
  const arbitrator = deployed.arbitrator as unknown as TestArbitrator;
  const escrowAddress = await escrow.getAddress();
  for (const account of [brand, influencer]) {
    await usdc.mint(account.address, USDC(1_000_000));
    await usdc.connect(account).approve(escrowAddress, ethers.MaxUint256);
  }
  return {
    escrow,
    usdc,
    arbitrator,
    deployer,
    brand,
    influencer,
    stranger,
    payee,
    escrowAddress,
    usdcAddress: await usdc.getAddress(),
  };
}

export async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** Terms between the fixture's brand and influencer, in the fixture's USDC. */
export async function termsFor(f: Fixture, input: Partial<TermsInput> = {}): Promise<DealTerms> {
  return buildTerms({
    brand: f.brand.address,
    influencer: f.influencer.address,
    token: f.usdcAddress,
    now: await now(),
    ...input,
  });
}

/** Offers and funds a deal; returns its terms and id. */
export async function offer(
  f: Fixture,
  input: Partial<TermsInput> = {},
  criteria: readonly Question[] = input.criteria ?? DEFAULT_CRITERIA,
): Promise<{ terms: DealTerms; id: string }> {
  const terms = await termsFor(f, { ...input, criteria });
  await f.escrow.connect(f.brand).createDeal(terms, [...criteria]);
  return { terms, id: await f.escrow.dealId(terms) };
}

/** Offers, funds and accepts a deal. */
export async function activeDeal(f: Fixture, input: Partial<TermsInput> = {}) {
  const deal = await offer(f, input);
  await f.escrow.connect(f.influencer).acceptDeal(deal.terms);
  return deal;
}

/** An active deal whose first milestone has been submitted for review. */
export async function dealInReview(f: Fixture, input: Partial<TermsInput> = {}) {
  const deal = await activeDeal(f, input);
  await f.escrow.connect(f.influencer).submitDeliverable(deal.terms, 0, CONTENT_HASH, CONTENT_URI);
  return deal;
}

export const CONTENT_HASH = "0x" + "ab".repeat(32);
export const CONTENT_URI = "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
