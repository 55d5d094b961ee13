import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { buildIsperaCore, readCoreParameters } from "./IsperaCore.js";

/** The ERC-20 reads of the network's USDC, to record it with the deployment (`Ispera#USDC`): no compiled artifact. */
const usdcArtifact = {
  _format: "hh3-artifact-1",
  contractName: "USDC",
  sourceName: "ignition/modules/Ispera.ts",
  abi: [
    { type: "function", name: "name", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "string" }] },
    { type: "function", name: "symbol", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "string" }] },
    { type: "function", name: "decimals", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint8" }] },
    {
      type: "function",
      name: "balanceOf",
      stateMutability: "view",
      inputs: [{ name: "account", type: "address" }],
      outputs: [{ name: "", type: "uint256" }],
    },
  ],
  bytecode: "0x",
  deployedBytecode: "0x",
  linkReferences: {},
  deployedLinkReferences: {},
} as const;

/**
 * The production deployment (Base, Arbitrum One, their Sepolia testnets, Ethereum Sepolia): the Ispera core of
 * ignition/modules/IsperaCore.ts against the network's native USDC and Chainlink VRF v2.5 coordinator.
 *
 * Parameters, section "Ispera" of ignition/parameters/<network>.json (docs/deployments.md):
 * - `token`, `vrfCoordinator`, `vrfKeyHash`: the network's public addresses (in the files, with their sources);
 * - `vrfSubscriptionId`, `owner`, `feeRecipient`: the operator's (no default: a deployment without them fails
 *   validation before sending anything). `owner` is the governance (a multisig), distinct from the deployer;
 * - the court's parameters, `exitDelay`, `protocolFeeBps`, `vrfRequestConfirmations`, `vrfCallbackGasLimit`,
 *   `vrfNativePayment` (defaults in IsperaCore.ts).
 *
 * The deployer configures the escrow (allows the token) and the randomness source (serves the court), then offers
 * both to `owner`, who owns the court from its construction; the governance then calls `acceptOwnership` on the
 * escrow and on the randomness source, and the VRF subscription's owner adds the randomness source as a consumer.
 */
export default buildModule("Ispera", (m) => {
  const token = m.getParameter<string>("token");
  const core = buildIsperaCore(m, {
    token,
    vrfCoordinator: m.getParameter<string>("vrfCoordinator"),
    vrfKeyHash: m.getParameter<string>("vrfKeyHash"),
    vrfSubscriptionId: m.getParameter<bigint>("vrfSubscriptionId"),
    owner: m.getParameter<string>("owner"),
    feeRecipient: m.getParameter<string>("feeRecipient"),
    parameters: readCoreParameters(m),
    handOver: true,
  });
  const usdc = m.contractAt("USDC", usdcArtifact, token);
  return { usdc, ...core };
});
