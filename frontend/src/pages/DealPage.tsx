// A deal's page, for everyone: its terms, the offer with the exclusivity check, each milestone with "what happens
// when" and the actions the connected party may take, payouts and refunds to claim, ratings, every document verified
// against its on-chain hash, and the timeline of every event about the deal.
import { readContract } from "viem/actions";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { hexToString, type Address, type Hex } from "viem";
import { useAccount } from "wagmi";
import { dealEscrowAbi, holdbackVaultAbi, reputationAbi } from "../config/abis.generated.ts";
import { TxLine } from "../components/TransactionList.tsx";
import { useLang, useT } from "../i18n/index.tsx";
import { addressOf, useReadClient } from "../lib/chain.ts";
import { useDeal } from "../lib/deals.ts";
import { putDocument } from "../lib/docs.ts";
import { formatAmount, formatBps, formatDuration, formatTime, shortAddress, shortHash } from "../lib/format.ts";
import { useTransaction } from "../lib/tx.tsx";
import { Link, useLocation } from "../router.tsx";
import {
  acceptCall,
  claimCall,
  declineCall,
  holdbackClaimCall,
  holdbackReleaseCall,
  rateCall,
  reclaimOfferCall,
  recordCall,
} from "./deal/calls.ts";
import { ClaimForm } from "./deal/ClaimForm.tsx";
import type { AppChainId, DealView, PageContext } from "./deal/context.ts";
import { chainNow, useChainClock, useDealExtras, useDealTimeline, useRefreshOnNewBlock } from "./deal/data.ts";
import { buildComment } from "./deal/documents.ts";
import { Documents } from "./deal/Documents.tsx";
import { Field } from "./deal/Field.tsx";
import { dealMessages, TOPICS_EN, TOPICS_FR, type DealKeyName } from "./deal/messages.ts";
import { MilestonePanel, type ArbitrationRecord } from "./deal/MilestonePanel.tsx";
import { DEAL, offerPlan, roleOf } from "./deal/schedule.ts";
import { Timeline } from "./deal/Timeline.tsx";
import { parseScore } from "./deal/validate.ts";

const ZERO_HASH = `0x${"00".repeat(32)}`;
/** IHoldbackVault.HoldbackStatus.Holding */
const HOLDBACK_HOLDING = 1;

export function topicName(topic: number, lang: string): string {
  return (lang === "fr" ? TOPICS_FR : TOPICS_EN)[topic] ?? `#${topic}`;
}

function languageOf(code: Hex): string {
  try {
    return hexToString(code, { size: 2 });
  } catch {
    return code;
  }
}

function useTicker(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((x) => x + 1), 1000);
    return () => clearInterval(id);
  }, []);
}

