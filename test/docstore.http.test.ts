import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DocumentIntegrityError,
  DocumentNotFoundError,
  DocumentStoreHttpError,
  DocumentTooLargeError,
  HeliaStore,
  HttpIpfsStore,
  MAX_DOCUMENT_BYTES,
  MemoryStore,
  canonicalBytes,
  cidOfBytes,
  getBrief,
  putBrief,
  startDocumentServer,
  type DocumentServer,
} from "../scripts/lib/docstore/index.js";
import { sampleBrief } from "./helpers/docstoreFixtures.js";

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const ROOT = resolve(import.meta.dirname, "..");

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** A fake IPFS endpoint: `handler` answers every request; records what it received. */
async function fakeIpfs(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

describe("Document store over HTTP", function () {
  const dirs: string[] = [];
  let store: HeliaStore;
  let server: DocumentServer;
  let client: HttpIpfsStore;
  let viaGateway: HttpIpfsStore;
  const logs: string[] = [];

  before(async function () {
    const dir = mkdtempSync(join(tmpdir(), "ispera-docserver-"));
    dirs.push(dir);
    store = await HeliaStore.open(dir);
    server = await startDocumentServer(store, { port: 0, log: (l) => void logs.push(l) });
    client = new HttpIpfsStore({ apiUrl: server.url });
    viaGateway = new HttpIpfsStore({ apiUrl: server.url + "/", gatewayUrl: server.url });
  });

  after(async function () {
    await server?.stop();
    await store?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 only", function () {
    expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
  });

  it("client and server agree: add, cat, block/stat and the gateway give back the same verified bytes", async function () {
    const bytes = canonicalBytes(sampleBrief());
    const cid = await client.put(bytes);
    expect(cid).to.equal(cidOfBytes(bytes));
    expect(await store.has(cid)).to.equal(true);
    expect(Buffer.from(await client.get(cid)).equals(Buffer.from(bytes))).to.equal(true);
    expect(Buffer.from(await viaGateway.get(`ipfs://${cid}`)).equals(Buffer.from(bytes))).to.equal(true);
    expect(await client.has(cid)).to.equal(true);
    const missing = cidOfBytes(enc("absent"));
    expect(await client.has(missing)).to.equal(false);
    expect(await rejection(client.get(missing))).to.be.instanceOf(DocumentNotFoundError);
    expect(await rejection(viaGateway.get(missing))).to.be.instanceOf(DocumentNotFoundError);
    // A full-size document is one raw block too.
    const large = new Uint8Array(MAX_DOCUMENT_BYTES).map((_, i) => (i * 7) % 256);
    expect(await client.put(large)).to.equal(cidOfBytes(large));
    expect((await viaGateway.get(cidOfBytes(large))).length).to.equal(MAX_DOCUMENT_BYTES);
    // Briefs through the client: validated on write and read.
    const stored = await putBrief(client, sampleBrief());
    expect(await getBrief(viaGateway, stored.cid)).to.deep.equal(sampleBrief());
    expect(logs).to.include("POST /api/v0/add 200");
  });

  it("speaks Kubo's RPC shapes and a CORS gateway", async function () {
    const bytes = enc('{"hello":"gateway"}');
    const form = new FormData();
    form.append("file", new Blob([bytes]), "hello.json");
    const add = await fetch(`${server.url}/api/v0/add?cid-version=1&raw-leaves=true`, { method: "POST", body: form });
    expect(add.status).to.equal(200);
    const cid = cidOfBytes(bytes);
    expect(JSON.parse(await add.text())).to.deep.equal({ Name: "hello.json", Hash: cid, Size: String(bytes.length) });

    const stat = await fetch(`${server.url}/api/v0/block/stat?arg=${cid}`, { method: "POST" });
    expect(await stat.json()).to.deep.equal({ Key: cid, Size: bytes.length });

    const get = await fetch(`${server.url}/ipfs/${cid}`, { headers: { origin: "https://app.example" } });
    expect(get.status).to.equal(200);
    expect(get.headers.get("access-control-allow-origin")).to.equal("*");
    expect(get.headers.get("content-type")).to.equal("application/json");
    expect(get.headers.get("etag")).to.equal(`"${cid}"`);
    expect(await get.text()).to.equal('{"hello":"gateway"}');
    const preflight = await fetch(`${server.url}/ipfs/${cid}`, { method: "OPTIONS" });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get("access-control-allow-methods")).to.equal("GET, HEAD, OPTIONS");
    expect((await fetch(`${server.url}/ipfs/${cid}`, { method: "POST" })).status).to.equal(405);

    // The RPC API: POST only, local origins only, CIDv1 raw only, readable Kubo-style errors.
    const getApi = await fetch(`${server.url}/api/v0/cat?arg=${cid}`);
    expect(getApi.status).to.equal(405);
    expect(await getApi.json()).to.deep.equal({ Message: "GET not allowed on the RPC API: use POST", Code: 0, Type: "error" });
    const foreign = await fetch(`${server.url}/api/v0/cat?arg=${cid}`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(foreign.status).to.equal(403);
    const local = await fetch(`${server.url}/api/v0/cat?arg=${cid}`, { method: "POST", headers: { origin: "http://localhost:5173" } });
    expect(local.headers.get("access-control-allow-origin")).to.equal("http://localhost:5173");
    const v0 = await fetch(`${server.url}/api/v0/add?cid-version=0`, { method: "POST", body: form });
    expect(v0.status).to.equal(400);
    expect(((await v0.json()) as { Message: string }).Message).to.equal("this store keeps CIDv1 raw blocks only: cid-version=0 is not supported");
    const badCid = await fetch(`${server.url}/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o`);
    expect(badCid.status).to.equal(400);
    expect((await fetch(`${server.url}/nowhere`)).status).to.equal(404);
    const version = await fetch(`${server.url}/api/v0/version`, { method: "POST" });
    expect(((await version.json()) as { Version: string }).Version).to.equal("ispera-docstore/1");
  });

  it("refuses documents above 1 MiB, on the client and on the server", async function () {
    const tooLarge = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    expect(await rejection(client.put(tooLarge))).to.be.instanceOf(DocumentTooLargeError);
    const form = new FormData();
    form.append("file", new Blob([tooLarge]), "big.bin");
    const response = await fetch(`${server.url}/api/v0/add`, { method: "POST", body: form });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { Message: string }).Message).to.include("document is 1048577 bytes, above the 1048576-byte (1 MiB) limit");
    const huge = new FormData();
    huge.append("file", new Blob([new Uint8Array(3 * MAX_DOCUMENT_BYTES)]), "huge.bin");
    expect((await fetch(`${server.url}/api/v0/add`, { method: "POST", body: huge })).status).to.equal(413);
  });

  it("detects a lying endpoint: other bytes on cat and on the gateway, another CID on add", async function () {
    const real = enc('{"amount":"100"}');
    const cid = cidOfBytes(real);
    const liar = await fakeIpfs((req, res) => {
      if (req.url?.startsWith("/api/v0/add")) {
        res.end(JSON.stringify({ Name: "x", Hash: cidOfBytes(enc("other")), Size: "5" }) + "\n");
      } else {
        res.end('{"amount":"999"}');
      }
    });
    try {
      const api = new HttpIpfsStore({ apiUrl: liar.url });
      const gateway = new HttpIpfsStore({ apiUrl: liar.url, gatewayUrl: liar.url });
      const viaCat = await rejection(api.get(cid));
      expect(viaCat).to.be.instanceOf(DocumentIntegrityError);
      expect(viaCat.message).to.include(`IPFS RPC ${liar.url} returned bytes whose CID is ${cidOfBytes(enc('{"amount":"999"}'))}, not the requested ${cid}`);
      const viaGw = await rejection(gateway.get(cid));
      expect(viaGw).to.be.instanceOf(DocumentIntegrityError);
      expect(viaGw.message).to.include(`gateway ${liar.url} returned bytes`);
      const onAdd = await rejection(api.put(real));
      expect(onAdd).to.be.instanceOf(DocumentIntegrityError);
      expect(onAdd.message).to.include(`(add) returned bytes whose CID is ${cidOfBytes(enc("other"))}, not the requested ${cid}`);
    } finally {
      await closeServer(liar.server);
    }
  });

  it("sends the bearer token to the API (not to the gateway) and explains auth and network failures", async function () {
    const bytes = enc('{"token":"test"}');
    const backing = new MemoryStore();
    const pinning = await fakeIpfs((req, res) => {
      if (req.headers.authorization !== "Bearer s3cret" && req.url?.startsWith("/api/")) {
        res.statusCode = 401;
        res.end(JSON.stringify({ Message: "unauthorized", Code: 0, Type: "error" }));
      } else if (req.url?.startsWith("/api/v0/add")) {
        void backing.put(bytes).then((cid) => res.end(JSON.stringify({ Name: cid, Hash: cid, Size: "16" }) + "\n"));
      } else {
        res.end(Buffer.from(bytes));
      }
    });
    try {
      const authed = new HttpIpfsStore({ apiUrl: pinning.url, apiToken: "s3cret", gatewayUrl: pinning.url });
      const cid = await authed.put(bytes);
      expect(Buffer.from(await authed.get(cid)).toString()).to.equal('{"token":"test"}');
      expect(pinning.seen.map((r) => [r.url?.split("?")[0], r.headers.authorization])).to.deep.equal([
        ["/api/v0/add", "Bearer s3cret"],
        [`/ipfs/${cid}`, undefined],
      ]);
      expect(pinning.seen[0]?.url).to.include("cid-version=1&raw-leaves=true");
      const anonymous = new HttpIpfsStore({ apiUrl: pinning.url });
      const denied = await rejection(anonymous.put(bytes));
      expect(denied).to.be.instanceOf(DocumentStoreHttpError);
      expect(denied.message).to.equal(`IPFS RPC ${pinning.url}: ${pinning.url}/api/v0/add answered 401 (check ISPERA_IPFS_API_TOKEN): unauthorized`);
    } finally {
      await closeServer(pinning.server);
    }
    const down = new HttpIpfsStore({ apiUrl: pinning.url, timeoutMs: 2_000 });
    const unreachable = await rejection(down.get(cidOfBytes(bytes)));
    expect(unreachable).to.be.instanceOf(DocumentStoreHttpError);
    expect(unreachable.message).to.include(`cannot reach ${pinning.url}/api/v0/cat`);
  });

  describe("the server process (scripts/docstore.ts)", function () {
    this.timeout(60_000);
    const children: ChildProcess[] = [];

    after(function () {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    });

    /** Starts the server on a free port over `dir`; resolves with its URL once it prints its ready line. */
    function startProcess(dir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
      const child = spawn(process.execPath, [resolve(ROOT, "scripts", "docstore.ts"), "--dir", dir, "--port", "auto", "--quiet"], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let output = "";
      return new Promise((done, fail) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /docstore ready (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) done({ child, url: match[1] as string, output: () => output });
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.on("exit", (code) => fail(new Error(`docstore exited with ${code} before it was ready:\n${output}`)));
      });
    }

    function exitOf(child: ChildProcess): Promise<number | null> {
      return new Promise((done) => (child.exitCode !== null ? done(child.exitCode) : child.on("exit", (code) => done(code))));
    }

    it("serves, stops cleanly on SIGTERM and SIGINT, and keeps its documents across a restart", async function () {
      const dir = mkdtempSync(join(tmpdir(), "ispera-docprocess-"));
      dirs.push(dir);
      const bytes = enc('{"kept":"across restarts"}');
      const first = await startProcess(dir);
      const cid = await new HttpIpfsStore({ apiUrl: first.url }).put(bytes);
      first.child.kill("SIGTERM");
      expect(await exitOf(first.child)).to.equal(0);
      expect(first.output()).to.include("docstore: SIGTERM, stopping\ndocstore: stopped");

      const second = await startProcess(dir);
      const client = new HttpIpfsStore({ apiUrl: second.url, gatewayUrl: second.url });
      expect(await client.has(cid)).to.equal(true);
      expect(Buffer.from(await client.get(cid)).toString()).to.equal('{"kept":"across restarts"}');
      second.child.kill("SIGINT");
      expect(await exitOf(second.child)).to.equal(0);
      expect(second.output()).to.include("docstore: stopped");
    });
  });
});
