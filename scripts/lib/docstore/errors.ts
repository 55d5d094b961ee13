// Errors of the document store (docs/documents.md). Each names what went wrong and what to do about it.

/** A store returned bytes that do not hash to the CID asked for (or reported a CID other than the bytes'). */
export class DocumentIntegrityError extends Error {
  readonly cid: string;
  readonly actualCid: string;

  constructor(cid: string, actualCid: string, source: string) {
    super(
      `document integrity check failed: ${source} returned bytes whose CID is ${actualCid}, not the requested ${cid} ` +
        "(the store is corrupt or lying; do not trust this content)",
    );
    this.name = "DocumentIntegrityError";
    this.cid = cid;
    this.actualCid = actualCid;
  }
}

/** A document above the single-block limit (MAX_DOCUMENT_BYTES). */
export class DocumentTooLargeError extends Error {
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number) {
    super(
      `document is ${size} bytes, above the ${limit}-byte (1 MiB) limit of a single raw block: ` +
        "store large media elsewhere and reference it from a small JSON document",
    );
    this.name = "DocumentTooLargeError";
    this.size = size;
    this.limit = limit;
  }
}

/** No document with that CID in the store. */
export class DocumentNotFoundError extends Error {
  readonly cid: string;

  constructor(cid: string, source: string) {
    super(`document ${cid} not found in ${source}`);
    this.name = "DocumentNotFoundError";
    this.cid = cid;
  }
}

/** A string that is not a CID this store can address (CIDv1, raw codec, sha2-256), or a malformed hash or URI. */
export class InvalidCidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidCidError";
  }
}

export interface SchemaIssue {
  /** Where in the document, as a JSON path ("deliverables[0].channel"); "" for the document itself. */
  path: string;
  message: string;
}

/** A document that does not match its schema; `issues` lists every problem with its path. */
export class DocumentSchemaError extends Error {
  readonly schema: string;
  readonly issues: readonly SchemaIssue[];

  constructor(schema: string, issues: readonly SchemaIssue[]) {
    const lines = issues.map((i) => `  - ${i.path === "" ? "(document)" : i.path}: ${i.message}`);
    super(`invalid ${schema} document (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "DocumentSchemaError";
    this.schema = schema;
    this.issues = issues;
  }
}

/** An HTTP IPFS endpoint answered with an error or could not be reached. */
export class DocumentStoreHttpError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = "DocumentStoreHttpError";
    this.status = status;
  }
}
