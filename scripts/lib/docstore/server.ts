// A small local HTTP server in front of a DocumentStore, speaking the subset of the Kubo RPC API and of the path
// gateway that Ispera uses, so that the same HttpIpfsStore client works against it and against a real IPFS node:
//   POST /api/v0/add            multipart upload, stored as one CIDv1 raw block; answers {"Name","Hash","Size"}
//   POST /api/v0/cat?arg=<cid>  the document's bytes
//   POST /api/v0/block/stat?arg=<cid>   {"Key","Size"}
//   POST /api/v0/version        {"Version", ...}
//   GET|HEAD /ipfs/<cid>        read-only gateway, CORS open to any origin
// It binds 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_DOCUMENT_BYTES, normalizeCid } from "./cid.ts";
import { DocumentIntegrityError, DocumentNotFoundError, DocumentTooLargeError, InvalidCidError } from "./errors.ts";
import type { DocumentStore } from "./store.ts";

export const LOCALHOST = "127.0.0.1";
export const SERVER_VERSION = "ispera-docstore/1";

export interface DocumentServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /**
   * Origins allowed to call the RPC API from a browser (the gateway is open to all). Default: http://localhost:*
   * and http://127.0.0.1:* (the local frontend).
   */
  apiOrigins?: (origin: string) => boolean;
  /** Called with one line per request handled (for logs). */
  log?: (line: string) => void;
}

export interface DocumentServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones and resolves when the server is closed (the store stays open). */
  stop(): Promise<void>;
}

const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;
/** Multipart overhead allowed on top of a document (boundaries and part headers). */
const MULTIPART_SLACK = 64 * 1024;

class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Starts the server in front of `store`; resolves once it listens. */
export async function startDocumentServer(store: DocumentStore, options: DocumentServerOptions = {}): Promise<DocumentServer> {
  const apiOrigins = options.apiOrigins ?? ((origin: string) => LOCAL_ORIGIN.test(origin));
  const log = options.log ?? (() => {});
  const server = createServer((req, res) => {
    handle(store, req, res, apiOrigins).then(
      (status) => log(`${req.method} ${(req.url ?? "").split("?")[0]} ${status}`),
      (error: unknown) => {
        log(`${req.method} ${req.url} failed: ${(error as Error).message}`);
        if (!res.headersSent) sendError(res, 500, (error as Error).message);
        else res.destroy();
      },
    );
  });
  server.keepAliveTimeout = 1_000;
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${LOCALHOST}:${port}`,
    port,
    stop: () => {
      stopping ??= new Promise<void>((resolveStop, reject) => {
        server.close((error) => (error === undefined ? resolveStop() : reject(error)));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${LOCALHOST} is in use (set another with --port or ISPERA_DOCSTORE_PORT)`)
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, LOCALHOST, () => {
      server.off("error", onError);
      resolveListen();
    });
  });
}

async function handle(
  store: DocumentStore,
  req: IncomingMessage,
  res: ServerResponse,
  apiOrigins: (origin: string) => boolean,
): Promise<number> {
  const url = new URL(req.url ?? "/", `http://${LOCALHOST}`);
  const method = req.method ?? "GET";
  try {
    if (url.pathname.startsWith("/ipfs/")) return await gateway(store, url, method, req, res);
    if (url.pathname.startsWith("/api/v0/")) {
      const origin = req.headers.origin;
      if (origin !== undefined) {
        if (!apiOrigins(origin)) throw new HttpError(403, `origin ${origin} may not call the API`);
        res.setHeader("access-control-allow-origin", origin);
        res.setHeader("vary", "Origin");
        res.setHeader("access-control-allow-methods", "POST, OPTIONS");
        res.setHeader("access-control-allow-headers", "authorization, content-type");
      }
      if (method === "OPTIONS") return end(res, 204);
      // Kubo accepts only POST on its RPC API (a browser GET must not have effects).
      if (method !== "POST") throw new HttpError(405, `${method} not allowed on the RPC API: use POST`);
      return await rpc(store, url, req, res);
    }
    throw new HttpError(404, `no route ${url.pathname} (this is the Ispera document store: /api/v0/* and /ipfs/<cid>)`);
  } catch (error) {
    const status = statusOf(error);
    sendError(res, status, (error as Error).message);
    return status;
  }
}

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof InvalidCidError) return 400;
  if (error instanceof DocumentTooLargeError) return 413;
  if (error instanceof DocumentNotFoundError) return 404;
  if (error instanceof DocumentIntegrityError) return 502;
  return 500;
}

