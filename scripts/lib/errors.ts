import type { Interface, Result } from "ethers";

/** The revert data of an ethers error (a call exception), if it carries any. */
function revertData(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return data;
  const nested = (error as { error?: unknown; info?: { error?: unknown } }).error ?? (error as { info?: { error?: unknown } }).info?.error;
  return nested === undefined ? undefined : revertData(nested);
}

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  return String(value);
}

/**
 * A readable line for a failed call: the custom error decoded with the first of `interfaces` that knows it, as
 * `Name(arg, ...)`, else the error's message. Used by scripts to print why the chain refused a transaction.
 */
export function describeError(error: unknown, interfaces: readonly Interface[]): string {
  const data = revertData(error);
  if (data !== undefined) {
    for (const iface of interfaces) {
      const parsed = iface.parseError(data);
      if (parsed) return `${parsed.name}(${(parsed.args as Result).toArray().map(formatArg).join(", ")})`;
    }
    return `unknown error ${data.slice(0, 10)}`;
  }
  return error instanceof Error ? error.message : String(error);
}
