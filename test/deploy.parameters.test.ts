// The per-network parameters files and network configurations: every public network's file parses as Ignition
// reads it and holds the documented (docs/deployments.md), checksummed USDC and Chainlink VRF v2.5 addresses; the
// networks of hardhat.config.ts have the right chain ids and take their secrets from configuration variables.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { getAddress } from "ethers";
import hre from "hardhat";
import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import { NETWORKS } from "../scripts/lib/deployments.js";

const ROOT = resolve(import.meta.dirname, "..");

/** The values documented in docs/deployments.md, with their sources there. */
const EXPECTED = {
  base: {
    chainId: 8453,
    token: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    vrfCoordinator: "0xd5D517aBE5cF79B7e95eC98dB0f0277788aFF634",
    vrfKeyHash: "0xdc2f87677b01473c763cb0aee938ed3341512f6057324a584e5944e786144d70",
  },
  baseSepolia: {
    chainId: 84532,
    token: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    vrfCoordinator: "0x5C210eF41CD1a72de73bF76eC39637bB0d3d7BEE",
    vrfKeyHash: "0x9e1344a1247c8a1785d0a4681a27152bffdb43666ae5bf7d14d24a5efd44bf71",
  },
  arbitrumOne: {
    chainId: 42161,
    token: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831",
    vrfCoordinator: "0x3C0Ca683b403E37668AE3DC4FB62F4B29B6f7a3e",
    vrfKeyHash: "0x8472ba59cf7134dfe321f4d61a430c4857e8b19cdd5230b09952a92671c24409",
  },
  arbitrumSepolia: {
    chainId: 421614,
    token: "0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d",
    vrfCoordinator: "0x5CE8D5A2BC84beb22a398CCA51996F7930313D61",
    vrfKeyHash: "0x1770bdc7eec7771f7ba4ffd640f34260d7f095b79c92d34a5b2551d6f6cfd2be",
  },
  sepolia: {
    chainId: 11155111,
    token: "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238",
    vrfCoordinator: "0x9DdfaCa8183c41ad55329BdeeD9F6A8d53168B1B",
    vrfKeyHash: "0x787d74caea10b2b357790d5b5247c2f63d1d91572a9846f780606e4d953677ae",
  },
} as const;

/** The court parameters every file states (same keys as IsperaCore.readCoreParameters). */
const TUNABLES = [
  "protocolFeeBps",
  "feePerMediator",
  "minStake",
  "alphaBps",
  "firstRoundMediators",
  "maxRounds",
  "commitPeriod",
  "revealPeriod",
  "appealPeriod",
  "randomnessTimeout",
  "exitDelay",
  "vrfRequestConfirmations",
  "vrfCallbackGasLimit",
  "vrfNativePayment",
];

describe("deployment parameters and networks", function () {
  const docs = readFileSync(resolve(ROOT, "docs", "deployments.md"), "utf8");

  for (const [name, expected] of Object.entries(EXPECTED)) {
    describe(name, function () {
      it("has a parameters file with the network's documented, checksummed USDC and VRF v2.5 addresses", async function () {
        const file = resolve(ROOT, "ignition", "parameters", `${name}.json`);
        const parameters = (await readDeploymentParameters(file)) as Record<string, Record<string, unknown>>;
        expect(Object.keys(parameters)).to.deep.equal(["Ispera"]);
        const p = parameters.Ispera!;
        for (const key of ["token", "vrfCoordinator"] as const) {
          expect(p[key], key).to.equal(expected[key]);
          expect(getAddress(p[key] as string), `${key} is checksummed`).to.equal(p[key]);
          expect(docs, `${key} documented`).to.contain(expected[key]);
        }
        expect(p.vrfKeyHash).to.equal(expected.vrfKeyHash);
        expect(docs, "key hash documented").to.contain(expected.vrfKeyHash);
        for (const key of TUNABLES) expect(p, key).to.have.property(key);
        // The operator's own values are not in the repository's files.
        for (const key of ["owner", "feeRecipient", "vrfSubscriptionId"]) expect(p, key).to.not.have.property(key);
      });

      it("is a network of hardhat.config.ts with its chain id and secrets as configuration variables", function () {
        const config = hre.config.networks[name];
        expect(config, name).to.not.equal(undefined);
        expect(config!.type).to.equal("http");
        expect(config!.chainId).to.equal(expected.chainId);
        expect(NETWORKS[name as keyof typeof NETWORKS].chainId).to.equal(expected.chainId);
        if (config!.type !== "http") return;
        // Resolved lazily: reading the config needs no RPC URL nor key.
        expect(config!.url).to.have.property("_type", "ResolvedConfigurationVariable");
        expect(config!.accounts).to.be.an("array").with.length(1);
      });
    });
  }

  it("keeps the local parameters in ignition/parameters/local.json under LocalIspera", async function () {
    const parameters = (await readDeploymentParameters(resolve(ROOT, "ignition/parameters/local.json"))) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(parameters)).to.deep.equal(["LocalIspera"]);
    for (const key of TUNABLES) expect(parameters.LocalIspera, key).to.have.property(key);
  });

  it("verifies sources through Etherscan's API v2 key, a configuration variable", function () {
    expect(hre.config.verify.etherscan.enabled).to.equal(true);
    expect(hre.config.verify.etherscan.apiKey).to.have.property("_type", "ResolvedConfigurationVariable");
  });
});
