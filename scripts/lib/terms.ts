// Builders and encoders for DealEscrow's terms, shared by the tests, the gas benchmark and the demo.
// They mirror contracts/types/DealTypes.sol; the hashes are checked against the contract in the tests.
import { AbiCoder, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";

export interface Question {
  optionCount: number;
  compliantMask: number;
  weight: number;
}

export interface MilestoneTerms {
  amount: bigint;
  deliverBy: bigint;
}

export interface DealTerms {
  brand: string;
  influencer: string;
  token: string;
  protocolFeeBps: number;
  maxRevisions: number;
  language: string;
  topic: number;
  acceptBy: bigint;
  reviewPeriod: number;
  revisionPeriod: number;
  feeTimeout: number;
  briefHash: string;
  criteriaHash: string;
  salt: string;
  milestones: MilestoneTerms[];
}

export interface DealKey {
  brand: string;
  influencer: string;
  token: string;
  termsHash: string;
}

/** Solidity enums, by value. */
export const DealStatus = { None: 0, Offered: 1, Declined: 2, Expired: 3, Active: 4, Closed: 5 } as const;
export const MilestoneStatus = {
  None: 0,
  AwaitingDelivery: 1,
  InReview: 2,
  FeesPending: 3,
  InArbitration: 4,
  Released: 5,
  Refunded: 6,
  Settled: 7,
  Ruled: 8,
} as const;
export const Party = { None: 0, Brand: 1, Influencer: 2 } as const;

/** The fixed topic list (contracts/types/DealTypes.sol, library Topics). */
export const Topic = {
  General: 0,
  Beauty: 1,
  Fashion: 2,
  Gaming: 3,
  Tech: 4,
  Food: 5,
  Fitness: 6,
  Travel: 7,
  Finance: 8,
  Lifestyle: 9,
  Parenting: 10,
  Sports: 11,
  Music: 12,
  Education: 13,
  Automotive: 14,
  Home: 15,
} as const;

export const DAY = 86_400;
export const BPS = 10_000;

const QUESTIONS_TYPE = "tuple(uint8 optionCount,uint16 compliantMask,uint16 weight)[]";
const MILESTONES_TYPE = "tuple(uint128 amount,uint40 deliverBy)[]";
const TERMS_TYPE =
  "tuple(address brand,address influencer,address token,uint16 protocolFeeBps,uint8 maxRevisions,bytes2 language," +
  "uint8 topic,uint40 acceptBy,uint32 reviewPeriod,uint32 revisionPeriod,uint32 feeTimeout,bytes32 briefHash," +
  `bytes32 criteriaHash,bytes32 salt,${MILESTONES_TYPE} milestones)`;
const KEY_TYPE = "tuple(address brand,address influencer,address token,bytes32 termsHash)";

const abi = AbiCoder.defaultAbiCoder();

/** ISO 639-1 code as the contract's bytes2 ("fr" -> 0x6672). */
export function languageCode(code: string): string {
  if (!/^[a-z]{2}$/.test(code)) throw new Error(`language must be two lower-case letters (ISO 639-1), got "${code}"`);
  return hexlify(toUtf8Bytes(code));
}

/** keccak256(abi.encode(Question[])), the value expected in DealTerms.criteriaHash. */
export function hashCriteria(criteria: readonly Question[]): string {
  return keccak256(abi.encode([QUESTIONS_TYPE], [criteria]));
}

export function hashTerms(terms: DealTerms): string {
  return keccak256(abi.encode([TERMS_TYPE], [terms]));
}

export function dealKeyOf(terms: DealTerms): DealKey {
  return { brand: terms.brand, influencer: terms.influencer, token: terms.token, termsHash: hashTerms(terms) };
}

/** The deal id the escrow derives from the terms. */
export function dealIdOf(terms: DealTerms): string {
  return keccak256(abi.encode([KEY_TYPE], [dealKeyOf(terms)]));
}

export function totalOf(terms: DealTerms): bigint {
  return terms.milestones.reduce((sum, m) => sum + m.amount, 0n);
}

/** Ruling value handed to the escrow for an influencer share in basis points. */
export function rulingForShare(shareBps: number): bigint {
  return BigInt(shareBps) + 1n;
}

/**
 * The default acceptance criteria: five yes/no questions (option 0 = yes, compliant) from the brief templates:
 * product mentioned, #ad disclosure visible before the fold, posted on time, on the agreed channel,
 * brand guidelines respected.
 */
export const DEFAULT_CRITERIA: readonly Question[] = [
  { optionCount: 2, compliantMask: 0b01, weight: 3 },
  { optionCount: 2, compliantMask: 0b01, weight: 3 },
  { optionCount: 2, compliantMask: 0b01, weight: 2 },
  { optionCount: 2, compliantMask: 0b01, weight: 1 },
  { optionCount: 3, compliantMask: 0b011, weight: 1 },
];

export interface TermsInput {
  brand: string;
  influencer: string;
  token: string;
  now: bigint;
  amounts?: readonly bigint[];
  protocolFeeBps?: number;
  criteria?: readonly Question[];
  language?: string;
  topic?: number;
  maxRevisions?: number;
  acceptWithin?: number;
  deliverWithin?: number;
  reviewPeriod?: number;
  revisionPeriod?: number;
  feeTimeout?: number;
  briefHash?: string;
  salt?: string;
}

/** Builds valid terms from a few choices; every other term gets a sensible default. */
export function buildTerms(input: TermsInput): DealTerms {
  const criteria = input.criteria ?? DEFAULT_CRITERIA;
  const amounts = input.amounts ?? [1_000n * 10n ** 6n];
  const acceptBy = input.now + BigInt(input.acceptWithin ?? 7 * DAY);
  const deliverWithin = BigInt(input.deliverWithin ?? 21 * DAY);
  return {
    brand: input.brand,
    influencer: input.influencer,
    token: input.token,
    protocolFeeBps: input.protocolFeeBps ?? 100,
    maxRevisions: input.maxRevisions ?? 2,
    language: languageCode(input.language ?? "fr"),
    topic: input.topic ?? Topic.Beauty,
    acceptBy,
    reviewPeriod: input.reviewPeriod ?? 5 * DAY,
    revisionPeriod: input.revisionPeriod ?? 4 * DAY,
    feeTimeout: input.feeTimeout ?? 5 * DAY,
    briefHash: input.briefHash ?? keccak256(toUtf8Bytes("brief: spring lipstick launch")),
    criteriaHash: hashCriteria(criteria),
    salt: input.salt ?? hexlify(randomBytes(32)),
    milestones: amounts.map((amount, i) => ({ amount, deliverBy: acceptBy + deliverWithin * BigInt(i + 1) })),
  };
}
