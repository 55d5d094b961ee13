// The auditor's arithmetic, without the chain: what each deal, holdback and dispute round still owes, how the
// obligations add up per token against the balances, and the names of the contracts' enums. A port of
// scripts/lib/audit/{common,deal,dispute,solvency}.ts (ethers) to plain bigint code shared by the auditor page and
// its unit tests. Pure: no React, no environment.
import { getAddress, type Address } from "viem";
import { TOPICS } from "../../lib/topics.ts";

export const DEAL_STATUS = ["None", "Offered", "Declined", "Expired", "Active", "Closed"] as const;
export type DealStatusName = (typeof DEAL_STATUS)[number];
export const MILESTONE_STATUS = [
  "None",
  "AwaitingDelivery",
  "InReview",
  "FeesPending",
  "InArbitration",
  "Released",
  "Refunded",
  "Settled",
  "Ruled",
] as const;
export const PARTY = ["None", "Brand", "Influencer"] as const;
export const PERIOD = ["None", "Drawing", "Commit", "Reveal", "Appeal", "Execution"] as const;
export type PeriodName = (typeof PERIOD)[number];

export { TOPICS } from "../../lib/topics.ts";

/** Enum value -> name (the number itself when out of range). */
export function enumName<const T extends readonly string[]>(names: T, value: bigint | number): T[number] | string {
  return names[Number(value)] ?? String(value);
}

export function topicText(topic: bigint | number): string {
  const n = Number(topic);
  if (n === 255) return "language pool";
  return TOPICS[n] ?? `topic ${n}`;
}

/** A bytes2 ISO 639-1 language as its two letters ("0x6672" -> "fr"); the hex value when not two letters a-z. */
export function languageText(value: string): string {
  const hex = value.replace(/^0x/, "");
  const a = Number.parseInt(hex.slice(0, 2), 16);
  const b = Number.parseInt(hex.slice(2, 4), 16);
  const letter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
  return letter(a) && letter(b) ? String.fromCharCode(a, b) : value;
}

