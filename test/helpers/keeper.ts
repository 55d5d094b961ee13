// Test helpers for the keeper: a keeper instance on the fixture's in-process network, signing with a Hardhat
// development account that the fixture does not use, and a fresh state file per test.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HDNodeWallet, Mnemonic } from "ethers";
import { HARDHAT_MNEMONIC } from "../../scripts/lib/keeper/config.js";
import { connectContracts } from "../../scripts/lib/keeper/contracts.js";
import { Keeper, type KeeperOptions } from "../../scripts/lib/keeper/keeper.js";
import { memoryLogger, type LogEntry } from "../../scripts/lib/keeper/log.js";
import { noRights } from "../../scripts/lib/keeper/plan.js";
import { ethers, type CourtFixture } from "./courtFixture.js";

/** Account 19 of Hardhat's development mnemonic (the fixture uses 0 to 15). */
export const keeperWallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), "m/44'/60'/0'/0/19").connect(ethers.provider);

export function tempStatePath(): string {
  return join(mkdtempSync(join(tmpdir(), "ispera-keeper-")), "state.json");
}

export interface TestKeeper {
  keeper: Keeper;
  entries: LogEntry[];
}

/** A keeper over the fixture's contracts; `statePath` shared between instances simulates a restart. */
export async function keeperFor(
  f: CourtFixture,
  statePath: string,
  options: Partial<KeeperOptions> & { vrfMock?: boolean } = {},
): Promise<TestKeeper> {
  const log = memoryLogger();
  const contracts = await connectContracts(
    ethers.provider,
    keeperWallet,
    {
      escrow: f.escrowAddress,
      certificate: f.certificateAddress,
      randomness: f.randomnessAddress,
      vrfMock: await f.vrf.getAddress(),
    },
    { vrfMock: options.vrfMock },
  );
  const keeper = await Keeper.open({
    provider: ethers.provider,
    signer: keeperWallet,
    contracts,
    statePath,
    log,
    rights: noRights,
    txTimeoutMs: 10_000,
    ...options,
  });
  return { keeper, entries: log.entries };
}

/** Transactions sent by the keeper's account so far. */
export async function keeperNonce(): Promise<number> {
  return ethers.provider.getTransactionCount(keeperWallet.address, "latest");
}

/** The kinds of the actions a pass sent, sorted. */
export function kinds(report: { actions: { kind: string }[] }): string[] {
  return report.actions.map((a) => a.kind).sort();
}
