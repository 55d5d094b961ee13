// The mediator's pure logic (no React, no environment): the vote salt message and the salt derived from its
// signature, the commitment exactly as MediatorCourt computes it, answers packed 4 bits per question, the periods of
// a dispute with their countdown and the action that is due, pools, and the validation of amounts and addresses.
// Unit tested in frontend/test/mediator.logic.test.ts.
import { encodeAbiParameters, getAddress, isAddress, keccak256, parseUnits, type Address, type Hex } from "viem";
import { TOPIC_COUNT } from "../../lib/topics.ts";

/* ------------------------------ vote salt and commitment ------------------------------ */

export interface SaltContext {
  readonly chainId: number | bigint;
  readonly court: Address;
  readonly disputeId: bigint;
  readonly round: number | bigint;
  readonly account: Address;
}

/**
 * The fixed message a mediator signs (EIP-191 personal_sign) to derive a commit's salt. It names the chain, the
 * court, the dispute, the round and the account, so a salt is never reused elsewhere; a wallet signs it the same way
 * every time (RFC 6979), so the reveal re-derives the salt and nothing has to be remembered.
 */
export function voteSaltMessage(ctx: SaltContext): string {
  return [
    "Ispera vote salt",
    "Signing this message derives the secret salt of your vote. It costs nothing and sends no transaction.",
    `chain: ${ctx.chainId}`,
    `court: ${ctx.court.toLowerCase()}`,
    `dispute: ${ctx.disputeId}`,
    `round: ${ctx.round}`,
    `account: ${ctx.account.toLowerCase()}`,
  ].join("\n");
}

/** Where the browser keeps a convenience copy of committed answers (never the salt): one key per vote. */
export function answersStorageKey(ctx: SaltContext): string {
  return `ispera.vote.${ctx.chainId}.${ctx.court.toLowerCase()}.${ctx.disputeId}.${ctx.round}.${ctx.account.toLowerCase()}`;
}

/** Reads a stored answer sheet back; anything that is not a sheet for these option counts is ignored. */
export function parseStoredAnswers(text: string | null, optionCounts: readonly number[]): number[] | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length !== optionCounts.length) return undefined;
    const sheet = value.map((v) => (typeof v === "number" ? v : -1));
    return answerIssues(sheet, optionCounts).length === 0 ? sheet : undefined;
  } catch {
    return undefined;
  }
}

/** salt = keccak256(signature). */
export function saltFromSignature(signature: Hex): Hex {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new Error("a 65-byte signature is expected");
  return keccak256(signature);
}

/** keccak256(abi.encode(court, disputeId, round, mediator, uint8[] answers, salt)), as MediatorCourt._hashVote. */
export function voteCommitment(
  court: Address,
  disputeId: bigint,
  round: number | bigint,
  mediator: Address,
  answers: readonly number[],
  salt: Hex,
): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }, { type: "uint256" }, { type: "address" }, { type: "uint8[]" }, { type: "bytes32" }],
      [court, disputeId, BigInt(round), mediator, answers, salt],
    ),
  );
}

/* ------------------------------------- answers ---------------------------------------- */

export const MAX_QUESTIONS = 16;
export const MAX_OPTIONS = 8;

/** What is wrong with an answer sheet, per question (as the court's CourtLogic.packAnswers would refuse it). */
export type AnswerIssue =
  | { readonly kind: "count"; readonly given: number; readonly expected: number }
  | { readonly kind: "missing"; readonly index: number }
  | { readonly kind: "invalid"; readonly index: number; readonly answer: number; readonly options: number };

/** Checks one answer per question, each an option index below the question's option count. */
export function answerIssues(answers: readonly (number | undefined)[], optionCounts: readonly number[]): AnswerIssue[] {
  if (answers.length !== optionCounts.length) return [{ kind: "count", given: answers.length, expected: optionCounts.length }];
  const issues: AnswerIssue[] = [];
  answers.forEach((answer, index) => {
    const options = optionCounts[index] ?? 0;
    if (answer === undefined) issues.push({ kind: "missing", index });
    else if (!Number.isInteger(answer) || answer < 0 || answer >= options) issues.push({ kind: "invalid", index, answer, options });
  });
  return issues;
}

/** The answers as the court stores them: 4 bits per question, question q at bits 4q..4q+3. */
export function packAnswers(answers: readonly number[]): bigint {
  if (answers.length > MAX_QUESTIONS) throw new Error(`at most ${MAX_QUESTIONS} answers`);
  return answers.reduce((packed, answer, q) => {
    if (!Number.isInteger(answer) || answer < 0 || answer > 15) throw new Error(`answer ${q} does not fit in 4 bits`);
    return packed | (BigInt(answer) << BigInt(4 * q));
  }, 0n);
}

