// Content ids of Ispera documents (docs/documents.md): every document is one raw IPFS block, so its CID is
// CIDv1 + codec raw (0x55) + sha2-256 of its bytes, computed here on the client. The chain stores the 32-byte sha-256
// digest (a bytes32 hash) and the URI ipfs://<cid>; either gives back the other.
import { createHash } from "node:crypto";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { DocumentIntegrityError, DocumentTooLargeError, InvalidCidError } from "./errors.ts";

/** The raw codec (multicodec 0x55): the block is the document's bytes. */
export const RAW_CODEC = 0x55;
/** The sha2-256 multihash code. */
export const SHA2_256 = 0x12;
/** Largest document: one block of 1 MiB (Kubo's largest chunk; IPFS peers exchange blocks up to this size). */
export const MAX_DOCUMENT_BYTES = 1_048_576;
export const IPFS_SCHEME = "ipfs://";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/** Throws DocumentTooLargeError above MAX_DOCUMENT_BYTES. */
export function checkDocumentSize(bytes: Uint8Array): void {
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new DocumentTooLargeError(bytes.length, MAX_DOCUMENT_BYTES);
}

/** sha-256 of the bytes as 0x-prefixed hex: the bytes32 the contracts store. */
export function digestOfBytes(bytes: Uint8Array): string {
  return "0x" + createHash("sha256").update(bytes).digest("hex");
}

function cidFromSha256(hash: Uint8Array): CID {
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, hash));
}

/** The CID ("bafkrei…") of a document's bytes. Throws DocumentTooLargeError above the limit. */
export function cidOfBytes(bytes: Uint8Array): string {
  checkDocumentSize(bytes);
  return cidFromSha256(createHash("sha256").update(bytes).digest()).toString();
}

/**
 * Parses and checks a CID string: it must be CIDv1, codec raw, sha2-256 with a 32-byte digest; returns it in its
 * canonical base32 form. Also accepts "ipfs://<cid>" and "/ipfs/<cid>".
 */
export function parseCid(value: string): CID {
  const text = stripPrefix(value.trim());
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch (error) {
    throw new InvalidCidError(`"${value}" is not a CID (${(error as Error).message})`);
  }
  if (cid.version !== 1) throw new InvalidCidError(`${value} is a CIDv${cid.version}; Ispera documents use CIDv1`);
  if (cid.code !== RAW_CODEC) {
    throw new InvalidCidError(
      `${value} has codec 0x${cid.code.toString(16)}, not raw (0x55): Ispera documents are single raw blocks ` +
        "(add with cid-version=1 and raw-leaves=true, at most 1 MiB)",
    );
  }
  if (cid.multihash.code !== SHA2_256 || cid.multihash.digest.length !== 32) {
    throw new InvalidCidError(`${value} is not hashed with sha2-256 (multihash 0x${cid.multihash.code.toString(16)})`);
  }
  return cid;
}

function stripPrefix(text: string): string {
  if (text.startsWith(IPFS_SCHEME)) return text.slice(IPFS_SCHEME.length).replace(/\/$/, "");
  if (text.startsWith("/ipfs/")) return text.slice("/ipfs/".length).replace(/\/$/, "");
  return text;
}

/** The canonical form ("bafkrei…") of a CID string, after checking it (parseCid). */
export function normalizeCid(value: string): string {
  return parseCid(value).toString();
}

/** The bytes32 the chain stores for a document: the sha-256 digest inside its CID, as 0x-prefixed hex. */
export function digestOfCid(cid: string): string {
  return "0x" + Buffer.from(parseCid(cid).multihash.digest).toString("hex");
}

/** The CID of the document whose on-chain hash (sha-256 digest, bytes32) is `digest`. */
export function cidOfDigest(digest: string): string {
  if (!BYTES32.test(digest)) throw new InvalidCidError(`"${digest}" is not a bytes32 (0x + 64 hex digits)`);
  if (/^0x0{64}$/.test(digest)) throw new InvalidCidError("the zero hash names no document");
  return cidFromSha256(Buffer.from(digest.slice(2), "hex")).toString();
}

/** "ipfs://<cid>", the URI the contracts store beside the hash. */
export function uriOfCid(cid: string): string {
  return IPFS_SCHEME + normalizeCid(cid);
}

/** The CID of an "ipfs://<cid>" URI; throws InvalidCidError for any other URI. */
export function cidOfUri(uri: string): string {
  if (!uri.startsWith(IPFS_SCHEME)) throw new InvalidCidError(`"${uri}" is not an ipfs:// URI`);
  return normalizeCid(uri);
}

/**
 * Checks that `bytes` are the document named by `cid` (recomputes the digest); returns the bytes or throws
 * DocumentIntegrityError naming `source`.
 */
export function verifyDocument(cid: string, bytes: Uint8Array, source: string): Uint8Array {
  const expected = normalizeCid(cid);
  const actual = cidFromSha256(createHash("sha256").update(bytes).digest()).toString();
  if (actual !== expected) throw new DocumentIntegrityError(expected, actual, source);
  return bytes;
}
