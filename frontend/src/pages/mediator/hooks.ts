// Chain reads of the mediator pages: the court's parameters, a mediator's stake, pools, history and credits, the
// disputes where an account holds seats, and one dispute with its deal's brief, deliverable and evidence.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { getAbiItem, type Address, type Hex } from "viem";
import { readContract } from "viem/actions";
import { useBlock } from "wagmi";
import { dealEscrowAbi, mediatorCourtAbi, mockUsdcAbi, randomnessAbi } from "../../config/abis.generated.ts";
import { contractsOn } from "../../config/runtime.ts";
import { addressOf, blockTime, getEvents, useReadClient } from "../../lib/chain.ts";
import { getDocument } from "../../lib/docs.ts";
import { Period, poolOfKey, seatsOf } from "./logic.ts";

const ev = {
  staked: getAbiItem({ abi: mediatorCourtAbi, name: "Staked" }),
  withdrawn: getAbiItem({ abi: mediatorCourtAbi, name: "Withdrawn" }),
  exitRequested: getAbiItem({ abi: mediatorCourtAbi, name: "ExitRequested" }),
  joined: getAbiItem({ abi: mediatorCourtAbi, name: "PoolJoined" }),
  left: getAbiItem({ abi: mediatorCourtAbi, name: "PoolLeft" }),
  drawn: getAbiItem({ abi: mediatorCourtAbi, name: "Drawn" }),
  opened: getAbiItem({ abi: mediatorCourtAbi, name: "DisputeOpened" }),
  evidence: getAbiItem({ abi: mediatorCourtAbi, name: "Evidence" }),
  committed: getAbiItem({ abi: mediatorCourtAbi, name: "Committed" }),
  revealed: getAbiItem({ abi: mediatorCourtAbi, name: "Revealed" }),
  ruled: getAbiItem({ abi: mediatorCourtAbi, name: "RoundRuled" }),
  penalized: getAbiItem({ abi: mediatorCourtAbi, name: "Penalized" }),
  rewarded: getAbiItem({ abi: mediatorCourtAbi, name: "Rewarded" }),
  paid: getAbiItem({ abi: mediatorCourtAbi, name: "Paid" }),
  credited: getAbiItem({ abi: mediatorCourtAbi, name: "Credited" }),
  claimed: getAbiItem({ abi: mediatorCourtAbi, name: "Claimed" }),
  submitted: getAbiItem({ abi: dealEscrowAbi, name: "DeliverableSubmitted" }),
  finalized: getAbiItem({ abi: dealEscrowAbi, name: "MilestoneFinalized" }),
};

/** The chain's time, ticking every second between blocks (so countdowns move, and follow time travel). */
export function useChainNow(): bigint | undefined {
  const block = useBlock({ watch: true });
  const [seen, setSeen] = useState<{ timestamp: bigint; at: number }>();
  const [tick, setTick] = useState(0);
  const timestamp = block.data?.timestamp;
  useEffect(() => {
    if (timestamp !== undefined) setSeen({ timestamp, at: Date.now() });
  }, [timestamp]);
  useEffect(() => {
    const id = window.setInterval(() => setTick((n) => n + 1), 1_000);
    return () => window.clearInterval(id);
  }, []);
  if (!seen) return undefined;
  void tick;
  return seen.timestamp + BigInt(Math.max(0, Math.floor((Date.now() - seen.at) / 1_000)));
}

/** The court's current parameters, exit delay and tokens (with their decimals and symbols). */
export function useCourt() {
  const { chainId, client } = useReadClient();
  const deployed = contractsOn(chainId)?.court !== undefined;
  return useQuery({
    queryKey: ["mediator", "court", chainId],
    enabled: client !== undefined && deployed,
    queryFn: async () => {
      const court = addressOf(chainId, "court");
      const read = <const F extends "params" | "exitDelay" | "stakeToken" | "feeToken">(functionName: F) =>
        readContract(client!, { address: court, abi: mediatorCourtAbi, functionName });
      const [params, exitDelay, stakeToken, feeToken] = await Promise.all([read("params"), read("exitDelay"), read("stakeToken"), read("feeToken")]);
      const tokenInfo = async (token: Address) => {
        const [decimals, symbol] = await Promise.all([
          readContract(client!, { address: token, abi: mockUsdcAbi, functionName: "decimals" }),
          readContract(client!, { address: token, abi: mockUsdcAbi, functionName: "symbol" }),
        ]);
        return { address: token, decimals, symbol };
      };
      const [stake, fee] = await Promise.all([tokenInfo(stakeToken), tokenInfo(feeToken)]);
      return { court, params, exitDelay, stakeToken: stake, feeToken: fee };
    },
  });
}

