// The brief document (schemas/brief.v1.schema.json, docs/documents.md): what a brand asks for, and the acceptance
// questions whose on-chain table hashes to the deal's criteriaHash.
import { hashCriteria, type DealTerms, type Question } from "../terms.ts";
import { digestOfBytes } from "./cid.ts";
import { DocumentSchemaError, type SchemaIssue } from "./errors.ts";
import { canonicalBytes } from "./json.ts";
import { checkSchemaHeader, dedupe, schemaIssues } from "./schema.ts";
import { getJson, putJson, type DocumentStore, type StoredDocument } from "./store.ts";

export const BRIEF_SCHEMA = "ispera.brief";
/** The versions this code reads; it writes the last one. */
export const BRIEF_VERSIONS = [1] as const;
export const BRIEF_VERSION = 1;
const SCHEMA_FILE: Record<number, string> = { 1: "brief.v1.schema.json" };

/** One acceptance (or breach) question, as people read it. */
export interface BriefQuestion {
  text: string;
  /** Option labels, 2 to 8, no repeats; the on-chain optionCount is their number. */
  options: string[];
  /** Indexes of the compliant options: at least one, not all. */
  compliant: number[];
  /** Weight >= 1 (uint16). */
  weight: number;
}

export interface BriefDeliverable {
  /** A profile platform (instagram, tiktok, youtube, …). */
  channel: string;
  format: string;
  description: string;
  /** Unix seconds, at most the milestone's deliverBy in the terms. */
  deliverBy: number;
}

/** A version-1 brief. */
export interface BriefDocument {
  schema: typeof BRIEF_SCHEMA;
  version: 1;
  title: string;
  brand: { name: string; handle?: string; website?: string };
  /** ISO 639-1, lower case. */
  language: string;
  /** Topic id 0..15 (Topics). */
  topic: number;
  summary?: string;
  /** One entry per milestone of the terms, same order. */
  milestones: { title?: string; deliverables: BriefDeliverable[] }[];
  acceptance: { questions: BriefQuestion[] };
  exclusivity?: {
    topic: number;
    from: number;
    until: number;
    description?: string;
    holdback?: { bps: number; breachQuestions: BriefQuestion[] };
  };
  rights?: { description: string; scope?: string[] };
  guidelines: {
    text?: string;
    do?: string[];
    dont?: string[];
    hashtags?: string[];
    mentions?: string[];
    disclosure?: string;
  };
}

/** The rules JSON Schema cannot say: compliant indexes within the options, not every option compliant, windows. */
function semanticIssues(brief: BriefDocument): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const checkQuestions = (questions: readonly BriefQuestion[], path: string) =>
    questions.forEach((q, i) => {
      const at = `${path}[${i}]`;
      q.compliant.forEach((index, j) => {
        if (index >= q.options.length) {
          issues.push({ path: `${at}.compliant[${j}]`, message: `option ${index} does not exist (the question has ${q.options.length} options)` });
        }
      });
      if (new Set(q.compliant.filter((index) => index < q.options.length)).size >= q.options.length) {
        issues.push({ path: `${at}.compliant`, message: "cannot mark every option compliant (the answer would not matter)" });
      }
    });
  checkQuestions(brief.acceptance.questions, "acceptance.questions");
  if (brief.exclusivity !== undefined) {
    if (brief.exclusivity.from >= brief.exclusivity.until) {
      issues.push({ path: "exclusivity.until", message: `must be after exclusivity.from (${brief.exclusivity.from}), got ${brief.exclusivity.until}` });
    }
    if (brief.exclusivity.holdback !== undefined) checkQuestions(brief.exclusivity.holdback.breachQuestions, "exclusivity.holdback.breachQuestions");
  }
  return issues;
}

/**
 * Checks that `value` is a brief this code reads (schema id and version first, then the JSON Schema, then the rules
 * between fields) and returns it typed; otherwise throws a DocumentSchemaError listing every problem with its path.
 */
export function validateBrief(value: unknown): BriefDocument {
  const version = checkSchemaHeader(value, BRIEF_SCHEMA, BRIEF_VERSIONS);
  const issues = schemaIssues(SCHEMA_FILE[version] as string, value, version);
  if (issues.length > 0) throw new DocumentSchemaError(BRIEF_SCHEMA, issues);
  const brief = value as BriefDocument;
  const semantic = semanticIssues(brief);
  if (semantic.length > 0) throw new DocumentSchemaError(BRIEF_SCHEMA, dedupe(semantic));
  return brief;
}