export function unpackAnswers(packed: bigint, questionCount: number): number[] {
  return Array.from({ length: questionCount }, (_, q) => Number((packed >> BigInt(4 * q)) & 0xfn));
}

/** How many answer sheets a criteria table allows (the product of the option counts). */
export function answerSpace(optionCounts: readonly number[]): bigint {
  return optionCounts.reduce((n, options) => n * BigInt(Math.max(0, options)), 1n);
}

export const ANSWER_SEARCH_LIMIT = 1n << 16n;

/**
 * Recovers the answers of a commit from its salt: tries every answer sheet (question 0 fastest) until `matches`
 * (the commitment check) accepts one. Only when the space has at most `limit` sheets; null when none matches or the
 * space is larger (the answers must then be entered again).
 */
export function findAnswers(
  optionCounts: readonly number[],
  matches: (answers: readonly number[]) => boolean,
  limit: bigint = ANSWER_SEARCH_LIMIT,
): number[] | null {
  if (optionCounts.length === 0 || answerSpace(optionCounts) > limit || optionCounts.some((n) => n < 1)) return null;
  const answers = optionCounts.map(() => 0);
  for (;;) {
    if (matches(answers)) return [...answers];
    let q = 0;
    while (q < answers.length) {
      answers[q] = (answers[q] ?? 0) + 1;
      if ((answers[q] ?? 0) < (optionCounts[q] ?? 0)) break;
      answers[q] = 0;
      q += 1;
    }
    if (q === answers.length) return null;
  }
}

/** The options of the plurality per question from a round's consensus (8 bits per question, one bit per option). */
export function consensusOptions(consensus: bigint, questionCount: number): number[][] {
  return Array.from({ length: questionCount }, (_, q) => {
    const bits = Number((consensus >> BigInt(8 * q)) & 0xffn);
    return Array.from({ length: MAX_OPTIONS }, (_, o) => o).filter((o) => (bits >> o) & 1);
  });
}

/** Seat ids of `account` among a round's drawn votes, strictly increasing (as commit and reveal want them). */
export function seatsOf(votes: readonly { readonly voteId: bigint; readonly mediator: Address }[], account: Address): bigint[] {
  const me = account.toLowerCase();
  return votes
    .filter((v) => v.mediator.toLowerCase() === me)
    .map((v) => v.voteId)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .filter((id, i, all) => i === 0 || id !== all[i - 1]);
}

/* ------------------------------------- periods ---------------------------------------- */

/** contracts/types/CourtTypes.sol Period. */
export const Period = { None: 0, Drawing: 1, Commit: 2, Reveal: 3, Appeal: 4, Execution: 5 } as const;
export type PeriodValue = (typeof Period)[keyof typeof Period];
export const PERIOD_NAMES = ["none", "drawing", "commit", "reveal", "appeal", "execution"] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

export function periodName(period: number): PeriodName {
  return PERIOD_NAMES[period] ?? "none";
}

export interface DisputeClock {
  readonly period: number;
  /** End of the commit, reveal or appeal period (unix seconds; 0 while drawing and once final). */
  readonly deadline: bigint;
  readonly round: number;
  readonly maxRounds: number;
  /** Seats of the current round, drawn so far, committed and revealed. */
  readonly seats: number;
  readonly drawn: number;
  readonly committed: number;
  readonly revealed: number;
  /** Whether the round's random word has arrived (drawing can go on). */
  readonly randomnessReady: boolean;
  /** Whether every round's penalties and rewards are settled (Execution only). */
  readonly settled: boolean;
}

/** What the connected account (or anyone) can do now. */
export type DueAction =
  | "waitRandomness" // drawing: the random word has not arrived
  | "draw" // drawing: anyone may draw the next seats
  | "commit" // commit period open
  | "reveal" // reveal period open
  | "passPeriod" // a commit or reveal period is over by time: anyone may move on
  | "waitAppeal" // appeal period open: the parties may appeal
  | "execute" // appeal period over, or final and not settled: anyone may execute the round
  | "done"; // final and settled

export interface PeriodView {
  readonly name: PeriodName;
  /** Seconds left before the deadline (0 when over or none). */
  readonly secondsLeft: number;
  /** The period is over by time and waits for someone to move it on. */
  readonly over: boolean;
  readonly action: DueAction;
  /** What comes when this period ends. */
  readonly next: PeriodName | "ruling" | "nextRound";
}

