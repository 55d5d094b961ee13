// The auditor's public dashboard (#/auditor): totals locked per token, the solvency check, deals by state, disputes,
// protocol parameters and the certificate verifier; a dispute's page (#/auditor/disputes/<id>) and a certificate's
// proof (#/auditor/certificates/<id>). Everything is read from the chain; no wallet is needed.
import { useState } from "react";
import { useLang, useT, type Translate } from "../../i18n/index.tsx";
import { formatBps, formatTime } from "../../lib/format.ts";
import { Link, useLocation } from "../../router.tsx";
import { CertificateForm, CertificateView } from "./CertificateView.tsx";
import { DisputeView } from "./DisputeView.tsx";
import { auditorMessages, type AuditorKey } from "./messages.ts";
import { DEAL_STATUS, MILESTONE_STATUS, PERIOD, countByStatus, milestonesByStatus, shortfallsByToken, type TokenSolvency } from "./model.ts";
import { ParamsSection } from "./ParamsSection.tsx";
import type { DisputeSummary, SolvencyReport } from "./read.ts";
import { Addr, AUDITOR_CSS, QueryState, useMoney, useOverview } from "./shared.tsx";

export default function AuditorPage() {
  const { segments } = useLocation();
  const [, sub, id] = segments;
  let content;
  if (sub === "disputes" && id !== undefined) content = <DisputeView idText={id} />;
  else if (sub === "certificates") content = <CertificateView idText={id} />;
  else content = <Dashboard />;
  return (
    <>
      <style>{AUDITOR_CSS}</style>
      {content}
    </>
  );
}

