// Reads of the deal page beyond useDeal: the chain's clock, per-milestone arbitrations, the exclusivity check, the
// holdback, ratings, allowances, and the merged timeline of every contract's events about the deal.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { pad, parseEventLogs, toHex, type Abi, type Address, type Client, type Hex } from "viem";
import { getBlock, readContract } from "viem/actions";
import {
  dealEscrowAbi,
  exclusivityRegistryAbi,
  holdbackVaultAbi,
  mediatorCourtAbi,
  mockUsdcAbi,
  reputationAbi,
  rightsCertificateAbi,
} from "../../config/abis.generated.ts";
import { contractsOn, type ContractKey } from "../../config/runtime.ts";
import { addressOf, blockTime, getRawLogs, useReadClient } from "../../lib/chain.ts";
import type { DealOffer } from "../../lib/deals.ts";
import { buildTimeline, disputeIdsOf, type RawEvent, type Source } from "./timeline.ts";

/** The chain's latest block time, and when it was read (ms), so a countdown can tick between reads. */
export function useChainClock() {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["chainClock", chainId],
    enabled: client !== undefined,
    refetchInterval: 3_000,
    queryFn: async () => {
      const block = await getBlock(client!, { blockTag: "latest" });
      return { time: Number(block.timestamp), block: block.number, readAt: Date.now() };
    },
  });
}

/**
 * Refreshes the given queries whenever the chain has a new block (seen by the clock), so that what the other party
 * just did shows within seconds instead of at the app's slower global refresh.
 */
export function useRefreshOnNewBlock(block: bigint | undefined, queryKeys: readonly (readonly unknown[])[]): void {
  const queryClient = useQueryClient();
  const seen = useRef<bigint | undefined>(undefined);
  const keys = useRef(queryKeys);
  keys.current = queryKeys;
  useEffect(() => {
    if (block === undefined) return;
    const first = seen.current === undefined;
    if (!first && seen.current === block) return;
    seen.current = block;
    if (first) return;
    for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey: [...queryKey] });
  }, [block, queryClient]);
}

/** The chain time now (seconds), extrapolated from the last read with the browser's clock. */
export function chainNow(clock: { time: number; readAt: number } | undefined): number {
  if (!clock) return Math.floor(Date.now() / 1000);
  return clock.time + Math.floor((Date.now() - clock.readAt) / 1000);
}

function deployed(chainId: number, key: ContractKey): boolean {
  return contractsOn(chainId)?.[key] !== undefined;
}

/** Arbitration records, holdback, exclusivity conflict and ratings of one deal. */
export function useDealExtras(offer: DealOffer | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["dealExtras", chainId, offer?.id],
    enabled: client !== undefined && offer !== undefined,
    queryFn: async () => {
      const c = client!;
      const o = offer!;
      const escrow = addressOf(chainId, "escrow");
      const arbitrations = await Promise.all(
        o.terms.milestones.map((_, i) =>
          readContract(c, { address: escrow, abi: dealEscrowAbi, functionName: "getArbitration", args: [o.id, BigInt(i)] }),
        ),
      );
      const hasExclusivity = o.terms.exclusiveUntil > 0;
      const conflict =
        hasExclusivity && deployed(chainId, "registry")
          ? await readContract(c, {
              address: addressOf(chainId, "registry"),
              abi: exclusivityRegistryAbi,
              functionName: "conflictOf",
              args: [o.influencer, o.brand, o.terms.exclusiveTopic, o.terms.exclusiveFrom, o.terms.exclusiveUntil],
            })
          : undefined;
      let holdback: { held: bigint; brandCredit: bigint; influencerCredit: bigint; status: number } | undefined;
      if (o.terms.holdbackBps > 0 && deployed(chainId, "vault")) {
        const vault = addressOf(chainId, "vault");
        const [h, influencerCredit] = await Promise.all([
          readContract(c, { address: vault, abi: holdbackVaultAbi, functionName: "getHoldback", args: [o.id] }),
          readContract(c, { address: vault, abi: holdbackVaultAbi, functionName: "influencerCredit", args: [o.id] }),
        ]);
        holdback = { held: h.held, brandCredit: h.brandCredit, influencerCredit, status: h.status };
      }
      let ratings: { recorded: boolean; brandRated: boolean; influencerRated: boolean } | undefined;
      if (deployed(chainId, "reputation")) {
        const reputation = addressOf(chainId, "reputation");
        const [recorded, brandRated, influencerRated] = await Promise.all([
          readContract(c, { address: reputation, abi: reputationAbi, functionName: "isRecorded", args: [o.id] }),
          readContract(c, { address: reputation, abi: reputationAbi, functionName: "hasRated", args: [o.id, 1] }),
          readContract(c, { address: reputation, abi: reputationAbi, functionName: "hasRated", args: [o.id, 2] }),
        ]);
        ratings = { recorded, brandRated, influencerRated };
      }
      return { arbitrations, conflict: conflict === undefined ? undefined : (conflict as Hex), holdback, ratings };
    },
  });
}