export interface PoolInfo {
  readonly key: number;
  readonly language: string;
  readonly topic: number;
  readonly weight: bigint;
  readonly mediators: bigint;
}

export type HistoryEntry = {
  readonly kind: "staked" | "withdrawn" | "exit" | "joined" | "left" | "penalized" | "rewarded" | "paid" | "credited" | "claimed";
  readonly blockNumber: bigint;
  readonly amount?: bigint;
  readonly amount2?: bigint;
  readonly disputeId?: bigint;
  readonly round?: bigint;
  readonly pool?: { readonly language: string; readonly topic: number };
  readonly to?: Address;
  readonly at?: bigint;
};

/** A mediator's stake, pools (with their sizes), token balance and allowance, credits and history. */
export function useMediator(account: Address | undefined, tokens: { stake: Address; fee: Address } | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["mediator", "me", chainId, account, tokens?.stake, tokens?.fee],
    enabled: client !== undefined && account !== undefined && tokens !== undefined,
    queryFn: async () => {
      const c = client!;
      const me = account!;
      const court = addressOf(chainId, "court");
      const [mediator, poolKeys, balance, allowance, creditedFee, creditedStake] = await Promise.all([
        readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "getMediator", args: [me] }),
        readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "poolsOf", args: [me] }),
        readContract(c, { address: tokens!.stake, abi: mockUsdcAbi, functionName: "balanceOf", args: [me] }),
        readContract(c, { address: tokens!.stake, abi: mockUsdcAbi, functionName: "allowance", args: [me, court] }),
        readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "balanceOf", args: [me, tokens!.fee] }),
        tokens!.stake.toLowerCase() === tokens!.fee.toLowerCase()
          ? Promise.resolve(0n)
          : readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "balanceOf", args: [me, tokens!.stake] }),
      ]);
      const pools: PoolInfo[] = await Promise.all(
        poolKeys.map(async (key) => {
          const { language, topic } = poolOfKey(key);
          const languageHex = `0x${(key >> 8).toString(16).padStart(4, "0")}` as Hex;
          const [weight, mediators] = await readContract(c, {
            address: court,
            abi: mediatorCourtAbi,
            functionName: "poolTotal",
            args: [languageHex, topic],
          });
          return { key, language, topic, weight, mediators };
        }),
      );
      const by = { mediator: me };
      const [staked, withdrawn, exits, joined, left, penalized, rewarded, paid, credited, claimed] = await Promise.all([
        getEvents(c, chainId, "court", ev.staked, by),
        getEvents(c, chainId, "court", ev.withdrawn, by),
        getEvents(c, chainId, "court", ev.exitRequested, by),
        getEvents(c, chainId, "court", ev.joined, by),
        getEvents(c, chainId, "court", ev.left, by),
        getEvents(c, chainId, "court", ev.penalized, by),
        getEvents(c, chainId, "court", ev.rewarded, by),
        getEvents(c, chainId, "court", ev.paid, { account: me }),
        getEvents(c, chainId, "court", ev.credited, { account: me }),
        getEvents(c, chainId, "court", ev.claimed, { account: me }),
      ]);
      const poolName = (language: Hex, topic: number) => ({ language: poolOfKey(Number.parseInt(language.slice(2, 6), 16) << 8).language, topic });
      const history: HistoryEntry[] = [
        ...staked.map((l) => ({ kind: "staked" as const, blockNumber: l.blockNumber, amount: l.args.amount, amount2: l.args.stake })),
        ...withdrawn.map((l) => ({ kind: "withdrawn" as const, blockNumber: l.blockNumber, amount: l.args.amount, to: l.args.to })),
        ...exits.map((l) => ({ kind: "exit" as const, blockNumber: l.blockNumber, at: l.args.allowedAt })),
        ...joined.map((l) => ({ kind: "joined" as const, blockNumber: l.blockNumber, pool: poolName(l.args.language, l.args.topic) })),
        ...left.map((l) => ({ kind: "left" as const, blockNumber: l.blockNumber, pool: poolName(l.args.language, l.args.topic) })),
        // A coherent vote is "penalized" by zero: only real penalties are listed.
        ...penalized.filter((l) => l.args.penalty > 0n).map((l) => ({
          kind: "penalized" as const,
          blockNumber: l.blockNumber,
          amount: l.args.penalty,
          disputeId: l.args.disputeId,
          round: l.args.round,
        })),
        ...rewarded.map((l) => ({
          kind: "rewarded" as const,
          blockNumber: l.blockNumber,
          amount: l.args.fee,
          amount2: l.args.stakeReward,
          disputeId: l.args.disputeId,
          round: l.args.round,
        })),
        ...paid.map((l) => ({ kind: "paid" as const, blockNumber: l.blockNumber, amount: l.args.amount })),
        ...credited.map((l) => ({ kind: "credited" as const, blockNumber: l.blockNumber, amount: l.args.amount })),
        ...claimed.map((l) => ({ kind: "claimed" as const, blockNumber: l.blockNumber, amount: l.args.amount, to: l.args.to })),
      ].sort((a, b) => (a.blockNumber < b.blockNumber ? 1 : a.blockNumber > b.blockNumber ? -1 : 0));
      const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
      return {
        mediator,
        pools,
        balance,
        allowance,
        creditedFee,
        creditedStake,
        history,
        totals: {
          rewards: sum(rewarded.map((l) => l.args.fee + l.args.stakeReward)),
          penalties: sum(penalized.map((l) => l.args.penalty)),
        },
      };
    },
  });
}

