// Reads new events into the state: the escrow's DealCreated (the terms and criteria every escrow call needs) and
// DeliverableSubmitted (the content hashes a rights certificate needs), and, on a local chain, the VRF coordinator
// mock's RandomWordsRequested. Disputes need no events: the court numbers them, and its views say where each stands.
import type { EventLog, Log, ParamType, Provider, Result } from "ethers";
import { ZERO_HASH, type Question } from "../terms.ts";
import type { KeeperContracts } from "./contracts.ts";
import { keeperInterfaces } from "./contracts.ts";
import type { KeeperState, StoredTerms } from "./state.ts";

/** A decoded ABI value as plain JSON: tuples as objects with the ABI's names, integers as decimal strings. */
export function plainJson(value: unknown, type: ParamType): unknown {
  if (type.isTuple()) {
    const result = value as Result;
    return Object.fromEntries(type.components.map((c, i) => [c.name, plainJson(result[i], c)]));
  }
  if (type.isArray()) return [...(value as Result)].map((v) => plainJson(v, type.arrayChildren));
  if (typeof value === "bigint") return value.toString();
  return value;
}

function arg(log: EventLog | { fragment: EventLog["fragment"]; args: Result }, name: string): unknown {
  const index = log.fragment.inputs.findIndex((input) => input.name === name);
  const input = log.fragment.inputs[index];
  if (!input) throw new Error(`event ${log.fragment.name} has no argument ${name}`);
  return plainJson(log.args[index], input);
}

export interface ScanOptions {
  /** Blocks per eth_getLogs request. */
  logRange: number;
  /** Blocks left unread behind the head (reorg safety on live networks). */
  confirmations: number;
}

export interface ScanResult {
  fromBlock: number;
  toBlock: number;
  deals: number;
  submissions: number;
  vrfRequests: number;
}

async function logsOf(provider: Provider, address: string, topics: string[], fromBlock: number, toBlock: number, range: number): Promise<Log[]> {
  const logs: Log[] = [];
  for (let start = fromBlock; start <= toBlock; start += range) {
    const end = Math.min(toBlock, start + range - 1);
    logs.push(...(await provider.getLogs({ address, topics: [topics], fromBlock: start, toBlock: end })));
  }
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** Reads the events of the blocks after `state.lastBlock` up to the head (less the confirmations) into `state`. */
export async function scanEvents(
  provider: Provider,
  contracts: KeeperContracts,
  state: KeeperState,
  options: ScanOptions,
): Promise<ScanResult> {
  const head = await provider.getBlockNumber();
  const toBlock = head - options.confirmations;
  const fromBlock = state.lastBlock + 1;
  const result: ScanResult = { fromBlock, toBlock, deals: 0, submissions: 0, vrfRequests: 0 };
  if (toBlock < fromBlock) return result;
  const i = keeperInterfaces();
  const created = i.escrow.getEvent("DealCreated");
  const submitted = i.escrow.getEvent("DeliverableSubmitted");
  if (!created || !submitted) throw new Error("keeper: the escrow ABI lacks DealCreated or DeliverableSubmitted");
  const escrowLogs = await logsOf(provider, contracts.addresses.escrow, [created.topicHash, submitted.topicHash], fromBlock, toBlock, options.logRange);
  for (const log of escrowLogs) {
    const parsed = i.escrow.parseLog(log);
    if (!parsed) continue;
    const event = { fragment: parsed.fragment, args: parsed.args };
    const dealId = (arg(event, "dealId") as string).toLowerCase();
    if (parsed.name === "DealCreated") {
      const terms = arg(event, "terms") as StoredTerms;
      state.deals[dealId] ??= {
        terms,
        criteria: (arg(event, "criteria") as { optionCount: string; compliantMask: string; weight: string }[]).map(
          (q): Question => ({ optionCount: Number(q.optionCount), compliantMask: Number(q.compliantMask), weight: Number(q.weight) }),
        ),
        block: log.blockNumber,
        contentHashes: terms.milestones.map(() => ZERO_HASH),
        finished: false,
      };
      result.deals += 1;
    } else {
      const deal = state.deals[dealId];
      const milestone = Number(arg(event, "milestone"));
      if (deal && milestone < deal.contentHashes.length) deal.contentHashes[milestone] = arg(event, "contentHash") as string;
      result.submissions += 1;
    }
  }
  if (contracts.vrfMock && contracts.addresses.vrfMock) {
    const requested = i.vrf.getEvent("RandomWordsRequested");
    if (!requested) throw new Error("keeper: the VRF mock ABI lacks RandomWordsRequested");
    for (const log of await logsOf(provider, contracts.addresses.vrfMock, [requested.topicHash], fromBlock, toBlock, options.logRange)) {
      const parsed = i.vrf.parseLog(log);
      if (!parsed) continue;
      const event = { fragment: parsed.fragment, args: parsed.args };
      const requestId = arg(event, "requestId") as string;
      state.vrfRequests[requestId] ??= { consumer: arg(event, "sender") as string, block: log.blockNumber, done: false };
      result.vrfRequests += 1;
    }
  }
  state.lastBlock = toBlock;
  return result;
}
