// Direct chain reads (events and views), used when no subgraph is configured. Logs are read with eth_getLogs from the
// contract's start block; the local chain answers any range, public RPCs may need the subgraph (issue 7).
import type { AbiEvent, Address, Client, Hex, Log } from "viem";
import { getBlock, getLogs } from "viem/actions";
import { useChainId, usePublicClient } from "wagmi";
import { contractsOn, type ContractKey } from "../config/runtime.ts";

export class NotDeployedError extends Error {
  constructor(
    readonly chainId: number,
    readonly contract: ContractKey,
  ) {
    super(`Ispera's ${contract} is not deployed on chain ${chainId}`);
    this.name = "NotDeployedError";
  }
}

export function addressOf(chainId: number, key: ContractKey): Address {
  const record = contractsOn(chainId)?.[key];
  if (!record) throw new NotDeployedError(chainId, key);
  return record.address;
}

export function startBlockOf(chainId: number, key: ContractKey): bigint {
  const record = contractsOn(chainId)?.[key];
  return BigInt(record?.startBlock ?? 0);
}

/** Raw logs of `address` whose topics match (null = any), from the contract's start block to the latest block. */
export async function getRawLogs(
  client: Client,
  chainId: number,
  key: ContractKey,
  topics: readonly (Hex | readonly Hex[] | null)[],
): Promise<Log[]> {
  const address = addressOf(chainId, key);
  const fromBlock = startBlockOf(chainId, key);
  const logs = (await client.request({
    method: "eth_getLogs",
    params: [{ address, fromBlock: `0x${fromBlock.toString(16)}`, toBlock: "latest", topics: topics as (Hex | Hex[] | null)[] }],
  })) as unknown as Log[];
  return logs.map((log) => ({
    ...log,
    blockNumber: log.blockNumber === null ? null : BigInt(log.blockNumber),
    logIndex: log.logIndex === null ? null : Number(log.logIndex),
    transactionIndex: log.transactionIndex === null ? null : Number(log.transactionIndex),
  })) as Log[];
}

/** Every log of one typed event of a contract (optionally filtered by indexed arguments). */
export async function getEvents<const event extends AbiEvent>(
  client: Client,
  chainId: number,
  key: ContractKey,
  event: event,
  args?: Record<string, unknown>,
) {
  return getLogs(client, {
    address: addressOf(chainId, key),
    event,
    args: args as never,
    fromBlock: startBlockOf(chainId, key),
    toBlock: "latest",
    strict: true,
  });
}

/** Block timestamps, cached per client. */
const timestamps = new Map<string, bigint>();
export async function blockTime(client: Client, chainId: number, blockNumber: bigint): Promise<bigint> {
  const key = `${chainId}:${blockNumber}`;
  const cached = timestamps.get(key);
  if (cached !== undefined) return cached;
  const block = await getBlock(client, { blockNumber });
  timestamps.set(key, block.timestamp);
  return block.timestamp;
}

/**
 * The current chain's id and a plain viem client for reads (typed as the base `Client`, so the viem actions accept it
 * whatever the chain; wagmi's per-chain union types do not mix).
 */
export function useReadClient(): { chainId: number; client: Client | undefined } {
  const chainId = useChainId();
  const client = usePublicClient({ chainId }) as Client | undefined;
  return { chainId, client };
}
