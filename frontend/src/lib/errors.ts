// Decoding of failed calls: the custom error (from any Ispera contract or the token) with its named arguments, and
// its text in plain words (lib/errorMessages.ts), or a readable description of a wallet or network failure.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  UserRejectedRequestError,
  type Abi,
  type Hex,
} from "viem";
import type { AbiError } from "abitype";
import {
  dealEscrowAbi,
  exclusivityRegistryAbi,
  holdbackVaultAbi,
  isperaUpkeepAbi,
  mediatorCourtAbi,
  mockUsdcAbi,
  profilesAbi,
  randomnessAbi,
  reputationAbi,
  rightsCertificateAbi,
} from "../config/abis.generated.ts";

/** Every custom error any Ispera contract (or the token) can revert with, once each. */
export const allErrorsAbi: readonly AbiError[] = (() => {
  const seen = new Map<string, AbiError>();
  const abis: readonly Abi[] = [
    dealEscrowAbi,
    mediatorCourtAbi,
    exclusivityRegistryAbi,
    holdbackVaultAbi,
    rightsCertificateAbi,
    profilesAbi,
    reputationAbi,
    randomnessAbi,
    isperaUpkeepAbi,
    mockUsdcAbi,
  ];
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const signature = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (!seen.has(signature)) seen.set(signature, item);
    }
  }
  return [...seen.values()];
})();

export interface DecodedError {
  /** The custom error's name, or a category: "UserRejected", "Revert" (a reason string), "Unknown". */
  readonly name: string;
  /** Named arguments (positional ones are named arg0, arg1, ...). */
  readonly args: Readonly<Record<string, unknown>>;
  /** A technical one-line form, `Name(arg, ...)`, for the details line. */
  readonly technical: string;
}

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/** Decodes revert data with every Ispera error. */
export function decodeRevertData(data: Hex): DecodedError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: allErrorsAbi, data });
    const item = allErrorsAbi.find((e) => e.name === decoded.errorName);
    const values = (decoded.args ?? []) as readonly unknown[];
    const args: Record<string, unknown> = {};
    values.forEach((value, i) => {
      args[item?.inputs[i]?.name || `arg${i}`] = value;
    });
    return { name: decoded.errorName, args, technical: `${decoded.errorName}(${values.map(formatValue).join(", ")})` };
  } catch {
    return undefined;
  }
}

function findRevertData(error: unknown): Hex | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const candidate = (error as { data?: unknown }).data;
  if (typeof candidate === "string" && /^0x[0-9a-fA-F]{8,}$/.test(candidate)) return candidate as Hex;
  if (typeof candidate === "object" && candidate !== null) {
    const nested = (candidate as { data?: unknown }).data;
    if (typeof nested === "string" && /^0x[0-9a-fA-F]{8,}$/.test(nested)) return nested as Hex;
  }
  const raw = (error as { raw?: unknown }).raw;
  if (typeof raw === "string" && /^0x[0-9a-fA-F]{8,}$/.test(raw)) return raw as Hex;
  return findRevertData((error as { cause?: unknown }).cause);
}

/** What went wrong in a call, simulation or transaction. */
export function decodeError(error: unknown): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return { name: "UserRejected", args: {}, technical: error.shortMessage };
    }
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const data = reverted.raw ?? findRevertData(reverted);
      const decoded = data ? decodeRevertData(data) : undefined;
      if (decoded) return decoded;
      if (reverted.reason) return { name: "Revert", args: { reason: reverted.reason }, technical: reverted.reason };
    }
    const data = findRevertData(error);
    const decoded = data ? decodeRevertData(data) : undefined;
    if (decoded) return decoded;
    return { name: "Unknown", args: { message: error.shortMessage }, technical: error.shortMessage };
  }
  const data = findRevertData(error);
  const decoded = data ? decodeRevertData(data) : undefined;
  if (decoded) return decoded;
  const message = error instanceof Error ? error.message : String(error);
  return { name: "Unknown", args: { message }, technical: message };
}
