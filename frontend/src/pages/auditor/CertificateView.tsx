// The certificate verifier: a form taking a token id, and a certificate's page (#/auditor/certificates/<id>) with the
// verdict, every check against the chain, what it certifies, and the printable proof document (print / download).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useLang, useT } from "../../i18n/index.tsx";
import { formatAmount, formatTime } from "../../lib/format.ts";
import { Link, navigate } from "../../router.tsx";
import { parseTokenId, renderProofHtml, scopeBits, territoryText, type TokenIdError } from "./certificate.ts";
import { auditorMessages, type AuditorKey } from "./messages.ts";
import type { Translate } from "../../i18n/index.tsx";
import { auditAddresses, FullAddr, QueryState, useCertificate } from "./shared.tsx";
import { useReadClient } from "../../lib/chain.ts";

export function CertificateForm({ initial = "", initialError }: { initial?: string; initialError?: TokenIdError }) {
  const t = useT(auditorMessages);
  const id = useId();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<TokenIdError | undefined>(initialError);
  useEffect(() => {
    setText(initial);
    setError(initialError);
  }, [initial, initialError]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const parsed = parseTokenId(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    navigate(`/auditor/certificates/${text.trim()}`);
  };
  return (
    <form onSubmit={submit} noValidate className="auditor-noprint">
      <label htmlFor={`${id}-token`}>{t("cert.tokenId")}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t("cert.hint")}
      </p>
      <div className="row">
        <input
          id={`${id}-token`}
          name="tokenId"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          size={40}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">{t("cert.verify")}</button>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {t(`cert.error.${error}`)}
        </p>
      )}
    </form>
  );
}

export function CertificateView({ idText }: { idText: string | undefined }) {
  const t = useT(auditorMessages);
  const parsed = idText === undefined ? undefined : parseTokenId(idText);
  const tokenId = parsed?.ok ? parsed.tokenId : undefined;
  return (
    <section aria-labelledby="certificate-title">
      <p className="auditor-noprint">
        <Link to="/auditor">{t("back")}</Link>
      </p>
      <h1 id="certificate-title">{idText === undefined ? t("cert.title") : t("cert.pageTitle", { id: shortId(idText) })}</h1>
      <p className="auditor-noprint">{t("cert.intro")}</p>
      <CertificateForm initial={idText ?? ""} initialError={parsed && !parsed.ok ? parsed.error : undefined} />
      {tokenId !== undefined && <CertificateResult tokenId={tokenId} />}
    </section>
  );
}

function scopeText(t: Translate<AuditorKey>, scope: number): string {
  const { known, unknown } = scopeBits(scope);
  const names = known.map((bit) => t(`scope.${bit}` as AuditorKey));
  if (unknown !== 0) names.push(t("scope.unknown", { mask: `0x${unknown.toString(16).padStart(4, "0")}` }));
  return names.length === 0 ? t("scope.none") : names.join("; ");
}

function shortId(id: string): string {
  return id.length > 24 ? `${id.slice(0, 12)}…${id.slice(-8)}` : id;
}

