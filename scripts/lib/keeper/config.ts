// The keeper's configuration: command-line flags first, then environment variables, then defaults.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../run.ts";
import { deploymentFile } from "./contracts.ts";

/** Hardhat's default development mnemonic: its accounts are funded on `hardhat node` (local chains only). */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export interface KeeperConfig {
  rpcUrl: string;
  /** Hex private key; or */
  privateKey?: string;
  /** an account index of `mnemonic` (default: Hardhat's development mnemonic; local chains only). */
  accountIndex?: number;
  mnemonic: string;
  addressesFile: string;
  statePath: string;
  intervalMs: number;
  drawBatch: number;
  executeBatch: number;
  fromBlock: number;
  confirmations: number;
  logRange: number;
  txTimeoutMs: number;
  rightsFile?: string;
  vrfMock: boolean;
  once: boolean;
  json: boolean;
  verbose: boolean;
  reset: boolean;
}

export const USAGE = `Usage: npm run keeper -- [options]   (node scripts/keeper.ts [options])

Moves Ispera's time-driven work forward: answers the VRF coordinator mock (local chains only), requests expired
random words again, draws mediators in batches, passes court periods, executes rounds, and executes the escrow's
timeouts (auto-release, reclaims, fee timeouts), holdback releases and rights-certificate mints when due.

  --rpc <url>              JSON-RPC endpoint                 KEEPER_RPC_URL   (default http://127.0.0.1:8545)
  --private-key <hex>      the keeper's key                  KEEPER_PRIVATE_KEY
  --account <index>        or an account of the mnemonic     KEEPER_ACCOUNT   (default 19 on a local chain)
  --mnemonic <words>       (default: Hardhat's development mnemonic, local chains only)  KEEPER_MNEMONIC
  --deployment <id>        ignition/deployments/<id>/deployed_addresses.json  ISPERA_DEPLOYMENT_ID (default local-demo)
  --addresses <file>       or any deployed_addresses.json    KEEPER_ADDRESSES
  --state <file>           state file                        KEEPER_STATE     (default .demo/keeper-<deployment>.json)
  --interval <seconds>     poll interval                     KEEPER_INTERVAL  (default 5)
  --draw-batch <n>         seats per draw call               KEEPER_DRAW_BATCH (default 16)
  --execute-batch <n>      votes per executeRound call       KEEPER_EXECUTE_BATCH (default 16)
  --from-block <n>         first block of a new state file   KEEPER_FROM_BLOCK (default 0)
  --confirmations <n>      blocks left unread behind the head KEEPER_CONFIRMATIONS (default 0)
  --log-range <n>          blocks per eth_getLogs            KEEPER_LOG_RANGE (default 5000)
  --tx-timeout <seconds>   wait for a receipt, then move on  KEEPER_TX_TIMEOUT (default 120)
  --rights <file>          JSON array of licence terms, to mint certificates  KEEPER_RIGHTS_FILE
  --no-vrf-mock            never answer the VRF mock, even on a local chain
  --once                   one pass, then exit (tests, cron)
  --json                   JSON lines instead of readable lines
  --verbose                also log what was planned but is not due
  --reset                  ignore an existing state file
  --help
`;

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`keeper: ${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Parses the command line and the environment; returns undefined when --help was asked. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): KeeperConfig | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rpc: { type: "string" },
      "private-key": { type: "string" },
      account: { type: "string" },
      mnemonic: { type: "string" },
      deployment: { type: "string" },
      addresses: { type: "string" },
      state: { type: "string" },
      interval: { type: "string" },
      "draw-batch": { type: "string" },
      "execute-batch": { type: "string" },
      "from-block": { type: "string" },
      confirmations: { type: "string" },
      "log-range": { type: "string" },
      "tx-timeout": { type: "string" },
      rights: { type: "string" },
      "no-vrf-mock": { type: "boolean" },
      once: { type: "boolean" },
      json: { type: "boolean" },
      verbose: { type: "boolean" },
      reset: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return undefined;
  const deployment = values.deployment ?? env.ISPERA_DEPLOYMENT_ID ?? "local-demo";
  const privateKey = values["private-key"] ?? env.KEEPER_PRIVATE_KEY;
  const account = values.account ?? env.KEEPER_ACCOUNT;
  const drawBatch = int(values["draw-batch"] ?? env.KEEPER_DRAW_BATCH, "--draw-batch", 16);
  const executeBatch = int(values["execute-batch"] ?? env.KEEPER_EXECUTE_BATCH, "--execute-batch", 16);
  if (drawBatch === 0 || executeBatch === 0) throw new Error("keeper: batch sizes must be at least 1");
  return {
    rpcUrl: values.rpc ?? env.KEEPER_RPC_URL ?? env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545",
    privateKey,
    accountIndex: privateKey ? undefined : int(account, "--account", 19),
    mnemonic: values.mnemonic ?? env.KEEPER_MNEMONIC ?? HARDHAT_MNEMONIC,
    addressesFile: resolve(values.addresses ?? env.KEEPER_ADDRESSES ?? deploymentFile(deployment)),
    statePath: resolve(values.state ?? env.KEEPER_STATE ?? resolve(ROOT, ".demo", `keeper-${deployment}.json`)),
    intervalMs: int(values.interval ?? env.KEEPER_INTERVAL, "--interval", 5) * 1000,
    drawBatch,
    executeBatch,
    fromBlock: int(values["from-block"] ?? env.KEEPER_FROM_BLOCK, "--from-block", 0),
    confirmations: int(values.confirmations ?? env.KEEPER_CONFIRMATIONS, "--confirmations", 0),
    logRange: Math.max(1, int(values["log-range"] ?? env.KEEPER_LOG_RANGE, "--log-range", 5_000)),
    txTimeoutMs: int(values["tx-timeout"] ?? env.KEEPER_TX_TIMEOUT, "--tx-timeout", 120) * 1000,
    rightsFile: values.rights ?? env.KEEPER_RIGHTS_FILE,
    vrfMock: !values["no-vrf-mock"],
    once: values.once ?? false,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    reset: values.reset ?? false,
  };
}
