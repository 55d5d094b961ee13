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

const obj = (v: Json | undefined): { [key: string]: Json } => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** The readable part of an Ispera document (by its schema); the full JSON stays one click away. */
function Summary({ ctx, data }: { ctx: PageContext; data: Json }) {
  const { lang } = ctx;
  const d = obj(data);
  switch (d.schema) {
    case "ispera.brief":
      return (
        <>
          <p>
            <strong>{str(d.title)}</strong>
          </p>
          {str(d.summary) && <p>{str(d.summary)}</p>}
          <ol>
            {arr(obj(d.acceptance).questions).map((q, i) => (
              <li key={i}>{str(obj(q).text)}</li>
            ))}
          </ol>
        </>
      );
    case "ispera.deliverable":
      return (
        <>
          <ul>
            {arr(d.items).map((item, i) => {
              const it = obj(item);
              return (
                <li key={i}>
                  {str(it.channel)} · {str(it.format)} ·{" "}
                  {/^https:\/\//.test(str(it.url)) ? (
                    <a href={str(it.url)} target="_blank" rel="noreferrer noopener">
                      {str(it.url)}
                    </a>
                  ) : (
                    str(it.url)
                  )}{" "}
                  {typeof it.postedAt === "number" && <span className="muted">({formatTime(it.postedAt, lang)})</span>}
                </li>
              );
            })}
          </ul>
          {str(d.note) && <p>{str(d.note)}</p>}
        </>
      );
    case "ispera.evidence":
      return (
        <>
          <p>
            <strong>{str(d.name)}</strong> <span className="muted">({str(d.party)})</span>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{str(d.description)}</p>
        </>
      );
    case "ispera.revisionNote":
      return <p style={{ whiteSpace: "pre-wrap" }}>{str(d.text)}</p>;
    case "ispera.ratingComment":
      return (
        <p>
          {"★".repeat(Number(d.score) || 0)} {str(d.text)}
        </p>
      );
    default:
      return null;
  }
}

function DocumentCard({ ctx, doc }: { ctx: PageContext; doc: Listed }) {
  const { t, lang } = ctx;
  const query = useQuery({ queryKey: ["document", doc.ref], queryFn: () => getDocument<Json>(doc.ref), retry: 1, staleTime: Infinity });
  const title =
    doc.kind === "deliverable" || doc.kind === "note"
      ? t(`docs.kind.${doc.kind}`, { n: (doc.milestone ?? 0) + 1 })
      : t(`docs.kind.${doc.kind}` as "docs.kind.brief");
  return (
    <li className="card doc" data-kind={doc.kind} style={{ overflowWrap: "anywhere", minWidth: 0 }}>
      <strong>{title}</strong> {doc.time !== undefined && <span className="muted">{formatTime(doc.time, lang)}</span>}
      <div>
        <code>{doc.ref}</code>
      </div>
      {query.isPending && <p role="status">{t("docs.loading")}</p>}
      {query.isError && <p className="bad">{t("docs.failed", { reason: query.error.message })}</p>}
      {query.isSuccess && (
        <>
          <p className="ok">✓ {t("docs.verified")}</p>
          <Summary ctx={ctx} data={query.data} />
          <details>
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
        <ul className="docs" style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.75rem" }}>
          {docs.map((d) => (
            <DocumentCard key={d.ref} ctx={ctx} doc={d} />
          ))}
        </ul>
      )}
    </section>
  );
}