export function periodView(clock: DisputeClock, now: bigint): PeriodView {
  const name = periodName(clock.period);
  const left = clock.deadline > now ? Number(clock.deadline - now) : 0;
  const timed = clock.period === Period.Commit || clock.period === Period.Reveal || clock.period === Period.Appeal;
  const over = timed && now > clock.deadline;
  const lastRound = clock.round + 1 >= clock.maxRounds;
  switch (clock.period) {
    case Period.Drawing:
      return { name, secondsLeft: 0, over: false, action: clock.randomnessReady ? "draw" : "waitRandomness", next: "commit" };
    case Period.Commit:
      return { name, secondsLeft: left, over, action: over ? "passPeriod" : "commit", next: "reveal" };
    case Period.Reveal:
      return { name, secondsLeft: left, over, action: over ? "passPeriod" : "reveal", next: lastRound ? "execution" : "appeal" };
    case Period.Appeal:
      return { name, secondsLeft: left, over, action: over ? "execute" : "waitAppeal", next: "execution" };
    case Period.Execution:
      return { name, secondsLeft: 0, over: false, action: clock.settled ? "done" : "execute", next: "execution" };
    default:
      return { name, secondsLeft: 0, over: false, action: "done", next: "execution" };
  }
}

/** A round's progress as the court keeps it (the fields the next step needs). */
export interface RoundProgress {
  readonly mediators: number;
  readonly drawn: number;
  readonly penalized: number;
  readonly rewarded: number;
}

/** draw(disputeId, count): every seat still open, in one call. */
export function drawArgs(disputeId: bigint, round: RoundProgress): readonly [bigint, bigint] {
  return [disputeId, BigInt(Math.max(1, round.mediators - round.drawn))];
}

/**
 * executeRound(disputeId, round, count) for the step that is due: after an expired appeal period, the current round
 * (the call makes the ruling final first); once final, the first round not settled yet. The count covers both
 * passes (penalties, then rewards) of every seat. Undefined when nothing is left to execute.
 */
export function executeArgs(
  disputeId: bigint,
  period: number,
  currentRound: number,
  rounds: readonly RoundProgress[],
): readonly [bigint, bigint, bigint] | undefined {
  const index =
    period === Period.Appeal ? currentRound : period === Period.Execution ? rounds.findIndex((r) => r.penalized < r.drawn || r.rewarded < r.drawn) : -1;
  const round = index >= 0 ? rounds[index] : undefined;
  if (!round) return undefined;
  return [disputeId, BigInt(index), BigInt(Math.max(1, round.drawn * 2))];
}

/** Whether every round's penalties and rewards are settled. */
export function allSettled(rounds: readonly RoundProgress[]): boolean {
  return rounds.every((r) => r.penalized >= r.drawn && r.rewarded >= r.drawn);
}

/** commit(disputeId, voteIds, commitment) / reveal(disputeId, voteIds, answers, salt) need at least one own seat. */
export function commitArgs(disputeId: bigint, seats: readonly bigint[], commitment: Hex): readonly [bigint, readonly bigint[], Hex] {
  if (seats.length === 0) throw new Error("no seat to commit for");
  if (BigInt(commitment) === 0n) throw new Error("a zero commitment reads as no commit");
  return [disputeId, seats, commitment];
}

export function revealArgs(
  disputeId: bigint,
  seats: readonly bigint[],
  answers: readonly number[],
  salt: Hex,
): readonly [bigint, readonly bigint[], readonly number[], Hex] {
  if (seats.length === 0) throw new Error("no seat to reveal for");
  return [disputeId, seats, answers, salt];
}

