// The court's fixture: the full local stack of ignition/modules/LocalIspera.ts (USDC, the VRF v2.5 coordinator
// mock with a funded subscription, ChainlinkRandomness, CourtLogic, MediatorCourt, DealEscrow, RightsCertificate),
// deployed through Ignition so that the deployment code itself runs under test, with named actors and helpers that walk a dispute
// through its periods: stake and join pools, open a dispute on the escrow, answer the VRF request, draw, commit,
// reveal, pass periods with time travel. Periods also end by themselves: the last draw opens the commit period, the
// last seat's first commit opens the reveal period, the last seat's reveal rules the round; the helpers check it.
import { expect } from "chai";
import { artifacts, network } from "hardhat";
import { saltFromSignature, voteCommitment, voteSaltMessage } from "../../scripts/lib/court.js";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AbiCoder, keccak256, toUtf8Bytes, type ContractTransactionResponse, type Signer } from "ethers";
import LocalIspera from "../../ignition/modules/LocalIspera.js";
import {
  buildTerms,
  DEFAULT_CRITERIA,
  languageCode,
  Topic,
  type DealTerms,
  type Question,
  type TermsInput,
} from "../../scripts/lib/terms.js";
import type {
  ChainlinkRandomness,
  CourtLogic,
  DealEscrow,
  MediatorCourt,
  MockUSDC,
  PoolLogic,
  RightsCertificate,
  VRFCoordinatorV2_5Mock,
} from "../../types/ethers-contracts/index.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

export const USDC = (n: number | bigint): bigint => BigInt(n) * 10n ** 6n;
export const DAY = 86_400n;
export const BPS = 10_000n;

/** Solidity's `Period` (contracts/types/CourtTypes.sol), by value. */
export const Period = { None: 0n, Drawing: 1n, Commit: 2n, Reveal: 3n, Appeal: 4n, Execution: 5n } as const;

/** The court parameters of LocalIspera's defaults, as the contract returns them. */
export interface CourtParams {
  feePerMediator: bigint;
  minStake: bigint;
  alphaBps: bigint;
  firstRoundMediators: bigint;
  maxRounds: bigint;
  commitPeriod: bigint;
  revealPeriod: bigint;
  appealPeriod: bigint;
  randomnessTimeout: bigint;
}

export const DEFAULT_PARAMS: CourtParams = {
  feePerMediator: USDC(10),
  minStake: USDC(100),
  alphaBps: 5_000n,
  firstRoundMediators: 3n,
  maxRounds: 4n,
  commitPeriod: 2n * DAY,
  revealPeriod: 2n * DAY,
  appealPeriod: 3n * DAY,
  randomnessTimeout: 3_600n,
};
/** Stake locked per seat under the default parameters (minStake 100 USDC * alpha 50 %). */
export const LOCK = (DEFAULT_PARAMS.minStake * DEFAULT_PARAMS.alphaBps) / BPS;
/** The default criteria: five questions of weights 3, 3, 2, 1, 1; option 0 is compliant, and option 1 of the last. */
export const YES = [0, 0, 0, 0, 0] as const;
export const NO = [1, 1, 1, 1, 2] as const;
export const DEFAULT_EXIT_DELAY = 7n * DAY;
export const PROTOCOL_FEE_BPS = 100n;

/** LocalIspera's Ignition parameters that a fixture may override. */
export type LocalParameters = Partial<CourtParams> & { exitDelay?: bigint; protocolFeeBps?: bigint };

export interface CourtFixture {
  court: MediatorCourt;
  escrow: DealEscrow;
  usdc: MockUSDC;
  vrf: VRFCoordinatorV2_5Mock;
  randomness: ChainlinkRandomness;
  courtLogic: CourtLogic;
  /** The rights certificate of the escrow's deals. */
  certificate: RightsCertificate;
  owner: HardhatEthersSigner;
  brand: HardhatEthersSigner;
  influencer: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
  /** Twelve funded mediators (10,000 USDC each, the court approved), none staked yet. */
  mediators: HardhatEthersSigner[];
  courtAddress: string;
  escrowAddress: string;
  usdcAddress: string;
  randomnessAddress: string;
  certificateAddress: string;
  params: CourtParams;
  exitDelay: bigint;
  chainId: bigint;
}

