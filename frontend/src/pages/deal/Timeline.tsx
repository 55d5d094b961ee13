// The deal's timeline, in chain order with dates: every escrow, vault, registry, certificate, reputation and court
// event about the deal, in plain words.
import type { Vars } from "../../i18n/index.tsx";
import { formatAmount, formatBps, formatTime, shortAddress } from "../../lib/format.ts";
import type { PageContext } from "./context.ts";
import { dealMessages, type DealKeyName } from "./messages.ts";
import type { TimelineEntry } from "./timeline.ts";

const num = (v: unknown): bigint => (typeof v === "bigint" ? v : typeof v === "number" ? BigInt(v) : 0n);

function describe(ctx: PageContext, e: TimelineEntry): string {
  const { t, lang, deal } = ctx;
  const a = e.args;
  const amount = (v: unknown) => formatAmount(num(v), lang);
  const time = (v: unknown) => formatTime(num(v), lang);
  const who = (v: unknown) => {
    const s = String(v ?? "").toLowerCase();
    if (s === deal.offer.brand.toLowerCase()) return t("party.1");
    if (s === deal.offer.influencer.toLowerCase()) return t("party.2");
    return shortAddress(String(v ?? ""));
  };
  const n = e.milestone === undefined ? 0 : e.milestone + 1;
  const key = `ev.${e.eventName}` as DealKeyName;
  if (!(key in dealMessages.en)) return t("ev.other", { name: e.eventName });
  let vars: Vars = {};
  switch (e.eventName) {
    case "DealCreated":
      vars = { amount: amount(a.total) };
      break;
    case "DealDeclined":
    case "DealExpired":
      vars = { amount: amount(a.refunded) };
      break;
    case "RightsSettled":
      vars = { toInfluencer: amount(a.toInfluencer), toBrand: amount(a.toBrand) };
      break;
    case "DeliverableSubmitted":
      vars = { n, attempt: Number(num(a.attempt)) + 1, deadline: time(a.reviewDeadline) };
      break;
    case "RevisionRequested":
      vars = { n, revisions: num(a.revisions), deadline: time(a.resubmitBy) };
      break;
    case "SettlementProposed":
      vars = { n, party: t(`party.${Number(num(a.proposer))}` as DealKeyName), share: formatBps(num(a.influencerShareBps), lang) };
      break;
    case "ArbitrationFeePaid": {
      const waiting = Number(num(a.waitingFor));
      vars = {
        n,
        party: t(`party.${Number(num(a.payer))}` as DealKeyName),
        amount: amount(a.amount),
        waiting: t(`party.${waiting}` as DealKeyName),
        deadline: time(a.feeDeadline),
      };
      if (waiting !== 0) return t("ev.ArbitrationFeePaidWaiting", vars);
      break;
    }
    case "DisputeCreated":
      vars = { n, id: num(a.disputeId) };
      break;
    case "ArbitrationFeeRefunded":
      vars = { n, amount: amount(a.amount), party: t(`party.${Number(num(a.party))}` as DealKeyName) };
      break;
    case "MilestoneFinalized":
      vars = {
        n,
        outcome: t(`ms.${Number(num(a.outcome))}` as DealKeyName),
        toInfluencer: amount(a.toInfluencer),
        toBrand: amount(a.toBrand),
      };
      break;
    case "Claimed":
    case "HoldbackClaimed":
      vars = { account: who(a.account), amount: amount(a.amount), to: who(a.to) };
      break;
    case "HoldbackAdded":
    case "HoldbackReleased":
      vars = { amount: amount(a.amount) };
      break;
    case "BreachClaimFiled":
      vars = { id: num(a.disputeId) };
      break;
    case "BreachClaimRuled":
      vars = { share: formatBps(num(a.influencerShareBps), lang) };
      break;
    case "ExclusivityReserved":
    case "ExclusivityActivated":
      vars = { until: time(a.until) };
      break;
    case "Rated":
      vars = { rater: who(a.rater), score: Number(num(a.score)) };
      break;
    case "DisputeOpened":
    case "EmptyPool":
      vars = { id: num(a.disputeId) };
      break;
    case "NewPeriod":
      vars = { id: num(a.disputeId), period: t(`period.${Number(num(a.period))}` as DealKeyName), deadline: time(a.deadline) };
      break;
    case "Evidence":
      vars = { id: num(a._externalDisputeID), party: who(a._party) };
      break;
    case "RoundRuled":
      vars = { id: num(a.disputeId), round: Number(num(a.round)) + 1, share: formatBps(num(a.shareBps), lang) };
      break;
    case "AppealFunded":
      vars = { id: num(a.disputeId), amount: amount(a.amount) };
      break;
    case "AppealDecision":
      vars = { id: num(a.disputeId), round: Number(num(a.newRound)) + 1, mediators: num(a.mediators) };
      break;
    default:
      break;
  }
  return t(key, vars);
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export function Timeline({ ctx, entries, loading }: { ctx: PageContext; entries: readonly TimelineEntry[]; loading: boolean }) {
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("timeline.title")}</h2>
      {loading && <p role="status">{t("timeline.loading")}</p>}
      <ol className="timeline" data-testid="timeline">
        {entries.map((e) => (
          <li key={`${e.transactionHash}-${e.logIndex}-${e.source}`} data-event={e.eventName}>
            <div>
              {e.time !== undefined && <time dateTime={new Date(e.time * 1000).toISOString()}>{formatTime(e.time, lang)}</time>}{" "}
              <span className="muted">· {t("timeline.block", { block: e.blockNumber })} · {e.source}</span>
            </div>
            <div>{capitalize(describe(ctx, e))}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
