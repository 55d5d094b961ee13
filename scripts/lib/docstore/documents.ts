// The small document types besides the brief (schemas/*.schema.json, docs/documents.md): a deliverable (what was
// published for a milestone; its digest is submitDeliverable's contentHash) and evidence in a dispute.
import { DocumentSchemaError } from "./errors.ts";
import { checkSchemaHeader, schemaIssues } from "./schema.ts";
import { getJson, putJson, type DocumentStore, type StoredDocument } from "./store.ts";

export const DELIVERABLE_SCHEMA = "ispera.deliverable";
export const EVIDENCE_SCHEMA = "ispera.evidence";

export interface DeliverableDocument {
  schema: typeof DELIVERABLE_SCHEMA;
  version: 1;
  /** 0x + 64 lower-case hex. */
  dealId: string;
  milestone: number;
  items: { channel: string; format: string; url: string; postedAt: number; capture?: string; note?: string }[];
  note?: string;
}

export interface EvidenceDocument {
  schema: typeof EVIDENCE_SCHEMA;
  version: 1;
  dealId: string;
  /** Decimal. */
  disputeId?: string;
  party: "brand" | "influencer";
  name: string;
  description: string;
  files?: { name: string; cid: string; mediaType?: string }[];
}

/** A validator for a document type: header (schema id, version) first, then the JSON Schema of that version. */
function validatorFor<T>(id: string, files: Record<number, string>): (value: unknown) => T {
  const versions = Object.keys(files).map(Number);
  return (value: unknown): T => {
    const version = checkSchemaHeader(value, id, versions);
    const issues = schemaIssues(files[version] as string, value, version);
    if (issues.length > 0) throw new DocumentSchemaError(id, issues);
    return value as T;
  };
}

export const validateDeliverable = validatorFor<DeliverableDocument>(DELIVERABLE_SCHEMA, { 1: "deliverable.v1.schema.json" });
export const validateEvidence = validatorFor<EvidenceDocument>(EVIDENCE_SCHEMA, { 1: "evidence.v1.schema.json" });

export function putDeliverable(store: DocumentStore, doc: DeliverableDocument): Promise<StoredDocument> {
  return putJson(store, doc, validateDeliverable);
}
export function getDeliverable(store: DocumentStore, cid: string): Promise<DeliverableDocument> {
  return getJson(store, cid, validateDeliverable);
}
export function putEvidence(store: DocumentStore, doc: EvidenceDocument): Promise<StoredDocument> {
  return putJson(store, doc, validateEvidence);
}
export function getEvidence(store: DocumentStore, cid: string): Promise<EvidenceDocument> {
  return getJson(store, cid, validateEvidence);
}
