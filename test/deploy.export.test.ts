// Recording a deployment (scripts/lib/deployments.ts): LocalIspera deployed through Ignition with a journal in a
// temporary directory, then exported into a temporary repository root: deployments/<network>.json (addresses,
// start blocks, chain id), the frontend's typed config and subgraph/networks.json.
import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deploy } from "@nomicfoundation/ignition-core";
import { HardhatArtifactResolver, readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import { artifacts, network } from "hardhat";
import LocalIspera from "../ignition/modules/LocalIspera.js";
import {
  exportDeployment,
  readDeployment,
  renderFrontendConfig,
  type DeploymentRecord,
} from "../scripts/lib/deployments.js";

const connection = await network.create();
const { ethers } = connection;
const ROOT = resolve(import.meta.dirname, "..");

const KEYS = [
  "usdc",
  "vrf",
  "randomness",
  "courtLogic",
  "poolLogic",
  "termsLogic",
  "court",
  "escrow",
  "registry",
  "vault",
  "certificate",
  "profiles",
  "reputation",
  "upkeep",
];

describe("deployment export", function () {
  let root: string;
  let deploymentDir: string;
  let addresses: Record<string, string>;

  before(async function () {
    root = mkdtempSync(join(tmpdir(), "ispera-export-"));
    deploymentDir = join(root, "ignition", "deployments", "local");
    const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
    const result = await deploy({
      provider: connection.provider,
      artifactResolver: new HardhatArtifactResolver(artifacts),
      deploymentDir,
      ignitionModule: LocalIspera,
      deploymentParameters: (await readDeploymentParameters(resolve(ROOT, "ignition/parameters/local.json"))) as never,
      accounts,
    });
    expect(result.type).to.equal("SUCCESSFUL_DEPLOYMENT");
    addresses = JSON.parse(readFileSync(join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<string, string>;
  });

  after(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it("reads the addresses, the chain id and each contract's creation block from the Ignition journal", async function () {
    const record = readDeployment(deploymentDir, "localhost");
    expect(record.chainId).to.equal(31337);
    expect(record.module).to.equal("LocalIspera");
    expect(Object.keys(record.contracts).sort()).to.deep.equal([...KEYS].sort());
    for (const c of Object.values(record.contracts)) {
      expect(c.address, c.futureId).to.equal(addresses[c.futureId]);
      expect(c.address).to.equal(ethers.getAddress(c.address));
      // Every contract here was created by the deployment: no code the block before, code at its start block.
      expect(c.startBlock, c.futureId).to.be.a("number");
      expect(await ethers.provider.getCode(c.address, c.startBlock!), c.futureId).to.not.equal("0x");
      if (c.startBlock! > 0) expect(await ethers.provider.getCode(c.address, c.startBlock! - 1)).to.equal("0x");
    }
    // The registry and the vault are created by the escrow's constructor.
    expect(record.contracts.registry!.startBlock).to.equal(record.contracts.escrow!.startBlock);
    expect(record.contracts.vault!.startBlock).to.equal(record.contracts.escrow!.startBlock);
  });

  it("writes deployments/<network>.json and the frontend's typed config, not the subgraph's when it has none", function () {
    const { record, written } = exportDeployment({ root, network: "localhost", deploymentId: "local", deploymentDir });
    const recordFile = join(root, "deployments", "localhost.json");
    const frontendFile = join(root, "frontend", "src", "config", "contracts.generated.ts");
    expect(written).to.deep.equal([recordFile, frontendFile]);
    const saved = JSON.parse(readFileSync(recordFile, "utf8")) as DeploymentRecord;
    expect(saved).to.deep.equal(record);
    expect(saved.deploymentId).to.equal("local");
    const ts = readFileSync(frontendFile, "utf8");
    expect(ts).to.contain("31337: {");
    expect(ts).to.contain(`escrow: { address: "${record.contracts.escrow!.address}", startBlock: ${record.contracts.escrow!.startBlock} }`);
    expect(ts).to.contain("export type SupportedChainId");
  });

  it("keeps every recorded network in the frontend config, one per chain id", function () {
    const local = readDeployment(deploymentDir, "localhost");
    const other: DeploymentRecord = {
      ...local,
      network: "baseSepolia",
      chainId: 84532,
      module: "Ispera",
      deploymentId: "ispera-baseSepolia",
    };
    writeFileSync(join(root, "deployments", "baseSepolia.json"), JSON.stringify(other));
    exportDeployment({ root, network: "localhost", deploymentId: "local", deploymentDir });
    const ts = readFileSync(join(root, "frontend", "src", "config", "contracts.generated.ts"), "utf8");
    expect(ts.indexOf("31337: {")).to.be.greaterThan(0);
    expect(ts.indexOf("84532: {")).to.be.greaterThan(ts.indexOf("31337: {"));
    expect(renderFrontendConfig([local, { ...local, network: "hardhat" }]).match(/31337: \{/g)).to.have.length(1);
    rmSync(join(root, "deployments", "baseSepolia.json"));
  });

  it("updates subgraph/networks.json once the subgraph has one, keeping the other networks", function () {
    mkdirSync(join(root, "subgraph"), { recursive: true });
    const networksFile = join(root, "subgraph", "networks.json");
    const base = { base: { DealEscrow: { address: "0x0000000000000000000000000000000000000001", startBlock: 5 } } };
    writeFileSync(networksFile, JSON.stringify(base));
    const { record, written } = exportDeployment({ root, network: "localhost", deploymentId: "local", deploymentDir });
    expect(written).to.include(networksFile);
    const networks = JSON.parse(readFileSync(networksFile, "utf8")) as Record<string, Record<string, { address: string; startBlock: number }>>;
    expect(networks.base).to.deep.equal(base.base);
    expect(Object.keys(networks.localhost!).sort()).to.deep.equal(
      [
        "ChainlinkRandomness",
        "DealEscrow",
        "ExclusivityRegistry",
        "HoldbackVault",
        "MediatorCourt",
        "Profiles",
        "Reputation",
        "RightsCertificate",
      ].sort(),
    );
    expect(networks.localhost!.DealEscrow).to.deep.equal({
      address: record.contracts.escrow!.address,
      startBlock: record.contracts.escrow!.startBlock,
    });
  });

  it("refuses a deployment recorded under another network's name", function () {
    expect(() => exportDeployment({ root, network: "base", deploymentId: "local", deploymentDir })).to.throw(
      /chain 31337, not base \(8453\)/,
    );
  });
});