export const MEDIATOR_FUNDS = USDC(10_000);
export const PARTY_FUNDS = USDC(1_000_000);

async function deploy(overrides: LocalParameters): Promise<CourtFixture> {
  const signers = await ethers.getSigners();
  const [owner, brand, influencer, stranger] = signers;
  const mediators = signers.slice(4, 16);
  if (!owner || !brand || !influencer || !stranger || mediators.length < 12) throw new Error("not enough signers");
  const params: CourtParams = { ...DEFAULT_PARAMS };
  for (const key of Object.keys(DEFAULT_PARAMS) as (keyof CourtParams)[]) {
    const value = overrides[key];
    if (value !== undefined) params[key] = value;
  }
  const exitDelay = overrides.exitDelay ?? DEFAULT_EXIT_DELAY;
  const deployed = await connection.ignition.deploy(LocalIspera, {
    parameters: {
      LocalIspera: {
        protocolFeeBps: overrides.protocolFeeBps ?? PROTOCOL_FEE_BPS,
        feePerMediator: params.feePerMediator,
        minStake: params.minStake,
        alphaBps: params.alphaBps,
        firstRoundMediators: params.firstRoundMediators,
        maxRounds: params.maxRounds,
        commitPeriod: params.commitPeriod,
        revealPeriod: params.revealPeriod,
        appealPeriod: params.appealPeriod,
        randomnessTimeout: params.randomnessTimeout,
        exitDelay,
      },
    },
  });
  const court = deployed.court as unknown as MediatorCourt;
  const escrow = deployed.escrow as unknown as DealEscrow;
  const usdc = deployed.usdc as unknown as MockUSDC;
  const vrf = deployed.vrf as unknown as VRFCoordinatorV2_5Mock;
  const randomness = deployed.randomness as unknown as ChainlinkRandomness;
  const courtLogic = deployed.courtLogic as unknown as CourtLogic;
  const certificate = deployed.certificate as unknown as RightsCertificate;
  const courtAddress = await court.getAddress();
  const escrowAddress = await escrow.getAddress();
  for (const m of mediators) {
    await usdc.mint(m.address, MEDIATOR_FUNDS);
    await usdc.connect(m).approve(courtAddress, ethers.MaxUint256);
  }
  for (const party of [brand, influencer]) {
    await usdc.mint(party.address, PARTY_FUNDS);
    await usdc.connect(party).approve(escrowAddress, ethers.MaxUint256);
    await usdc.connect(party).approve(courtAddress, ethers.MaxUint256);
  }
  return {
    court,
    escrow,
    usdc,
    vrf,
    randomness,
    courtLogic,
    certificate,
    owner,
    brand,
    influencer,
    stranger,
    mediators,
    courtAddress,
    escrowAddress,
    usdcAddress: await usdc.getAddress(),
    randomnessAddress: await randomness.getAddress(),
    certificateAddress: await certificate.getAddress(),
    params,
    exitDelay,
    chainId: (await ethers.provider.getNetwork()).chainId,
  };
}

const fixtures = new Map<string, () => Promise<CourtFixture>>();

/**
 * The fixture function for `networkHelpers.loadFixture`, one stable function per set of Ignition parameters (so
 * that each set is deployed once and then restored from its snapshot).
 */
