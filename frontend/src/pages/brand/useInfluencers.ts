// The profiles of every account (Profiles events, documents from the store verified against their on-chain hash)
// with their reputation (Reputation counters and average rating). Shared by the browse page and the offer builder.
import { useQuery } from "@tanstack/react-query";
import { getAbiItem, type Address, type Hex } from "viem";
import { getBlock, readContract } from "viem/actions";
import { profilesAbi, reputationAbi } from "../../config/abis.generated.ts";
import { addressOf, getEvents, useReadClient } from "../../lib/chain.ts";
import { getDocument } from "../../lib/docs.ts";
import { latestProfiles, readProfile, type InfluencerCard } from "./profiles.ts";

const profileUpdated = getAbiItem({ abi: profilesAbi, name: "ProfileUpdated" });

export interface ProfilesResult {
  readonly cards: InfluencerCard[];
  /** Accounts whose document could not be read or verified. */
  readonly unreadable: { account: Address; uri: string; hash: Hex }[];
}

export function useProfiles() {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["profiles", chainId],
    enabled: client !== undefined,
    queryFn: async (): Promise<ProfilesResult> => {
      const logs = await getEvents(client!, chainId, "profiles", profileUpdated);
      const latest = latestProfiles(logs.map((l) => ({ ...l.args })));
      const reputation = addressOf(chainId, "reputation");
      const unreadable: ProfilesResult["unreadable"] = [];
      const cards = await Promise.all(
        latest.map(async (e): Promise<InfluencerCard | undefined> => {
          let profile;
          try {
            profile = readProfile(await getDocument(e.metadataHash));
          } catch {
            profile = undefined;
          }
          if (!profile) {
            unreadable.push({ account: e.account, uri: e.uri, hash: e.metadataHash });
            return undefined;
          }
          const [stats, average] = await Promise.all([
            readContract(client!, { address: reputation, abi: reputationAbi, functionName: "statsOf", args: [e.account] }),
            readContract(client!, { address: reputation, abi: reputationAbi, functionName: "averageRating", args: [e.account] }),
          ]);
          return {
            account: e.account,
            profile,
            dealsCompleted: stats.dealsCompleted,
            dealsClosed: stats.dealsClosed,
            ratingCount: stats.ratingCount,
            averageRating: Number(average),
          };
        }),
      );
      return { cards: cards.filter((c): c is InfluencerCard => c !== undefined), unreadable };
    },
  });
}

/** The chain's latest block time (dates are checked against it, as the contracts do). */
export function useChainNow() {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["chainNow", chainId],
    enabled: client !== undefined,
    queryFn: async () => (await getBlock(client!)).timestamp,
  });
}
