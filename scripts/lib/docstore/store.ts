// The document store interface (docs/documents.md): bytes in, CID out; CID in, verified bytes out.
import { canonicalBytes } from "./json.ts";
import { checkDocumentSize, cidOfBytes, digestOfCid, normalizeCid, uriOfCid, verifyDocument } from "./cid.ts";
import { DocumentNotFoundError, DocumentSchemaError } from "./errors.ts";

/**
 * Where documents live. Every implementation addresses a document by its CIDv1 (raw, sha2-256) computed on the
 * client, refuses documents above MAX_DOCUMENT_BYTES (DocumentTooLargeError) and verifies what it reads against the
 * CID (DocumentIntegrityError), so a corrupt or lying backend is detected.
 */
export interface DocumentStore {
  /** A short description for logs ("helia fs store at .ispera/ipfs", "IPFS RPC http://…"). */
  readonly description: string;
  /** Stores the bytes; returns their CID ("bafkrei…"). Storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes of `cid`, verified against it; throws DocumentNotFoundError when the store does not have them. */
  get(cid: string): Promise<Uint8Array>;
  /** Whether the store holds `cid` (without fetching it from elsewhere). */
  has(cid: string): Promise<boolean>;
  /** Releases files, sockets and handles. */
  close(): Promise<void>;
}

/** Checks a parsed JSON value and returns it typed, or throws DocumentSchemaError. */
export type Validator<T> = (value: unknown) => T;

/** A stored document: its CID, the bytes32 the chain stores for it and the URI. */
export interface StoredDocument {
  cid: string;
  /** sha-256 of the bytes, 0x-prefixed: the on-chain hash (briefHash, metadataHash, contentHash…). */
  digest: string;
  /** ipfs://<cid> */
  uri: string;
  size: number;
}

export function describeStored(cid: string, size: number): StoredDocument {
  return { cid, digest: digestOfCid(cid), uri: uriOfCid(cid), size };
}

/** Stores raw bytes and returns their CID, digest and URI. */
export async function putBytes(store: DocumentStore, bytes: Uint8Array): Promise<StoredDocument> {
  const cid = await store.put(bytes);
  return describeStored(cid, bytes.length);
}

/**
 * Validates `value` (when a validator is given; DocumentSchemaError otherwise), writes it as canonical JSON and
 * returns its CID, digest and URI.
 */
export async function putJson<T>(store: DocumentStore, value: T, validate?: Validator<T>): Promise<StoredDocument> {
  const doc = validate === undefined ? value : validate(value);
  return putBytes(store, canonicalBytes(doc));
}

/**
 * Reads a JSON document: fetches it, verifies the bytes against the CID (even if the store already did), parses
 * and validates it (DocumentSchemaError).
 */
export async function getJson<T>(store: DocumentStore, cid: string, validate?: Validator<T>): Promise<T> {
  const bytes = verifyDocument(cid, await store.get(cid), store.description);
  return parseJsonDocument(bytes, validate, cid);
}

/** Parses the UTF-8 JSON bytes of a document and validates them. */
export function parseJsonDocument<T>(bytes: Uint8Array, validate?: Validator<T>, name = "document"): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new DocumentSchemaError(name, [{ path: "", message: `is not UTF-8 JSON (${(error as Error).message})` }]);
  }
  return validate === undefined ? (value as T) : validate(value);
}

/** A store in memory: for tests and for tools that only compute CIDs. */
export class MemoryStore implements DocumentStore {
  readonly description = "memory store";
  private readonly blocks = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array): Promise<string> {
    checkDocumentSize(bytes);
    const cid = cidOfBytes(bytes);
    this.blocks.set(cid, Uint8Array.from(bytes));
    return cid;
  }

  async get(cid: string): Promise<Uint8Array> {
    const key = normalizeCid(cid);
    const bytes = this.blocks.get(key);
    if (bytes === undefined) throw new DocumentNotFoundError(key, this.description);
    return verifyDocument(key, Uint8Array.from(bytes), this.description);
  }

  async has(cid: string): Promise<boolean> {
    return this.blocks.has(normalizeCid(cid));
  }

  async close(): Promise<void> {}
}