function Dashboard() {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  const overview = useOverview();
  const data = overview.data;
  return (
    <section aria-labelledby="auditor-title">
      <h1 id="auditor-title">{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <nav aria-label={t("sections")} className="auditor-noprint">
        <ul className="auditor-sections">
          {(
            [
              ["auditor-solvency", "solvency.title"],
              ["auditor-totals", "totals.title"],
              ["auditor-deals", "deals.title"],
              ["auditor-disputes", "disputes.title"],
              ["auditor-params", "params.title"],
              ["auditor-certificates", "cert.title"],
            ] as const
          ).map(([target, key]) => (
            <li key={target}>
              <button type="button" className="link" onClick={() => {
                  const section = document.getElementById(target);
                  section?.scrollIntoView();
                  section?.focus();
                }}>
                {t(key)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <QueryState deployed={overview.deployed} chainId={overview.chainId} isLoading={overview.isLoading} error={overview.error} />
      {data && (
        <>
          <p className="row">
            <span>{t("readAt", { block: data.solvency.blockNumber, time: formatTime(data.solvency.blockTime, lang) })}</span>
            <button type="button" className="secondary auditor-noprint" onClick={() => void overview.refetch()} disabled={overview.isFetching}>
              {t("refresh")}
            </button>
          </p>
          <Solvency report={data.solvency} />
          <Totals report={data.solvency} />
          <Deals report={data.solvency} />
          <Disputes disputes={data.disputes} />
        </>
      )}
      <ParamsSection />
      <section id="auditor-certificates" tabIndex={-1} aria-labelledby="auditor-certificates-title">
        <h2 id="auditor-certificates-title">{t("cert.title")}</h2>
        <p>{t("cert.intro")}</p>
        <CertificateForm />
      </section>
    </section>
  );
}

function partLabel(t: Translate<AuditorKey>, part: string): string {
  const key = `part.${part}`;
  return key in auditorMessages.en ? t(key as AuditorKey) : part;
}

function TokenRows({ name, tokens, report }: { name: string; tokens: readonly TokenSolvency[]; report: SolvencyReport }) {
  const money = useMoney(report.tokens);
  const t = useT(auditorMessages);
  return (
    <>
      {tokens.map((x) => (
        <tr key={`${name}-${x.token}`}>
          <th scope="row">{name}</th>
          <td>
            {report.tokens.find((i) => i.address === x.token)?.symbol ?? ""} <Addr address={x.token} />
          </td>
          <td className="num">{money(x.balance, x.token)}</td>
          <td className="num">{money(x.obligations, x.token)}</td>
          <td className={x.solvent ? "ok" : "bad"}>
            {x.surplus >= 0n ? t("solvency.surplus", { amount: money(x.surplus, x.token) }) : t("solvency.shortfall", { amount: money(-x.surplus, x.token) })}
          </td>
          <td>{x.parts.map((p) => `${partLabel(t, p.part)} ${money(p.amount, x.token)}`).join(" + ")}</td>
        </tr>
      ))}
    </>
  );
}

function Solvency({ report }: { report: SolvencyReport }) {
  const t = useT(auditorMessages);
  const money = useMoney(report.tokens);
  const all = [...report.escrow.tokens, ...report.vault.tokens, ...report.court.tokens];
  const short = shortfallsByToken(all)
    .map((x) => money(x.amount, x.token))
    .join(", ");
  return (
    <section id="auditor-solvency" tabIndex={-1} aria-labelledby="auditor-solvency-title">
      <h2 id="auditor-solvency-title">{t("solvency.title")}</h2>
      <p>
        <span role="status" data-testid="solvency-verdict" className={`auditor-verdict ${report.solvent ? "ok" : "bad"}`}>
          {report.solvent ? t("solvency.solvent") : t("solvency.short", { amount: short })}
        </span>{" "}
        {report.solvent ? t("solvency.summarySolvent") : t("solvency.summaryShort")}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("solvency.contract")}</th>
              <th scope="col">{t("solvency.token")}</th>
              <th scope="col" className="num">{t("solvency.balance")}</th>
              <th scope="col" className="num">{t("solvency.obligations")}</th>
              <th scope="col">{t("solvency.difference")}</th>
              <th scope="col">{t("solvency.made")}</th>
            </tr>
          </thead>
          <tbody>
            <TokenRows name={t("solvency.escrow")} tokens={report.escrow.tokens} report={report} />
            <TokenRows name={t("solvency.vault")} tokens={report.vault.tokens} report={report} />
            <TokenRows name={t("solvency.court")} tokens={report.court.tokens} report={report} />
          </tbody>
        </table>
      </div>
      <details>
        <summary>{t("solvency.perDeal", { count: report.deals.length })}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.deal")}</th>
                <th scope="col">{t("col.status")}</th>
                <th scope="col" className="num">{t("col.credits")}</th>
                <th scope="col" className="num">{t("col.openMilestones")}</th>
                <th scope="col" className="num">{t("col.rights")}</th>
                <th scope="col" className="num">{t("col.arbitrationFees")}</th>
                <th scope="col" className="num">{t("col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {report.deals.map((d) => (
                <tr key={d.dealId}>
                  <td>
                    <Link to={`/deals/${d.dealId}`}>
                      <code>{d.dealId.slice(0, 12)}…</code>
                    </Link>
                  </td>
                  <td>{t(`status.${DEAL_STATUS[d.status] ?? "None"}`)}</td>
                  <td className="num">{money(d.share.brandCredit + d.share.influencerCredit, d.token)}</td>
                  <td className="num">{money(d.share.openMilestones, d.token)}</td>
                  <td className="num">{money(d.share.rightsHeld, d.token)}</td>
                  <td className="num">{money(d.share.arbitrationFees, d.token)}</td>
                  <td className="num">{money(d.share.total, d.token)}</td>
                </tr>
              ))}
              {report.escrow.protocolFees.map((p) => (
                <tr key={`fees-${p.token}`}>
                  <td colSpan={6}>{t("solvency.protocolFees")}</td>
                  <td className="num">{money(p.amount, p.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>{t("solvency.perHoldback", { count: report.vault.deals.length })}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.deal")}</th>
                <th scope="col" className="num">{t("col.held")}</th>
                <th scope="col" className="num">{t("col.brandCredit")}</th>
                <th scope="col" className="num">{t("col.influencerCredit")}</th>
                <th scope="col" className="num">{t("col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {report.vault.deals.map((d) => (
                <tr key={d.dealId}>
                  <td>
                    <Link to={`/deals/${d.dealId}`}>
                      <code>{d.dealId.slice(0, 12)}…</code>
                    </Link>
                  </td>
                  <td className="num">{money(d.share.held, d.token)}</td>
                  <td className="num">{money(d.share.brandCredit, d.token)}</td>
                  <td className="num">{money(d.share.influencerCredit, d.token)}</td>
                  <td className="num">{money(d.share.total, d.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>{t("solvency.perDispute", { count: report.court.disputes.length })}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.dispute")}</th>
                <th scope="col" className="num">{t("col.roundFees")}</th>
                <th scope="col" className="num">{t("col.lostStake")}</th>
                <th scope="col" className="num">{t("col.appealFunds")}</th>
                <th scope="col" className="num">{t("col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {report.court.disputes.map((d) => (
                <tr key={d.disputeId.toString()}>
                  <td>
                    <Link to={`/auditor/disputes/${d.disputeId}`}>{t("disputes.open", { id: d.disputeId })}</Link>
                  </td>
                  <td className="num">{money(d.fees, report.court.tokens[0]?.token)}</td>
                  <td className="num">{money(d.penalties, report.court.tokens[0]?.token)}</td>
                  <td className="num">{money(d.appealFunds, report.court.tokens[0]?.token)}</td>
                  <td className="num">{money(d.total, report.court.tokens[0]?.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details>
        <summary>{t("solvency.stakes", { count: report.court.stakes.length })}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.mediator")}</th>
                <th scope="col" className="num">{t("col.stake")}</th>
                <th scope="col" className="num">{t("col.locked")}</th>
              </tr>
            </thead>
            <tbody>
              {report.court.stakes.map((s) => (
                <tr key={s.mediator}>
                  <td>
                    <code>{s.mediator}</code>
                  </td>
                  <td className="num">{money(s.stake, report.court.tokens[0]?.token)}</td>
                  <td className="num">{money(s.locked, report.court.tokens[0]?.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {report.court.balances.length > 0 && (
        <details>
          <summary>{t("solvency.credited", { count: report.court.balances.length })}</summary>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("col.account")}</th>
                  <th scope="col" className="num">{t("col.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {report.court.balances.map((b) => (
                  <tr key={`${b.account}-${b.token}`}>
                    <td>
                      <code>{b.account}</code>
                    </td>
                    <td className="num">{money(b.amount, b.token)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

function Totals({ report }: { report: SolvencyReport }) {
  const t = useT(auditorMessages);
  const money = useMoney(report.tokens);
  return (
    <section id="auditor-totals" tabIndex={-1} aria-labelledby="auditor-totals-title">
      <h2 id="auditor-totals-title">{t("totals.title")}</h2>
      <div className="table-wrap">
        <table aria-labelledby="auditor-totals-title">
          <thead>
            <tr>
              <th scope="col">{t("totals.token")}</th>
              <th scope="col" className="num">{t("totals.escrow")}</th>
              <th scope="col" className="num">{t("totals.vault")}</th>
              <th scope="col" className="num">{t("totals.courtStakes")}</th>
              <th scope="col" className="num">{t("totals.courtFees")}</th>
              <th scope="col" className="num">{t("totals.total")}</th>
            </tr>
          </thead>
          <tbody>
            {report.locked.map((l) => {
              const info = report.tokens.find((x) => x.address === l.token);
              return (
                <tr key={l.token} data-testid={`locked-${l.token}`}>
                  <th scope="row">
                    {info?.symbol || ""} <Addr address={l.token} />
                  </th>
                  <td className="num" data-testid="locked-escrow">{money(l.escrow, l.token)}</td>
                  <td className="num" data-testid="locked-vault">{money(l.vault, l.token)}</td>
                  <td className="num" data-testid="locked-court-stakes">{money(l.courtStakes, l.token)}</td>
                  <td className="num" data-testid="locked-court-other">{money(l.courtOther, l.token)}</td>
                  <td className="num" data-testid="locked-total">
                    <strong>{money(l.total, l.token)}</strong>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Deals({ report }: { report: SolvencyReport }) {
  const t = useT(auditorMessages);
  const money = useMoney(report.tokens);
  const [filter, setFilter] = useState<number>(0);
  const counts = countByStatus(report.deals.map((d) => d.status));
  const shown = [...report.deals].reverse().filter((d) => filter === 0 || d.status === filter);
  return (
    <section id="auditor-deals" tabIndex={-1} aria-labelledby="auditor-deals-title">
      <h2 id="auditor-deals-title">{t("deals.title")}</h2>
      <p>{t("deals.count", { count: report.deals.length })}</p>
      <ul className="auditor-counts" aria-label={t("deals.title")}>
        {counts.map((c) => (
          <li key={c.status}>
            {t(`status.${c.status}`)}: <strong>{c.count}</strong>
          </li>
        ))}
      </ul>
      <p id="auditor-milestones">{t("deals.milestones")}</p>
      <ul className="auditor-counts" aria-labelledby="auditor-milestones">
        {milestonesByStatus(report.deals).map((c) => (
          <li key={c.status}>
            {t(`milestone.${c.status}` as AuditorKey)}: <strong>{c.count}</strong>
          </li>
        ))}
      </ul>
      <label htmlFor="auditor-deal-filter">{t("deals.filter")}</label>
      <select id="auditor-deal-filter" value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
        <option value={0}>{t("deals.all")}</option>
        {counts.map((c, i) => (
          <option key={c.status} value={i + 1}>
            {t(`status.${c.status}`)} ({c.count})
          </option>
        ))}
      </select>
      {shown.length === 0 ? (
        <p>{t("deals.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.deal")}</th>
                <th scope="col">{t("col.status")}</th>
                <th scope="col">{t("col.milestones")}</th>
                <th scope="col">{t("col.brand")}</th>
                <th scope="col">{t("col.influencer")}</th>
                <th scope="col" className="num">{t("col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.dealId}>
                  <td>
                    <Link to={`/deals/${d.dealId}`}>
                      <code>{d.dealId.slice(0, 12)}…</code>
                    </Link>
                  </td>
                  <td>
                    <span className="status">{t(`status.${DEAL_STATUS[d.status] ?? "None"}`)}</span>
                  </td>
                  <td>{d.milestoneStatuses.map((m) => t(`milestone.${MILESTONE_STATUS[m] ?? "None"}` as AuditorKey)).join(", ")}</td>
                  <td>
                    <Addr address={d.brand} />
                  </td>
                  <td>
                    <Addr address={d.influencer} />
                  </td>
                  <td className="num">{money(d.total, d.token)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Disputes({ disputes }: { disputes: readonly DisputeSummary[] }) {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  return (
    <section id="auditor-disputes" tabIndex={-1} aria-labelledby="auditor-disputes-title">
      <h2 id="auditor-disputes-title">{t("disputes.title")}</h2>
      {disputes.length === 0 ? (
        <p>{t("disputes.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("col.dispute")}</th>
                <th scope="col">{t("col.deal")}</th>
                <th scope="col">{t("col.milestone")}</th>
                <th scope="col">{t("col.pool")}</th>
                <th scope="col">{t("col.period")}</th>
                <th scope="col">{t("col.votes")}</th>
                <th scope="col">{t("col.ruling")}</th>
              </tr>
            </thead>
            <tbody>
              {disputes.map((d) => (
                <tr key={d.disputeId.toString()}>
                  <td>
                    <Link to={`/auditor/disputes/${d.disputeId}`}>{t("disputes.open", { id: d.disputeId })}</Link>
                  </td>
                  <td>
                    {d.dealId ? (
                      <Link to={`/deals/${d.dealId}`}>
                        <code>{d.dealId.slice(0, 12)}…</code>
                      </Link>
                    ) : (
                      "-"
                    )}
                  </td>
                  <td>{d.milestone === null ? t("disputes.breach") : t("disputes.milestone", { n: d.milestone + 1 })}</td>
                  <td>
                    {d.language}/{d.topic}
                  </td>
                  <td>
                    {t("dispute.nowText", { round: d.round, period: t(`period.${PERIOD[d.period] ?? "None"}`) })}
                    {d.deadline > 0n && d.period !== 5 ? ` (${t("dispute.until", { time: formatTime(d.deadline, lang) })})` : ""}
                  </td>
                  <td>{t("disputes.votes", { drawn: d.current.drawn, seats: d.current.mediators, committed: d.current.committed, revealed: d.current.revealed })}</td>
                  <td>{d.period === 5 ? formatBps(d.shareBps, lang) : t("dispute.noRuling")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
