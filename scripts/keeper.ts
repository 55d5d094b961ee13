// The Ispera keeper: a long-running process that moves time-driven work forward (see docs/keeper.md).
//   npm run keeper -- --deployment local-demo            (local chain, Hardhat account 19)
//   npm run keeper -- --rpc https://... --addresses deployed_addresses.json --state /var/lib/ispera/keeper.json
// Configuration by flags or environment (`--help`). `--once` makes one pass and exits (tests, cron).
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet, type Signer } from "ethers";
import { HARDHAT_MNEMONIC, parseConfig, USAGE } from "./lib/keeper/config.ts";
import { connectContracts, LOCAL_CHAIN_IDS, readDeploymentAddresses } from "./lib/keeper/contracts.ts";
import { Keeper } from "./lib/keeper/keeper.ts";
import { createLogger } from "./lib/keeper/log.ts";
import { noRights, rightsFromFile } from "./lib/keeper/plan.ts";

async function main(): Promise<number> {
  const config = parseConfig(process.argv.slice(2));
  if (!config) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = createLogger({ json: config.json, verbose: config.verbose });
  // No request cache: two nonce look-ups within 250 ms must not return the same (stale) count.
  const provider = new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 500, cacheTimeout: -1 });
  const { chainId } = await provider.getNetwork();
  let signer: Signer;
  if (config.privateKey) {
    signer = new Wallet(config.privateKey, provider);
  } else {
    if (config.mnemonic === HARDHAT_MNEMONIC && !LOCAL_CHAIN_IDS.includes(chainId)) {
      throw new Error(`keeper: chain ${chainId} is not a local chain: give --private-key (or KEEPER_PRIVATE_KEY)`);
    }
    const path = `m/44'/60'/0'/0/${config.accountIndex ?? 19}`;
    signer = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(config.mnemonic), path).connect(provider);
  }
  const contracts = await connectContracts(provider, signer, readDeploymentAddresses(config.addressesFile), { vrfMock: config.vrfMock });
  const keeper = await Keeper.open({
    provider,
    signer,
    contracts,
    statePath: config.statePath,
    log,
    rights: config.rightsFile ? rightsFromFile(config.rightsFile) : noRights,
    drawBatch: config.drawBatch,
    executeBatch: config.executeBatch,
    fromBlock: config.fromBlock,
    confirmations: config.confirmations,
    logRange: config.logRange,
    txTimeoutMs: config.txTimeoutMs,
    reset: config.reset,
  });
  const address = await signer.getAddress();
  log.log({
    level: "info",
    event: "start",
    message: `chain ${chainId}, escrow ${contracts.addresses.escrow}, court ${contracts.addresses.court}, keeper ${address}` +
      `${contracts.vrfMock ? ", answering the VRF mock" : ""}, state ${config.statePath}`,
    chainId,
    keeper: address,
    ...contracts.addresses,
  });
  if (config.once) {
    const report = await keeper.pass();
    log.log({ level: "info", event: "pass", message: `${report.sent} transactions sent in ${report.iterations} rounds`, ...report });
    provider.destroy();
    return 0;
  }
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log.log({ level: "info", event: "stop", message: `${signal}: stopping after the current step` });
      stop.abort();
    });
  }
  await keeper.run(config.intervalMs, stop.signal);
  provider.destroy();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
