// The embedded document store: Helia (the JS IPFS implementation) over a filesystem blockstore and datastore, with
// networking off. Documents are kept (and pinned) in a directory across restarts. Helia needs Node 24 (run through
// npx/npm); it is imported lazily so that the CID helpers work anywhere.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CID } from "multiformats/cid";
import type { Helia } from "helia";
import { checkDocumentSize, cidOfBytes, normalizeCid, verifyDocument } from "./cid.ts";
import { DocumentNotFoundError } from "./errors.ts";
import type { DocumentStore } from "./store.ts";

/** Where the embedded store keeps its data unless told otherwise (git-ignored). */
export const DEFAULT_STORE_DIR = ".ispera/ipfs";

export class HeliaStore implements DocumentStore {
  readonly description: string;
  readonly dir: string;
  private readonly helia: Helia;
  private readonly stores: readonly { close(): Promise<void> }[];
  private closed = false;

  private constructor(helia: Helia, dir: string, stores: readonly { close(): Promise<void> }[]) {
    this.helia = helia;
    this.stores = stores;
    this.dir = dir;
    this.description = `helia fs store at ${dir}`;
  }

  /** Opens (creating if needed) the store in `dir`: blocks in <dir>/blocks, pins and metadata in <dir>/datastore. */
  static async open(dir: string = DEFAULT_STORE_DIR): Promise<HeliaStore> {
    const root = resolve(dir);
    await mkdir(root, { recursive: true });
    const [{ createHeliaLight }, { FsBlockstore }, { FsDatastore }] = await Promise.all([
      import("helia"),
      import("blockstore-fs"),
      import("datastore-fs"),
    ]);
    const blockstore = new FsBlockstore(join(root, "blocks"));
    const datastore = new FsDatastore(join(root, "datastore"));
    await blockstore.open();
    await datastore.open();
    // Helia without libp2p, bitswap or HTTP routing, never started: a local content-addressed store, no networking.
    const helia = createHeliaLight({ blockstore, datastore });
    return new HeliaStore(helia, root, [blockstore, datastore]);
  }

  async put(bytes: Uint8Array): Promise<string> {
    this.checkOpen();
    checkDocumentSize(bytes);
    const cid = cidOfBytes(bytes);
    const key = CID.parse(cid);
    await this.helia.blockstore.put(key, bytes);
    if (!(await this.helia.pins.isPinned(key))) {
      for await (const _ of this.helia.pins.add(key)) void _;
    }
    return cid;
  }

  async get(cid: string): Promise<Uint8Array> {
    this.checkOpen();
    const key = CID.parse(normalizeCid(cid));
    if (!(await this.helia.blockstore.has(key))) throw new DocumentNotFoundError(key.toString(), this.description);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.helia.blockstore.get(key)) chunks.push(chunk);
    return verifyDocument(key.toString(), Buffer.concat(chunks), this.description);
  }

  async has(cid: string): Promise<boolean> {
    this.checkOpen();
    return this.helia.blockstore.has(CID.parse(normalizeCid(cid)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.helia.stop();
    for (const store of this.stores) await store.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.description} is closed`);
  }
}