export function courtFixture(overrides: LocalParameters = {}): () => Promise<CourtFixture> {
  const key = JSON.stringify(overrides, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  let fn = fixtures.get(key);
  if (!fn) {
    fn = () => deploy(overrides);
    Object.defineProperty(fn, "name", { value: `court${key}` });
    fixtures.set(key, fn);
  }
  return fn;
}

/** Deploys (once) and restores the stack with LocalIspera's parameters overridden by `overrides`. */
export async function loadCourt(overrides: LocalParameters = {}): Promise<CourtFixture> {
  return networkHelpers.loadFixture(courtFixture(overrides));
}

/* --------------------------------- time ---------------------------------- */

export async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** Pins the next block's timestamp to `at` (default: one second after the latest block) and returns it. */
export async function nextBlockAt(at?: bigint): Promise<bigint> {
  const t = at ?? (await now()) + 1n;
  await networkHelpers.time.setNextBlockTimestamp(t);
  return t;
}

/* ------------------------------- mediators ------------------------------- */

export const lang = (code: string): string => languageCode(code);
export const FR = languageCode("fr");
export const EN = languageCode("en");
export const DE = languageCode("de");
export const LANGUAGE_POOL = 255;

/** The court's pool key: `(uint16(language) << 8) | topic`. */
export function poolKey(language: string, topic: number): bigint {
  return (BigInt(language) << 8n) | BigInt(topic);
}

/** Stakes `amount` and joins the (language, topic) pool. */
export async function stakeAndJoin(
  f: CourtFixture,
  mediator: HardhatEthersSigner,
  amount: bigint,
  language = "fr",
  topic: number = Topic.Beauty,
): Promise<void> {
  await f.court.connect(mediator).stake(amount);
  await f.court.connect(mediator).joinPool(languageCode(language), topic);
}

/** Seats the first `count` mediators in one pool with `amount` each; returns them. */
export async function seatMediators(
  f: CourtFixture,
  count: number,
  amount: bigint = USDC(200),
  language = "fr",
  topic: number = Topic.Beauty,
): Promise<HardhatEthersSigner[]> {
  const seated = f.mediators.slice(0, count);
  for (const m of seated) await stakeAndJoin(f, m, amount, language, topic);
  return seated;
}

/* -------------------------------- disputes ------------------------------- */

export const CONTENT_HASH = "0x" + "ab".repeat(32);
export const CONTENT_URI = "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
/** The escrowed amount of the default deal's only milestone. */
export const MILESTONE = USDC(1_000);

export interface OpenedDispute {
  terms: DealTerms;
  criteria: readonly Question[];
  dealId: string;
  disputeId: bigint;
  requestId: bigint;
  /** The arbitration fee each party paid (the court's cost for the first round). */
  cost: bigint;
}

/** Terms between the fixture's brand and influencer, in the fixture's USDC (French beauty deal by default). */
export async function termsFor(f: CourtFixture, input: Partial<TermsInput> = {}): Promise<DealTerms> {
  return buildTerms({ brand: f.brand.address, influencer: f.influencer.address, token: f.usdcAddress, now: await now(), ...input });
}

/** Offers, accepts and submits a deal; the brand then pays the arbitration fee (the milestone is FeesPending). */
export async function disputeDeal(
  f: CourtFixture,
  input: Partial<TermsInput> = {},
): Promise<{ terms: DealTerms; criteria: readonly Question[]; dealId: string }> {
  const criteria = input.criteria ?? DEFAULT_CRITERIA;
  const terms = await termsFor(f, { ...input, criteria });
  await f.escrow.connect(f.brand).createDeal(terms, [...criteria]);
  await f.escrow.connect(f.influencer).acceptDeal(terms);
  await f.escrow.connect(f.influencer).submitDeliverable(terms, 0, CONTENT_HASH, CONTENT_URI);
  await f.escrow.connect(f.brand).payArbitrationFee(terms, [...criteria], 0);
  return { terms, criteria, dealId: await f.escrow.dealId(terms) };
}

/**
 * Opens a court dispute through the escrow: offer, accept, submit, and both parties pay the arbitration fee
 * (the second payment creates the dispute, which requests a random word).
 */
export async function openDispute(f: CourtFixture, input: Partial<TermsInput> = {}): Promise<OpenedDispute> {
  const deal = await disputeDeal(f, input);
  await f.escrow.connect(f.influencer).payArbitrationFee(deal.terms, [...deal.criteria], 0);
  const arbitration = await f.escrow.getArbitration(deal.dealId, 0);
  const disputeId = arbitration.disputeId;
  const round = await f.court.getRound(disputeId, 0);
  return { ...deal, disputeId, requestId: round.randomnessRequestId, cost: arbitration.brandFee };
}

/** The coordinator mock answers a request (with its own word, or with `word`). */
export async function fulfil(f: CourtFixture, requestId: bigint, word?: bigint): Promise<void> {
  if (word === undefined) await f.vrf.fulfillRandomWords(requestId, f.randomnessAddress);
  else await f.vrf.fulfillRandomWordsWithOverride(requestId, f.randomnessAddress, [word]);
}

/** The random word request of the dispute's current round. */
export async function currentRequest(f: CourtFixture, disputeId: bigint): Promise<bigint> {
  const d = await f.court.getDispute(disputeId);
  return (await f.court.getRound(disputeId, d.round)).randomnessRequestId;
}

/**
 * The seats that `word` draws for round `round` of `disputeId` from a pool of `stakers` (in leaf order, i.e. the
 * order they joined, with their weights in whole stake units), skipping `parties`: the court's draw,
 * `tree.draw(keccak256(abi.encode(word, disputeId, round, nonce)))`, mirrored in TypeScript (SortitionTree lays the
 * slices out in leaf order). Only for pools nobody left (no reused leaves).
 */
export function expectedDraw(
  word: bigint,
  disputeId: bigint,
  round: bigint,
  stakers: readonly { address: string; weight: bigint }[],
  seats: number,
  parties: readonly string[] = [],
): string[] {
  const total = stakers.reduce((s, x) => s + x.weight, 0n);
  const drawn: string[] = [];
  for (let nonce = 0n; drawn.length < seats && nonce < BigInt(seats) * 8n; nonce++) {
    let r = BigInt(keccak256(abi.encode(["uint256", "uint256", "uint256", "uint256"], [word, disputeId, round, nonce]))) % total;
    const staker = stakers.find((x) => {
      if (r < x.weight) return true;
      r -= x.weight;
      return false;
    })!;
    if (!parties.includes(staker.address)) drawn.push(staker.address);
  }
  return drawn;
}

/** Draws the current round in batches of `batch` until every seat is drawn (or the dispute left Drawing). */
export async function drawAll(f: CourtFixture, disputeId: bigint, batch = 1_000): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await f.court.getDispute(disputeId);
    if (d.period !== Period.Drawing) return;
    const round = await f.court.getRound(disputeId, d.round);
    if (round.drawn === round.mediators) return;
    await f.court.draw(disputeId, batch);
  }
  throw new Error("drawing did not complete");
}

