import type {
  AccountRuntimeValue,
  ArgumentType,
  CallableContractFuture,
  IgnitionModuleBuilder,
  ModuleParameterRuntimeValue,
} from "@nomicfoundation/ignition-core";

/**
 * The Ispera core, one builder per contract, shared by the production module (ignition/modules/Ispera.ts) and the
 * local stack (ignition/modules/LocalIspera.ts).
 *
 * Why builders and not `m.useModule` sub-modules: Ignition module parameters are static JSON values, so a
 * sub-module cannot take a future of its parent (the local MockUSDC, the VRF mock and its subscription id) as a
 * parameter. Each top-level module calls these builders inside its own `buildModule`, which also keeps every future
 * id `<Module>#<Contract>` (`LocalIspera#DealEscrow`, `Ispera#DealEscrow`): the scripts and the tests read those keys
 * of deployed_addresses.json.
 *
 * The parameters (`readCoreParameters`) are read from the calling module's section of the parameters file
 * (ignition/parameters/<network>.json): `{ "Ispera": { ... } }` or `{ "LocalIspera": { ... } }`.
 */

const DAY = 86_400n;

/** An address as Ignition takes it: a literal, a future, a module parameter or an account. */
export type AddressArgument = ArgumentType;

/** The court's parameters (contracts/types/CourtTypes.sol `CourtParams`), as module parameters with defaults. */
export interface CourtParameters {
  feePerMediator: ModuleParameterRuntimeValue<bigint>;
  minStake: ModuleParameterRuntimeValue<bigint>;
  alphaBps: ModuleParameterRuntimeValue<number>;
  firstRoundMediators: ModuleParameterRuntimeValue<number>;
  maxRounds: ModuleParameterRuntimeValue<number>;
  commitPeriod: ModuleParameterRuntimeValue<bigint>;
  revealPeriod: ModuleParameterRuntimeValue<bigint>;
  appealPeriod: ModuleParameterRuntimeValue<bigint>;
  randomnessTimeout: ModuleParameterRuntimeValue<bigint>;
}

/** The tunables every deployment reads from its parameters file (all have defaults). */
export interface CoreParameters {
  court: CourtParameters;
  /** Seconds a mediator waits between asking to unstake and withdrawing. */
  exitDelay: ModuleParameterRuntimeValue<bigint>;
  /** The escrow's protocol fee, in basis points of each payout. */
  protocolFeeBps: ModuleParameterRuntimeValue<number>;
  /** Confirmations the VRF coordinator waits before answering (at least the network's minimum). */
  vrfRequestConfirmations: ModuleParameterRuntimeValue<number>;
  /** Gas for the coordinator's callback (ChainlinkRandomness only stores the word). */
  vrfCallbackGasLimit: ModuleParameterRuntimeValue<number>;
  /** Pay VRF in the native coin (true) or in LINK (false). */
  vrfNativePayment: ModuleParameterRuntimeValue<boolean>;
}

/** Reads the court's parameters, the exit delay, the protocol fee and the VRF request settings. */
export function readCoreParameters(m: IgnitionModuleBuilder): CoreParameters {
  return {
    court: {
      feePerMediator: m.getParameter("feePerMediator", 10_000_000n), // 10 USDC per seat
      minStake: m.getParameter("minStake", 100_000_000n), // 100 USDC
      alphaBps: m.getParameter("alphaBps", 5_000),
      firstRoundMediators: m.getParameter("firstRoundMediators", 3),
      maxRounds: m.getParameter("maxRounds", 4),
      commitPeriod: m.getParameter("commitPeriod", 2n * DAY),
      revealPeriod: m.getParameter("revealPeriod", 2n * DAY),
      appealPeriod: m.getParameter("appealPeriod", 3n * DAY),
      randomnessTimeout: m.getParameter("randomnessTimeout", 3_600n),
    },
    exitDelay: m.getParameter("exitDelay", 7n * DAY),
    protocolFeeBps: m.getParameter("protocolFeeBps", 100),
    vrfRequestConfirmations: m.getParameter("vrfRequestConfirmations", 3),
    vrfCallbackGasLimit: m.getParameter("vrfCallbackGasLimit", 200_000),
    vrfNativePayment: m.getParameter("vrfNativePayment", false),
  };
}

/* ------------------------------- randomness ------------------------------ */

export interface RandomnessInputs {
  coordinator: AddressArgument;
  keyHash: ArgumentType;
  subscriptionId: ArgumentType;
  requestConfirmations: ArgumentType;
  callbackGasLimit: ArgumentType;
  nativePayment: ArgumentType;
}

/** ChainlinkRandomness, the VRF v2.5 consumer (owned by the deployer until handed over). */
export function buildRandomness(m: IgnitionModuleBuilder, i: RandomnessInputs) {
  return m.contract("ChainlinkRandomness", [
    i.coordinator,
    i.keyHash,
    i.subscriptionId,
    i.requestConfirmations,
    i.callbackGasLimit,
    i.nativePayment,
  ]);
}

/* --------------------------------- court --------------------------------- */

export interface CourtInputs {
  /** The stake and fee token (USDC). */
  token: AddressArgument;
  randomness: CallableContractFuture<"ChainlinkRandomness">;
  owner: AddressArgument;
  params: CourtParameters;
  exitDelay: ArgumentType;
}

