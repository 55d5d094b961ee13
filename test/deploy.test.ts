// The deployment modules on the in-process network: LocalIspera with ignition/parameters/local.json, and the
// production module Ispera against mocks passed as its parameters. Checks the wiring (escrow <-> court, randomness
// <-> court and the VRF subscription, the certificate's, the reputation's, the registry's and the vault's escrow),
// the parameters reaching the contracts and the governance hand-over.
import { expect } from "chai";
import { resolve } from "node:path";
import { network } from "hardhat";
import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import Ispera from "../ignition/modules/Ispera.js";
import LocalIspera from "../ignition/modules/LocalIspera.js";
import type {
  ChainlinkRandomness,
  DealEscrow,
  ExclusivityRegistry,
  HoldbackVault,
  IsperaUpkeep,
  MediatorCourt,
  MockUSDC,
  Reputation,
  RightsCertificate,
  VRFCoordinatorV2_5Mock,
} from "../types/ethers-contracts/index.js";

const connection = await network.create();
const { ethers, ignition, networkHelpers } = connection;
const ROOT = resolve(import.meta.dirname, "..");

type Parameters = Record<string, Record<string, unknown>>;
async function parametersFile(name: string): Promise<Parameters> {
  return (await readDeploymentParameters(resolve(ROOT, "ignition", "parameters", `${name}.json`))) as Parameters;
}

interface Wired {
  court: MediatorCourt;
  escrow: DealEscrow;
  randomness: ChainlinkRandomness;
  registry: ExclusivityRegistry;
  vault: HoldbackVault;
  certificate: RightsCertificate;
  reputation: Reputation;
  upkeep: IsperaUpkeep;
}

/** The wiring both modules must produce. */
async function expectWired(c: Wired, token: string): Promise<void> {
  const court = await c.court.getAddress();
  const escrow = await c.escrow.getAddress();
  expect(await c.escrow.arbitrator(), "escrow.arbitrator").to.equal(court);
  expect(await c.randomness.consumer(), "randomness.consumer").to.equal(court);
  expect(await c.escrow.isTokenAllowed(token), "the escrow allows USDC").to.equal(true);
  expect(await c.court.stakeToken()).to.equal(token);
  expect(await c.court.feeToken()).to.equal(token);
  expect(await c.certificate.escrow(), "certificate.escrow").to.equal(escrow);
  expect(await c.reputation.escrow(), "reputation.escrow").to.equal(escrow);
  expect(await c.upkeep.ESCROW(), "upkeep.ESCROW").to.equal(escrow);
  expect(await c.upkeep.COURT(), "upkeep.COURT").to.equal(court);
  expect(await c.upkeep.RANDOMNESS(), "upkeep.RANDOMNESS").to.equal(await c.randomness.getAddress());
  expect(await c.registry.escrow(), "registry.escrow").to.equal(escrow);
  expect(await c.vault.escrow(), "vault.escrow").to.equal(escrow);
  expect(await c.vault.arbitrator(), "vault.arbitrator").to.equal(court);
  expect(await c.vault.registry(), "vault.registry").to.equal(await c.registry.getAddress());
  expect(await c.escrow.exclusivityRegistry()).to.equal(await c.registry.getAddress());
  expect(await c.escrow.holdbackVault()).to.equal(await c.vault.getAddress());
}

/** The court's, the escrow's and the randomness' settings against a parameters section. */
async function expectParameters(c: Wired, p: Record<string, unknown>): Promise<void> {
  const params = await c.court.params();
  for (const key of [
    "feePerMediator",
    "minStake",
    "alphaBps",
    "firstRoundMediators",
    "maxRounds",
    "commitPeriod",
    "revealPeriod",
    "appealPeriod",
    "randomnessTimeout",
  ] as const) {
    expect(params[key], key).to.equal(BigInt(p[key] as number));
  }
  expect(await c.court.exitDelay()).to.equal(BigInt(p.exitDelay as number));
  expect(await c.escrow.protocolFeeBps()).to.equal(BigInt(p.protocolFeeBps as number));
  expect(await c.randomness.requestConfirmations()).to.equal(BigInt(p.vrfRequestConfirmations as number));
  expect(await c.randomness.callbackGasLimit()).to.equal(BigInt(p.vrfCallbackGasLimit as number));
  expect(await c.randomness.nativePayment()).to.equal(p.vrfNativePayment);
}