function CertificateResult({ tokenId }: { tokenId: bigint }) {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  const { chainId } = useReadClient();
  const query = useCertificate(tokenId);
  const frame = useRef<HTMLIFrameElement>(null);
  const result = query.data;
  const html = useMemo(() => (result ? renderProofHtml(result.record, result.verification) : ""), [result]);
  const downloadUrl = useMemo(() => (html ? URL.createObjectURL(new Blob([html], { type: "text/html" })) : ""), [html]);
  useEffect(() => () => (downloadUrl ? URL.revokeObjectURL(downloadUrl) : undefined), [downloadUrl]);
  if (query.data === null) return <p className="alert error" role="alert">{t("cert.notConfigured")}</p>;
  if (!result) return <QueryState deployed={query.deployed} chainId={query.chainId} isLoading={query.isLoading} error={query.error} />;
  const { record, verification } = result;
  if (verification.missing) {
    return (
      <p className="alert error" role="alert">
        {t("cert.missing", { id: tokenId.toString(), contract: auditAddresses(chainId)?.certificate ?? record.certificate })}
      </p>
    );
  }
  const verdictClass = verification.verdict === "valid" ? "ok" : verification.verdict === "expired" ? "warn" : "bad";
  const stored = record.stored;
  const rights = record.rights;
  return (
    <>
      <p>
        <span role="status" data-testid="certificate-verdict" className={`auditor-verdict ${verdictClass}`}>
          {t(`cert.${verification.verdict}`)}
        </span>
      </p>
      <p className="muted">{t("readAt", { block: record.blockNumber, time: formatTime(record.blockTime, lang) })}</p>
      {stored && rights && (
        <>
          <h2>{t("cert.summary")}</h2>
          <dl className="auditor-dl">
            <dt>{t("cert.who")}</dt>
            <dd>
              {t("cert.whoText", { influencer: stored.influencer, holder: record.holder ?? "-", brand: stored.brand })}
            </dd>
            <dt>{t("cert.what")}</dt>
            <dd>
              {t("cert.whatText", { count: stored.milestoneCount, deal: record.dealId })}{" "}
              <Link to={`/deals/${record.dealId}`}>{t("col.deal")}</Link>
            </dd>
            <dt>{t("cert.when")}</dt>
            <dd>
              {t("cert.whenText", {
                from: formatTime(stored.effectiveAt, lang),
                until: stored.duration === 0n ? t("cert.forever") : t("cert.until", { date: formatTime(stored.effectiveAt + stored.duration, lang) }),
              })}
            </dd>
            <dt>{t("cert.terms")}</dt>
            <dd>
              {t("cert.termsText", {
                scope: scopeText(t, stored.scope),
                territories: rights.territories.length === 0 ? t("cert.worldwide") : rights.territories.map(territoryText).join(", "),
                exclusive: stored.exclusive ? t("cert.exclusive") : t("cert.nonExclusive"),
                price: formatAmount(stored.price, lang, record.token?.decimals ?? 0, record.token?.symbol ?? ""),
              })}
            </dd>
            <dt>{t("params.holder")}</dt>
            <dd>
              <FullAddr address={record.holder ?? null} />
            </dd>
          </dl>
        </>
      )}
      <h2 id="certificate-checks">{t("cert.checks")}</h2>
      <div className="table-wrap">
        <table aria-labelledby="certificate-checks">
          <thead>
            <tr>
              <th scope="col">{t("solvency.status")}</th>
              <th scope="col">{t("cert.check")}</th>
              <th scope="col">{t("cert.found")}</th>
            </tr>
          </thead>
          <tbody>
            {verification.checks.map((c, i) => (
              <tr key={i}>
                <td className={c.ok ? "ok" : "bad"}>{c.ok ? `✓ ${t("ok")}` : `✗ ${t("failed")}`}</td>
                <td>
                  {t(`check.${c.label}`)}
                  {c.milestone ? ` ${c.milestone}` : ""}
                </td>
                <td>
                  <span className="mono">{c.detail}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {record.metadata && (
        <details>
          <summary>{t("cert.metadata")}</summary>
          <p>
            <strong>{record.metadata.name}</strong>
            {record.metadata.description ? ` — ${record.metadata.description}` : ""}
          </p>
          <pre className="mono auditor-json">{JSON.stringify(record.metadata, null, 2)}</pre>
        </details>
      )}
      <h2 id="certificate-proof">{t("cert.proof")}</h2>
      <p className="row auditor-noprint">
        <button type="button" onClick={() => frame.current?.contentWindow?.print()}>
          {t("cert.print")}
        </button>
        <a className="button auditor-secondary" href={downloadUrl} download={`ispera-rights-${record.dealId.slice(0, 10)}.html`}>
          {t("cert.download")}
        </a>
      </p>
      <iframe
        ref={frame}
        className="auditor-proof"
        title={t("cert.proofFrame", { id: shortId(tokenId.toString()) })}
        sandbox="allow-same-origin allow-modals"
        srcDoc={html}
      />
    </>
  );
}
