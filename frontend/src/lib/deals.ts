// Deals as the app reads them: the offer (terms and criteria) from its DealCreated event, the live state from the
// escrow's views, and the history from every escrow event that names the deal. The subgraph (issue 7) will answer the
// same hooks from its index when configured.
import { useQuery } from "@tanstack/react-query";
import { getAbiItem, parseEventLogs, type Address, type Hex } from "viem";
import { readContract } from "viem/actions";
import { dealEscrowAbi } from "../config/abis.generated.ts";
import { addressOf, getEvents, getRawLogs, useReadClient } from "./chain.ts";

const dealCreatedEvent = getAbiItem({ abi: dealEscrowAbi, name: "DealCreated" });

export type DealCreatedArgs = NonNullable<
  ReturnType<typeof parseEventLogs<typeof dealEscrowAbi, true, "DealCreated">>[number]["args"]
>;
export type DealTerms = DealCreatedArgs["terms"];
export type DealKey = DealCreatedArgs["key"];
export type Question = DealCreatedArgs["criteria"][number];

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

export interface DealOffer {
  readonly id: Hex;
  readonly brand: Address;
  readonly influencer: Address;
  readonly key: DealKey;
  readonly terms: DealTerms;
  readonly criteria: readonly Question[];
  readonly total: bigint;
  readonly blockNumber: bigint;
  readonly transactionHash: Hex;
}

/** Every deal offered on the escrow, newest first. */
export function useDeals() {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["deals", chainId],
    enabled: client !== undefined,
    queryFn: async (): Promise<DealOffer[]> => {
      const logs = await getEvents(client!, chainId, "escrow", dealCreatedEvent);
      return logs
        .map((log) => ({
          id: log.args.dealId,
          brand: log.args.brand,
          influencer: log.args.influencer,
          key: log.args.key,
          terms: log.args.terms,
          criteria: log.args.criteria,
          total: log.args.total,
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
        }))
        .reverse();
    },
  });
}

/** One deal's offer, state and milestones. */
export function useDeal(dealId: Hex | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["deal", chainId, dealId],
    enabled: client !== undefined && dealId !== undefined,
    queryFn: async () => {
      const logs = await getEvents(client!, chainId, "escrow", dealCreatedEvent, { dealId });
      const created = logs[0];
      if (!created) return null;
      const escrow = addressOf(chainId, "escrow");
      const state = await readContract(client!, { address: escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [dealId!] });
      const milestones = await Promise.all(
        created.args.terms.milestones.map((_, i) =>
          readContract(client!, { address: escrow, abi: dealEscrowAbi, functionName: "getMilestone", args: [dealId!, BigInt(i)] }),
        ),
      );
      const offer: DealOffer = {
        id: created.args.dealId,
        brand: created.args.brand,
        influencer: created.args.influencer,
        key: created.args.key,
        terms: created.args.terms,
        criteria: created.args.criteria,
        total: created.args.total,
        blockNumber: created.blockNumber,
        transactionHash: created.transactionHash,
      };
      return { offer, state, milestones };
    },
  });
}

/** Every escrow event about one deal, in chain order (decoded). */
export function useDealEvents(dealId: Hex | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["dealEvents", chainId, dealId],
    enabled: client !== undefined && dealId !== undefined,
    queryFn: async () => {
      const logs = await getRawLogs(client!, chainId, "escrow", [null, dealId!]);
      return parseEventLogs({ abi: dealEscrowAbi, logs });
    },
  });
}
