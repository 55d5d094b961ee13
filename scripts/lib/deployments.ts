// Deployment records: what an Ignition deployment left in ignition/deployments/<id>/ (deployed_addresses.json, and
// journal.jsonl for the chain id and each contract's deployment block), turned into the files that depend on it:
// deployments/<network>.json, the frontend's typed contract config (frontend/src/config/contracts.generated.ts) and,
// once the subgraph exists, subgraph/networks.json. Pure file work: no chain access, so it runs offline and in tests.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { getAddress } from "ethers";

/** The networks Ispera deploys to (hardhat.config.ts), with their chain ids and The Graph's network names. */
export const NETWORKS = {
  localhost: { chainId: 31337, graphNetwork: "localhost", module: "LocalIspera", parameters: "local" },
  hardhat: { chainId: 31337, graphNetwork: "localhost", module: "LocalIspera", parameters: "local" },
  base: { chainId: 8453, graphNetwork: "base", module: "Ispera", parameters: "base" },
  baseSepolia: { chainId: 84532, graphNetwork: "base-sepolia", module: "Ispera", parameters: "baseSepolia" },
  arbitrumOne: { chainId: 42161, graphNetwork: "arbitrum-one", module: "Ispera", parameters: "arbitrumOne" },
  arbitrumSepolia: { chainId: 421614, graphNetwork: "arbitrum-sepolia", module: "Ispera", parameters: "arbitrumSepolia" },
  sepolia: { chainId: 11155111, graphNetwork: "sepolia", module: "Ispera", parameters: "sepolia" },
} as const;
export type NetworkName = keyof typeof NETWORKS;

export function isNetworkName(name: string): name is NetworkName {
  return Object.hasOwn(NETWORKS, name);
}

/** The default Ignition deployment id of a network (`npm run deploy`); the demo uses its own ("local-demo"). */
export function defaultDeploymentId(network: NetworkName): string {
  return network === "localhost" || network === "hardhat" ? "local" : `ispera-${network}`;
}

/**
 * The record's name of each contract, by the contract part of its Ignition future id (`LocalIspera#DealEscrow`):
 * the names the modules return.
 */
export const CONTRACT_KEYS: Readonly<Record<string, string>> = {
  MockUSDC: "usdc",
  USDC: "usdc",
  VRFCoordinatorV2_5Mock: "vrf",
  ChainlinkRandomness: "randomness",
  CourtLogic: "courtLogic",
  PoolLogic: "poolLogic",
  TermsLogic: "termsLogic",
  MediatorCourt: "court",
  DealEscrow: "escrow",
  ExclusivityRegistry: "registry",
  HoldbackVault: "vault",
  RightsCertificate: "certificate",
  Profiles: "profiles",
  Reputation: "reputation",
  IsperaUpkeep: "upkeep",
};

/** Contracts created by another contract's constructor: their first block is their creator's. */
const CREATED_BY: Readonly<Record<string, string>> = { ExclusivityRegistry: "DealEscrow", HoldbackVault: "DealEscrow" };

/** Contracts the subgraph may index (no libraries, no tokens, no mocks), by name. */
const INDEXED = [
  "DealEscrow",
  "MediatorCourt",
  "ExclusivityRegistry",
  "HoldbackVault",
  "RightsCertificate",
  "Profiles",
  "Reputation",
  "ChainlinkRandomness",
] as const;

export interface ContractRecord {
  /** The contract's name (its artifact's, or `USDC` for the network's token). */
  contract: string;
  /** The Ignition future id, `<Module>#<Contract>`. */
  futureId: string;
  address: string;
  /** The block of the transaction that created it; null when it was not created by this deployment (USDC). */
  startBlock: number | null;
}

export interface DeploymentRecord {
  network: string;
  chainId: number;
  deploymentId: string;
  /** The Ignition module id (`LocalIspera`, `Ispera`). */
  module: string;
  contracts: Record<string, ContractRecord>;
}

