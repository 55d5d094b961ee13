// The keeper's state file: what it learned from events (deals with their terms, content hashes, VRF requests), how
// far it scanned, which disputes and deals need no more work, and every action it sent with its transaction hash and
// status. Written atomically (temporary file + rename) after every change that matters, so that a restarted keeper
// resumes where the last one stopped and never sends an action twice: a transaction is recorded as pending, signed,
// before it is broadcast.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Question } from "../terms.ts";

export const STATE_VERSION = 1;

/** DealTerms as stored: every integer as a decimal string (ethers accepts them back as call arguments). */
export interface StoredTerms {
  brand: string;
  influencer: string;
  token: string;
  protocolFeeBps: string;
  maxRevisions: string;
  language: string;
  topic: string;
  acceptBy: string;
  reviewPeriod: string;
  revisionPeriod: string;
  feeTimeout: string;
  briefHash: string;
  criteriaHash: string;
  salt: string;
  exclusiveTopic: string;
  exclusiveFrom: string;
  exclusiveUntil: string;
  holdbackBps: string;
  breachCriteriaHash: string;
  rightsPrice: string;
  rightsHash: string;
  milestones: { amount: string; deliverBy: string }[];
}

export interface DealRecord {
  terms: StoredTerms;
  criteria: Question[];
  /** Block of the DealCreated event. */
  block: number;
  /** Per milestone, the content hash of its last DeliverableSubmitted (zero hash when none), for the certificate. */
  contentHashes: string[];
  /** Nothing left to do for this deal: it ended, its holdback is resolved, its certificate minted (or none due). */
  finished: boolean;
  /** A reason logged once (e.g. rights terms unknown), so that it is not repeated every pass. */
  note?: string;
}

export interface VrfRequestRecord {
  consumer: string;
  block: number;
  /** Answered (by the keeper or anyone). */
  done: boolean;
}

export type ActionStatus = "pending" | "mined" | "reverted" | "dropped" | "abandoned";

export interface ActionRecord {
  key: string;
  kind: string;
  summary: string;
  status: ActionStatus;
  from: string;
  to: string;
  hash: string;
  nonce: number;
  /** The signed transaction, kept while pending: a keeper that crashed before broadcasting it sends exactly it. */
  raw?: string;
  attempts: number;
  sentAt: string;
  updatedAt: string;
  block?: number;
  gasUsed?: string;
  /** Why it ended when it did not succeed. */
  reason?: string;
}

export interface KeeperState {
  version: number;
  chainId: string;
  /** Hash of block 0: a local chain restarted from scratch has a new one. */
  genesis: string;
  escrow: string;
  /** Last block whose events were read. */
  lastBlock: number;
  /** Disputes below this id were seen (the court numbers them 0, 1, 2, ...). */
  nextDispute: number;
  /** Dispute ids with nothing left to do. */
  finishedDisputes: number[];
  deals: Record<string, DealRecord>;
  vrfRequests: Record<string, VrfRequestRecord>;
  actions: Record<string, ActionRecord>;
}

export function emptyState(init: { chainId: bigint; genesis: string; escrow: string; fromBlock: number }): KeeperState {
  return {
    version: STATE_VERSION,
    chainId: init.chainId.toString(),
    genesis: init.genesis,
    escrow: init.escrow.toLowerCase(),
    lastBlock: init.fromBlock - 1,
    nextDispute: 0,
    finishedDisputes: [],
    deals: {},
    vrfRequests: {},
    actions: {},
  };
}

/** Finished actions kept in the file (the most recent ones); pending actions are always kept. */
const KEPT_ACTIONS = 2_000;

export class StateStore {
  readonly path: string;
  state: KeeperState;

  constructor(path: string, state: KeeperState) {
    this.path = path;
    this.state = state;
  }

  /** Reads the state file, or undefined when there is none. */
  static read(path: string): KeeperState | undefined {
    if (!existsSync(path)) return undefined;
    const state = JSON.parse(readFileSync(path, "utf8")) as KeeperState;
    if (state.version !== STATE_VERSION) throw new Error(`keeper: ${path} has state version ${state.version}, expected ${STATE_VERSION}`);
    return state;
  }

  /** Writes the state atomically: a crash leaves the old file or the new one, never half of one. */
  save(): void {
    this.prune();
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 1)}\n`);
    renameSync(tmp, this.path);
  }

  pending(): ActionRecord[] {
    return Object.values(this.state.actions).filter((a) => a.status === "pending");
  }

  private prune(): void {
    const done = Object.values(this.state.actions).filter((a) => a.status !== "pending");
    if (done.length <= KEPT_ACTIONS) return;
    done.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    for (const a of done.slice(0, done.length - KEPT_ACTIONS)) delete this.state.actions[a.key];
  }
}
