// Execution: one planned action at a time, at most once per key. Before sending, the action is simulated at the
// latest block (a static call): what is no longer due (someone else did it, a deadline moved) is skipped without
// spending gas. The transaction is then signed locally, recorded as pending with its hash, nonce and signed bytes
// in the state file, and only then broadcast; its receipt settles the record. A pending record found at start
// (a crash, a timeout) is looked up before anything else is sent: mined, still in the mempool (wait), replaced by
// another transaction of the same nonce (dropped), or never broadcast (the very same signed transaction is sent
// again if still due, so it can be mined at most once: one nonce, one hash).
import { isError, Transaction, type Contract, type Provider, type Signer, type TransactionReceipt } from "ethers";
import { describeError } from "../errors.ts";
import { allInterfaces, type KeeperContracts } from "./contracts.ts";
import type { Logger } from "./log.ts";
import { short } from "./log.ts";
import type { ActionTarget, PlannedAction } from "./plan.ts";
import type { ActionRecord, StateStore } from "./state.ts";

/** A mined transaction that reverted is tried again (after a new simulation) at most this many times in all. */
export const MAX_ATTEMPTS = 3;

export interface ExecuteContext {
  provider: Provider;
  /** Must sign transactions locally (a Wallet): the hash is recorded before the broadcast. */
  signer: Signer;
  contracts: KeeperContracts;
  store: StateStore;
  log: Logger;
  /** How long to wait for a receipt before leaving the action pending for a later pass. */
  txTimeoutMs: number;
  /** Test hook: runs after the pending record is saved and before the broadcast (throw to simulate a crash). */
  beforeBroadcast?: (record: ActionRecord) => Promise<void> | void;
}

export type Outcome = "mined" | "reverted" | "pending" | "not-due" | "skipped" | "failed";

function contractOf(contracts: KeeperContracts, target: ActionTarget): Contract {
  const contract = contracts[target];
  if (!contract) throw new Error(`keeper: no ${target} contract configured`);
  return contract as unknown as Contract;
}

const nowIso = (): string => new Date().toISOString();

async function waitReceipt(provider: Provider, hash: string, timeoutMs: number): Promise<TransactionReceipt | null> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    const receipt = await provider.getTransactionReceipt(hash);
    if (receipt) return receipt;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, delay));
  }
}

function settle(ctx: ExecuteContext, record: ActionRecord, receipt: TransactionReceipt): Outcome {
  record.status = receipt.status === 1 ? "mined" : "reverted";
  record.block = receipt.blockNumber;
  record.gasUsed = receipt.gasUsed.toString();
  record.updatedAt = nowIso();
  delete record.raw;
  ctx.store.save();
  const ok = record.status === "mined";
  ctx.log.log({
    level: ok ? "info" : "warn",
    event: ok ? "done" : "reverted",
    message: `${record.summary} | tx ${short(record.hash)} block ${receipt.blockNumber} gas ${receipt.gasUsed.toLocaleString("en-US")}`,
    key: record.key,
    kind: record.kind,
    tx: record.hash,
    block: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
  });
  return record.status;
}

/** Waits for a sent transaction's receipt; leaves the record pending when it does not come in time. */
async function follow(ctx: ExecuteContext, record: ActionRecord): Promise<Outcome> {
  const receipt = await waitReceipt(ctx.provider, record.hash, ctx.txTimeoutMs);
  if (receipt) return settle(ctx, record, receipt);
  ctx.log.log({ level: "warn", event: "waiting", message: `${record.summary} | tx ${short(record.hash)} not mined yet, checked again next pass`, key: record.key, tx: record.hash });
  return "pending";
}

function end(ctx: ExecuteContext, record: ActionRecord, status: "dropped" | "abandoned", reason: string): void {
  record.status = status;
  record.reason = reason;
  record.updatedAt = nowIso();
  delete record.raw;
  ctx.store.save();
  ctx.log.log({ level: "warn", event: status, message: `${record.summary} | tx ${short(record.hash)}: ${reason}`, key: record.key, tx: record.hash });
}

/**
 * Settles the records left pending by an earlier pass or process: receipt, still in the mempool, nonce taken by
 * another transaction, or never broadcast (then the same signed transaction is broadcast again if still due).
 */