/** The on-chain Question of a brief question: optionCount = labels, compliantMask = bits of the compliant indexes. */
export function questionOf(q: BriefQuestion): Question {
  return { optionCount: q.options.length, compliantMask: q.compliant.reduce((mask, i) => mask | (1 << i), 0), weight: q.weight };
}

/** The acceptance criteria table (Question[]) whose hash the terms carry as criteriaHash. */
export function briefCriteria(brief: BriefDocument): Question[] {
  return validateBrief(brief).acceptance.questions.map(questionOf);
}

/** The breach questions of the holdback (Question[], hashed into breachCriteriaHash); [] without holdback. */
export function briefBreachCriteria(brief: BriefDocument): Question[] {
  return (validateBrief(brief).exclusivity?.holdback?.breachQuestions ?? []).map(questionOf);
}

/** The bytes32 a deal's briefHash is for this brief: sha-256 of its canonical JSON (the digest inside its CID). */
export function briefDigest(brief: BriefDocument): string {
  return digestOfBytes(canonicalBytes(validateBrief(brief)));
}

/** Validates and stores a brief; returns its CID, digest (= briefHash) and ipfs:// URI. */
export function putBrief(store: DocumentStore, brief: BriefDocument): Promise<StoredDocument> {
  return putJson(store, brief, validateBrief);
}

/** Reads a brief by CID: verified against the CID, then validated. */
export function getBrief(store: DocumentStore, cid: string): Promise<BriefDocument> {
  return getJson(store, cid, validateBrief);
}

/**
 * Lists where a brief and a deal's terms disagree (empty when they agree): briefHash, language, topic, milestone
 * count and dates, criteriaHash, exclusivity, holdback and breachCriteriaHash.
 */
export function briefTermsMismatches(brief: BriefDocument, terms: DealTerms): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const doc = validateBrief(brief);
  const push = (path: string, message: string) => issues.push({ path, message });
  const digest = briefDigest(doc);
  if (terms.briefHash.toLowerCase() !== digest) push("", `hashes to ${digest}, but the terms' briefHash is ${terms.briefHash}`);
  const language = "0x" + Buffer.from(doc.language, "utf8").toString("hex");
  if (terms.language.toLowerCase() !== language) push("language", `is "${doc.language}" (${language}), the terms say ${terms.language}`);
  if (terms.topic !== doc.topic) push("topic", `is ${doc.topic}, the terms say ${terms.topic}`);
  if (terms.milestones.length !== doc.milestones.length) {
    push("milestones", `has ${doc.milestones.length} milestones, the terms ${terms.milestones.length}`);
  }
  doc.milestones.forEach((m, i) => {
    const due = terms.milestones[i]?.deliverBy;
    m.deliverables.forEach((d, j) => {
      if (due !== undefined && BigInt(d.deliverBy) > due) {
        push(`milestones[${i}].deliverables[${j}].deliverBy`, `${d.deliverBy} is after the milestone's deliverBy ${due}`);
      }
    });
  });
  const criteriaHash = hashCriteria(briefCriteria(doc));
  if (terms.criteriaHash !== criteriaHash) push("acceptance.questions", `hash to ${criteriaHash}, the terms' criteriaHash is ${terms.criteriaHash}`);
  const ex = doc.exclusivity;
  if (ex === undefined) {
    if (terms.exclusiveUntil !== 0n) push("exclusivity", "is missing, but the terms have an exclusivity");
  } else {
    if (BigInt(ex.until) !== terms.exclusiveUntil || BigInt(ex.from) !== terms.exclusiveFrom) {
      push("exclusivity", `window [${ex.from}, ${ex.until}] differs from the terms' [${terms.exclusiveFrom}, ${terms.exclusiveUntil}]`);
    }
    if (ex.topic !== terms.exclusiveTopic) push("exclusivity.topic", `is ${ex.topic}, the terms say ${terms.exclusiveTopic}`);
  }
  const holdback = ex?.holdback;
  if ((holdback?.bps ?? 0) !== terms.holdbackBps) push("exclusivity.holdback.bps", `is ${holdback?.bps ?? 0}, the terms say ${terms.holdbackBps}`);
  if (holdback !== undefined) {
    const breachHash = hashCriteria(briefBreachCriteria(doc));
    if (breachHash !== terms.breachCriteriaHash) {
      push("exclusivity.holdback.breachQuestions", `hash to ${breachHash}, the terms' breachCriteriaHash is ${terms.breachCriteriaHash}`);
    }
  }
  return issues;
}
