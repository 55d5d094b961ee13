import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Test-only stack for the escrow's unit tests: the escrow with the hand-driven TestArbitrator, so that every
 * ruling value can be given directly. Integration tests and the demo use ignition/modules/LocalIspera.ts.
 */
export default buildModule("EscrowTestStack", (m) => {
  const deployer = m.getAccount(0);
  const protocolFeeBps = m.getParameter("protocolFeeBps", 100);
  const arbitrationCost = m.getParameter("arbitrationCost", 25_000_000n);

  const usdc = m.contract("MockUSDC", [deployer]);
  const arbitrator = m.contract("TestArbitrator", []);
  const termsLogic = m.library("TermsLogic");
  const escrow = m.contract("DealEscrow", [arbitrator, deployer, deployer, protocolFeeBps], {
    libraries: { TermsLogic: termsLogic },
  });

  m.call(escrow, "setTokenAllowed", [usdc, true]);
  m.call(arbitrator, "setCost", [usdc, arbitrationCost]);

  return { usdc, arbitrator, escrow };
});