export interface DrawnVote {
  voteId: bigint;
  mediator: string;
}

export async function votesOf(f: CourtFixture, disputeId: bigint, round: bigint): Promise<DrawnVote[]> {
  const r = await f.court.getRound(disputeId, round);
  const votes: DrawnVote[] = [];
  for (let i = 0n; i < r.drawn; i++) votes.push({ voteId: i, mediator: (await f.court.getVote(disputeId, round, i)).mediator });
  return votes;
}

/** A mediator's vote ids, by mediator, in the order of their first vote. */
export function groupByMediator(votes: readonly DrawnVote[]): Map<string, bigint[]> {
  const byMediator = new Map<string, bigint[]>();
  for (const v of votes) byMediator.set(v.mediator, [...(byMediator.get(v.mediator) ?? []), v.voteId]);
  return byMediator;
}

/**
 * Answers the current round's random word with the first of the words 1, 2, ... whose draw satisfies `wanted`
 * (each try from a snapshot, undone when rejected). Returns the drawn votes.
 */
export async function drawWhere(
  f: CourtFixture,
  disputeId: bigint,
  wanted: (votes: readonly DrawnVote[]) => boolean,
): Promise<DrawnVote[]> {
  const d = await f.court.getDispute(disputeId);
  const requestId = (await f.court.getRound(disputeId, d.round)).randomnessRequestId;
  const snapshot = await networkHelpers.takeSnapshot();
  for (let word = 1n; word < 200n; word++) {
    await fulfil(f, requestId, word);
    await drawAll(f, disputeId);
    const votes = await votesOf(f, disputeId, d.round);
    if (wanted(votes)) return votes;
    await snapshot.restore();
  }
  throw new Error("no wanted draw found");
}

/** Draws the current round so that every seat goes to a different mediator. */
export async function drawDistinct(f: CourtFixture, disputeId: bigint): Promise<DrawnVote[]> {
  return drawWhere(f, disputeId, (votes) => groupByMediator(votes).size === votes.length);
}