describe("deployment modules", function () {
  describe("LocalIspera with ignition/parameters/local.json", function () {
    async function deployLocal() {
      const parameters = await parametersFile("local");
      const deployed = await ignition.deploy(LocalIspera, { parameters: parameters as never });
      return { parameters, deployed };
    }

    it("deploys the whole stack, wired, with the file's parameters", async function () {
      const { parameters, deployed } = await networkHelpers.loadFixture(deployLocal);
      const [deployer] = await ethers.getSigners();
      const c = deployed as unknown as Wired & { usdc: MockUSDC; vrf: VRFCoordinatorV2_5Mock };
      await expectWired(c, await c.usdc.getAddress());
      await expectParameters(c, parameters.LocalIspera!);
      // The randomness source consumes the mock's funded subscription.
      const subId = await c.randomness.subscriptionId();
      expect(await c.vrf.consumerIsAdded(subId, await c.randomness.getAddress())).to.equal(true);
      const sub = await c.vrf.getSubscription(subId);
      expect(sub.balance).to.equal(1_000n * 10n ** 18n);
      expect(await c.randomness.keyHash()).to.equal("0x787d74caea10b2b357790d5b5247c2f63d1d91572a9846f780606e4d953677ae");
      // Locally the deployer is the governance and the fee recipient.
      expect(await c.court.owner()).to.equal(deployer!.address);
      expect(await c.escrow.owner()).to.equal(deployer!.address);
      expect(await c.escrow.pendingOwner()).to.equal(ethers.ZeroAddress);
      expect(await c.randomness.owner()).to.equal(deployer!.address);
      expect(await c.escrow.feeRecipient()).to.equal(deployer!.address);
      expect(await c.usdc.decimals()).to.equal(6n);
    });

    it("returns the names the tests, the demo and the rights proof read", async function () {
      const { deployed } = await networkHelpers.loadFixture(deployLocal);
      expect(Object.keys(deployed).sort()).to.deep.equal(
        [
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
        ].sort(),
      );
    });

    it("keeps the future ids LocalIspera#<ContractName> that deployed_addresses.json is keyed by", function () {
      const ids = [...LocalIspera.futures].map((f) => f.id);
      for (const name of [
        "MockUSDC",
        "VRFCoordinatorV2_5Mock",
        "ChainlinkRandomness",
        "CourtLogic",
        "PoolLogic",
        "TermsLogic",
        "MediatorCourt",
        "DealEscrow",
        "ExclusivityRegistry",
        "HoldbackVault",
        "RightsCertificate",
        "Profiles",
        "Reputation",
        "IsperaUpkeep",
      ]) {
        expect(ids, name).to.include(`LocalIspera#${name}`);
      }
    });
  });

  describe("Ispera (production) against mocks passed as parameters", function () {
    async function deployProduction() {
      const [deployer, governance, treasury] = await ethers.getSigners();
      const usdc = (await ethers.deployContract("MockUSDC", [deployer!.address])) as unknown as MockUSDC;
      const vrf = (await ethers.deployContract("VRFCoordinatorV2_5Mock", [
        10n ** 17n,
        10n ** 9n,
        4n * 10n ** 15n,
      ])) as unknown as VRFCoordinatorV2_5Mock;
      await vrf.createSubscription();
      const [subId] = await vrf.getActiveSubscriptionIds(0, 1);
      await vrf.fundSubscription(subId!, 100n * 10n ** 18n);
      // Base Sepolia's file, with the mocks in place of the network's USDC and coordinator.
      const file = await parametersFile("baseSepolia");
      const parameters = {
        Ispera: {
          ...file.Ispera!,
          token: await usdc.getAddress(),
          vrfCoordinator: await vrf.getAddress(),
          vrfSubscriptionId: subId!,
          owner: governance!.address,
          feeRecipient: treasury!.address,
        },
      };
      const deployed = await ignition.deploy(Ispera, { parameters: parameters as never });
      return { deployer: deployer!, governance: governance!, treasury: treasury!, usdc, vrf, subId: subId!, parameters, deployed };
    }

    it("deploys the core, wired, with the file's parameters", async function () {
      const { usdc, parameters, deployed, treasury } = await networkHelpers.loadFixture(deployProduction);
      const c = deployed as unknown as Wired;
      await expectWired(c, await usdc.getAddress());
      await expectParameters(c, parameters.Ispera);
      expect(await c.randomness.keyHash()).to.equal((await parametersFile("baseSepolia")).Ispera!.vrfKeyHash);
      expect(await c.escrow.feeRecipient()).to.equal(treasury.address);
      expect(await deployed.usdc.getAddress(), "the network's USDC is recorded").to.equal(await usdc.getAddress());
    });

    it("gives the court to the governance and offers it the escrow and the randomness source", async function () {
      const { deployer, governance, deployed } = await networkHelpers.loadFixture(deployProduction);
      const c = deployed as unknown as Wired;
      expect(await c.court.owner()).to.equal(governance.address);
      expect(await c.escrow.owner()).to.equal(deployer.address);
      expect(await c.escrow.pendingOwner()).to.equal(governance.address);
      expect(await c.randomness.owner()).to.equal(deployer.address);
      await c.escrow.connect(governance).acceptOwnership();
      await c.randomness.connect(governance).acceptOwnership();
      expect(await c.escrow.owner()).to.equal(governance.address);
      expect(await c.randomness.owner()).to.equal(governance.address);
    });

    it("serves randomness once the subscription owner adds the consumer", async function () {
      const { vrf, subId, deployed } = await networkHelpers.loadFixture(deployProduction);
      const c = deployed as unknown as Wired;
      const randomness = await c.randomness.getAddress();
      expect(await vrf.consumerIsAdded(subId, randomness)).to.equal(false);
      await vrf.addConsumer(subId, randomness);
      expect(await vrf.consumerIsAdded(subId, randomness)).to.equal(true);
      expect(await c.randomness.subscriptionId()).to.equal(subId);
    });

    it("refuses to deploy without the operator's parameters", async function () {
      const file = await parametersFile("base");
      let message = "";
      try {
        await ignition.deploy(Ispera, { parameters: file as never });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.match(/vrfSubscriptionId|owner|feeRecipient/);
    });
  });
});
