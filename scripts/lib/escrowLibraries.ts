import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

/**
 * DealEscrow links TermsLogic (its storage-free offer checks live there to keep the escrow under the code-size
 * limit). Deploys the library and returns the `libraries` option of `deployContract` / `getContractFactory`.
 * Ignition modules link it with `m.library("TermsLogic")` instead.
 */
export async function escrowLibraries(ethers: HardhatEthers): Promise<{ TermsLogic: string }> {
  const logic = await ethers.deployContract("TermsLogic");
  return { TermsLogic: await logic.getAddress() };
}