/** Lets the round's word expire (the randomness timeout passes) and requests a new one; returns its request id. */
export async function renewWord(f: CourtFixture, disputeId: bigint): Promise<bigint> {
  const d = await f.court.getDispute(disputeId);
  const requestedAt = (await f.court.getRound(disputeId, d.round)).randomnessRequestedAt;
  const expiry = requestedAt + (await f.court.getDisputeParams(disputeId)).randomnessTimeout;
  if ((await now()) <= expiry) await nextBlockAt(expiry + 1n);
  await f.court.requestRandomness(disputeId);
  return currentRequest(f, disputeId);
}

/** Fulfils the current round's request with the coordinator's own word and draws every seat. */
export async function fulfilAndDraw(f: CourtFixture, disputeId: bigint): Promise<DrawnVote[]> {
  await fulfil(f, await currentRequest(f, disputeId));
  await drawAll(f, disputeId);
  const d = await f.court.getDispute(disputeId);
  return votesOf(f, disputeId, d.round);
}

/* ------------------------------ commit-reveal ---------------------------- */

const abi = AbiCoder.defaultAbiCoder();

/** The commitment the court checks at reveal (scripts/lib/court.ts, shared with the demo). */
export const voteHash = voteCommitment;

/** A deterministic test salt per (court, dispute, round, mediator). */
export function testSalt(court: string, disputeId: bigint, round: bigint, mediator: string): string {
  return keccak256(abi.encode(["string", "address", "uint256", "uint256", "address"], ["ispera test salt", court, disputeId, round, mediator]));
}

/** The message signed to derive a vote salt (scripts/lib/court.ts). */
export const saltMessage = voteSaltMessage;

/** salt = keccak256(personal-sign signature of {saltMessage}); deterministic for a given wallet (RFC 6979). */
export async function signatureSalt(
  signer: Signer,
  court: string,
  chainId: bigint,
  disputeId: bigint,
  round: bigint,
): Promise<string> {
  return saltFromSignature(await signer.signMessage(saltMessage(court, chainId, disputeId, round)));
}

export function keccakText(text: string): string {
  return keccak256(toUtf8Bytes(text));
}

/** Answers by mediator; a mediator absent from the map (or mapped to null) stays silent. */
export type Ballots = ReadonlyMap<string, readonly number[] | null>;

/** Maps vote i to `patterns[i]` (the votes must be of distinct mediators). */
export function ballotsByVote(votes: readonly DrawnVote[], patterns: readonly (readonly number[] | null)[]): Map<string, readonly number[] | null> {
  const ballots = new Map<string, readonly number[] | null>();
  votes.forEach((v, i) => {
    if (ballots.has(v.mediator)) throw new Error(`mediator ${v.mediator} holds several votes`);
    ballots.set(v.mediator, patterns[i] ?? null);
  });
  return ballots;
}

/** The same answers for every drawn mediator. */
export function unanimous(votes: readonly DrawnVote[], answers: readonly number[]): Map<string, readonly number[]> {
  return new Map(votes.map((v) => [v.mediator, answers]));
}

/**
 * Commits every mediator's ballot (one commit for all their votes of the round) with the deterministic salt.
 * Returns the last commit's transaction (undefined when nobody commits).
 */
export async function commitAll(
  f: CourtFixture,
  disputeId: bigint,
  ballots: Ballots,
): Promise<ContractTransactionResponse | undefined> {
  const d = await f.court.getDispute(disputeId);
  const byMediator = groupByMediator(await votesOf(f, disputeId, d.round));
  let last: ContractTransactionResponse | undefined;
  for (const [mediator, voteIds] of byMediator) {
    const answers = ballots.get(mediator);
    if (!answers) continue;
    const salt = testSalt(f.courtAddress, disputeId, d.round, mediator);
    const commitment = voteHash(f.courtAddress, disputeId, d.round, mediator, answers, salt);
    last = await f.court.connect(await ethers.getSigner(mediator)).commit(disputeId, voteIds, commitment);
  }
  return last;
}

/** Reveals every committed ballot of `ballots`. Returns the last reveal's transaction (undefined when none). */
export async function revealAll(
  f: CourtFixture,
  disputeId: bigint,
  ballots: Ballots,
): Promise<ContractTransactionResponse | undefined> {
  const d = await f.court.getDispute(disputeId);
  const byMediator = groupByMediator(await votesOf(f, disputeId, d.round));
  let last: ContractTransactionResponse | undefined;
  for (const [mediator, voteIds] of byMediator) {
    const answers = ballots.get(mediator);
    if (!answers) continue;
    const salt = testSalt(f.courtAddress, disputeId, d.round, mediator);
    last = await f.court.connect(await ethers.getSigner(mediator)).reveal(disputeId, voteIds, [...answers], salt);
  }
  return last;
}

