// One dispute for a mediator: where it stands (period, countdown, what comes next, and the step anyone may take when
// it is due), the deal's brief, the content and both sides' evidence (each verified against its hash), the
// questionnaire, and the commit and reveal whose salt comes from a wallet signature.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { Address, Hex } from "viem";
import { useAccount, useChainId } from "wagmi";
import { signMessage } from "wagmi/actions";
import { mediatorCourtAbi } from "../../config/abis.generated.ts";
import { TxLine } from "../../components/TransactionList.tsx";
import { useLang, useT } from "../../i18n/index.tsx";
import { formatAmount, formatBps, formatDuration, formatTime, shortAddress, shortHash } from "../../lib/format.ts";
import { addressOf } from "../../lib/chain.ts";
import { useTransaction } from "../../lib/tx.tsx";
import { Link } from "../../router.tsx";
import { wagmiConfig } from "../../wagmi.ts";
import { useChainNow, useCourt, useDisputeDetail, type BriefQuestionText, type DisputeDetail } from "./hooks.ts";
import {
  allSettled,
  answersStorageKey,
  parseStoredAnswers,
  answerIssues,
  commitArgs,
  drawArgs,
  executeArgs,
  findAnswers,
  formatCountdown,
  languageOfBytes,
  Period,
  periodView,
  revealArgs,
  saltFromSignature,
  TOPICS,
  unpackAnswers,
  voteCommitment,
  voteSaltMessage,
  type AnswerIssue,
} from "./logic.ts";
import { mediatorMessages, topicMessages } from "./messages.ts";

export default function DisputeView({ disputeId }: { disputeId: bigint }) {
  const t = useT(mediatorMessages);
  const topic = useT(topicMessages);
  const { address } = useAccount();
  const detail = useDisputeDetail(disputeId, address);
  const court = useCourt();
  const id = disputeId.toString();
  return (
    <section>
      <p>
        <Link to="/mediator">{t("dispute.back")}</Link>
      </p>
      <h1>{t("dispute.title", { id })}</h1>
      {detail.isPending ? (
        <p role="status">{t("loading")}</p>
      ) : detail.error ? (
        <p className="alert error">{t("loadError", { message: detail.error.message })}</p>
      ) : detail.data === null ? (
        <p className="alert">{t("dispute.notFound", { id })}</p>
      ) : (
        <>
          <Header detail={detail.data} topicName={(n) => topic(TOPICS[n] ?? "general")} />
          <Clock detail={detail.data} account={address} />
          <Outcome detail={detail.data} decimals={court.data?.feeToken.decimals ?? 6} symbol={court.data?.feeToken.symbol ?? "USDC"} />
          <Case detail={detail.data} account={address} />
        </>
      )}
    </section>
  );
}

function Header({ detail, topicName }: { detail: DisputeDetail; topicName: (n: number) => string }) {
  const t = useT(mediatorMessages);
  const { info, context } = detail;
  return (
    <div className="card">
      {context && (
        <p>
          {t("dispute.deal")}{" "}
          <Link to={`/deals/${context.dealId}`}>
            <code>{shortHash(context.dealId)}</code>
          </Link>{" "}
          · {t("dispute.milestone", { n: context.milestone + 1 })}
        </p>
      )}
      <p>{t("dispute.parties", { brand: shortAddress(info.brand), influencer: shortAddress(info.influencer) })}</p>
      <p>{t("dispute.pool", { language: languageOfBytes(info.language), topic: topicName(info.topic) })}</p>
      <p data-testid="my-seats">
        {detail.mySeats.length > 0 ? t("dispute.seats", { count: detail.mySeats.length }) : t("dispute.noSeat")}
      </p>
    </div>
  );
}

