import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The local stack: a USDC-like token (6 decimals, permit, blacklist, pause), the test arbitrator that stands in
 * for the mediator court until it exists, and the escrow wired to both.
 * Parameters (ignition/parameters/local.json): protocolFeeBps, arbitrationCost (in USDC units).
 */
export default buildModule("LocalIspera", (m) => {
  const deployer = m.getAccount(0);
  const protocolFeeBps = m.getParameter("protocolFeeBps", 100);
  const arbitrationCost = m.getParameter("arbitrationCost", 25_000_000n);

  const usdc = m.contract("MockUSDC", [deployer]);
  const arbitrator = m.contract("TestArbitrator", []);
  const escrow = m.contract("DealEscrow", [arbitrator, deployer, deployer, protocolFeeBps]);

  m.call(escrow, "setTokenAllowed", [usdc, true]);
  m.call(arbitrator, "setCost", [usdc, arbitrationCost]);

  return { usdc, arbitrator, escrow };
});