async function gateway(store: DocumentStore, url: URL, method: string, req: IncomingMessage, res: ServerResponse): Promise<number> {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "GET, HEAD, OPTIONS");
  res.setHeader("access-control-allow-headers", "content-type, range, if-none-match");
  res.setHeader("access-control-expose-headers", "content-length, etag, x-ipfs-path");
  if (method === "OPTIONS") return end(res, 204);
  if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "the gateway is read-only: GET or HEAD");
  const rest = decodeURIComponent(url.pathname.slice("/ipfs/".length));
  if (rest.includes("/") && !rest.endsWith("/")) throw new HttpError(404, "documents are single blocks: no paths inside a CID");
  const cid = normalizeCid(rest.replace(/\/$/, ""));
  const etag = `"${cid}"`;
  if (req.headers["if-none-match"] === etag) return end(res, 304);
  const bytes = await store.get(cid);
  res.writeHead(200, {
    "content-type": contentTypeOf(bytes),
    "content-length": bytes.length,
    etag,
    "cache-control": "public, max-age=29030400, immutable",
    "x-ipfs-path": `/ipfs/${cid}`,
    "x-content-type-options": "nosniff",
  });
  res.end(method === "HEAD" ? undefined : bytes);
  return 200;
}

/** JSON documents are served as JSON, anything else as bytes. */
function contentTypeOf(bytes: Uint8Array): string {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b || first === 0x5b) {
    try {
      JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      return "application/json";
    } catch {
      // not JSON
    }
  }
  return "application/octet-stream";
}

async function rpc(store: DocumentStore, url: URL, req: IncomingMessage, res: ServerResponse): Promise<number> {
  switch (url.pathname) {
    case "/api/v0/add":
      return add(store, url, req, res);
    case "/api/v0/cat": {
      const bytes = await store.get(argOf(url));
      res.writeHead(200, { "content-type": "text/plain", "content-length": bytes.length, "x-stream-output": "1" });
      res.end(bytes);
      return 200;
    }
    case "/api/v0/block/stat": {
      const cid = normalizeCid(argOf(url));
      if (!(await store.has(cid))) throw new HttpError(500, `block was not found locally (offline): ${cid}: not found`);
      const bytes = await store.get(cid);
      return sendJson(res, 200, { Key: cid, Size: bytes.length });
    }
    case "/api/v0/version":
      return sendJson(res, 200, { Version: SERVER_VERSION, Commit: "", Repo: "", System: process.platform, Golang: "" });
    default:
      throw new HttpError(404, `${url.pathname} is not supported here (supported: add, cat, block/stat, version)`);
  }
}

function argOf(url: URL): string {
  const arg = url.searchParams.get("arg");
  if (arg === null || arg === "") throw new HttpError(400, "argument \"arg\" is required");
  return arg;
}

async function add(store: DocumentStore, url: URL, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const version = url.searchParams.get("cid-version");
  if (version !== null && version !== "1") {
    throw new HttpError(400, `this store keeps CIDv1 raw blocks only: cid-version=${version} is not supported`);
  }
  if (url.searchParams.get("raw-leaves") === "false") {
    throw new HttpError(400, "this store keeps CIDv1 raw blocks only: raw-leaves=false is not supported");
  }
  const hash = url.searchParams.get("hash");
  if (hash !== null && hash !== "sha2-256") throw new HttpError(400, `only sha2-256 is supported, not ${hash}`);
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new HttpError(400, "add expects a multipart/form-data body with one file part");
  }
  const body = await readBody(req, MAX_DOCUMENT_BYTES + MULTIPART_SLACK);
  const form = await new Request("http://local/", { method: "POST", headers: { "content-type": contentType }, body }).formData();
  const files = [...form.values()].filter((v): v is File => typeof v !== "string");
  if (files.length !== 1) throw new HttpError(400, `add expects exactly one file part, got ${files.length}`);
  const file = files[0] as File;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const cid = await store.put(bytes);
  res.writeHead(200, { "content-type": "application/json", "x-chunked-output": "1" });
  res.end(JSON.stringify({ Name: file.name || cid, Hash: cid, Size: String(bytes.length) }) + "\n");
  return 200;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers["content-length"] ?? "NaN");
    if (Number.isFinite(declared) && declared > limit) {
      reject(new DocumentTooLargeError(declared, MAX_DOCUMENT_BYTES));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        reject(new DocumentTooLargeError(total, MAX_DOCUMENT_BYTES));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function end(res: ServerResponse, status: number): number {
  res.writeHead(status);
  res.end();
  return status;
}

function sendJson(res: ServerResponse, status: number, value: unknown): number {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
  return status;
}

/** Errors in Kubo's shape, so Kubo clients read them. */
function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  sendJson(res, status, { Message: message, Code: 0, Type: "error" });
}