/** A countdown as "2 d 03:04:05" (days only when there are some); 0 → "00:00:00". */
export function formatCountdown(seconds: number): string {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3_600);
  s -= h * 3_600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d > 0 ? `${d} d ` : ""}${pad(h)}:${pad(m)}:${pad(s)}`;
}

/* -------------------------------------- pools ----------------------------------------- */

export { TOPIC_COUNT, TOPICS } from "../../lib/topics.ts";
export const MAX_POOLS = 4;

/** "fr" → 0x6672 (bytes2), as the court takes a language. */
export function languageBytes(code: string): Hex {
  if (!/^[a-z]{2}$/.test(code)) throw new Error(`"${code}" is not a lower-case ISO 639-1 code`);
  return `0x${code.charCodeAt(0).toString(16)}${code.charCodeAt(1).toString(16)}`;
}

/** 0x6672 → "fr". */
export function languageOfBytes(value: Hex): string {
  const n = Number.parseInt(value.slice(2, 6), 16);
  return String.fromCharCode(n >> 8, n & 0xff);
}

/** The court's pool key: language (16 bits) << 8 | topic. */
export function poolKey(language: string, topic: number): number {
  const bytes = Number.parseInt(languageBytes(language).slice(2), 16);
  return (bytes << 8) | topic;
}

export function poolOfKey(key: number): { language: string; topic: number } {
  const bytes = key >> 8;
  return { language: String.fromCharCode(bytes >> 8, bytes & 0xff), topic: key & 0xff };
}

export type PoolIssue = "language" | "topic" | "already" | "full" | "stake";

/** Why joining (language, topic) would be refused, per field. */
export function joinPoolIssues(
  input: { language: string; topic: string },
  state: { pools: readonly number[]; stake: bigint; minStake: bigint },
): { language?: PoolIssue; topic?: PoolIssue; form?: PoolIssue } {
  const issues: { language?: PoolIssue; topic?: PoolIssue; form?: PoolIssue } = {};
  const language = input.language.trim().toLowerCase();
  if (!/^[a-z]{2}$/.test(language)) issues.language = "language";
  const topic = Number(input.topic);
  if (input.topic === "" || !Number.isInteger(topic) || topic < 0 || topic >= TOPIC_COUNT) issues.topic = "topic";
  if (issues.language || issues.topic) return issues;
  if (state.pools.includes(poolKey(language, topic))) issues.form = "already";
  else if (state.pools.length >= MAX_POOLS) issues.form = "full";
  else if (state.stake < state.minStake) issues.form = "stake";
  return issues;
}

/* ------------------------------- amounts and addresses -------------------------------- */

export type AmountIssue = "required" | "format" | "decimals" | "zero" | "balance" | "free" | "tooLarge";

export type AmountResult = { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly issue: AmountIssue };

const UINT96_MAX = (1n << 96n) - 1n;

/** A token amount typed by a person ("12.5", "1 000,25"), in token units. */
export function parseTokenAmount(text: string, decimals: number): AmountResult {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (cleaned === "") return { ok: false, issue: "required" };
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return { ok: false, issue: "format" };
  const fraction = cleaned.split(".")[1] ?? "";
  if (fraction.length > decimals) return { ok: false, issue: "decimals" };
  const value = parseUnits(cleaned, decimals);
  if (value === 0n) return { ok: false, issue: "zero" };
  return { ok: true, value };
}

/** A stake to add: positive, within the wallet's balance, and the new stake within uint96. */
export function validateStake(text: string, decimals: number, state: { balance: bigint; stake: bigint }): AmountResult {
  const parsed = parseTokenAmount(text, decimals);
  if (!parsed.ok) return parsed;
  if (parsed.value > state.balance) return { ok: false, issue: "balance" };
  if (state.stake + parsed.value > UINT96_MAX) return { ok: false, issue: "tooLarge" };
  return parsed;
}

/** A withdrawal: positive and within the free stake (stake not locked by running disputes). */
export function validateWithdraw(text: string, decimals: number, state: { stake: bigint; locked: bigint }): AmountResult {
  const parsed = parseTokenAmount(text, decimals);
  if (!parsed.ok) return parsed;
  if (parsed.value > freeStake(state)) return { ok: false, issue: "free" };
  return parsed;
}

export function freeStake(state: { stake: bigint; locked: bigint }): bigint {
  return state.stake > state.locked ? state.stake - state.locked : 0n;
}

/** How much to approve before staking `amount` (0 when the allowance covers it). */
export function approvalNeeded(amount: bigint, allowance: bigint): bigint {
  return allowance >= amount ? 0n : amount;
}

export type AddressIssue = "required" | "format" | "zero" | "court";

/** A payout address (withdraw or claim target): a valid address, not zero, not the court. */
export function validateRecipient(
  text: string,
  court: Address,
): { readonly ok: true; readonly value: Address } | { readonly ok: false; readonly issue: AddressIssue } {
  const value = text.trim();
  if (value === "") return { ok: false, issue: "required" };
  if (!isAddress(value, { strict: false })) return { ok: false, issue: "format" };
  const address = getAddress(value);
  if (BigInt(address) === 0n) return { ok: false, issue: "zero" };
  if (address.toLowerCase() === court.toLowerCase()) return { ok: false, issue: "court" };
  return { ok: true, value: address };
}

/* ----------------------------------- exit window -------------------------------------- */

export const EXIT_WINDOW = 3 * 86_400;

export type ExitState =
  | { readonly kind: "none" }
  | { readonly kind: "waiting"; readonly allowedAt: bigint; readonly secondsLeft: number }
  | { readonly kind: "open"; readonly closesAt: bigint; readonly secondsLeft: number }
  | { readonly kind: "expired"; readonly allowedAt: bigint };

/** Where a mediator's exit request stands: one leave or withdrawal is allowed in [allowedAt, allowedAt + 3 days]. */
export function exitState(exitAllowedAt: bigint, now: bigint): ExitState {
  if (exitAllowedAt === 0n) return { kind: "none" };
  if (now < exitAllowedAt) return { kind: "waiting", allowedAt: exitAllowedAt, secondsLeft: Number(exitAllowedAt - now) };
  const closesAt = exitAllowedAt + BigInt(EXIT_WINDOW);
  if (now <= closesAt) return { kind: "open", closesAt, secondsLeft: Number(closesAt - now) };
  return { kind: "expired", allowedAt: exitAllowedAt };
}
