import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { buildIsperaCore, readCoreParameters } from "./IsperaCore.js";

/**
 * The whole local stack: a USDC-like token (6 decimals, permit, blacklist, pause), Chainlink's VRF v2.5
 * coordinator mock with a funded subscription, then the Ispera core of ignition/modules/IsperaCore.ts on top of
 * them: the randomness source (a consumer of the subscription, serving the court), the mediator court (with its two
 * linked libraries), the escrow whose arbitrator is the court (with its linked TermsLogic; it deploys its exclusivity
 * registry and holdback vault, recorded here with `contractAt`), the rights certificate of the escrow's deals, the
 * profiles registry and the reputation of the escrow's deals. The deployer owns everything and receives the fees.
 * Parameters (ignition/parameters/local.json, section "LocalIspera") tune the fee, the court's parameters, the exit
 * delay and the VRF request settings.
 */
export default buildModule("LocalIspera", (m) => {
  const deployer = m.getAccount(0);

  const usdc = m.contract("MockUSDC", [deployer]);

  // Chainlink VRF v2.5 coordinator mock: base fee 0.1 LINK, gas price 1 gwei, 0.004 ETH per LINK.
  const vrf = m.contract("VRFCoordinatorV2_5Mock", [10n ** 17n, 10n ** 9n, 4n * 10n ** 15n]);
  const createSubscription = m.call(vrf, "createSubscription", []);
  const subscriptionId = m.readEventArgument(createSubscription, "SubscriptionCreated", "subId");
  m.call(vrf, "fundSubscription", [subscriptionId, 1_000n * 10n ** 18n]);

  const core = buildIsperaCore(m, {
    token: usdc,
    vrfCoordinator: vrf,
    // Any key hash works with the mock; this one is Sepolia's 100 gwei lane.
    vrfKeyHash: m.getParameter("vrfKeyHash", "0x787d74caea10b2b357790d5b5247c2f63d1d91572a9846f780606e4d953677ae"),
    vrfSubscriptionId: subscriptionId,
    owner: deployer,
    feeRecipient: deployer,
    parameters: readCoreParameters(m),
    handOver: false,
  });
  m.call(vrf, "addConsumer", [subscriptionId, core.randomness]);

  return { usdc, vrf, ...core };
});