function Terms({ ctx }: { ctx: PageContext }) {
  const { t, lang, deal } = ctx;
  const { terms } = deal.offer;
  const rows: readonly (readonly [DealKeyName, ReactNode, boolean])[] = [
    ["terms.brand", deal.offer.brand, true],
    ["terms.influencer", deal.offer.influencer, true],
    ["terms.total", formatAmount(deal.offer.total, lang), false],
    ["terms.fee", formatBps(terms.protocolFeeBps, lang), false],
    ["terms.language", languageOf(terms.language), false],
    ["terms.topic", topicName(terms.topic, lang), false],
    ["terms.acceptBy", formatTime(terms.acceptBy, lang), false],
    ["terms.reviewPeriod", formatDuration(terms.reviewPeriod, lang), false],
    ["terms.revisionPeriod", formatDuration(terms.revisionPeriod, lang), false],
    ["terms.feeTimeout", formatDuration(terms.feeTimeout, lang), false],
    ["terms.maxRevisions", terms.maxRevisions, false],
    ["terms.exclusivity", terms.exclusiveUntil > 0
            ? t("terms.exclusivityValue", {
                topic: topicName(terms.exclusiveTopic, lang),
                from: formatTime(terms.exclusiveFrom, lang),
                until: formatTime(terms.exclusiveUntil, lang),
              })
            : t("terms.noExclusivity"), false],
    ["terms.holdback", terms.holdbackBps > 0 ? t("terms.holdbackValue", { share: formatBps(terms.holdbackBps, lang) }) : t("terms.noExclusivity"), false],
    ["terms.rights", terms.rightsHash !== ZERO_HASH
            ? t("terms.rightsValue", { price: formatAmount(terms.rightsPrice, lang), hash: shortHash(terms.rightsHash) })
            : t("terms.noRights"), false],
  ];
  return (
    <section aria-labelledby="terms-title">
      <h2 id="terms-title">{t("terms.title")}</h2>
      <dl className="terms" style={{ overflowWrap: "anywhere" }}>
        {rows.map(([key, value, mono]) => (
          <div key={key} style={{ display: "flex", flexWrap: "wrap", gap: "0 1rem", padding: "0.15rem 0" }}>
            <dt style={{ fontWeight: 600, flex: "0 0 16rem", maxWidth: "100%" }}>{t(key)}</dt>
            <dd style={{ margin: 0, flex: "1 1 14rem", minWidth: 0 }} className={mono ? "mono" : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t("terms.milestones")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("terms.col.milestone")}</th>
              <th scope="col">{t("terms.col.amount")}</th>
              <th scope="col">{t("terms.col.deliverBy")}</th>
              <th scope="col">{t("terms.col.status")}</th>
            </tr>
          </thead>
          <tbody>
            {terms.milestones.map((m, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>{formatAmount(m.amount, lang)}</td>
                <td>{formatTime(m.deliverBy, lang)}</td>
                <td>{t(`ms.${deal.milestones[i]?.status ?? 0}` as DealKeyName)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function OfferPanel({ ctx, conflict, conflictLoading }: { ctx: PageContext; conflict: Hex | undefined; conflictLoading: boolean }) {
  const { t, lang, deal, role, account, chainId, now } = ctx;
  const tx = useTransaction();
  const terms = deal.offer.terms;
  const plan = offerPlan(deal.state.status, terms.acceptBy, role, now);
  if (plan.phase !== "offer") return null;
  const escrow = addressOf(chainId, "escrow");
  const base = { address: escrow, abi: dealEscrowAbi, account, chainId } as const;
  const hasConflict = conflict !== undefined && conflict !== ZERO_HASH;
  return (
    <section aria-labelledby="offer-title" className="card">
      <h2 id="offer-title">{t("offer.title")}</h2>
      <p>
        {plan.passed
          ? t("offer.expired", { time: formatTime(terms.acceptBy, lang) })
          : t("offer.until", { time: formatTime(terms.acceptBy, lang), left: formatDuration(terms.acceptBy - now, lang) })}
      </p>
      {terms.exclusiveUntil > 0 &&
        (conflictLoading ? (
          <p role="status">{t("offer.checking")}</p>
        ) : hasConflict ? (
          <p className="alert error" role="alert">
            {t("offer.conflict", { deal: shortHash(conflict) })} <Link to={`/deals/${conflict}`}>{shortHash(conflict)}</Link>
          </p>
        ) : (
          <p className="ok">{t("offer.noConflict")}</p>
        ))}
      {account && plan.actions.length > 0 && (
        <div className="row">
          {plan.actions.includes("accept") && (
            <button type="button" disabled={tx.busy} onClick={() => void tx.send(t("accept"), { ...base, ...acceptCall(terms) })}>
              {t("accept")}
            </button>
          )}
          {plan.actions.includes("decline") && (
            <button type="button" className="danger" disabled={tx.busy} onClick={() => void tx.send(t("decline"), { ...base, ...declineCall(terms) })}>
              {t("decline")}
            </button>
          )}
          {plan.actions.includes("reclaimOffer") && (
            <button type="button" disabled={tx.busy} onClick={() => void tx.send(t("reclaimOffer"), { ...base, ...reclaimOfferCall(terms) })}>
              {t("reclaimOffer")}
            </button>
          )}
        </div>
      )}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

function Claims({
  ctx,
  holdback,
}: {
  ctx: PageContext;
  holdback: { held: bigint; brandCredit: bigint; influencerCredit: bigint; status: number } | undefined;
}) {
  const { t, lang, deal, role, account, chainId, now } = ctx;
  const tx = useTransaction();
  const escrow = addressOf(chainId, "escrow");
  const mine = role === "brand" ? deal.state.brandCredit : role === "influencer" ? deal.state.influencerCredit : 0n;
  const mineHoldback = holdback ? (role === "brand" ? holdback.brandCredit : role === "influencer" ? holdback.influencerCredit : 0n) : 0n;
  const errorText = (code: string) => t(`err.${code}` as DealKeyName);
  return (
    <section aria-labelledby="claims-title">
      <h2 id="claims-title">{t("claims.title")}</h2>
      <ul>
        <li>{t("claims.brand", { amount: formatAmount(deal.state.brandCredit, lang) })}</li>
        <li>{t("claims.influencer", { amount: formatAmount(deal.state.influencerCredit, lang) })}</li>
        {holdback && (
          <>
            <li>{t("claims.held", { time: formatTime(deal.offer.terms.exclusiveUntil, lang), amount: formatAmount(holdback.held, lang) })}</li>
            <li>{t("claims.holdbackInfluencer", { amount: formatAmount(holdback.influencerCredit, lang) })}</li>
            <li>{t("claims.holdbackBrand", { amount: formatAmount(holdback.brandCredit, lang) })}</li>
          </>
        )}
      </ul>
      {account && role !== "other" && mine === 0n && mineHoldback === 0n && <p className="muted">{t("claims.nothing")}</p>}
      {account && holdback && holdback.status === HOLDBACK_HOLDING && holdback.held > 0n && now > deal.offer.terms.exclusiveUntil && (
        <p>
          <button
            type="button"
            disabled={tx.busy}
            onClick={() =>
              void tx.send(t("claims.release"), {
                address: addressOf(chainId, "vault"),
                abi: holdbackVaultAbi,
                account,
                chainId,
                ...holdbackReleaseCall(deal.offer.id, deal.offer.terms),
              })
            }
          >
            {t("claims.release")}
          </button>
        </p>
      )}
      {account && mine > 0n && (
        <ClaimForm
          chainId={chainId}
          defaultTo={account}
          label={t("claims.claim", { amount: formatAmount(mine, lang) })}
          toLabel={t("form.claimTo")}
          busy={tx.busy}
          errorText={errorText}
          onClaim={async (to: Address) => {
            await tx.send(t("claims.claim", { amount: formatAmount(mine, lang) }), {
              address: escrow,
              abi: dealEscrowAbi,
              account,
              chainId,
              ...claimCall(deal.offer.key, to),
            });
          }}
        />
      )}
      {account && mineHoldback > 0n && (
        <ClaimForm
          chainId={chainId}
          defaultTo={account}
          label={t("claims.claimHoldback", { amount: formatAmount(mineHoldback, lang) })}
          toLabel={t("form.claimTo")}
          busy={tx.busy}
          errorText={errorText}
          onClaim={async (to: Address) => {
            await tx.send(t("claims.claimHoldback", { amount: formatAmount(mineHoldback, lang) }), {
              address: addressOf(chainId, "vault"),
              abi: holdbackVaultAbi,
              account,
              chainId,
              ...holdbackClaimCall(deal.offer.id, deal.offer.terms, to),
            });
          }}
        />
      )}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

function Rating({ ctx, ratings }: { ctx: PageContext; ratings: { recorded: boolean; brandRated: boolean; influencerRated: boolean } | undefined }) {
  const { t, deal, role, account, chainId } = ctx;
  const tx = useTransaction();
  const { client } = useReadClient();
  const [score, setScore] = useState("5");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [docError, setDocError] = useState<string>();
  if (role === "other" || !account || !ratings) return null;
  const rated = role === "brand" ? ratings.brandRated : ratings.influencerRated;
  const closed = deal.state.status === DEAL.Closed;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseScore(score);
    const built = buildComment(deal.offer.id, parsed.ok ? parsed.value : 0, comment);
    const errs: Record<string, string> = {};
    if (!parsed.ok) errs.score = parsed.error;
    if (!built.ok) Object.assign(errs, built.errors);
    setErrors(errs);
    if (!parsed.ok || !built.ok || !client) return;
    let commentHash: Hex | undefined;
    if (built.document) {
      try {
        commentHash = (await putDocument(built.document)).digest;
      } catch (error) {
        setDocError(t("err.document", { reason: (error as Error).message }));
        return;
      }
    }
    const reputation = addressOf(chainId, "reputation");
    // Anyone may record a closed deal (the keeper does too): read it fresh, and after a refused record read again,
    // since someone else may have recorded it in between.
    const isRecorded = (): Promise<boolean> =>
      readContract(client, { address: reputation, abi: reputationAbi, functionName: "isRecorded", args: [deal.offer.id] });
    if (!ratings!.recorded && !(await isRecorded())) {
      const recorded = await tx.send(t("ev.DealRecorded"), { address: reputation, abi: reputationAbi, account, chainId, ...recordCall(deal.offer.terms) });
      if (!recorded && !(await isRecorded())) return;
    }
    await tx.send(t("rate.submit"), { address: reputation, abi: reputationAbi, account, chainId, ...rateCall(deal.offer.key, parsed.value, commentHash) });
  }
  return (
    <section aria-labelledby="rate-title">
      <h2 id="rate-title">{t("rate.title")}</h2>
      {!closed ? (
        <p className="muted">{t("rate.notYet")}</p>
      ) : rated ? (
        <p className="ok">{t("rate.done")}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t(role === "brand" ? "rate.brand" : "rate.influencer")}</legend>
            <Field label={t("form.score")} error={errors.score ? t(`err.${errors.score}` as DealKeyName) : undefined}>
              {(p) => (
                <select {...p} value={score} onChange={(e) => setScore(e.target.value)}>
                  {[5, 4, 3, 2, 1].map((s) => (
                    <option key={s} value={s}>
                      {"★".repeat(s)} {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("form.comment")} error={errors.comment ? t(`err.${errors.comment}` as DealKeyName) : undefined}>
              {(p) => <textarea {...p} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
            </Field>
            <p>
              <button type="submit" disabled={tx.busy}>
                {t("rate.submit")}
              </button>
            </p>
          </fieldset>
        </form>
      )}
      {docError && <p className="alert error">{docError}</p>}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

export default function DealPage() {
  const t = useT(dealMessages);
  const { lang } = useLang();
  const location = useLocation();
  const raw = location.segments[1] ?? "";
  const valid = /^0x[0-9a-fA-F]{64}$/.test(raw);
  const dealId = valid ? (raw.toLowerCase() as Hex) : undefined;
  const { address: account } = useAccount();
  const { chainId } = useReadClient();
  const deal = useDeal(dealId);
  const clock = useChainClock();
  const offer = deal.data?.offer;
  const extras = useDealExtras(offer);
  const timeline = useDealTimeline(dealId);
  useRefreshOnNewBlock(clock.data?.block, [
    ["deal", chainId, dealId],
    ["dealExtras", chainId, dealId],
    ["dealTimeline", chainId, dealId],
  ]);
  useTicker();

  if (!valid) {
    return (
      <section>
        <h1>{t("title", { id: "" })}</h1>
        <p className="alert error">{t("badId", { id: raw })}</p>
      </section>
    );
  }
  if (deal.isPending) return <p role="status">{t("timeline.loading")}</p>;
  if (deal.isError) return <p className="alert error">{t("loadError", { reason: deal.error.message })}</p>;
  if (!deal.data) {
    return (
      <section>
        <h1>{t("title", { id: shortHash(raw) })}</h1>
        <p className="alert">{t("notFound")}</p>
      </section>
    );
  }
  const view = deal.data as unknown as DealView;
  const role = roleOf(account, view.offer.brand, view.offer.influencer);
  const now = chainNow(clock.data);
  const ctx: PageContext = { deal: view, role, account, chainId: chainId as AppChainId, now, t, lang };
  const entries = timeline.data ?? [];
  const arbitrations = extras.data?.arbitrations as readonly ArbitrationRecord[] | undefined;

  return (
    <article className="deal" aria-labelledby="deal-title">
      <h1 id="deal-title">
        {t("title", { id: shortHash(view.offer.id) })} <span className="status" data-testid="deal-status">{t(`status.${view.state.status}` as DealKeyName)}</span>
      </h1>
      <p className="muted mono">{view.offer.id}</p>
      {role !== "other" && <p>{t("you", { role: t(`role.${role}`) })}</p>}
      <p className="muted">{t("chainTime", { time: formatTime(now, lang) })}</p>
      <OfferPanel ctx={ctx} conflict={extras.data?.conflict} conflictLoading={extras.isPending} />
      {view.state.status >= DEAL.Active && (
        <section aria-labelledby="milestones-title">
          <h2 id="milestones-title">{t("terms.milestones")}</h2>
          {view.milestones.map((_, i) => (
            <MilestonePanel key={i} ctx={ctx} index={i} arbitration={arbitrations?.[i]} />
          ))}
        </section>
      )}
      <Terms ctx={ctx} />
      <Claims ctx={ctx} holdback={extras.data?.holdback} />
      <Rating ctx={ctx} ratings={extras.data?.ratings} />
      <Documents ctx={ctx} entries={entries} />
      <Timeline ctx={ctx} entries={entries} loading={timeline.isPending} />
      <p className="muted">
        {shortAddress(view.offer.brand)} → {shortAddress(view.offer.influencer)}
      </p>
    </article>
  );
}
