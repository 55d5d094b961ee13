// EIP-2612 permit signing for the fixture's MockUSDC (OZ ERC20Permit, name "USD Coin (local)", version "1").
import { Signature } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { MockUSDC } from "../../types/ethers-contracts/index.js";
import { ethers } from "./fixture.js";

export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Signs a permit by `owner` for `spender` to spend `value` of `token` until `deadline`, at the owner's next nonce. */
export async function signPermit(
  token: MockUSDC,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<SignedPermit> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "USD Coin (local)", version: "1", chainId, verifyingContract: await token.getAddress() };
  const nonce = await token.nonces(owner.address);
  const raw = await owner.signTypedData(domain, PERMIT_TYPES, {
    owner: owner.address,
    spender,
    value,
    nonce,
    deadline,
  });
  const { v, r, s } = Signature.from(raw);
  return { deadline, v, r, s };
}
