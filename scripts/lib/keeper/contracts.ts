// The contracts the keeper talks to: ABIs read from the build artifacts (artifacts/, written by `hardhat build`),
// addresses read from an Ignition deployment's deployed_addresses.json (any module: keys end with `#<Name>`), the
// rest found through the escrow's views (its court, holdback vault and exclusivity registry).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Contract, Interface, type ContractRunner, type Provider } from "ethers";
import { ROOT } from "../run.ts";
import type {
  ChainlinkRandomness,
  DealEscrow,
  ExclusivityRegistry,
  HoldbackVault,
  MediatorCourt,
  RightsCertificate,
  VRFCoordinatorV2_5Mock,
} from "../../../types/ethers-contracts/index.ts";

/** Chain ids of local development chains: the only ones where the keeper answers the VRF coordinator mock. */
export const LOCAL_CHAIN_IDS: readonly bigint[] = [31337n, 1337n];

const VRF_MOCK_SOURCE = "@chainlink/contracts/src/v0.8/vrf/mocks/VRFCoordinatorV2_5Mock.sol";

/** The ABI of a compiled contract: `source` relative to the project (e.g. "contracts/DealEscrow.sol"). */
export function loadAbi(source: string, name: string): Interface {
  const file = resolve(ROOT, "artifacts", source, `${name}.json`);
  if (!existsSync(file)) throw new Error(`keeper: no artifact ${file} (run \`npx hardhat build\` first)`);
  return new Interface((JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] }).abi as string[]);
}

/** The interfaces the keeper decodes logs and errors with. */
export interface KeeperInterfaces {
  escrow: Interface;
  court: Interface;
  randomness: Interface;
  vault: Interface;
  registry: Interface;
  certificate: Interface;
  vrf: Interface;
  /** Errors raised by the court's linked libraries and the escrow's TermsLogic. */
  libraries: Interface[];
}

let cached: KeeperInterfaces | undefined;

export function keeperInterfaces(): KeeperInterfaces {
  cached ??= {
    escrow: loadAbi("contracts/DealEscrow.sol", "DealEscrow"),
    court: loadAbi("contracts/MediatorCourt.sol", "MediatorCourt"),
    randomness: loadAbi("contracts/ChainlinkRandomness.sol", "ChainlinkRandomness"),
    vault: loadAbi("contracts/HoldbackVault.sol", "HoldbackVault"),
    registry: loadAbi("contracts/ExclusivityRegistry.sol", "ExclusivityRegistry"),
    certificate: loadAbi("contracts/RightsCertificate.sol", "RightsCertificate"),
    vrf: loadAbi(VRF_MOCK_SOURCE, "VRFCoordinatorV2_5Mock"),
    libraries: [
      loadAbi("contracts/libraries/CourtLogic.sol", "CourtLogic"),
      loadAbi("contracts/libraries/PoolLogic.sol", "PoolLogic"),
      loadAbi("contracts/libraries/TermsLogic.sol", "TermsLogic"),
    ],
  };
  return cached;
}

/** Every interface, for decoding a revert into a readable custom error. */
export function allInterfaces(): Interface[] {
  const i = keeperInterfaces();
  return [i.escrow, i.court, i.vault, i.registry, i.certificate, i.randomness, i.vrf, ...i.libraries];
}

/** Addresses the keeper needs; everything else is read from the escrow. */
export interface KeeperAddresses {
  escrow: string;
  /** The rights certificate of the escrow's deals (no minting without it). */
  certificate?: string;
  /** The randomness source (ChainlinkRandomness), to see whether a round's word arrived; optional. */
  randomness?: string;
  /** Chainlink's VRFCoordinatorV2_5Mock: answered by the keeper on local chains only. */
  vrfMock?: string;
}

/** Reads an Ignition deployed_addresses.json: keys `<Module>#<Name>`, any module. */
export function readDeploymentAddresses(file: string): KeeperAddresses {
  if (!existsSync(file)) throw new Error(`keeper: no deployment addresses file ${file}`);
  const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const find = (name: string): string | undefined => {
    const key = Object.keys(all).find((k) => k === name || k.endsWith(`#${name}`));
    return key === undefined ? undefined : all[key];
  };
  const escrow = find("DealEscrow");
  if (!escrow) throw new Error(`keeper: ${file} has no DealEscrow address`);
  return {
    escrow,
    certificate: find("RightsCertificate"),
    randomness: find("ChainlinkRandomness"),
    vrfMock: find("VRFCoordinatorV2_5Mock"),
  };
}

/** The deployment's address file: ignition/deployments/<id>/deployed_addresses.json. */
export function deploymentFile(deploymentId: string): string {
  return resolve(ROOT, "ignition", "deployments", deploymentId, "deployed_addresses.json");
}

export interface KeeperContracts {
  escrow: DealEscrow;
  court: MediatorCourt;
  vault: HoldbackVault;
  registry: ExclusivityRegistry;
  certificate?: RightsCertificate;
  randomness?: ChainlinkRandomness;
  /** Only on a local chain. */
  vrfMock?: VRFCoordinatorV2_5Mock;
  addresses: {
    escrow: string;
    court: string;
    vault: string;
    registry: string;
    certificate?: string;
    randomness?: string;
    vrfMock?: string;
  };
}

function at<T>(address: string, iface: Interface, runner: ContractRunner): T {
  return new Contract(address, iface, runner) as unknown as T;
}

/**
 * Connects the keeper's contracts with `runner` (the keeper's signer). The VRF mock is connected only on a local
 * chain (chain id 31337 or 1337) and only when code is deployed at its address; otherwise it is ignored.
 */
export async function connectContracts(
  provider: Provider,
  runner: ContractRunner,
  addresses: KeeperAddresses,
  options: { vrfMock?: boolean } = {},
): Promise<KeeperContracts> {
  const i = keeperInterfaces();
  const escrow = at<DealEscrow>(addresses.escrow, i.escrow, runner);
  if ((await provider.getCode(addresses.escrow)) === "0x") throw new Error(`keeper: no contract at the escrow address ${addresses.escrow}`);
  const [court, vault, registry] = await Promise.all([escrow.arbitrator(), escrow.holdbackVault(), escrow.exclusivityRegistry()]);
  const { chainId } = await provider.getNetwork();
  let vrfMock: string | undefined;
  if (addresses.vrfMock && options.vrfMock !== false && LOCAL_CHAIN_IDS.includes(chainId)) {
    if ((await provider.getCode(addresses.vrfMock)) !== "0x") vrfMock = addresses.vrfMock;
  }
  return {
    escrow,
    court: at<MediatorCourt>(court, i.court, runner),
    vault: at<HoldbackVault>(vault, i.vault, runner),
    registry: at<ExclusivityRegistry>(registry, i.registry, runner),
    certificate: addresses.certificate ? at<RightsCertificate>(addresses.certificate, i.certificate, runner) : undefined,
    randomness: addresses.randomness ? at<ChainlinkRandomness>(addresses.randomness, i.randomness, runner) : undefined,
    vrfMock: vrfMock ? at<VRFCoordinatorV2_5Mock>(vrfMock, i.vrf, runner) : undefined,
    addresses: {
      escrow: addresses.escrow,
      court,
      vault,
      registry,
      certificate: addresses.certificate,
      randomness: addresses.randomness,
      vrfMock,
    },
  };
}