/** Sizes of any pool (for the join form's preview). */
export function usePoolTotal(language: Hex | undefined, topic: number | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["mediator", "pool", chainId, language, topic],
    enabled: client !== undefined && language !== undefined && topic !== undefined && contractsOn(chainId)?.court !== undefined,
    queryFn: async () => {
      const [weight, mediators] = await readContract(client!, {
        address: addressOf(chainId, "court"),
        abi: mediatorCourtAbi,
        functionName: "poolTotal",
        args: [language!, topic!],
      });
      return { weight, mediators };
    },
  });
}

/** Every dispute where `account` holds seats (from the Drawn events), with the rounds and seats. */
export function useAssignedDisputes(account: Address | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["mediator", "assigned", chainId, account],
    enabled: client !== undefined && account !== undefined && contractsOn(chainId)?.court !== undefined,
    refetchInterval: 15_000,
    queryFn: async () => {
      const logs = await getEvents(client!, chainId, "court", ev.drawn, { mediator: account });
      const byDispute = new Map<bigint, { disputeId: bigint; rounds: Map<bigint, bigint[]> }>();
      for (const log of logs) {
        const entry = byDispute.get(log.args.disputeId) ?? { disputeId: log.args.disputeId, rounds: new Map<bigint, bigint[]>() };
        entry.rounds.set(log.args.round, [...(entry.rounds.get(log.args.round) ?? []), log.args.voteId]);
        byDispute.set(log.args.disputeId, entry);
      }
      const court = addressOf(chainId, "court");
      return Promise.all(
        [...byDispute.values()]
          .sort((a, b) => (a.disputeId < b.disputeId ? 1 : -1))
          .map(async (entry) => {
            const info = await readContract(client!, { address: court, abi: mediatorCourtAbi, functionName: "getDispute", args: [entry.disputeId] });
            return { disputeId: entry.disputeId, rounds: entry.rounds, info };
          }),
      );
    },
  });
}

export interface BriefQuestionText {
  readonly text: string;
  readonly options: readonly string[];
  readonly compliant: readonly number[];
  readonly weight: number;
}

export interface BriefView {
  readonly title?: string;
  readonly summary?: string;
  readonly brand?: { readonly name?: string };
  readonly language?: string;
  readonly milestones?: readonly { readonly title?: string; readonly deliverables?: readonly { channel?: string; format?: string; description?: string }[] }[];
  readonly acceptance?: { readonly questions?: readonly BriefQuestionText[] };
  readonly exclusivity?: { readonly holdback?: { readonly breachQuestions?: readonly BriefQuestionText[] } };
  readonly guidelines?: { readonly text?: string; readonly do?: readonly string[]; readonly dont?: readonly string[]; readonly disclosure?: string };
}

export interface DeliverableView {
  readonly items?: readonly { channel?: string; format?: string; url?: string; postedAt?: number; note?: string }[];
  readonly note?: string;
}

export interface EvidenceView {
  readonly name?: string;
  readonly description?: string;
  readonly party?: string;
  readonly files?: readonly { name?: string; uri?: string; cid?: string; url?: string }[];
}

type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

