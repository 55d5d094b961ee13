// The deal's documents, each fetched from the document store and checked against the hash the chain holds.
import { useQuery } from "@tanstack/react-query";
import { getDocument } from "../../lib/docs.ts";
import { formatTime } from "../../lib/format.ts";
import type { PageContext } from "./context.ts";
import type { TimelineEntry } from "./timeline.ts";

interface Listed {
  readonly kind: string;
  readonly ref: string;
  readonly milestone?: number;
  readonly time?: number;
}

export function documentsOf(entries: readonly TimelineEntry[]): Listed[] {
  const seen = new Set<string>();
  const out: Listed[] = [];
  for (const e of entries) {
    for (const d of e.docs) {
      if (seen.has(d.ref)) continue;
      seen.add(d.ref);
      out.push({ kind: d.kind, ref: d.ref, milestone: e.milestone, time: e.time });
    }
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Value({ value }: { value: Json }) {
  if (value === null || typeof value !== "object") {
    const text = String(value);
    return /^https:\/\//.test(text) ? (
      <a href={text} target="_blank" rel="noreferrer noopener">
        {text}
      </a>
    ) : (
      <span>{text}</span>
    );
  }
  if (Array.isArray(value)) {
    return (
      <ol>
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <dl className="doc-fields">
      {Object.entries(value)
        .filter(([k]) => k !== "schema" && k !== "version")
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <Value value={v} />
            </dd>
          </div>
        ))}
    </dl>
  );
}

function DocumentCard({ ctx, doc }: { ctx: PageContext; doc: Listed }) {
  const { t, lang } = ctx;
  const query = useQuery({ queryKey: ["document", doc.ref], queryFn: () => getDocument<Json>(doc.ref), retry: 1, staleTime: Infinity });
  const title =
    doc.kind === "deliverable" || doc.kind === "note"
      ? t(`docs.kind.${doc.kind}`, { n: (doc.milestone ?? 0) + 1 })
      : t(`docs.kind.${doc.kind}` as "docs.kind.brief");
  const data = query.data;
  const headline =
    data && typeof data === "object" && !Array.isArray(data)
      ? String(data.title ?? data.name ?? data.text ?? data.note ?? "")
      : "";
  return (
    <li className="card doc" data-kind={doc.kind}>
      <strong>{title}</strong> {doc.time !== undefined && <span className="muted">{formatTime(doc.time, lang)}</span>}
      <div>
        <code>{doc.ref}</code>
      </div>
      {query.isPending && <p role="status">{t("docs.loading")}</p>}
      {query.isError && <p className="bad">{t("docs.failed", { reason: query.error.message })}</p>}
      {query.isSuccess && (
        <>
          <p className="ok">✓ {t("docs.verified")}</p>
          {headline && <p>{headline}</p>}
          <details open={doc.kind !== "brief"}>
            <summary>{t("docs.show")}</summary>
            <Value value={query.data} />
          </details>
        </>
      )}
    </li>
  );
}

export function Documents({ ctx, entries }: { ctx: PageContext; entries: readonly TimelineEntry[] }) {
  const docs = documentsOf(entries);
  const { t } = ctx;
  return (
    <section aria-labelledby="docs-title">
      <h2 id="docs-title">{t("docs.title")}</h2>
      {docs.length === 0 ? (
        <p className="muted">{t("docs.none")}</p>
      ) : (
        <ul className="cards docs">
          {docs.map((d) => (
            <DocumentCard key={d.ref} ctx={ctx} doc={d} />
          ))}
        </ul>
      )}
    </section>
  );
}