/** A court pool key (language << 8 | topic) in words ("fr/beauty"). */
export function poolText(key: number): string {
  if (key === 0) return "-";
  return `${languageText(`0x${(key >> 8).toString(16).padStart(4, "0")}`)}/${topicText(key & 0xff)}`;
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                 ESCROW AND VAULT
 * ------------------------------------------------------------------------------------------------------------- */

/** The fields of the escrow's DealState, MilestoneState and Arbitration a deal's share needs. */
export interface DealWords {
  readonly status: number;
  readonly brandCredit: bigint;
  readonly influencerCredit: bigint;
  readonly rightsPrice: bigint;
  readonly milestones: readonly { amount: bigint; status: number; brandFee: bigint; influencerFee: bigint }[];
}

/** What the escrow holds for one deal (the sum is the deal's share of the escrow's obligations). */
export interface EscrowShare {
  readonly brandCredit: bigint;
  readonly influencerCredit: bigint;
  /** Amounts of the milestones not yet final (all of them while the offer is open). */
  readonly openMilestones: bigint;
  /** The rights price, held until the deal closes. */
  readonly rightsHeld: bigint;
  /** Arbitration fees held: both deposits while fees are pending, one cost while at the arbitrator. */
  readonly arbitrationFees: bigint;
  readonly total: bigint;
}

/** What the vault holds for one deal. */
export interface VaultShare {
  readonly held: bigint;
  readonly brandCredit: bigint;
  readonly influencerCredit: bigint;
  readonly total: bigint;
}

const OPEN_MILESTONE = new Set([1, 2, 3, 4]); // AwaitingDelivery, InReview, FeesPending, InArbitration

/** The arbitration fees the escrow holds for a milestone (DealEscrow._recordFee / _createDispute / rule). */
export function heldFees(status: number, brandFee: bigint, influencerFee: bigint): bigint {
  if (status === 3) return brandFee + influencerFee; // FeesPending: every deposit paid so far
  if (status === 4) return brandFee; // InArbitration: one cost (the other went to the arbitrator)
  return 0n; // final: deposits were credited back or shared
}

/** A deal's share of the escrow's obligations, from its state words. */
export function escrowShareOf(words: DealWords): EscrowShare {
  const offered = words.status === 1;
  const active = words.status === 4;
  let openMilestones = 0n;
  let arbitrationFees = 0n;
  for (const m of words.milestones) {
    if (offered || (active && OPEN_MILESTONE.has(m.status))) openMilestones += m.amount;
    if (active) arbitrationFees += heldFees(m.status, m.brandFee, m.influencerFee);
  }
  const rightsHeld = offered || active ? words.rightsPrice : 0n;
  return {
    brandCredit: words.brandCredit,
    influencerCredit: words.influencerCredit,
    openMilestones,
    rightsHeld,
    arbitrationFees,
    total: words.brandCredit + words.influencerCredit + openMilestones + rightsHeld + arbitrationFees,
  };
}

export function vaultShareOf(held: bigint, brandCredit: bigint, influencerCredit: bigint): VaultShare {
  return { held, brandCredit, influencerCredit, total: held + brandCredit + influencerCredit };
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                      COURT
 * ------------------------------------------------------------------------------------------------------------- */

export interface RoundWords {
  readonly drawn: bigint;
  readonly penalized: bigint;
  readonly rewarded: bigint;
  readonly fees: bigint;
  readonly penalties: bigint;
  readonly coherenceSum: bigint;
  readonly rewardedCoherence: bigint;
}

export function roundExecuted(round: RoundWords): boolean {
  return round.drawn > 0n && round.penalized >= round.drawn && round.rewarded >= round.drawn;
}

/** What the court still holds of a round: fees and lost stake not yet paid out (MediatorCourt._reward rounding). */
export function roundHeld(round: RoundWords): { fees: bigint; penalties: bigint } {
  if (roundExecuted(round)) return { fees: 0n, penalties: 0n };
  if (round.coherenceSum === 0n || round.penalized < round.drawn) return { fees: round.fees, penalties: round.penalties };
  return {
    fees: round.fees - (round.fees * round.rewardedCoherence) / round.coherenceSum,
    penalties: round.penalties - (round.penalties * round.rewardedCoherence) / round.coherenceSum,
  };
}

/** Per question, the consensus options (8 bits per question, one bit per option). */
export function decodeConsensus(consensus: bigint, questions: number): number[][] {
  const out: number[][] = [];
  for (let q = 0; q < questions; q++) {
    const mask = Number((consensus >> BigInt(8 * q)) & 0xffn);
    const options: number[] = [];
    for (let o = 0; o < 8; o++) if ((mask >> o) & 1) options.push(o);
    out.push(options);
  }
  return out;
}

/** The options set in a question's bit mask (for example its compliant answers), below `options`. */
export function maskOptions(mask: number, options: number): number[] {
  const out: number[] = [];
  for (let o = 0; o < Math.min(options, 16); o++) if ((mask >> o) & 1) out.push(o);
  return out;
}

/** A ruling in words: r >= 1 gives the influencer r - 1 bps; 0 is half (escrow) or all (breach claim). */
export function rulingShareBps(ruling: bigint, breach: boolean): number {
  if (ruling === 0n) return breach ? 10_000 : 5_000;
  return Number(ruling - 1n);
}

/* ----------------------------------------------------------------------------------------------------------------
 *                                                    SOLVENCY
 * ------------------------------------------------------------------------------------------------------------- */

export interface TokenInfo {
  readonly address: Address;
  readonly symbol: string;
  readonly decimals: number;
}

export interface TokenSolvency {
  readonly token: Address;
  readonly balance: bigint;
  readonly obligations: bigint;
  /** balance - obligations: 0 when exact, above 0 when the contract holds more than it owes, below when short. */
  readonly surplus: bigint;
  readonly solvent: boolean;
  /** The obligations by kind, in the order first added (they add up to `obligations`). */
  readonly parts: readonly { readonly part: string; readonly amount: bigint }[];
}

/** Obligations per token and per kind, settled against balances. */
export class Ledger {
  private readonly entries = new Map<Address, Map<string, bigint>>();

  add(token: Address | string, part: string, amount: bigint): void {
    const key = getAddress(token);
    const parts = this.entries.get(key) ?? new Map<string, bigint>();
    parts.set(part, (parts.get(part) ?? 0n) + amount);
    this.entries.set(key, parts);
  }

  /** Makes the parts appear (at 0) for the token. */
  touch(token: Address | string, parts: readonly string[]): void {
    for (const p of parts) this.add(token, p, 0n);
  }

  tokens(): Address[] {
    return [...this.entries.keys()];
  }

  /** Each token's obligations against its balance (a token without a balance counts 0). */
  settle(balances: ReadonlyMap<Address, bigint>): TokenSolvency[] {
    const out: TokenSolvency[] = [];
    for (const [token, parts] of this.entries) {
      const balance = balances.get(token) ?? 0n;
      const obligations = [...parts.values()].reduce((s, v) => s + v, 0n);
      out.push({
        token,
        balance,
        obligations,
        surplus: balance - obligations,
        solvent: balance >= obligations,
        parts: [...parts].map(([part, amount]) => ({ part, amount })),
      });
    }
    return out;
  }
}

/** The total of one part over the tokens of a report (0 when absent). */
export function partOf(tokens: readonly TokenSolvency[], token: Address, part: string): bigint {
  return tokens.find((t) => t.token === token)?.parts.find((p) => p.part === part)?.amount ?? 0n;
}

export interface LockedTotal {
  readonly token: Address;
  readonly escrow: bigint;
  readonly vault: bigint;
  readonly court: bigint;
  /** Of the court's balance: the mediators' stakes, and everything else (fees, lost stake, appeal funds, credits). */
  readonly courtStakes: bigint;
  readonly courtOther: bigint;
  readonly total: bigint;
}

/** What the three contracts hold, per token (their balances), with the court's split into stakes and fees. */
export function lockedTotals(
  escrow: readonly TokenSolvency[],
  vault: readonly TokenSolvency[],
  court: readonly TokenSolvency[],
): LockedTotal[] {
  const tokens: Address[] = [];
  for (const t of [...escrow, ...vault, ...court]) if (!tokens.includes(t.token)) tokens.push(t.token);
  return tokens.map((token) => {
    const e = escrow.find((t) => t.token === token)?.balance ?? 0n;
    const v = vault.find((t) => t.token === token)?.balance ?? 0n;
    const c = court.find((t) => t.token === token)?.balance ?? 0n;
    const stakes = partOf(court, token, "stakes");
    return { token, escrow: e, vault: v, court: c, courtStakes: stakes, courtOther: c - stakes, total: e + v + c };
  });
}

/** Solvent when every balance of every contract covers its obligations. */
export function overallSolvent(...reports: readonly (readonly TokenSolvency[])[]): boolean {
  return reports.every((tokens) => tokens.every((t) => t.solvent));
}

/** The total shortfall of lines of one token (0 when solvent). */
export function shortfallOf(tokens: readonly TokenSolvency[]): bigint {
  return tokens.reduce((s, t) => s + (t.surplus < 0n ? -t.surplus : 0n), 0n);
}

/** How much is missing per token over every contract's lines (only the tokens short of something). */
export function shortfallsByToken(tokens: readonly TokenSolvency[]): { token: Address; amount: bigint }[] {
  const out: { token: Address; amount: bigint }[] = [];
  for (const t of tokens) {
    if (t.surplus >= 0n) continue;
    const entry = out.find((x) => x.token === t.token);
    if (entry) entry.amount += -t.surplus;
    else out.push({ token: t.token, amount: -t.surplus });
  }
  return out;
}

/** Deals counted by status name, every status listed (0 when none). */
export function countByStatus(statuses: readonly number[]): { status: DealStatusName; count: number }[] {
  return DEAL_STATUS.slice(1).map((status, i) => ({ status, count: statuses.filter((s) => s === i + 1).length }));
}

/** The milestones of active deals counted by status (AwaitingDelivery to Ruled), every status listed. */
export function milestonesByStatus(deals: readonly { status: number; milestoneStatuses: readonly number[] }[]): { status: string; count: number }[] {
  const active = deals.filter((d) => d.status === 4).flatMap((d) => d.milestoneStatuses);
  return MILESTONE_STATUS.slice(1).map((status, i) => ({ status, count: active.filter((s) => s === i + 1).length }));
}