function Clock({ detail, account }: { detail: DisputeDetail; account: Address | undefined }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const chainId = useChainId();
  const now = useChainNow();
  const tx = useTransaction();
  const { info, params, round, rounds } = detail;
  const settled = allSettled(rounds);
  const clock = {
    period: info.period,
    deadline: BigInt(info.deadline),
    round: info.round,
    maxRounds: params.maxRounds,
    seats: round.mediators,
    drawn: round.drawn,
    committed: round.committed,
    revealed: round.revealed,
    randomnessReady: detail.randomnessReady,
    settled,
  };
  const view = now === undefined ? undefined : periodView(clock, now);
  const id = detail.id.toString();
  const court = (): Address => addressOf(chainId, "court");
  async function act() {
    if (!view || !account) return;
    if (view.action === "draw") {
      await tx.send(t("action.drawLabel", { id }), {
        address: court(),
        abi: mediatorCourtAbi,
        functionName: "draw",
        args: drawArgs(detail.id, round),
        account,
        chainId,
      });
    } else if (view.action === "passPeriod") {
      await tx.send(t("action.passLabel", { id }), { address: court(), abi: mediatorCourtAbi, functionName: "passPeriod", args: [detail.id], account, chainId });
    } else if (view.action === "execute") {
      const args = executeArgs(detail.id, info.period, info.round, rounds);
      if (!args) return;
      await tx.send(t("action.executeLabel", { round: Number(args[1]) + 1, id }), {
        address: court(),
        abi: mediatorCourtAbi,
        functionName: "executeRound",
        args,
        account,
        chainId,
      });
    }
  }
  const actionLabel = view?.action === "draw" ? t("action.draw") : view?.action === "passPeriod" ? t("action.passPeriod") : view?.action === "execute" ? t("action.execute") : undefined;
  const lastRound = info.round + 1 >= params.maxRounds;
  const steps: { period: number; text: string }[] = [
    { period: Period.Drawing, text: t("period.drawing") },
    {
      period: Period.Commit,
      text: info.period === Period.Commit ? t("clock.commitEnds", { at: formatTime(BigInt(info.deadline), lang) }) : t("period.commit"),
    },
    { period: Period.Reveal, text: t("clock.revealEnds", { duration: formatDuration(params.revealPeriod, lang) }) },
    lastRound
      ? { period: Period.Appeal, text: t("clock.lastRound") }
      : { period: Period.Appeal, text: t("clock.appealEnds", { duration: formatDuration(params.appealPeriod, lang) }) },
    { period: Period.Execution, text: t("period.execution") },
  ];
  return (
    <section aria-labelledby="clock-title" className="card">
      <h2 id="clock-title">{t("clock.title")}</h2>
      <p>{t("clock.round", { round: info.round + 1, max: params.maxRounds })}</p>
      <p>
        <span className="status" data-testid="period" data-period={view?.name ?? ""}>
          {t("clock.now", { period: t(`period.${view?.name ?? "none"}`) })}
        </span>
      </p>
      {view && view.secondsLeft > 0 && (
        <p role="timer" aria-live="off" data-testid="countdown">
          <strong className="mono">{formatCountdown(view.secondsLeft)}</strong>{" "}
          {t("clock.left", { left: formatDuration(view.secondsLeft, lang), at: formatTime(BigInt(info.deadline), lang) })}
        </p>
      )}
      {view?.over && <p className="warn">{t("clock.over", { at: formatTime(BigInt(info.deadline), lang) })}</p>}
      <p className="muted">
        {t("clock.seats", { drawn: round.drawn, seats: round.mediators, committed: round.committed, revealed: round.revealed })}
      </p>
      <h3>{t("clock.timeline")}</h3>
      <ol>
        {steps.map((s) => (
          <li key={s.period} aria-current={s.period === info.period ? "step" : undefined} className={s.period === info.period ? undefined : "muted"}>
            {s.period === info.period ? <strong>{s.text}</strong> : s.text}
          </li>
        ))}
      </ol>
      {view && <p data-testid="next-step">{t(`next.${view.action}`)}</p>}
      {actionLabel && (
        <button type="button" disabled={tx.busy || !account} onClick={() => void act()}>
          {actionLabel}
        </button>
      )}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

function Outcome({ detail, decimals, symbol }: { detail: DisputeDetail; decimals: number; symbol: string }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  if (detail.ruled.length === 0 && !detail.payout) return null;
  const last = detail.ruled[detail.ruled.length - 1];
  return (
    <section className="card" aria-live="polite" data-testid="outcome">
      {last && <p>{t("dispute.ruling", { round: Number(last.round) + 1, share: formatBps(last.shareBps, lang) })}</p>}
      {detail.payout && (
        <p data-testid="payout">
          {t("dispute.payout", {
            influencer: formatAmount(detail.payout.toInfluencer, lang, decimals, symbol),
            brand: formatAmount(detail.payout.toBrand, lang, decimals, symbol),
          })}
        </p>
      )}
    </section>
  );
}

/**
 * The brief's question texts for the on-chain criteria: the acceptance questions, or the holdback's breach questions
 * for a breach dispute, whichever match the criteria's option counts; none (options by number) otherwise.
 */
function questionTexts(detail: DisputeDetail): { texts: readonly BriefQuestionText[] | undefined; mismatch: boolean } {
  const criteria = detail.context?.criteria ?? [];
  const brief = detail.brief?.ok ? detail.brief.value : undefined;
  if (!brief) return { texts: undefined, mismatch: false };
  const fits = (questions: readonly BriefQuestionText[] | undefined): questions is readonly BriefQuestionText[] =>
    questions !== undefined &&
    questions.length === criteria.length &&
    questions.every((q, i) => Array.isArray(q.options) && q.options.length === criteria[i]?.optionCount);
  const acceptance = brief.acceptance?.questions;
  if (fits(acceptance)) return { texts: acceptance, mismatch: false };
  const breach = brief.exclusivity?.holdback?.breachQuestions;
  if (fits(breach)) return { texts: breach, mismatch: false };
  return { texts: undefined, mismatch: true };
}

function Case({ detail, account }: { detail: DisputeDetail; account: Address | undefined }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const { texts } = questionTexts(detail);
  const optionLabel = (q: number, o: number): string => texts?.[q]?.options[o] ?? t("q.option", { n: o + 1 });
  const brief = detail.brief;
  const deliverable = detail.deliverable;
  return (
    <>
      <section aria-labelledby="brief-title">
        <h2 id="brief-title">{t("brief.title")}</h2>
        {!brief ? null : !brief.ok ? (
          <p className="alert error">{t("brief.missing", { error: brief.error })}</p>
        ) : (
          <div className="card" data-testid="brief">
            <p className="ok">✓ {t("brief.verified")}</p>
            {brief.value.title && <h3>{brief.value.title}</h3>}
            {brief.value.brand?.name && <p className="muted">{brief.value.brand.name}</p>}
            {brief.value.summary && <p>{brief.value.summary}</p>}
            {brief.value.milestones?.[detail.context?.milestone ?? 0]?.deliverables?.map((d, i) => (
              <p key={i}>
                <strong>
                  {d.channel} · {d.format}
                </strong>{" "}
                {d.description}
              </p>
            ))}
            {brief.value.guidelines && (
              <>
                <h4>{t("brief.guidelines")}</h4>
                {brief.value.guidelines.text && <p>{brief.value.guidelines.text}</p>}
                {brief.value.guidelines.disclosure && (
                  <p>
                    {t("brief.disclosure")}: {brief.value.guidelines.disclosure}
                  </p>
                )}
                {brief.value.guidelines.do && brief.value.guidelines.do.length > 0 && (
                  <p>
                    {t("brief.do")}: {brief.value.guidelines.do.join(" · ")}
                  </p>
                )}
                {brief.value.guidelines.dont && brief.value.guidelines.dont.length > 0 && (
                  <p>
                    {t("brief.dont")}: {brief.value.guidelines.dont.join(" · ")}
                  </p>
                )}
              </>
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="content-title">
        <h2 id="content-title">{t("content.title")}</h2>
        {!deliverable ? (
          <p>{t("content.none")}</p>
        ) : !deliverable.doc.ok ? (
          <p className="alert error">
            {t("content.missing", { error: deliverable.doc.error })} <code>{deliverable.uri}</code>
          </p>
        ) : (
          <div className="card" data-testid="content">
            <p className="ok">✓ {t("content.verified")}</p>
            <ul>
              {(deliverable.doc.value.items ?? []).map((item, i) => (
                <li key={i}>
                  <strong>
                    {item.channel} · {item.format}
                  </strong>{" "}
                  {item.postedAt ? formatTime(item.postedAt, lang) : ""}{" "}
                  {item.url && /^https:\/\//.test(item.url) && (
                    <a href={item.url} target="_blank" rel="noreferrer noopener">
                      {t("content.open")}
                    </a>
                  )}
                  {item.note && <p>{item.note}</p>}
                </li>
              ))}
            </ul>
            {deliverable.doc.value.note && <p>{deliverable.doc.value.note}</p>}
          </div>
        )}
      </section>
      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">{t("evidence.title")}</h2>
        {detail.evidence.length === 0 ? (
          <p>{t("evidence.none")}</p>
        ) : (
          <ul className="cards" data-testid="evidence">
            {detail.evidence.map((e, i) => (
              <li key={i} className="card">
                <p>
                  <span className="status">{t(`evidence.${e.party}`)}</span> <span className="muted">{formatTime(e.at, lang)}</span>
                </p>
                {e.doc === undefined ? (
                  <p>
                    <code>{e.uri}</code>
                  </p>
                ) : !e.doc.ok ? (
                  <p className="alert error">{t("evidence.missing", { error: e.doc.error })}</p>
                ) : (
                  <>
                    <p>
                      <strong>{e.doc.value.name}</strong> <span className="ok">✓</span>
                    </p>
                    <p>{e.doc.value.description}</p>
                    {(e.doc.value.files ?? []).map((f, j) => (
                      <p key={j} className="muted">
                        {t("evidence.file", { name: f.name ?? "" })}
                      </p>
                    ))}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Vote detail={detail} account={account} />
      <section aria-labelledby="revealed-title">
        <h2 id="revealed-title">{t("revealed.title")}</h2>
        {detail.revealed.length === 0 ? (
          <p>{t("revealed.none")}</p>
        ) : (
          <ul>
            {detail.revealed.map((r, i) => (
              <li key={i}>
                <code>{shortAddress(r.mediator)}</code>: {r.answers.map((a, q) => optionLabel(q, a)).join(" · ")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function issueText(t: ReturnType<typeof useT<keyof (typeof mediatorMessages)["en"] & string>>, issue: AnswerIssue): string {
  if (issue.kind === "count") return t("q.count", { given: issue.given, expected: issue.expected });
  if (issue.kind === "missing") return t("q.missing", { n: issue.index + 1 });
  return t("q.invalid", { n: issue.index + 1, answer: issue.answer + 1 });
}

function Vote({ detail, account }: { detail: DisputeDetail; account: Address | undefined }) {
  const t = useT(mediatorMessages);
  const chainId = useChainId();
  const now = useChainNow();
  const tx = useTransaction();
  const criteria = useMemo(() => detail.context?.criteria ?? [], [detail.context]);
  const optionCounts = useMemo(() => criteria.map((q) => q.optionCount), [criteria]);
  const { texts, mismatch } = questionTexts(detail);
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => optionCounts.map(() => undefined));
  const [tried, setTried] = useState(false);
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string }>();
  const me = account?.toLowerCase();
  const myVotes = detail.votes.filter((v) => v.mediator.toLowerCase() === me);
  const revealedVote = myVotes.find((v) => v.revealed);
  const committed = detail.myCommitment !== undefined && BigInt(detail.myCommitment) !== 0n;
  const court = addressOf(chainId, "court");
  const storageKey =
    account && optionCounts.length > 0
      ? answersStorageKey({ chainId, court, disputeId: detail.id, round: detail.info.round, account })
      : undefined;
  useEffect(() => {
    // A copy of the answers committed from this browser (convenience only: the reveal recovers them from the salt).
    const stored = storageKey ? parseStoredAnswers(localStorage.getItem(storageKey), optionCounts) : undefined;
    setAnswers(stored ?? optionCounts.map(() => undefined));
  }, [optionCounts, storageKey]);
  if (!account || detail.mySeats.length === 0 || criteria.length === 0) return null;
  const issues = answerIssues(answers, optionCounts);
  const issueAt = (q: number) => issues.find((i) => i.kind !== "count" && i.index === q);
  const period = detail.info.period;
  const deadline = BigInt(detail.info.deadline);
  const open = now !== undefined && now <= deadline;
  const canCommit = period === Period.Commit && open;
  const canReveal = period === Period.Reveal && open && committed && !revealedVote;
  const saltOf = async (): Promise<Hex | undefined> => {
    setNote({ kind: "ok", text: t("commit.signing") });
    try {
      const message = voteSaltMessage({ chainId, court, disputeId: detail.id, round: detail.info.round, account });
      const signature = await signMessage(wagmiConfig, { account, message });
      setNote(undefined);
      return saltFromSignature(signature);
    } catch (error) {
      setNote({ kind: "error", text: t("sign.failed", { message: (error as Error).message.split("\n")[0] ?? "" }) });
      return undefined;
    }
  };
  async function commit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (issues.length > 0 || !account) return;
    const salt = await saltOf();
    if (!salt) return;
    const sheet = answers as number[];
    const commitment = voteCommitment(court, detail.id, detail.info.round, account, sheet, salt);
    const receipt = await tx.send(t("commit.label", { id: detail.id.toString() }), {
      address: court,
      abi: mediatorCourtAbi,
      functionName: "commit",
      args: commitArgs(detail.id, detail.mySeats, commitment),
      account,
      chainId,
    });
    if (receipt && storageKey) localStorage.setItem(storageKey, JSON.stringify(sheet));
  }
  async function reveal() {
    if (!account || !detail.myCommitment) return;
    const salt = await saltOf();
    if (!salt) return;
    const expected = detail.myCommitment.toLowerCase();
    const matches = (sheet: readonly number[]) => voteCommitment(court, detail.id, detail.info.round, account, sheet, salt).toLowerCase() === expected;
    let sheet: number[] | null = issues.length === 0 && matches(answers as number[]) ? (answers as number[]) : null;
    if (!sheet) {
      sheet = findAnswers(optionCounts, matches);
      if (sheet) {
        setAnswers(sheet);
        setNote({ kind: "ok", text: t("reveal.found") });
      }
    }
    if (!sheet) {
      setNote({ kind: "error", text: t("reveal.notFound") });
      return;
    }
    await tx.send(t("reveal.label", { id: detail.id.toString() }), {
      address: court,
      abi: mediatorCourtAbi,
      functionName: "reveal",
      args: revealArgs(detail.id, detail.mySeats, sheet, salt),
      account,
      chainId,
    });
  }
  const revealedAnswers = revealedVote ? unpackAnswers(revealedVote.answers, criteria.length) : undefined;
  const label = (q: number, o: number): string => texts?.[q]?.options[o] ?? t("q.option", { n: o + 1 });
  return (
    <section aria-labelledby="q-title">
      <h2 id="q-title">{t("q.title")}</h2>
      <p>{t("q.intro")}</p>
      {mismatch && <p className="alert">{t("q.mismatch")}</p>}
      <form onSubmit={commit} noValidate>
        {criteria.map((q, i) => {
          const issue = issueAt(i);
          const errorId = `q-${i}-error`;
          return (
            <fieldset key={i} aria-invalid={tried && issue ? true : undefined} aria-describedby={tried && issue ? errorId : undefined}>
              <legend>
                {t("q.question", { n: i + 1 })}
                {texts?.[i]?.text ? `: ${texts[i]!.text}` : ""} <span className="muted">({t("q.weight", { weight: q.weight })})</span>
              </legend>
              {Array.from({ length: q.optionCount }, (_, o) => (
                <label key={o} style={{ fontWeight: 400 }}>
                  <input
                    type="radio"
                    name={`q-${i}`}
                    value={o}
                    checked={answers[i] === o}
                    disabled={!canCommit && !canReveal}
                    onChange={() => setAnswers((old) => old.map((a, j) => (j === i ? o : a)))}
                  />{" "}
                  {label(i, o)}
                  {(q.compliantMask >> o) & 1 ? <span className="muted"> ({t("q.compliant")})</span> : null}
                </label>
              ))}
              {tried && issue && (
                <p className="field-error" id={errorId}>
                  {issueText(t, issue)}
                </p>
              )}
            </fieldset>
          );
        })}
        <p className="field-hint">{t("commit.how")}</p>
        {committed && period === Period.Commit && <p className="ok">{t("commit.done")}</p>}
        {period === Period.Commit && (
          <button type="submit" disabled={tx.busy || !canCommit}>
            {t("commit.submit")}
          </button>
        )}
      </form>
      {period === Period.Commit && committed && now !== undefined && (
        <p className="muted">{t("reveal.notYet", { left: formatCountdown(deadline > now ? Number(deadline - now) : 0) })}</p>
      )}
      {period === Period.Reveal && !committed && <p className="alert">{t("reveal.noCommit")}</p>}
      {canReveal && (
        <button type="button" disabled={tx.busy} onClick={() => void reveal()}>
          {t("reveal.submit")}
        </button>
      )}
      {revealedAnswers && (
        <p className="ok" data-testid="my-reveal">
          {t("reveal.done", { answers: revealedAnswers.map((a, q) => label(q, a)).join(" · ") })}
        </p>
      )}
      {note && (
        <p className={note.kind === "error" ? "alert error" : "field-hint"} role={note.kind === "error" ? "alert" : "status"}>
          {note.text}
        </p>
      )}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}