/** An ERC-20 allowance and balance of `owner` for `spender`. */
export async function readAllowance(client: Client, token: Address, owner: Address, spender: Address) {
  const [allowance, balance] = await Promise.all([
    readContract(client, { address: token, abi: mockUsdcAbi, functionName: "allowance", args: [owner, spender] }),
    readContract(client, { address: token, abi: mockUsdcAbi, functionName: "balanceOf", args: [owner] }),
  ]);
  return { allowance, balance };
}

const COURT_EVENTS = new Set([
  "DisputeOpened",
  "NewPeriod",
  "Evidence",
  "RoundRuled",
  "AppealFunded",
  "AppealDecision",
  "EmptyPool",
  "RulingDeliveryFailed",
]);

async function eventsOf(client: Client, chainId: number, key: ContractKey, source: Source, abi: Abi, topic1: Hex): Promise<RawEvent[]> {
  if (!deployed(chainId, key)) return [];
  const logs = await getRawLogs(client, chainId, key, [null, topic1]);
  return parseEventLogs({ abi, logs, strict: false }).map((log) => ({
    source,
    eventName: (log as { eventName: string }).eventName,
    args: ((log as { args?: unknown }).args ?? {}) as Record<string, unknown>,
    blockNumber: log.blockNumber ?? 0n,
    logIndex: log.logIndex ?? 0,
    transactionHash: log.transactionHash ?? "0x",
  }));
}

/** Every event about the deal: escrow, vault, registry, certificate (token id = deal id), reputation and court. */
export function useDealTimeline(dealId: Hex | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["dealTimeline", chainId, dealId],
    enabled: client !== undefined && dealId !== undefined,
    queryFn: async () => {
      const c = client!;
      const id = dealId!;
      const groups = await Promise.all([
        eventsOf(c, chainId, "escrow", "escrow", dealEscrowAbi, id),
        eventsOf(c, chainId, "vault", "vault", holdbackVaultAbi, id),
        eventsOf(c, chainId, "registry", "registry", exclusivityRegistryAbi, id),
        eventsOf(c, chainId, "certificate", "certificate", rightsCertificateAbi, id),
        eventsOf(c, chainId, "reputation", "reputation", reputationAbi, id),
      ]);
      const own = groups.flat();
      const disputes = disputeIdsOf(own);
      const court = (
        await Promise.all(disputes.map((d) => eventsOf(c, chainId, "court", "court", mediatorCourtAbi, pad(toHex(d), { size: 32 }))))
      )
        .flat()
        .filter((e) => COURT_EVENTS.has(e.eventName));
      const all = [...own, ...court].filter((e) => e.source !== "certificate" || e.eventName === "CertificateMinted");
      const times = new Map<bigint, number>();
      await Promise.all(
        [...new Set(all.map((e) => e.blockNumber))].map(async (b) => times.set(b, Number(await blockTime(c, chainId, b)))),
      );
      return buildTimeline(all.map((e) => ({ ...e, time: times.get(e.blockNumber) })));
    },
  });
}
