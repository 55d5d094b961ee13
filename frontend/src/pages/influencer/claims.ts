// "Claim all" for the influencer: which transactions send every credit to one address — one escrow claimMany per
// token (the escrow takes deals of one token per call) and one vault claim per deal with a holdback credit.
import type { Address, Hex } from "viem";
import type { DealKey, DealTerms } from "../../lib/deals.ts";
import { claimManyCall, holdbackClaimCall } from "../deal/calls.ts";

export interface CreditRow {
  readonly dealId: Hex;
  readonly key: DealKey;
  readonly terms: DealTerms;
  readonly influencerCredit: bigint;
  readonly holdbackCredit: bigint;
}

export interface ClaimAllPlan {
  readonly escrow: readonly { readonly token: Address; readonly amount: bigint; readonly call: ReturnType<typeof claimManyCall> }[];
  readonly vault: readonly { readonly dealId: Hex; readonly amount: bigint; readonly call: ReturnType<typeof holdbackClaimCall> }[];
  readonly total: bigint;
}

export function planClaimAll(rows: readonly CreditRow[], to: Address): ClaimAllPlan {
  const byToken = new Map<string, CreditRow[]>();
  for (const row of rows) {
    if (row.influencerCredit <= 0n) continue;
    const token = row.key.token.toLowerCase();
    byToken.set(token, [...(byToken.get(token) ?? []), row]);
  }
  const escrow = [...byToken.values()].map((group) => ({
    token: group[0]!.key.token,
    amount: group.reduce((sum, r) => sum + r.influencerCredit, 0n),
    call: claimManyCall(
      group.map((r) => r.key),
      to,
    ),
  }));
  const vault = rows
    .filter((r) => r.holdbackCredit > 0n)
    .map((r) => ({ dealId: r.dealId, amount: r.holdbackCredit, call: holdbackClaimCall(r.dealId, r.terms, to) }));
  const total = escrow.reduce((s, e) => s + e.amount, 0n) + vault.reduce((s, v) => s + v.amount, 0n);
  return { escrow, vault, total };
}
