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
  /** Topic id the influencer's exclusivity covers (0 without exclusivity). */
  exclusiveTopic: number;
  /** The exclusivity window [exclusiveFrom, exclusiveUntil], unix seconds; exclusiveUntil = 0: no exclusivity. */
  exclusiveFrom: bigint;
  exclusiveUntil: bigint;
  /** Share of each influencer payout (net of the protocol fee) held back until exclusiveUntil. */
  holdbackBps: number;
  /** keccak256(abi.encode(Question[])) of the breach questions; set iff holdbackBps > 0. */
  breachCriteriaHash: string;
  /** Price of the content rights, paid to the influencer when the deal completes. */
  rightsPrice: bigint;
  /** keccak256(abi.encode(RightsTerms)); ZERO_HASH = no rights. */
  rightsHash: string;
  milestones: MilestoneTerms[];
}

/** Scope bits of a content-rights licence (contracts/types/DealTypes.sol, library RightsScope). */
export const RightsScope = {
  OrganicRepost: 1,
  PaidAds: 2,
  Website: 4,
  OutOfHome: 8,
  Email: 16,
  Broadcast: 32,
  All: 63,
} as const;

/** The content-rights licence of a deal (the escrow binds its hash in DealTerms.rightsHash). */
export interface RightsTerms {
  /** RightsScope bits, non-zero, within All. */
  scope: number;
  /** Seconds from the effective date (the deal's completion); 0 = perpetual. */
  duration: bigint;
  /** ISO 3166-1 alpha-2 codes as bytes2 ("FR" -> 0x4652); empty = worldwide. */
  territories: string[];
  exclusive: boolean;
  /** Hash of the off-chain licence text (may be ZERO_HASH). */
  documentHash: string;
}

/** What the holdback vault knows about a deal's holdback (contracts/types/DealTypes.sol). */
export interface HoldbackContext {
  dealId: string;
  brand: string;
  influencer: string;
  token: string;
  until: bigint;
  language: string;
  topic: number;
  briefHash: string;
  breachCriteriaHash: string;
}

export const ZERO_HASH = "0x" + "00".repeat(32);

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
/** contracts/interfaces/IExclusivityRegistry.sol */
export const ExclusivityStatus = { None: 0, Reserved: 1, Active: 2, Ended: 3 } as const;
/** contracts/interfaces/IHoldbackVault.sol */
export const HoldbackStatus = { None: 0, Holding: 1, InArbitration: 2, Resolved: 3 } as const;

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
  "bytes32 criteriaHash,bytes32 salt,uint8 exclusiveTopic,uint40 exclusiveFrom,uint40 exclusiveUntil,uint16 holdbackBps," +
  `bytes32 breachCriteriaHash,uint128 rightsPrice,bytes32 rightsHash,${MILESTONES_TYPE} milestones)`;
const RIGHTS_TYPE = "tuple(uint16 scope,uint40 duration,bytes2[] territories,bool exclusive,bytes32 documentHash)";
export const HOLDBACK_CONTEXT_TYPE =
  "tuple(bytes32 dealId,address brand,address influencer,address token,uint40 until,bytes2 language,uint8 topic," +
  "bytes32 briefHash,bytes32 breachCriteriaHash)";
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

/** ISO 3166-1 alpha-2 code as bytes2 ("FR" -> 0x4652). */
export function territoryCode(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`territory must be two upper-case letters (ISO 3166-1), got "${code}"`);
  return hexlify(toUtf8Bytes(code));
}

/** keccak256(abi.encode(RightsTerms)), the value expected in DealTerms.rightsHash. */
export function hashRights(rights: RightsTerms): string {
  return keccak256(abi.encode([RIGHTS_TYPE], [rights]));
}

/** The holdback context the escrow hands to the vault for a deal's terms. */
export function holdbackContextOf(terms: DealTerms): HoldbackContext {
  return {
    dealId: dealIdOf(terms),
    brand: terms.brand,
    influencer: terms.influencer,
    token: terms.token,
    until: terms.exclusiveUntil,
    language: terms.language,
    topic: terms.topic,
    briefHash: terms.briefHash,
    breachCriteriaHash: terms.breachCriteriaHash,
  };
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

/** What the brand escrows at creation: the milestones plus the rights price. */
export function totalOf(terms: DealTerms): bigint {
  return terms.milestones.reduce((sum, m) => sum + m.amount, 0n) + terms.rightsPrice;
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
  /** An exclusivity on `topic` (default: the deal's topic) over [from, until] (default from: now). */
  exclusivity?: { topic?: number; from?: bigint; until: bigint };
  /** A holdback share with its breach questions (requires `exclusivity`). */
  holdback?: { bps: number; breachCriteria: readonly Question[] };
  /** Content rights included in the deal, and their price (default 0). */
  rights?: { terms: RightsTerms; price?: bigint };
}

/**
 * The default breach questions of an exclusivity with a holdback: did the influencer promote a competing brand of
 * the covered topic during the window (option 0 = no, compliant), and was the post paid (option 0 = no post).
 */
export const DEFAULT_BREACH_CRITERIA: readonly Question[] = [
  { optionCount: 2, compliantMask: 0b01, weight: 3 },
  { optionCount: 3, compliantMask: 0b001, weight: 1 },
];

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
    exclusiveTopic: input.exclusivity ? (input.exclusivity.topic ?? input.topic ?? Topic.Beauty) : 0,
    exclusiveFrom: input.exclusivity ? (input.exclusivity.from ?? input.now) : 0n,
    exclusiveUntil: input.exclusivity?.until ?? 0n,
    holdbackBps: input.holdback?.bps ?? 0,
    breachCriteriaHash: input.holdback ? hashCriteria(input.holdback.breachCriteria) : ZERO_HASH,
    rightsPrice: input.rights?.price ?? 0n,
    rightsHash: input.rights ? hashRights(input.rights.terms) : ZERO_HASH,
    milestones: amounts.map((amount, i) => ({ amount, deliverBy: acceptBy + deliverWithin * BigInt(i + 1) })),
  };
}
