// `audit solvency`: the token balances of the escrow, the court and the holdback vault against the sum of what each
// owes, with every deal's (dispute's, mediator's, account's) share. Solvent when every balance covers its
// obligations.
//   escrow, per token: per deal the unclaimed credits + the amounts of open milestones + the rights price held until
//          the deal closes + arbitration fees held; plus the protocol fees not yet withdrawn.
//   court, per token: the mediators' stakes + credited balances + per dispute the fees and lost stake of rounds not
//          yet executed and the appeal funds not yet used.
//   vault, per token: per deal the amount held + both credits.
import { getAddress } from "ethers";
import type { DealTerms } from "../terms.ts";
import {
  DEAL_STATUS,
  balanceOf,
  enumName,
  money,
  readEvents,
  tokenInfo,
  topicOf,
  view,
  when,
  type AuditContext,
  type TokenInfo,
} from "./common.ts";
import { escrowShareOf, readDealWords, readVaultShare, type EscrowShare, type VaultShare } from "./deal.ts";
import { disputeHeld } from "./dispute.ts";

export interface TokenSolvency {
  token: TokenInfo;
  balance: bigint;
  obligations: bigint;
  /** balance - obligations: 0 when exact, above 0 when the contract holds more than it owes (a direct transfer). */
  surplus: bigint;
  solvent: boolean;
  /** The obligations by kind (they add up to `obligations`). */
  parts: Record<string, bigint>;
}

export interface SolvencyReport {
  kind: "solvency";
  chainId: bigint;
  blockNumber: number;
  blockTime: bigint;
  solvent: boolean;
  escrow: {
    address: string;
    solvent: boolean;
    tokens: TokenSolvency[];
    protocolFees: { token: string; amount: bigint }[];
    deals: { dealId: string; token: string; status: string; share: EscrowShare }[];
  };
  vault: {
    address: string;
    solvent: boolean;
    tokens: TokenSolvency[];
    deals: { dealId: string; token: string; share: VaultShare }[];
  };
  court: null | {
    address: string;
    solvent: boolean;
    tokens: TokenSolvency[];
    stakes: { mediator: string; stake: bigint; locked: bigint }[];
    balances: { account: string; token: string; amount: bigint }[];
    disputes: { disputeId: bigint; fees: bigint; penalties: bigint; appealFunds: bigint; total: bigint }[];
  };
}

/** Adds `amount` to `parts[part]` of the token's entry. */
class Ledger {
  private readonly entries = new Map<string, Record<string, bigint>>();
  add(token: string, part: string, amount: bigint): void {
    const key = getAddress(token);
    const parts = this.entries.get(key) ?? {};
    parts[part] = (parts[part] ?? 0n) + amount;
    this.entries.set(key, parts);
  }
  touch(token: string, parts: readonly string[]): void {
    for (const p of parts) this.add(token, p, 0n);
  }
  async settle(ctx: AuditContext, holder: string): Promise<TokenSolvency[]> {
    const out: TokenSolvency[] = [];
    for (const [token, parts] of this.entries) {
      const balance = await balanceOf(ctx, token, holder);
      const obligations = Object.values(parts).reduce((s, v) => s + v, 0n);
      out.push({ token: await tokenInfo(ctx, token), balance, obligations, surplus: balance - obligations, solvent: balance >= obligations, parts });
    }
    return out;
  }
}