interface JournalLine {
  type?: string;
  chainId?: number;
  futureId?: string;
  receipt?: { blockNumber?: number; contractAddress?: string };
}

function readJournal(deploymentDir: string): JournalLine[] {
  const file = join(deploymentDir, "journal.jsonl");
  if (!existsSync(file)) throw new Error(`no Ignition journal at ${file}`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as JournalLine);
}

/**
 * Reads an Ignition deployment directory into a record: addresses from deployed_addresses.json, the chain id and the
 * creation block of each deployed contract from journal.jsonl.
 */
export function readDeployment(deploymentDir: string, network: string): DeploymentRecord {
  const addressesFile = join(deploymentDir, "deployed_addresses.json");
  if (!existsSync(addressesFile)) throw new Error(`no deployed_addresses.json in ${deploymentDir}: nothing deployed yet?`);
  const addresses = JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>;
  const journal = readJournal(deploymentDir);
  const chainId = journal.find((line) => line.type === "DEPLOYMENT_INITIALIZE")?.chainId;
  if (chainId === undefined) throw new Error(`the journal of ${deploymentDir} has no chain id`);

  const blocks = new Map<string, number>();
  for (const line of journal) {
    if (line.type === "TRANSACTION_CONFIRM" && line.futureId && line.receipt?.contractAddress) {
      blocks.set(line.futureId, Number(line.receipt.blockNumber));
    }
  }

  const modules = new Set<string>();
  const contracts: Record<string, ContractRecord> = {};
  for (const [futureId, raw] of Object.entries(addresses)) {
    const [module, contract] = futureId.split("#");
    if (!module || !contract) throw new Error(`unexpected future id ${futureId}`);
    modules.add(module);
    const creator = CREATED_BY[contract];
    const startBlock = blocks.get(futureId) ?? (creator ? blocks.get(`${module}#${creator}`) : undefined) ?? null;
    const key = CONTRACT_KEYS[contract] ?? contract.charAt(0).toLowerCase() + contract.slice(1);
    contracts[key] = { contract, futureId, address: getAddress(raw), startBlock };
  }
  if (modules.size !== 1) throw new Error(`expected one module in ${addressesFile}, found ${[...modules].join(", ")}`);
  return { network, chainId, deploymentId: deploymentDir.split(/[\\/]/).pop() ?? "", module: [...modules][0]!, contracts };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** Every record in `deploymentsDir` (deployments/<network>.json), by network name. */
export function readRecords(deploymentsDir: string): DeploymentRecord[] {
  if (!existsSync(deploymentsDir)) return [];
  return readdirSync(deploymentsDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(deploymentsDir, f), "utf8")) as DeploymentRecord);
}

/**
 * The frontend's contract config: every recorded network's addresses and start blocks, typed and keyed by chain id
 * (one network per chain id: `hardhat` and `localhost` share 31337, the last record written wins).
 */
export function renderFrontendConfig(records: readonly DeploymentRecord[]): string {
  const byChain = new Map<number, DeploymentRecord>();
  for (const r of records) byChain.set(r.chainId, r);
  const chains = [...byChain.values()].sort((a, b) => a.chainId - b.chainId);
  const body = chains
    .map((r) => {
      const entries = Object.entries(r.contracts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, c]) => `      ${key}: { address: "${c.address}", startBlock: ${c.startBlock ?? "null"} },`)
        .join("\n");
      return `  ${r.chainId}: {\n    network: "${r.network}",\n    deploymentId: "${r.deploymentId}",\n    contracts: {\n${entries}\n    },\n  },`;
    })
    .join("\n");
  return `// Generated by scripts/exportDeployments.ts from deployments/*.json: do not edit by hand.
// Regenerate with \`npm run deploy -- --network <name>\` or \`npm run deployments:export -- --network <name>\`.

export interface DeployedContract {
  readonly address: \`0x\${string}\`;
  /** The block that created the contract (null for contracts this deployment did not create, such as USDC). */
  readonly startBlock: number | null;
}

${deploymentsConst(body)}

export type SupportedChainId = keyof typeof deployments;
export type ContractKey<C extends SupportedChainId = SupportedChainId> = keyof (typeof deployments)[C]["contracts"];

export function isSupportedChainId(chainId: number): chainId is SupportedChainId {
  return Object.hasOwn(deployments, chainId);
}

/** The deployed contracts of \`chainId\`, or undefined when Ispera is not deployed there. */
export function contractsOf(chainId: number): Readonly<Record<string, DeployedContract>> | undefined {
  return isSupportedChainId(chainId) ? deployments[chainId]?.contracts : undefined;
}
`;
}