async function load<T>(ref: string): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await getDocument<T>(ref) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** One dispute: header, parameters, current round with its seats, the deal's context and documents. */
export function useDisputeDetail(disputeId: bigint | undefined, account: Address | undefined) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["mediator", "dispute", chainId, disputeId?.toString(), account],
    enabled: client !== undefined && disputeId !== undefined && contractsOn(chainId)?.court !== undefined,
    // Other mediators, the parties and the keeper move the dispute too.
    refetchInterval: 5_000,
    queryFn: async () => {
      const c = client!;
      const id = disputeId!;
      const court = addressOf(chainId, "court");
      const [info, params] = await Promise.all([
        readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "getDispute", args: [id] }),
        readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "getDisputeParams", args: [id] }),
      ]);
      if (info.period === Period.None) return null;
      const roundIndex = BigInt(info.round);
      const rounds = await Promise.all(
        Array.from({ length: info.round + 1 }, (_, r) =>
          readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "getRound", args: [id, BigInt(r)] }),
        ),
      );
      const round = rounds[info.round]!;
      const votes = await Promise.all(
        Array.from({ length: round.drawn }, async (_, v) => {
          const vote = await readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "getVote", args: [id, roundIndex, BigInt(v)] });
          return { voteId: BigInt(v), ...vote };
        }),
      );
      let randomnessReady = false;
      if (info.period === Period.Drawing && round.randomnessRequestId !== 0n) {
        const randomness = contractsOn(chainId)?.randomness?.address;
        if (randomness) {
          const word = await readContract(c, { address: randomness, abi: randomnessAbi, functionName: "randomWord", args: [round.randomnessRequestId] });
          randomnessReady = word !== 0n;
        }
      }
      const myCommitment = account
        ? await readContract(c, { address: court, abi: mediatorCourtAbi, functionName: "commitmentOf", args: [id, roundIndex, account] })
        : undefined;
      const opened = (await getEvents(c, chainId, "court", ev.opened, { disputeId: id }))[0];
      const context = opened?.args.context;
      const evidenceLogs = await getEvents(c, chainId, "court", ev.evidence, { _externalDisputeID: id });
      const revealedLogs = await getEvents(c, chainId, "court", ev.revealed, { disputeId: id });
      const ruledLogs = await getEvents(c, chainId, "court", ev.ruled, { disputeId: id });
      const [brief, deliverable, evidence] = await Promise.all([
        context ? load<BriefView>(context.briefHash) : Promise.resolve(undefined),
        (async () => {
          if (!context) return undefined;
          const subs = await getEvents(c, chainId, "escrow", ev.submitted, { dealId: context.dealId, milestone: BigInt(context.milestone) });
          const last = subs[subs.length - 1];
          if (!last) return undefined;
          return { uri: last.args.contentURI, hash: last.args.contentHash, doc: await load<DeliverableView>(last.args.contentHash) };
        })(),
        Promise.all(
          evidenceLogs.map(async (log) => {
            const uri = log.args._evidence;
            const at = await blockTime(c, chainId, log.blockNumber);
            const party: "brand" | "influencer" | "other" =
              log.args._party.toLowerCase() === info.brand.toLowerCase()
                ? "brand"
                : log.args._party.toLowerCase() === info.influencer.toLowerCase()
                  ? "influencer"
                  : "other";
            const doc = /^(ipfs:\/\/)?bafkrei[a-z2-7]{52}$/.test(uri) || /^0x[0-9a-fA-F]{64}$/.test(uri) ? await load<EvidenceView>(uri) : undefined;
            return { uri, party, at, doc };
          }),
        ),
      ]);
      let payout: { toInfluencer: bigint; toBrand: bigint; shareBps: number } | undefined;
      if (context) {
        const finals = await getEvents(c, chainId, "escrow", ev.finalized, { dealId: context.dealId, milestone: BigInt(context.milestone) });
        const f = finals[finals.length - 1];
        if (f) payout = { toInfluencer: f.args.toInfluencer, toBrand: f.args.toBrand, shareBps: f.args.influencerShareBps };
      }
      return {
        id,
        info,
        params,
        rounds,
        round,
        votes,
        mySeats: account ? seatsOf(votes, account) : [],
        myCommitment,
        randomnessReady,
        context,
        brief,
        deliverable,
        evidence,
        revealed: revealedLogs.filter((l) => l.args.round === roundIndex).map((l) => ({ mediator: l.args.mediator, answers: l.args.answers })),
        ruled: ruledLogs.map((l) => ({ round: l.args.round, shareBps: l.args.shareBps, consensus: l.args.consensus })),
        payout,
      };
    },
  });
}

export type DisputeDetail = NonNullable<ReturnType<typeof useDisputeDetail>["data"]>;
