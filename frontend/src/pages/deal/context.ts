// What every part of the deal page shares: the deal as read, who is looking, and the chain's clock.
import type { Address } from "viem";
import type { Lang } from "../../i18n/index.tsx";
import type { Translate } from "../../i18n/index.tsx";
import type { wagmiConfig } from "../../wagmi.ts";
import type { DealOffer } from "../../lib/deals.ts";
import type { DealKeyName } from "./messages.ts";
import type { Role } from "./schedule.ts";

export interface DealView {
  readonly offer: DealOffer;
  readonly state: {
    readonly status: number;
    readonly openMilestones: number;
    readonly brandCredit: bigint;
    readonly influencerCredit: bigint;
    readonly closedAt: number;
    readonly completed: boolean;
  };
  readonly milestones: readonly {
    readonly status: number;
    readonly revisions: number;
    readonly deadline: number;
    readonly settlementProposer: number;
    readonly settlementShareBps: number;
    readonly delivered: boolean;
    readonly contentDigest: `0x${string}`;
  }[];
}

export interface PageContext {
  readonly deal: DealView;
  readonly role: Role;
  readonly account: Address | undefined;
  readonly chainId: AppChainId;
  readonly now: number;
  readonly t: Translate<DealKeyName>;
  readonly lang: Lang;
}

/** A chain id of the app's wagmi configuration (what `tx.send` takes). */
export type AppChainId = (typeof wagmiConfig)["chains"][number]["id"];