/** Checks the solvency of the escrow, its holdback vault and the court. */
export async function auditSolvency(ctx: AuditContext): Promise<SolvencyReport> {
  // Escrow: every deal ever created, and the protocol fees of every token allowed or used.
  const escrowSource = { source: "escrow", address: ctx.addresses.escrow, iface: ctx.escrow.interface };
  const created = await readEvents(ctx, [escrowSource], [topicOf(ctx.escrow.interface, "DealCreated")]);
  const escrowLedger = new Ledger();
  const deals: SolvencyReport["escrow"]["deals"] = [];
  const tokens = new Set<string>();
  for (const e of created) {
    const dealId = (e.args.dealId as string).toLowerCase();
    const terms = e.args.terms as DealTerms;
    const token = getAddress(terms.token);
    tokens.add(token);
    const { words } = await readDealWords(ctx, dealId, terms);
    const share = escrowShareOf(words);
    escrowLedger.add(token, "deal credits", share.brandCredit + share.influencerCredit);
    escrowLedger.add(token, "open milestones", share.openMilestones);
    escrowLedger.add(token, "rights held", share.rightsHeld);
    escrowLedger.add(token, "arbitration fees", share.arbitrationFees);
    deals.push({ dealId, token, status: enumName(DEAL_STATUS, words.status), share });
  }
  for (const e of await readEvents(ctx, [escrowSource], [topicOf(ctx.escrow.interface, "TokenAllowed")])) tokens.add(getAddress(e.args.token as string));
  const protocolFees: SolvencyReport["escrow"]["protocolFees"] = [];
  for (const token of tokens) {
    const amount = await view<bigint>(ctx, ctx.escrow, "protocolFees", token);
    escrowLedger.touch(token, ["deal credits", "open milestones", "rights held", "arbitration fees"]);
    escrowLedger.add(token, "protocol fees", amount);
    protocolFees.push({ token, amount });
  }
  const escrowTokens = await escrowLedger.settle(ctx, ctx.addresses.escrow);

  // Vault: every holdback opened.
  const vaultAddress = await ctx.vault.getAddress();
  const vaultSource = { source: "vault", address: vaultAddress, iface: ctx.vault.interface };
  const vaultLedger = new Ledger();
  const vaultDeals: SolvencyReport["vault"]["deals"] = [];
  for (const e of await readEvents(ctx, [vaultSource], [topicOf(ctx.vault.interface, "HoldbackOpened")])) {
    const dealId = (e.args.dealId as string).toLowerCase();
    const token = getAddress((e.args.context as { token: string }).token);
    const { share } = await readVaultShare(ctx, dealId);
    vaultLedger.add(token, "held", share.held);
    vaultLedger.add(token, "credits", share.brandCredit + share.influencerCredit);
    vaultDeals.push({ dealId, token, share });
  }
  const vaultTokens = await vaultLedger.settle(ctx, vaultAddress);

  // Court: every mediator who ever staked, every account ever credited, every dispute.
  let court: SolvencyReport["court"] = null;
  if (ctx.court) {
    const c = ctx.court;
    const courtAddress = await c.getAddress();
    const courtSource = { source: "court", address: courtAddress, iface: c.interface };
    const stakeToken = getAddress(await view<string>(ctx, c, "stakeToken"));
    const feeToken = getAddress(await view<string>(ctx, c, "feeToken"));
    const ledger = new Ledger();
    ledger.touch(stakeToken, ["stakes", "lost stake held"]);
    ledger.touch(feeToken, ["round fees held", "appeal funds"]);
    const stakers = new Set<string>();
    for (const e of await readEvents(ctx, [courtSource], [topicOf(c.interface, "Staked")])) stakers.add(getAddress(e.args.mediator as string));
    const stakes: NonNullable<SolvencyReport["court"]>["stakes"] = [];
    for (const mediator of stakers) {
      const m = await view(ctx, c, "getMediator", mediator);
      stakes.push({ mediator, stake: m.stake as bigint, locked: m.locked as bigint });
      ledger.add(stakeToken, "stakes", m.stake as bigint);
    }
    const credited = new Map<string, { account: string; token: string }>();
    for (const e of await readEvents(ctx, [courtSource], [topicOf(c.interface, "Credited")])) {
      const account = getAddress(e.args.account as string);
      const token = getAddress(e.args.token as string);
      credited.set(`${account}:${token}`, { account, token });
    }
    const balances: NonNullable<SolvencyReport["court"]>["balances"] = [];
    for (const { account, token } of credited.values()) {
      const amount = await view<bigint>(ctx, c, "balanceOf", account, token);
      balances.push({ account, token, amount });
      ledger.add(token, "credited balances", amount);
    }
    const disputes: NonNullable<SolvencyReport["court"]>["disputes"] = [];
    const count = await view<bigint>(ctx, c, "disputeCount");
    for (let id = 0n; id < count; id++) {
      const h = await disputeHeld(ctx, id);
      ledger.add(feeToken, "round fees held", h.fees);
      ledger.add(stakeToken, "lost stake held", h.penalties);
      ledger.add(feeToken, "appeal funds", h.appealFunds);
      disputes.push({ disputeId: id, ...h, total: h.fees + h.penalties + h.appealFunds });
    }
    const courtTokens = await ledger.settle(ctx, courtAddress);
    court = { address: courtAddress, solvent: courtTokens.every((t) => t.solvent), tokens: courtTokens, stakes, balances, disputes };
  }

  const escrowSolvent = escrowTokens.every((t) => t.solvent);
  const vaultSolvent = vaultTokens.every((t) => t.solvent);
  return {
    kind: "solvency",
    chainId: ctx.chainId,
    blockNumber: ctx.blockNumber,
    blockTime: ctx.blockTime,
    solvent: escrowSolvent && vaultSolvent && (court?.solvent ?? true),
    escrow: { address: ctx.addresses.escrow, solvent: escrowSolvent, tokens: escrowTokens, protocolFees, deals },
    vault: { address: vaultAddress, solvent: vaultSolvent, tokens: vaultTokens, deals: vaultDeals },
    court,
  };
}

