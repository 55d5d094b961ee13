// A document store over HTTP: any Kubo RPC endpoint (a local or remote IPFS node, a pinning service that speaks the
// Kubo RPC, or the embedded server of scripts/docstore.ts), with an optional bearer token and an optional gateway
// for reads. Everything read is verified against its CID.
import { checkDocumentSize, cidOfBytes, MAX_DOCUMENT_BYTES, normalizeCid, verifyDocument } from "./cid.ts";
import { DocumentIntegrityError, DocumentNotFoundError, DocumentStoreHttpError, DocumentTooLargeError } from "./errors.ts";
import type { DocumentStore } from "./store.ts";

export interface HttpIpfsStoreOptions {
  /** Base URL of the Kubo RPC API, without /api/v0 ("http://127.0.0.1:5001"). */
  apiUrl: string;
  /** Sent as "Authorization: Bearer <token>" to the API (pinning services). */
  apiToken?: string;
  /** Base URL of a gateway for reads ("https://ipfs.example"); reads use the API's cat when absent. */
  gatewayUrl?: string;
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Injected fetch (tests); defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Query of /api/v0/add that makes any Kubo store a document as one raw CIDv1 block, pinned. */
const ADD_QUERY = `cid-version=1&raw-leaves=true&hash=sha2-256&chunker=size-${MAX_DOCUMENT_BYTES}&pin=true`;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export class HttpIpfsStore implements DocumentStore {
  readonly description: string;
  private readonly apiUrl: string;
  private readonly gatewayUrl: string | undefined;
  private readonly apiToken: string | undefined;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: HttpIpfsStoreOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.apiUrl);
    } catch {
      throw new Error(`IPFS API URL "${options.apiUrl}" is not a URL (set ISPERA_IPFS_API_URL to http(s)://host:port)`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new Error(`IPFS API URL must be http(s), got ${options.apiUrl}`);
    }
    this.apiUrl = trimSlash(options.apiUrl);
    this.gatewayUrl = options.gatewayUrl === undefined || options.gatewayUrl === "" ? undefined : trimSlash(options.gatewayUrl);
    this.apiToken = options.apiToken === "" ? undefined : options.apiToken;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchFn = options.fetch ?? fetch;
    this.description = `IPFS RPC ${this.apiUrl}` + (this.gatewayUrl === undefined ? "" : ` (gateway ${this.gatewayUrl})`);
  }

  async put(bytes: Uint8Array): Promise<string> {
    checkDocumentSize(bytes);
    const cid = cidOfBytes(bytes);
    const form = new FormData();
    form.append("file", new Blob([Uint8Array.from(bytes)], { type: "application/octet-stream" }), cid);
    const response = await this.call(`/api/v0/add?${ADD_QUERY}`, { method: "POST", body: form });
    const text = await response.text();
    // Kubo streams one JSON object per line; the last one names the root.
    const lines = text.trim().split("\n").filter((l) => l.trim() !== "");
    const last = lines.at(-1);
    let hash: unknown;
    try {
      hash = last === undefined ? undefined : (JSON.parse(last) as { Hash?: unknown }).Hash;
    } catch {
      hash = undefined;
    }
    if (typeof hash !== "string") {
      throw new DocumentStoreHttpError(`${this.description}: add answered without a Hash: ${text.slice(0, 200)}`, response.status);
    }
    if (hash !== cid) throw new DocumentIntegrityError(cid, hash, `${this.description} (add)`);
    return cid;
  }

  async get(cid: string): Promise<Uint8Array> {
    const key = normalizeCid(cid);
    const response =
      this.gatewayUrl === undefined
        ? await this.call(`/api/v0/cat?arg=${key}`, { method: "POST" }, key)
        : await this.request(`${this.gatewayUrl}/ipfs/${key}`, { method: "GET" }, false, key);
    const bytes = await readLimited(response, MAX_DOCUMENT_BYTES, key);
    return verifyDocument(key, bytes, this.gatewayUrl === undefined ? this.description : `gateway ${this.gatewayUrl}`);
  }

  async has(cid: string): Promise<boolean> {
    const key = normalizeCid(cid);
    // offline=true: answer from the node's own blocks instead of searching the network.
    const response = await this.request(
      `${this.apiUrl}/api/v0/block/stat?arg=${key}&offline=true`,
      { method: "POST" },
      true,
      undefined,
      true,
    );
    if (response.ok) {
      await response.arrayBuffer();
      return true;
    }
    const message = await errorMessage(response);
    if (response.status === 404 || /not found|no link|could not find/i.test(message)) return false;
    throw new DocumentStoreHttpError(`${this.description}: block/stat ${key} failed (${response.status}): ${message}`, response.status);
  }

  async close(): Promise<void> {}

  private call(path: string, init: RequestInit, notFoundCid?: string): Promise<Response> {
    return this.request(`${this.apiUrl}${path}`, init, true, notFoundCid);
  }

  /** Sends a request; turns transport errors and error statuses into readable errors (404/not found → DocumentNotFoundError). */
  private async request(
    url: string,
    init: RequestInit,
    authorized: boolean,
    notFoundCid?: string,
    rawErrors = false,
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (authorized && this.apiToken !== undefined) headers.set("authorization", `Bearer ${this.apiToken}`);
    let response: Response;
    try {
      response = await this.fetchFn(url, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new DocumentStoreHttpError(`${this.description}: cannot reach ${redact(url)} (${cause})`, 0);
    }
    if (response.ok || rawErrors) return response;
    const message = await errorMessage(response);
    if (notFoundCid !== undefined && (response.status === 404 || /not found|no link|could not find/i.test(message))) {
      throw new DocumentNotFoundError(notFoundCid, this.description);
    }
    if (response.status === 413) throw new DocumentStoreHttpError(`${this.description}: document refused as too large: ${message}`, 413);
    const hint = response.status === 401 || response.status === 403 ? " (check ISPERA_IPFS_API_TOKEN)" : "";
    throw new DocumentStoreHttpError(`${this.description}: ${redact(url)} answered ${response.status}${hint}: ${message}`, response.status);
  }
}

function redact(url: string): string {
  return url.split("?")[0] ?? url;
}

/** Kubo's error body is {"Message": "...", "Code": 0, "Type": "error"}; gateways answer plain text. */
async function errorMessage(response: Response): Promise<string> {
  const text = (await response.text()).trim();
  try {
    const parsed = JSON.parse(text) as { Message?: unknown };
    if (typeof parsed.Message === "string") return parsed.Message;
  } catch {
    // not JSON
  }
  return text.slice(0, 300) || response.statusText;
}

/** Reads a body, refusing more than `limit` bytes (a document can be no larger). */
async function readLimited(response: Response, limit: number, cid: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw new DocumentTooLargeError(declared, limit);
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > limit) {
      throw new DocumentIntegrityError(cid, `(more than ${limit} bytes)`, "the store");
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