/**
 * The `deployments` constant: typed by its literal (chain ids and contract keys) when records exist; with none (a
 * fresh clone before any deployment) an explicitly typed empty map, which `as const` would make unusable (`never`).
 */
function deploymentsConst(body: string): string {
  const shape = "{ network: string; deploymentId: string; contracts: Record<string, DeployedContract> }";
  if (body.trim() === "") return `export const deployments: Readonly<Record<number, ${shape}>> = {};`;
  return `export const deployments = {\n${body}\n} as const satisfies Record<number, ${shape}>;`;
}

/** Merges a record into subgraph/networks.json (The Graph's format: network -> data source -> address, startBlock). */
export function mergeSubgraphNetworks(existing: Record<string, unknown>, record: DeploymentRecord, graphNetwork: string) {
  const sources: Record<string, { address: string; startBlock: number }> = {};
  for (const c of Object.values(record.contracts)) {
    if ((INDEXED as readonly string[]).includes(c.contract)) {
      sources[c.contract] = { address: c.address, startBlock: c.startBlock ?? 0 };
    }
  }
  return { ...existing, [graphNetwork]: sources };
}

/** Regenerates frontend/src/config/contracts.generated.ts from every record in deployments/; returns its path. */
export function writeFrontendConfig(root: string): string {
  const frontendFile = join(resolve(root), "frontend", "src", "config", "contracts.generated.ts");
  mkdirSync(dirname(frontendFile), { recursive: true });
  writeFileSync(frontendFile, renderFrontendConfig(readRecords(join(resolve(root), "deployments"))));
  return frontendFile;
}

export interface ExportOptions {
  /** The repository root (the output folders are under it). */
  root: string;
  network: string;
  deploymentId: string;
  /** Defaults to <root>/ignition/deployments/<deploymentId>. */
  deploymentDir?: string;
}

export interface ExportResult {
  record: DeploymentRecord;
  written: string[];
}

/** Records a deployment and regenerates what depends on its addresses; returns the files written. */
export function exportDeployment(options: ExportOptions): ExportResult {
  const root = resolve(options.root);
  const deploymentDir = options.deploymentDir ?? join(root, "ignition", "deployments", options.deploymentId);
  const record = { ...readDeployment(deploymentDir, options.network), deploymentId: options.deploymentId };
  const known = isNetworkName(options.network) ? NETWORKS[options.network] : undefined;
  if (known && known.chainId !== record.chainId) {
    throw new Error(`deployment ${options.deploymentId} is on chain ${record.chainId}, not ${options.network} (${known.chainId})`);
  }
  const written: string[] = [];
  const deploymentsDir = join(root, "deployments");
  const recordFile = join(deploymentsDir, `${options.network}.json`);
  writeJson(recordFile, record);
  written.push(recordFile);

  written.push(writeFrontendConfig(root));

  const subgraphFile = join(root, "subgraph", "networks.json");
  if (existsSync(subgraphFile)) {
    const existing = JSON.parse(readFileSync(subgraphFile, "utf8")) as Record<string, unknown>;
    writeJson(subgraphFile, mergeSubgraphNetworks(existing, record, known?.graphNetwork ?? options.network));
    written.push(subgraphFile);
  }
  return { record, written };
}