function tokenLines(tokens: readonly TokenSolvency[]): string[] {
  const lines: string[] = [];
  for (const t of tokens) {
    const $ = (v: bigint): string => money(v, t.token);
    lines.push(`  ${t.solvent ? "SOLVENT  " : "INSOLVENT"} ${t.token.symbol || t.token.address}: balance ${$(t.balance)}, obligations ${$(t.obligations)}, ` +
      `${t.surplus >= 0n ? `surplus ${$(t.surplus)}` : `SHORTFALL ${$(-t.surplus)}`}`);
    lines.push(`            = ${Object.entries(t.parts).map(([k, v]) => `${k} ${$(v)}`).join(" + ")}`);
  }
  return lines;
}

export function renderSolvency(r: SolvencyReport): string {
  const symbols = new Map<string, TokenInfo>();
  for (const t of [...r.escrow.tokens, ...r.vault.tokens, ...(r.court?.tokens ?? [])]) symbols.set(t.token.address, t.token);
  const $ = (v: bigint, token: string): string => money(v, symbols.get(getAddress(token)));
  const lines: string[] = [];
  lines.push(`Solvency at block ${r.blockNumber} (${when(r.blockTime)}), chain ${r.chainId}: ${r.solvent ? "SOLVENT" : "INSOLVENT"}`);
  lines.push("");
  lines.push(`Escrow ${r.escrow.address}: ${r.escrow.solvent ? "solvent" : "INSOLVENT"}`);
  lines.push(...tokenLines(r.escrow.tokens));
  lines.push(`  per deal (${r.escrow.deals.length}):`);
  for (const d of r.escrow.deals) {
    const s = d.share;
    lines.push(`    ${d.dealId} ${d.status.padEnd(8)} ${$(s.total, d.token).padStart(16)} = credits ${$(s.brandCredit + s.influencerCredit, d.token)}` +
      ` + open milestones ${$(s.openMilestones, d.token)} + rights ${$(s.rightsHeld, d.token)} + arbitration fees ${$(s.arbitrationFees, d.token)}`);
  }
  for (const p of r.escrow.protocolFees) lines.push(`    protocol fees ${$(p.amount, p.token)}`);
  lines.push("");
  lines.push(`Holdback vault ${r.vault.address}: ${r.vault.solvent ? "solvent" : "INSOLVENT"}`);
  lines.push(...tokenLines(r.vault.tokens));
  lines.push(`  per deal (${r.vault.deals.length}):`);
  for (const d of r.vault.deals) {
    const s = d.share;
    lines.push(`    ${d.dealId} ${$(s.total, d.token).padStart(16)} = held ${$(s.held, d.token)} + brand ${$(s.brandCredit, d.token)} + influencer ${$(s.influencerCredit, d.token)}`);
  }
  if (r.court) {
    const c = r.court;
    const stakeToken = c.tokens.find((t) => "stakes" in t.parts)?.token.address ?? "";
    const feeToken = c.tokens.find((t) => "round fees held" in t.parts)?.token.address ?? "";
    lines.push("");
    lines.push(`Court ${c.address}: ${c.solvent ? "solvent" : "INSOLVENT"}`);
    lines.push(...tokenLines(c.tokens));
    lines.push(`  per dispute (${c.disputes.length}):`);
    for (const d of c.disputes) {
      lines.push(`    dispute ${String(d.disputeId).padStart(4)} ${$(d.total, feeToken).padStart(16)} = round fees ${$(d.fees, feeToken)} + lost stake ${$(d.penalties, stakeToken)} + appeal funds ${$(d.appealFunds, feeToken)}`);
    }
    lines.push(`  stakes (${c.stakes.length} mediators):`);
    for (const s of c.stakes) lines.push(`    ${s.mediator} ${$(s.stake, stakeToken).padStart(16)} (locked ${$(s.locked, stakeToken)})`);
    lines.push(`  credited balances (${c.balances.length}):`);
    for (const b of c.balances) lines.push(`    ${b.account} ${$(b.amount, b.token).padStart(16)}`);
  }
  return lines.join("\n");
}