/**
 * The mediator court with its two linked libraries; the randomness source then serves only the court
 * (`setConsumer`, by the randomness owner: the deployer).
 */
export function buildCourt(m: IgnitionModuleBuilder, i: CourtInputs) {
  const courtLogic = m.library("CourtLogic");
  const poolLogic = m.library("PoolLogic");
  const court = m.contract(
    "MediatorCourt",
    [
      i.token,
      i.token,
      10n ** 6n, // stake counted in whole USDC
      i.randomness,
      i.owner,
      { ...i.params },
      i.exitDelay,
    ],
    { libraries: { CourtLogic: courtLogic, PoolLogic: poolLogic } },
  );
  const setConsumer = m.call(i.randomness, "setConsumer", [court]);
  return { courtLogic, poolLogic, court, setConsumer };
}

/* --------------------------------- escrow -------------------------------- */

export interface EscrowInputs {
  court: CallableContractFuture<"MediatorCourt">;
  /** The token the escrow accepts at deployment (USDC). */
  token: AddressArgument;
  feeRecipient: AddressArgument;
  protocolFeeBps: ArgumentType;
}

/**
 * The escrow whose arbitrator is the court (linked TermsLogic), owned by the deployer so that it can allow the
 * token. The escrow deploys its exclusivity registry and holdback vault itself (it is their only writer): they are
 * recorded with `contractAt` on the escrow's getters.
 */
export function buildEscrow(m: IgnitionModuleBuilder, i: EscrowInputs) {
  const deployer = m.getAccount(0);
  const termsLogic = m.library("TermsLogic");
  const escrow = m.contract("DealEscrow", [i.court, deployer, i.feeRecipient, i.protocolFeeBps], {
    libraries: { TermsLogic: termsLogic },
  });
  const allowToken = m.call(escrow, "setTokenAllowed", [i.token, true]);
  const registry = m.contractAt("ExclusivityRegistry", m.staticCall(escrow, "exclusivityRegistry"));
  const vault = m.contractAt("HoldbackVault", m.staticCall(escrow, "holdbackVault"));
  return { termsLogic, escrow, allowToken, registry, vault };
}

/* ------------------------------- periphery ------------------------------- */

/**
 * The rights certificate and the reputation of the escrow's deals, the profiles registry, and the Chainlink
 * Automation upkeep (an alternative to the self-run keeper; anyone registers the deals and disputes it watches).
 */
export function buildPeriphery(
  m: IgnitionModuleBuilder,
  escrow: CallableContractFuture<"DealEscrow">,
  randomness: CallableContractFuture<"ChainlinkRandomness">,
) {
  const certificate = m.contract("RightsCertificate", [escrow]);
  const profiles = m.contract("Profiles", []);
  const reputation = m.contract("Reputation", [escrow]);
  const upkeep = m.contract("IsperaUpkeep", [escrow, randomness, 16, 16]);
  return { certificate, profiles, reputation, upkeep };
}

/* ---------------------------------- core --------------------------------- */

export interface CoreInputs {
  /** USDC: the escrow's allowed token, the court's stake and fee token. */
  token: AddressArgument;
  vrfCoordinator: AddressArgument;
  vrfKeyHash: ArgumentType;
  vrfSubscriptionId: ArgumentType;
  /**
   * The governance: owns the court from its construction. With `handOver`, the escrow's and the randomness'
   * ownership is also offered to it (two-step: the governance calls `acceptOwnership` on both).
   */
  owner: AddressArgument | AccountRuntimeValue;
  feeRecipient: AddressArgument;
  parameters: CoreParameters;
  /**
   * Offer the escrow and the randomness source to `owner` once configured (production). ChainlinkRandomness'
   * ConfirmedOwner refuses a transfer to its current owner, so `owner` must then differ from the deployer.
   */
  handOver: boolean;
}

/** Deploys and wires the whole core; returns every contract future under the names the scripts use. */
export function buildIsperaCore(m: IgnitionModuleBuilder, i: CoreInputs) {
  const p = i.parameters;
  const randomness = buildRandomness(m, {
    coordinator: i.vrfCoordinator,
    keyHash: i.vrfKeyHash,
    subscriptionId: i.vrfSubscriptionId,
    requestConfirmations: p.vrfRequestConfirmations,
    callbackGasLimit: p.vrfCallbackGasLimit,
    nativePayment: p.vrfNativePayment,
  });
  const { courtLogic, poolLogic, court, setConsumer } = buildCourt(m, {
    token: i.token,
    randomness,
    owner: i.owner,
    params: p.court,
    exitDelay: p.exitDelay,
  });
  const { termsLogic, escrow, allowToken, registry, vault } = buildEscrow(m, {
    court,
    token: i.token,
    feeRecipient: i.feeRecipient,
    protocolFeeBps: p.protocolFeeBps,
  });
  const { certificate, profiles, reputation, upkeep } = buildPeriphery(m, escrow, randomness);
  if (i.handOver) {
    m.call(escrow, "transferOwnership", [i.owner], { after: [allowToken] });
    m.call(randomness, "transferOwnership", [i.owner], { after: [setConsumer] });
  }
  return {
    randomness,
    courtLogic,
    poolLogic,
    termsLogic,
    court,
    escrow,
    registry,
    vault,
    certificate,
    profiles,
    reputation,
    upkeep,
  };
}