/** Moves to the next period right away (the period must be allowed to end early). */
export async function passPeriod(f: CourtFixture, disputeId: bigint): Promise<void> {
  await f.court.passPeriod(disputeId);
}

/** Travels one second past the current period's deadline, then moves to the next period. */
export async function passAfterDeadline(f: CourtFixture, disputeId: bigint): Promise<void> {
  const d = await f.court.getDispute(disputeId);
  if ((await now()) <= d.deadline) await nextBlockAt(d.deadline + 1n);
  await f.court.passPeriod(disputeId);
}

/**
 * Plays the drawn current round (the last draw opened the commit period): commits of `commits`, then Reveal (by
 * itself at the last seat's commit, else after the commit deadline), reveals of `reveals` (default: every commit),
 * then the ruling (by itself at the last seat's reveal, else after the reveal deadline). Checks each automatic
 * transition. The dispute ends in Appeal, or in Execution at the last round.
 */
export async function playRound(f: CourtFixture, disputeId: bigint, commits: Ballots, reveals: Ballots = commits): Promise<void> {
  const d = await f.court.getDispute(disputeId);
  expect(d.period, "the last draw opens the commit period").to.equal(Period.Commit);
  const votes = await votesOf(f, disputeId, d.round);
  await commitAll(f, disputeId, commits);
  const committed = votes.filter((v) => commits.get(v.mediator)).length;
  if (committed === votes.length) {
    expect((await f.court.getDispute(disputeId)).period, "every seat committed: revealing opens").to.equal(Period.Reveal);
  } else {
    expect((await f.court.getDispute(disputeId)).period, "a seat is not committed").to.equal(Period.Commit);
    await passAfterDeadline(f, disputeId);
  }
  await revealAll(f, disputeId, reveals);
  const revealed = votes.filter((v) => commits.get(v.mediator) && reveals.get(v.mediator)).length;
  if (revealed === votes.length) {
    const last = d.round + 1n === (await f.court.getDisputeParams(disputeId)).maxRounds;
    expect((await f.court.getDispute(disputeId)).period, "every seat revealed: the round is ruled").to.equal(
      last ? Period.Execution : Period.Appeal,
    );
  } else {
    expect((await f.court.getDispute(disputeId)).period, "a seat is not revealed").to.equal(Period.Reveal);
    await passAfterDeadline(f, disputeId);
  }
}

/** Lets the appeal period run out: the ruling becomes final and is delivered. */
export async function finalizeAppeal(f: CourtFixture, disputeId: bigint): Promise<void> {
  await passAfterDeadline(f, disputeId);
}

/* ------------------------------- the rules ------------------------------- */

/** The written rules of a round, mirrored in TypeScript (CourtLogic.rule and CourtLogic.coherence). */
export function ruleOf(criteria: readonly Question[], revealed: readonly (readonly number[])[], weights?: readonly number[]) {
  const totalWeight = criteria.reduce((s, q) => s + BigInt(q.weight), 0n);
  if (revealed.length === 0) {
    return { shareBps: 5_000n, consensus: criteria.map((q) => (1 << q.optionCount) - 1) };
  }
  let weighted = 0n;
  const consensus = criteria.map((q, qi) => {
    const counts = new Array<number>(q.optionCount).fill(0);
    revealed.forEach((answers, i) => {
      const a = answers[qi]!;
      counts[a] = counts[a]! + (weights?.[i] ?? 1);
    });
    const best = Math.max(...counts);
    let mask = 0;
    counts.forEach((c, o) => {
      if (c === best) mask |= 1 << o;
    });
    const popcount = (x: number): bigint => BigInt(x.toString(2).replaceAll("0", "").length);
    weighted += (BigInt(q.weight) * BPS * popcount(mask & q.compliantMask)) / popcount(mask);
    return mask;
  });
  return { shareBps: weighted / totalWeight, consensus };
}

