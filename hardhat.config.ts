import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);
/** The wasm build of solc shipped in the npm `solc` package: no compiler download at build time. */
const solcFromNpm = (pkg: string): string => require.resolve(`${pkg}/soljson.js`);

const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 256);
const invariantRuns = Number(process.env.INV_RUNS ?? 64);
const invariantDepth = Number(process.env.INV_DEPTH ?? 64);

// ISPERA_BUILD_DIR moves the artifacts and the compile cache (npm test runs the instrumented coverage build there,
// beside the demo, which keeps using the production build in artifacts/).
const buildDir = process.env.ISPERA_BUILD_DIR;

const solc0830 = { version: "0.8.30", path: solcFromNpm("solc") };
const courtSettings = {
  ...solc0830,
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague", viaIR: true },
};
const solidityProfile = {
  compilers: [{ ...solc0830, settings: { optimizer: { enabled: true, runs: 1_000 }, evmVersion: "prague" } }],
  overrides: {
    // The court is compiled through the IR pipeline, which keeps it under the 24,576-byte code-size limit
    // (about 28.7 kB with the legacy pipeline).
    "contracts/MediatorCourt.sol": courtSettings,
    // The escrow too: with exclusivity, holdback and rights it is about 26.2 kB with the legacy pipeline at 1,000
    // runs and 22.3 kB through IR at 200 runs, which also costs less gas on every benchmarked step.
    "contracts/DealEscrow.sol": courtSettings,
    // The benchmark harness compiles the court in its own job: same pipeline.
    "contracts/mocks/MediatorCourtBenchHarness.sol": courtSettings,
    // The rights certificate writes its metadata JSON on chain: through the IR pipeline it stays far under the
    // code-size limit (about 20.9 kB, 26 kB with the legacy pipeline).
    "contracts/RightsCertificate.sol": courtSettings,
  },
};

/** A public network reached over HTTP, deployed to with the DEPLOYER_PRIVATE_KEY configuration variable. */
function publicNetwork(chainId: number, chainType: "l1" | "op" | "generic", rpcVariable: string) {
  return {
    type: "http" as const,
    chainType,
    chainId,
    url: configVariable(rpcVariable),
    accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
  };
}

export default defineConfig({
  ...(buildDir ? { paths: { artifacts: `${buildDir}/artifacts`, cache: `${buildDir}/cache` } } : {}),
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    // One configuration for every build: tests, scripts and deployments (Ignition builds with `production`).
    profiles: { default: solidityProfile, production: solidityProfile },
    // npm contracts get artifacts only when listed: the VRF coordinator mock for local chains and tests.
    npmFilesToBuild: ["@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol"],
  },
  networks: {
    // The court benchmark seeds 100,000 mediators through a harness larger than the mainnet code-size limit.
    bench: {
      type: "edr-simulated",
      chainType: "l1",
      allowUnlimitedContractSize: true,
      blockGasLimit: 2_000_000_000n,
    },
    // The local chain started by the demo (`hardhat node --hostname 127.0.0.1`); LOCAL_RPC_URL picks another port.
    localhost: { type: "http", chainType: "l1", url: process.env.LOCAL_RPC_URL ?? "http://127.0.0.1:8545" },
    // Public networks (docs/deployments.md; their USDC and VRF v2.5 addresses are in ignition/parameters/<name>.json).
    // The RPC URLs and the deployer's key are configuration variables: read from the encrypted keystore
    // (`npx hardhat keystore set BASE_RPC_URL`) or the environment, and only when that network is used.
    base: publicNetwork(8453, "op", "BASE_RPC_URL"),
    baseSepolia: publicNetwork(84532, "op", "BASE_SEPOLIA_RPC_URL"),
    arbitrumOne: publicNetwork(42161, "generic", "ARBITRUM_ONE_RPC_URL"),
    arbitrumSepolia: publicNetwork(421614, "generic", "ARBITRUM_SEPOLIA_RPC_URL"),
    sepolia: publicNetwork(11155111, "l1", "SEPOLIA_RPC_URL"),
  },
  // Source verification on Etherscan (one API v2 key for every chain) and Sourcify, after a deployment:
  // `npx hardhat ignition verify <deployment id>` (docs/deployments.md).
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    sourcify: { enabled: true },
  },
  test: {
    solidity: {
      fuzz: { runs: fuzzRuns },
      invariant: { runs: invariantRuns, depth: invariantDepth, failOnRevert: false },
    },
  },
});
