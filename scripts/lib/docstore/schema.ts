// JSON Schema validation of Ispera documents with ajv (draft 2020-12), turned into readable DocumentSchemaErrors.
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { DocumentSchemaError, type SchemaIssue } from "./errors.ts";

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: false });
const compiled = new Map<string, ValidateFunction>();

/** The parsed JSON Schema file scripts/lib/docstore/schemas/<file>. */
export function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), "utf8")) as Record<string, unknown>;
}

function validatorOf(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (validate === undefined) {
    validate = ajv.compile(loadSchema(file));
    compiled.set(file, validate);
  }
  return validate;
}

/** "/milestones/0/deliverables/1" -> "milestones[0].deliverables[1]" */
export function jsonPath(pointer: string, child?: string): string {
  const parts = pointer === "" ? [] : pointer.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`), "");
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function valueAt(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function issueOf(error: ErrorObject, doc: unknown, version: number): SchemaIssue | undefined {
  const value = valueAt(doc, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: jsonPath(error.instancePath, String(params.missingProperty)), message: "missing" };
    case "additionalProperties":
      return {
        path: jsonPath(error.instancePath, String(params.additionalProperty)),
        message: `unknown field (not in schema version ${version})`,
      };
    case "const":
      return { path: jsonPath(error.instancePath), message: `must be ${JSON.stringify(params.allowedValue)}, got ${describeValue(value)}` };
    case "enum": {
      const allowed = params.allowedValues as unknown[];
      const list = allowed.length > 20 ? `one of the ${allowed.length} allowed values` : `one of ${allowed.join(", ")}`;
      return { path: jsonPath(error.instancePath), message: `must be ${list}; got ${describeValue(value)}` };
    }
    case "pattern":
      // An empty text already has its "must not be empty".
      if (value === "") return undefined;
      return { path: jsonPath(error.instancePath), message: patternMessage(String(params.pattern), value) };
    case "minLength":
      return {
        path: jsonPath(error.instancePath),
        message: params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters`,
      };
    case "maxLength":
      return { path: jsonPath(error.instancePath), message: `must be at most ${String(params.limit)} characters, got ${[...String(value)].length}` };
    case "minItems":
      return { path: jsonPath(error.instancePath), message: `needs at least ${String(params.limit)} entries, got ${(value as unknown[]).length}` };
    case "maxItems":
      return { path: jsonPath(error.instancePath), message: `must have at most ${String(params.limit)} entries, got ${(value as unknown[]).length}` };
    case "type":
      return { path: jsonPath(error.instancePath), message: `must be ${typeName(String(params.type))}, got ${describeValue(value)}` };
    case "minimum":
    case "maximum":
      return { path: jsonPath(error.instancePath), message: `${error.message ?? "out of range"}, got ${describeValue(value)}` };
    case "uniqueItems":
      return {
        path: jsonPath(error.instancePath),
        message: `must not repeat entries (items ${Math.min(Number(params.i), Number(params.j))} and ${Math.max(Number(params.i), Number(params.j))} are equal)`,
      };
    case "minProperties":
      return { path: jsonPath(error.instancePath), message: "must not be empty" };
    case "if":
    case "$ref":
      return undefined;
    default:
      return { path: jsonPath(error.instancePath), message: error.message ?? error.keyword };
  }
}

function typeName(type: string): string {
  return type === "object" ? "an object" : type === "array" ? "a list" : type === "integer" ? "a whole number" : `a ${type}`;
}

function patternMessage(pattern: string, value: unknown): string {
  if (pattern.startsWith("^\\S")) return "must not be blank or start or end with spaces";
  if (pattern === "^https://") return `must be an https URL, got ${describeValue(value)}`;
  if (pattern.startsWith("^#")) return `must be a hashtag like "#ad" (no spaces), got ${describeValue(value)}`;
  if (pattern.startsWith("^@")) return `must be a mention like "@brand" (no spaces), got ${describeValue(value)}`;
  if (pattern.startsWith("^[a-z0-9]")) {
    return `must be 3 to 32 of a-z 0-9 . _ - (lower case), starting and ending with a letter or digit; got ${describeValue(value)}`;
  }
  return `must match ${pattern}, got ${describeValue(value)}`;
}

/**
 * Checks `value` against schemas/<file>; returns the issues (path and message), deduplicated, in document order of
 * discovery. An empty list means the document matches the schema.
 */
export function schemaIssues(file: string, value: unknown, version: number): SchemaIssue[] {
  const validate = validatorOf(file);
  if (validate(value)) return [];
  const issues = (validate.errors ?? []).map((e) => issueOf(e, value, version)).filter((i): i is SchemaIssue => i !== undefined);
  return dedupe(issues);
}

export function dedupe(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The version gate of every document type: the document must be an object whose `schema` is `id` and whose `version`
 * is one this code reads; otherwise throws a DocumentSchemaError saying so (and nothing else, since fields of another
 * version would only add noise).
 */
export function checkSchemaHeader(value: unknown, id: string, versions: readonly number[]): number {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DocumentSchemaError(id, [{ path: "", message: `must be a JSON object, got ${describeValue(value)}` }]);
  }
  const { schema, version } = value as Record<string, unknown>;
  if (schema !== id) {
    throw new DocumentSchemaError(id, [{ path: "schema", message: `must be "${id}", got ${describeValue(schema)} (not a ${id} document)` }]);
  }
  if (typeof version !== "number" || !versions.includes(version)) {
    throw new DocumentSchemaError(id, [
      {
        path: "version",
        message:
          `unsupported ${id} version ${describeValue(version)}: this code reads version${versions.length > 1 ? "s" : ""} ` +
          `${versions.join(", ")} (a newer document needs newer Ispera tools)`,
      },
    ]);
  }
  return version;
}