export async function resolvePending(ctx: ExecuteContext): Promise<ActionRecord[]> {
  const resent: ActionRecord[] = [];
  for (const record of ctx.store.pending()) {
    const receipt = await ctx.provider.getTransactionReceipt(record.hash);
    if (receipt) {
      settle(ctx, record, receipt);
      continue;
    }
    if (await ctx.provider.getTransaction(record.hash)) continue; // in the mempool: wait for it
    const used = await ctx.provider.getTransactionCount(record.from, "latest");
    if (used > record.nonce) {
      end(ctx, record, "dropped", `nonce ${record.nonce} was used by another transaction`);
      continue;
    }
    if (!record.raw) {
      end(ctx, record, "abandoned", "unknown to the node and no signed transaction kept");
      continue;
    }
    const tx = Transaction.from(record.raw);
    try {
      await ctx.provider.call({ from: record.from, to: tx.to, data: tx.data });
    } catch (error) {
      end(ctx, record, "abandoned", `never broadcast, and no longer due: ${describeError(error, allInterfaces())}`);
      continue;
    }
    try {
      await ctx.provider.broadcastTransaction(record.raw);
    } catch (error) {
      end(ctx, record, "abandoned", `broadcast failed: ${describeError(error, allInterfaces())}`);
      continue;
    }
    ctx.log.log({ level: "info", event: "resent", message: `${record.summary} | tx ${short(record.hash)} (signed before a restart, broadcast now)`, key: record.key, tx: record.hash });
    resent.push(record);
    await follow(ctx, record);
  }
  return resent;
}

/** Sends one planned action if it was not sent before and is still due; waits for its receipt. */
export async function executeAction(ctx: ExecuteContext, action: PlannedAction): Promise<Outcome> {
  const previous = ctx.store.state.actions[action.key];
  if (previous?.status === "pending" || previous?.status === "mined") return "skipped";
  if (previous?.status === "reverted" && previous.attempts >= MAX_ATTEMPTS) return "skipped";
  const fn = contractOf(ctx.contracts, action.target).getFunction(action.method);
  try {
    await fn.staticCall(...action.args);
  } catch (error) {
    ctx.log.log({ level: "debug", event: "not-due", message: `${action.summary}: ${describeError(error, allInterfaces())}`, key: action.key });
    return "not-due";
  }
  let raw: string;
  let request;
  try {
    request = await ctx.signer.populateTransaction(await fn.populateTransaction(...action.args));
    raw = await ctx.signer.signTransaction(request);
  } catch (error) {
    ctx.log.log({ level: "error", event: "failed", message: `${action.summary}: ${describeError(error, allInterfaces())}`, key: action.key });
    return "failed";
  }
  const tx = Transaction.from(raw);
  const record: ActionRecord = {
    key: action.key,
    kind: action.kind,
    summary: action.summary,
    status: "pending",
    from: await ctx.signer.getAddress(),
    to: tx.to ?? "",
    hash: tx.hash ?? "",
    nonce: tx.nonce,
    raw,
    attempts: (previous?.attempts ?? 0) + 1,
    sentAt: nowIso(),
    updatedAt: nowIso(),
  };
  ctx.store.state.actions[action.key] = record;
  ctx.store.save();
  await ctx.beforeBroadcast?.(record);
  try {
    await ctx.provider.broadcastTransaction(raw);
  } catch (error) {
    if (isError(error, "NONCE_EXPIRED")) {
      // Its nonce is used: this signed transaction can never be mined. Planned again with a fresh nonce.
      end(ctx, record, "dropped", `nonce ${record.nonce} already used (${describeError(error, allInterfaces()).slice(0, 80)})`);
      return "failed";
    }
    // Kept pending: the next pass finds out whether it reached the node, and sends it again if not.
    ctx.log.log({ level: "warn", event: "failed", message: `${action.summary} | broadcast of ${short(record.hash)}: ${describeError(error, allInterfaces())}`, key: action.key, tx: record.hash });
    return "pending";
  }
  ctx.log.log({ level: "info", event: "sent", message: `${action.summary} | tx ${short(record.hash)} nonce ${record.nonce}`, key: action.key, kind: action.kind, tx: record.hash });
  return follow(ctx, record);
}
