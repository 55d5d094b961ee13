// One court dispute (#/auditor/disputes/<id>): subject, parties, rounds with their draws, commits, reveals (answers
// only once revealed), rulings, appeals and execution, and the evidence.
import { useLang, useT } from "../../i18n/index.tsx";
import { formatBps, formatTime, shortHash } from "../../lib/format.ts";
import { Link } from "../../router.tsx";
import { auditorMessages } from "./messages.ts";
import { PERIOD, maskOptions } from "./model.ts";
import { UnknownDisputeError, type RoundReport } from "./read.ts";
import { Addr, FullAddr, QueryState, useDispute, useMoney } from "./shared.tsx";

export function DisputeView({ idText }: { idText: string }) {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  const valid = /^[0-9]{1,30}$/.test(idText);
  const query = useDispute(valid ? BigInt(idText) : undefined);
  const d = query.data?.dispute;
  const money = useMoney(d ? [d.feeToken, d.stakeToken] : []);
  return (
    <section aria-labelledby="dispute-title">
      <p className="auditor-noprint">
        <Link to="/auditor">{t("back")}</Link>
      </p>
      <h1 id="dispute-title">{t("dispute.title", { id: idText })}</h1>
      {!valid && (
        <p className="alert error" role="alert">
          {t("dispute.badId", { id: idText })}
        </p>
      )}
      {query.error instanceof UnknownDisputeError ? (
        <p className="alert error" role="alert">
          {query.error.count === 0n
            ? t("dispute.unknownNone", { id: idText })
            : t("dispute.unknown", { id: idText, last: query.error.count - 1n })}
        </p>
      ) : (
        valid && <QueryState deployed={query.deployed} chainId={query.chainId} isLoading={query.isLoading} error={query.error} />
      )}
      {d && query.data && (
        <>
          <p className="row">
            <span>{t("readAt", { block: query.data.ctx.blockNumber, time: formatTime(query.data.ctx.blockTime, lang) })}</span>
            <button type="button" className="secondary auditor-noprint" onClick={() => void query.refetch()} disabled={query.isFetching}>
              {t("refresh")}
            </button>
          </p>
          <dl className="auditor-dl">
            <dt>{t("dispute.deal")}</dt>
            <dd>{d.dealId ? <Link to={`/deals/${d.dealId}`}><code>{d.dealId}</code></Link> : "-"}</dd>
            <dt>{t("dispute.subject")}</dt>
            <dd>{d.milestone === null ? t("disputes.breach") : t("disputes.milestone", { n: d.milestone + 1 })}</dd>
            <dt>{t("dispute.parties")}</dt>
            <dd>
              {t("col.brand")} <FullAddr address={d.brand} />, {t("col.influencer")} <FullAddr address={d.influencer} />
            </dd>
            <dt>{t("dispute.pool")}</dt>
            <dd>
              {d.language}/{d.topic}
            </dd>
            <dt>{t("dispute.now")}</dt>
            <dd data-testid="dispute-period">
              {t("dispute.nowText", { round: d.round, period: t(`period.${PERIOD[d.period] ?? "None"}`) })}
              {d.deadline > 0n && d.period !== 5 ? `, ${t("dispute.until", { time: formatTime(d.deadline, lang) })}` : ""}
            </dd>
            <dt>{t("dispute.ruling")}</dt>
            <dd>
              {d.ruling === null
                ? t("dispute.noRuling")
                : t("dispute.rulingText", {
                    ruling: d.ruling,
                    share: formatBps(d.shareBps, lang),
                    delivered: d.rulingDelivered ? t("dispute.delivered") : t("dispute.notDelivered"),
                  })}
            </dd>
            <dt>{t("dispute.questions")}</dt>
            <dd>
              {d.criteria.length === 0 ? (
                "-"
              ) : (
                <ol>
                  {d.criteria.map((q, i) => (
                    <li key={i}>
                      {t("dispute.question", {
                        options: q.optionCount,
                        compliant: maskOptions(q.compliantMask, q.optionCount).join(", ") || "-",
                        weight: q.weight,
                      })}
                    </li>
                  ))}
                </ol>
              )}
            </dd>
            <dt>{t("dispute.params")}</dt>
            <dd>
              {t("dispute.paramsText", {
                fee: money(d.params.feePerMediator, d.feeToken),
                stake: money(d.params.minStake, d.stakeToken),
                first: d.params.firstRoundMediators,
                rounds: d.params.maxRounds,
              })}
            </dd>
            {d.appealCost !== null && (
              <>
                <dt>{t("dispute.appealCost")}</dt>
                <dd>{money(d.appealCost, d.feeToken)}</dd>
              </>
            )}
          </dl>
          {d.rounds.map((r) => (
            <Round key={r.index} round={r} questions={d.questionCount} money={(v, stake) => money(v, stake ? d.stakeToken : d.feeToken)} />
          ))}
          <h2>{t("dispute.evidence")}</h2>
          {d.evidence.length === 0 ? (
            <p>{t("dispute.noEvidence")}</p>
          ) : (
            <ul>
              {d.evidence.map((e, i) => (
                <li key={i}>
                  <Addr address={e.party} />: <code>{e.evidence}</code> (#{e.block.toString()})
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Round({ round, questions, money }: { round: RoundReport; questions: number; money: (v: bigint, stake?: boolean) => string }) {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  const titleId = `round-${round.index}`;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t("dispute.round", { n: round.index })}</h2>
      <p>
        {t("dispute.roundText", {
          seats: round.mediators,
          drawn: round.drawn,
          pool: round.pool,
          committed: round.committed,
          revealed: round.revealed,
          fees: money(round.fees),
        })}
      </p>
      <p className="muted">{round.randomWord === null ? t("dispute.noWord") : t("dispute.randomWord", { word: shortHash(round.randomWord.toString()) })}</p>
      {round.emptyPool && <p className="alert">{t("dispute.emptyPool")}</p>}
      {round.seats.length > 0 && (
        <div className="table-wrap">
          <table aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t("dispute.seat")}</th>
                <th scope="col">{t("col.mediator")}</th>
                <th scope="col">{t("dispute.commit")}</th>
                <th scope="col">{t("dispute.reveal")}</th>
                <th scope="col">{t("dispute.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {round.seats.map((s) => (
                <tr key={s.voteId}>
                  <td>{s.voteId + 1}</td>
                  <td>
                    <code>{s.mediator}</code>
                  </td>
                  <td>{s.commitment ? <code title={s.commitment}>{shortHash(s.commitment)}</code> : <span className="muted">{t("dispute.notCommitted")}</span>}</td>
                  <td>
                    {s.revealed && s.answers ? (
                      s.answers.slice(0, questions || s.answers.length).map((o, q) => (
                        <span key={q}>
                          {q > 0 ? ", " : ""}
                          {t("dispute.answers", { q: q + 1, o })}
                        </span>
                      ))
                    ) : (
                      <span className="muted">{t("dispute.notRevealed")}</span>
                    )}
                  </td>
                  <td>
                    {s.coherenceBps === null
                      ? "-"
                      : t("dispute.coherence", {
                          coherence: formatBps(s.coherenceBps, lang),
                          penalty: money(s.penalty ?? 0n, true),
                          fee: money(s.feeReward ?? 0n),
                          stake: money(s.stakeReward ?? 0n, true),
                        })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {round.ruled
          ? t("dispute.ruled", {
              share: formatBps(round.ruled.shareBps, lang),
              consensus: round.ruled.consensus.map((o, i) => `Q${i + 1}=${o.join("|") || "-"}`).join(" "),
            })
          : t("dispute.notRuled")}
      </p>
      {round.appealFunded.length > 0 && (
        <p>{t("dispute.appeals", { list: round.appealFunded.map((f) => t("dispute.by", { amount: money(f.amount), who: f.funder })).join(", ") })}</p>
      )}
      {round.appealRefunded.length > 0 && (
        <p>{t("dispute.refunds", { list: round.appealRefunded.map((f) => t("dispute.by", { amount: money(f.amount), who: f.funder })).join(", ") })}</p>
      )}
      <p className="muted">
        {round.executed ? t("dispute.executed") : t("dispute.held", { fees: money(round.held.fees), penalties: money(round.held.penalties, true) })}
      </p>
    </section>
  );
}
