// Vote helpers shared by the tests, the demo and (later) the frontend.
import { AbiCoder, keccak256 } from "ethers";

/**
 * The message a mediator signs (EIP-191 personal_sign) to derive the salt of a commit, so that nothing has to be
 * remembered between commit and reveal: salt = keccak256(signature). Deterministic for a given wallet (RFC 6979).
 */
export function voteSaltMessage(court: string, chainId: bigint, disputeId: bigint, round: bigint): string {
  return `Ispera vote salt\ncourt: ${court.toLowerCase()}\nchain: ${chainId}\ndispute: ${disputeId}\nround: ${round}`;
}

/** The salt derived from the signature of `voteSaltMessage`. */
export function saltFromSignature(signature: string): string {
  return keccak256(signature);
}

/** The commitment: keccak256(abi.encode(court, disputeId, round, mediator, answers, salt)). */
export function voteCommitment(
  court: string,
  disputeId: bigint,
  round: bigint,
  mediator: string,
  answers: readonly number[],
  salt: string,
): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "uint256", "address", "uint8[]", "bytes32"],
      [court, disputeId, round, mediator, answers, salt],
    ),
  );
}

/** Court periods, by value (contracts/types/CourtTypes.sol). */
export const Period = { None: 0, Drawing: 1, Commit: 2, Reveal: 3, Appeal: 4, Execution: 5 } as const;