/** Coherence (bps) of answers against a per-question consensus mask; 0 for a silent vote. */
export function coherenceOf(criteria: readonly Question[], consensus: readonly number[], answers: readonly number[] | null): bigint {
  if (!answers) return 0n;
  const totalWeight = criteria.reduce((s, q) => s + BigInt(q.weight), 0n);
  let matched = 0n;
  criteria.forEach((q, qi) => {
    if ((consensus[qi]! >> answers[qi]!) & 1) matched += BigInt(q.weight);
  });
  return (matched * BPS) / totalWeight;
}

/** The packed consensus the court stores (8 bits per question). */
export function packConsensus(consensus: readonly number[]): bigint {
  return consensus.reduce((acc, mask, q) => acc | (BigInt(mask) << BigInt(8 * q)), 0n);
}

/** What the escrow credits for a ruling on the default milestone: the split less the protocol fee, and the held fee. */
export function escrowCredits(shareBps: bigint, heldFee: bigint, amount: bigint = MILESTONE, feeBps: bigint = PROTOCOL_FEE_BPS) {
  const gross = (amount * shareBps) / BPS;
  const fee = (gross * feeBps) / BPS;
  const feeToInfluencer = (heldFee * shareBps) / BPS;
  return {
    influencer: gross - fee + feeToInfluencer,
    brand: amount - gross + heldFee - feeToInfluencer,
    protocolFee: fee,
  };
}

/** Cumulative-rounding shares of `total` for weights `coherences` (as `executeRound` pays them, in vote order). */
export function proportional(total: bigint, coherences: readonly bigint[]): bigint[] {
  const sum = coherences.reduce((s, c) => s + c, 0n);
  let before = 0n;
  return coherences.map((c) => {
    if (c === 0n) return 0n;
    const after = before + c;
    const share = (total * after) / sum - (total * before) / sum;
    before = after;
    return share;
  });
}

/* ------------------------------ library errors --------------------------- */

/**
 * The court's linked libraries revert with their own errors, which are not in the court's ABI: these handles
 * decode them (revertedWithCustomError needs an interface that declares the error).
 */
export async function poolErrors(f: CourtFixture): Promise<PoolLogic> {
  return (await ethers.getContractAt("PoolLogic", f.courtAddress)) as unknown as PoolLogic;
}

/* ------------------------------- accounting ------------------------------ */

/** Every account the fixture knows: the parties, the stranger and the mediators. */
export function accountsOf(f: CourtFixture): string[] {
  return [f.owner, f.brand, f.influencer, f.stranger, ...f.mediators].map((s) => s.address);
}

/**
 * What the court owes in its token: every stake, every credited balance, plus `held` (fees of rounds not yet
 * executed, appeal funds not yet refunded). Stake and fee tokens are the same USDC in LocalIspera.
 */
export async function owed(f: CourtFixture, extraAccounts: readonly string[] = []): Promise<bigint> {
  let total = 0n;
  for (const a of [...accountsOf(f), ...extraAccounts]) {
    total += (await f.court.getMediator(a)).stake;
    total += await f.court.balanceOf(a, f.usdcAddress);
  }
  return total;
}

/** The ABI encoding of a DisputeContext, as DealEscrow hands it to the court in `extraData`. */
export function encodeContext(ctx: {
  dealId: string;
  milestone: number;
  brand: string;
  influencer: string;
  language: string;
  topic: number;
  briefHash: string;
  criteria: readonly Question[];
}): string {
  return abi.encode(
    [
      "tuple(bytes32 dealId,uint8 milestone,address brand,address influencer,bytes2 language,uint8 topic," +
        "bytes32 briefHash,tuple(uint8 optionCount,uint16 compliantMask,uint16 weight)[] criteria)",
    ],
    [ctx],
  );
}

/** A MediatorCourt factory linked to freshly deployed copies of its libraries (to deploy other courts). */
export async function courtFactory() {
  const artifact = await artifacts.readArtifact("MediatorCourt");
  const libraries: Record<string, string> = {};
  for (const file of Object.values(artifact.linkReferences)) {
    for (const name of Object.keys(file as Record<string, unknown>)) {
      libraries[name] = await (await ethers.deployContract(name)).getAddress();
    }
  }
  return ethers.getContractFactory("MediatorCourt", { libraries });
}
