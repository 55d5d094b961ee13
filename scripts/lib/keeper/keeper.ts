// The keeper: one pass reads new events, settles pending transactions, then plans and sends what is due, again
// and again until nothing more is due (a VRF answer makes a draw due, the last draw opens the commit period...).
// `run` repeats passes every poll interval until stopped. Everything it knows is in the state file.
import type { Provider, Signer } from "ethers";
import { LOCAL_CHAIN_IDS, type KeeperContracts } from "./contracts.ts";
import { executeAction, resolvePending, type ExecuteContext, type Outcome } from "./execute.ts";
import type { Logger } from "./log.ts";
import { planActions, type RightsSource } from "./plan.ts";
import { scanEvents } from "./scan.ts";
import { emptyState, StateStore, type ActionRecord } from "./state.ts";

export interface KeeperOptions {
  provider: Provider;
  /** Signs locally (a Wallet connected to `provider`). */
  signer: Signer;
  contracts: KeeperContracts;
  statePath: string;
  log: Logger;
  rights: RightsSource;
  drawBatch?: number;
  executeBatch?: number;
  /** First block to read events from, for a new state file (default 0). */
  fromBlock?: number;
  confirmations?: number;
  logRange?: number;
  txTimeoutMs?: number;
  /** Plan-and-send rounds per pass at most. */
  maxIterations?: number;
  /** Start from an empty state even if the file exists. */
  reset?: boolean;
  beforeBroadcast?: ExecuteContext["beforeBroadcast"];
}

export interface PassReport {
  /** Transactions sent (broadcast) in this pass, including re-broadcasts of transactions signed before a restart. */
  sent: number;
  outcomes: Partial<Record<Outcome, number>>;
  iterations: number;
  /** The actions sent, in order. */
  actions: { key: string; kind: string; status: string; hash: string }[];
}

export class Keeper {
  readonly options: KeeperOptions;
  readonly store: StateStore;
  private readonly exec: ExecuteContext;

  private constructor(options: KeeperOptions, store: StateStore) {
    this.options = options;
    this.store = store;
    this.exec = {
      provider: options.provider,
      signer: options.signer,
      contracts: options.contracts,
      store,
      log: options.log,
      txTimeoutMs: options.txTimeoutMs ?? 120_000,
      beforeBroadcast: options.beforeBroadcast,
    };
  }

  /**
   * Opens the state file (or starts a new one). A state file of another chain, escrow or local chain instance is
   * refused, except on a local chain, whose restarts are expected: there it is started afresh.
   */
  static async open(options: KeeperOptions): Promise<Keeper> {
    const { provider, log } = options;
    const { chainId } = await provider.getNetwork();
    const genesis = (await provider.getBlock(0))?.hash ?? "";
    const head = await provider.getBlockNumber();
    const escrow = options.contracts.addresses.escrow.toLowerCase();
    const fresh = emptyState({ chainId, genesis, escrow, fromBlock: options.fromBlock ?? 0 });
    let state = options.reset ? undefined : StateStore.read(options.statePath);
    if (state) {
      const mismatch =
        state.chainId !== chainId.toString() ? `chain ${state.chainId}` :
        state.genesis !== genesis ? "another chain instance (genesis block differs)" :
        state.escrow !== escrow ? `escrow ${state.escrow}` :
        state.lastBlock > head ? `block ${state.lastBlock}, beyond the head ${head}` : undefined;
      if (mismatch !== undefined) {
        if (!LOCAL_CHAIN_IDS.includes(chainId)) {
          throw new Error(`keeper: the state file ${options.statePath} is for ${mismatch}; move it away or pass --reset`);
        }
        log.log({ level: "warn", event: "reset", message: `state file was for ${mismatch}: local chain restarted, starting afresh` });
        state = undefined;
      }
    }
    const store = new StateStore(options.statePath, state ?? fresh);
    store.save();
    return new Keeper(options, store);
  }

  /** One pass: settle pending transactions, read new events, then plan and send until nothing more is due. */
  async pass(): Promise<PassReport> {
    const { provider, contracts, log } = this.options;
    const report: PassReport = { sent: 0, outcomes: {}, iterations: 0, actions: [] };
    for (const record of await resolvePending(this.exec)) this.count(report, record);
    const maxIterations = this.options.maxIterations ?? 50;
    while (report.iterations < maxIterations) {
      report.iterations += 1;
      const scan = await scanEvents(provider, contracts, this.store.state, {
        logRange: this.options.logRange ?? 5_000,
        confirmations: this.options.confirmations ?? 0,
      });
      if (scan.deals + scan.submissions + scan.vrfRequests > 0) {
        log.log({ level: "debug", event: "scan", message: `blocks ${scan.fromBlock}-${scan.toBlock}: ${scan.deals} deals, ${scan.submissions} submissions, ${scan.vrfRequests} VRF requests` });
      }
      const latest = await provider.getBlock("latest");
      if (!latest) throw new Error("keeper: the node returned no latest block");
      const actions = await planActions({
        provider,
        contracts,
        state: this.store.state,
        rights: this.options.rights,
        log,
        drawBatch: this.options.drawBatch ?? 16,
        executeBatch: this.options.executeBatch ?? 16,
        now: BigInt(latest.timestamp),
      });
      this.store.save();
      let progressed = false;
      for (const action of actions) {
        const outcome = await executeAction(this.exec, action);
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        const record = this.store.state.actions[action.key];
        if (outcome === "mined" || outcome === "reverted" || outcome === "pending") {
          this.count(report, record);
          progressed = true;
        }
      }
      if (!progressed) break;
    }
    return report;
  }

  private count(report: PassReport, record: ActionRecord | undefined): void {
    if (!record) return;
    report.sent += 1;
    report.actions.push({ key: record.key, kind: record.kind, status: record.status, hash: record.hash });
  }

  /** Passes every `intervalMs` until `signal` aborts; a failing pass is logged and the next one tried. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    const { log } = this.options;
    while (!signal.aborted) {
      try {
        const report = await this.pass();
        if (report.sent > 0) log.log({ level: "info", event: "pass", message: `${report.sent} transactions in ${report.iterations} rounds`, ...report });
      } catch (error) {
        log.log({ level: "error", event: "error", message: error instanceof Error ? error.message : String(error) });
      }
      await new Promise<void>((resolveSleep) => {
        const timer = setTimeout(resolveSleep, intervalMs);
        signal.addEventListener("abort", () => { clearTimeout(timer); resolveSleep(); }, { once: true });
      });
    }
  }
}
