// Canonical JSON: the byte form in which every Ispera JSON document is stored, so that the same document always has
// the same CID (and the same on-chain hash).

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The canonical JSON of a value: object keys sorted (by UTF-16 code units), no whitespace, strings escaped as
 * JSON.stringify does. For documents whose numbers are all integers, as Ispera documents are, this is exactly the
 * JSON Canonicalization Scheme (RFC 8785). Refuses what JSON cannot say the same way twice.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`canonical JSON: only safe integers are allowed, got ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`);
    return `{${entries.join(",")}}`;
  }
  throw new Error(`canonical JSON: cannot encode ${typeof value}`);
}

/** The UTF-8 bytes of the canonical JSON: what is stored and hashed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
