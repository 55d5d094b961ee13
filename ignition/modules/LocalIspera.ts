import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const DAY = 86_400n;

/**
 * The whole local stack: a USDC-like token (6 decimals, permit, blacklist, pause), Chainlink's VRF v2.5
 * coordinator mock with a funded subscription, the randomness source, the mediator court (with its two linked
 * libraries), the escrow whose arbitrator is the court, and the rights certificate of the escrow's deals.
 * Parameters (ignition/parameters/local.json) tune the fee, the court's parameters and the exit delay.
 */
export default buildModule("LocalIspera", (m) => {
  const deployer = m.getAccount(0);
  const protocolFeeBps = m.getParameter("protocolFeeBps", 100);

  const usdc = m.contract("MockUSDC", [deployer]);

  // Chainlink VRF v2.5 coordinator mock: base fee 0.1 LINK, gas price 1 gwei, 0.004 ETH per LINK.
  const vrf = m.contract("VRFCoordinatorV2_5Mock", [10n ** 17n, 10n ** 9n, 4n * 10n ** 15n]);
  const createSubscription = m.call(vrf, "createSubscription", []);
  const subscriptionId = m.readEventArgument(createSubscription, "SubscriptionCreated", "subId");
  m.call(vrf, "fundSubscription", [subscriptionId, 1_000n * 10n ** 18n]);
  const keyHash = m.getParameter("vrfKeyHash", "0x787d74caea10b2b357790d5b5247c2f63d1d91572a9846f780606e4d953677ae");
  const randomness = m.contract("ChainlinkRandomness", [vrf, keyHash, subscriptionId, 3, 200_000, false]);
  m.call(vrf, "addConsumer", [subscriptionId, randomness]);

  const courtLogic = m.library("CourtLogic");
  const poolLogic = m.library("PoolLogic");
  const court = m.contract(
    "MediatorCourt",
    [
      usdc,
      usdc,
      10n ** 6n, // stake counted in whole USDC
      randomness,
      deployer,
      {
        feePerMediator: m.getParameter("feePerMediator", 10_000_000n),
        minStake: m.getParameter("minStake", 100_000_000n),
        alphaBps: m.getParameter("alphaBps", 5_000),
        firstRoundMediators: m.getParameter("firstRoundMediators", 3),
        maxRounds: m.getParameter("maxRounds", 4),
        commitPeriod: m.getParameter("commitPeriod", 2n * DAY),
        revealPeriod: m.getParameter("revealPeriod", 2n * DAY),
        appealPeriod: m.getParameter("appealPeriod", 3n * DAY),
        randomnessTimeout: m.getParameter("randomnessTimeout", 3_600n),
      },
      m.getParameter("exitDelay", 7n * DAY),
    ],
    { libraries: { CourtLogic: courtLogic, PoolLogic: poolLogic } },
  );
  m.call(randomness, "setConsumer", [court]);

  const termsLogic = m.library("TermsLogic");
  const escrow = m.contract("DealEscrow", [court, deployer, deployer, protocolFeeBps], {
    libraries: { TermsLogic: termsLogic },
  });
  m.call(escrow, "setTokenAllowed", [usdc, true]);

  // The escrow deploys its exclusivity registry and holdback vault (it is their only writer): recorded here too.
  const registry = m.contractAt("ExclusivityRegistry", m.staticCall(escrow, "exclusivityRegistry"));
  const vault = m.contractAt("HoldbackVault", m.staticCall(escrow, "holdbackVault"));

  const certificate = m.contract("RightsCertificate", [escrow]);

  return { usdc, vrf, randomness, courtLogic, poolLogic, termsLogic, court, escrow, registry, vault, certificate };
});
