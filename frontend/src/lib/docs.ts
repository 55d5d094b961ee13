// The document store as the browser sees it: briefs, deliverables, evidence, notes and profiles are canonical JSON
// stored as single raw IPFS blocks (CIDv1, sha2-256); the chain keeps the sha-256 digest. Writes go to the store's
// Kubo-compatible API, reads to its gateway, and every read is checked against its CID, so a lying store is caught.
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { canonicalBytes } from "../../../scripts/lib/docstore/json.ts";
import { runtimeConfig } from "../config/runtime.ts";

const RAW_CODEC = 0x55;
const SHA2_256 = 0x12;
export const MAX_DOCUMENT_BYTES = 1_048_576;
const ADD_QUERY = `cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-${MAX_DOCUMENT_BYTES}&pin=true`;
const ZERO_HASH = `0x${"00".repeat(32)}`;

export class DocumentError extends Error {
  constructor(
    readonly kind: "too-large" | "not-found" | "integrity" | "store" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "DocumentError";
  }
}

export interface StoredDocument {
  /** "bafkrei…" */
  readonly cid: string;
  /** The bytes32 the chain stores: the sha-256 digest inside the CID. */
  readonly digest: Hex;
  /** "ipfs://<cid>" */
  readonly uri: string;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

export function cidOfDigest(digest: Hex): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(digest) || digest === ZERO_HASH) {
    throw new DocumentError("invalid", `"${digest}" names no document`);
  }
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, hexToBytes(digest))).toString();
}

export function digestOfCid(value: string): Hex {
  const text = value.replace(/^ipfs:\/\//, "").replace(/^\/ipfs\//, "").replace(/\/$/, "");
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch {
    throw new DocumentError("invalid", `"${value}" is not a CID`);
  }
  if (cid.version !== 1 || cid.code !== RAW_CODEC || cid.multihash.code !== SHA2_256) {
    throw new DocumentError("invalid", `${value} is not a CIDv1 raw sha2-256 block, as Ispera documents are`);
  }
  return bytesToHex(cid.multihash.digest);
}

/** The document (CID, digest, URI) that `value` would be, without storing it. */
export async function documentOf(value: unknown): Promise<{ bytes: Uint8Array } & StoredDocument> {
  const bytes = canonicalBytes(value);
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError("too-large", `the document is ${bytes.length} bytes; at most ${MAX_DOCUMENT_BYTES} are stored`);
  }
  const digest = bytesToHex(await sha256(bytes));
  const cid = cidOfDigest(digest);
  return { bytes, cid, digest, uri: `ipfs://${cid}` };
}

/** Stores a JSON document (canonical form) and checks that the store names it with the CID computed here. */
export async function putDocument(value: unknown, baseUrl = runtimeConfig.docstoreUrl): Promise<StoredDocument> {
  const doc = await documentOf(value);
  const form = new FormData();
  form.append("file", new Blob([doc.bytes as Uint8Array<ArrayBuffer>], { type: "application/json" }), "document.json");
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/v0/add?${ADD_QUERY}`, { method: "POST", body: form });
  } catch (error) {
    throw new DocumentError("store", `the document store at ${baseUrl} cannot be reached (${(error as Error).message})`);
  }
  if (!response.ok) throw new DocumentError("store", `the document store refused the document: ${await response.text()}`);
  const answer = (await response.json()) as { Hash?: string };
  if (answer.Hash !== doc.cid) {
    throw new DocumentError("integrity", `the store named the document ${answer.Hash ?? "(nothing)"}, expected ${doc.cid}`);
  }
  return { cid: doc.cid, digest: doc.digest, uri: doc.uri };
}

/** Reads a document by CID or on-chain digest and checks its bytes against it. */
export async function getDocumentBytes(cidOrDigest: string, baseUrl = runtimeConfig.docstoreUrl): Promise<Uint8Array> {
  const cid = /^0x[0-9a-fA-F]{64}$/.test(cidOrDigest) ? cidOfDigest(cidOrDigest as Hex) : cidOrDigest.replace(/^ipfs:\/\//, "");
  const expected = digestOfCid(cid);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/ipfs/${cid}`);
  } catch (error) {
    throw new DocumentError("store", `the document store at ${baseUrl} cannot be reached (${(error as Error).message})`);
  }
  if (response.status === 404) throw new DocumentError("not-found", `document ${cid} is not in the store`);
  if (!response.ok) throw new DocumentError("store", `the document store answered ${response.status} for ${cid}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = bytesToHex(await sha256(bytes));
  if (actual.toLowerCase() !== expected.toLowerCase()) {
    throw new DocumentError("integrity", `document ${cid} does not match its hash: the store returned other content`);
  }
  return bytes;
}

export async function getDocument<T = unknown>(cidOrDigest: string, baseUrl?: string): Promise<T> {
  const bytes = await getDocumentBytes(cidOrDigest, baseUrl);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new DocumentError("invalid", `document ${cidOrDigest} is not JSON`);
  }
}
