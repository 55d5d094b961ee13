// One milestone: its status, deadline with a countdown, what happens if nobody acts, and the forms of the actions
// the connected party may take now (all through the one write path, with the terms from DealCreated).
import { useEffect, useState, type FormEvent } from "react";
import type { Hex } from "viem";
import { readContract } from "viem/actions";
import { dealEscrowAbi, mediatorCourtAbi, mockUsdcAbi } from "../../config/abis.generated.ts";
import { TxLine } from "../../components/TransactionList.tsx";
import { addressOf, useReadClient } from "../../lib/chain.ts";
import { putDocument } from "../../lib/docs.ts";
import { formatAmount, formatBps, formatDuration, formatTime } from "../../lib/format.ts";
import { useTransaction } from "../../lib/tx.tsx";
import {
  acceptSettlementCall,
  approveCall,
  approveTokenCall,
  arbitrationCostCall,
  evidenceCall,
  missingAllowance,
  payFeeCall,
  proposeSettlementCall,
  reclaimMilestoneCall,
  refundMilestoneCall,
  releaseCall,
  revisionCall,
  submitCall,
  timeOutCall,
} from "./calls.ts";
import type { PageContext } from "./context.ts";
import { readAllowance } from "./data.ts";
import { buildDeliverable, buildEvidence, buildRevisionNote, type DeliverableItemInput, type FieldErrors } from "./documents.ts";
import { Field } from "./Field.tsx";
import { countdown, milestonePlan, PARTY, type Action } from "./schedule.ts";
import { CHANNELS, parseSharePercent } from "./validate.ts";

export interface ArbitrationRecord {
  readonly brandFee: bigint;
  readonly influencerFee: bigint;
  readonly feeDeadline: number;
  readonly waitingFor: number;
  readonly created: boolean;
  readonly disputeId: bigint;
}

const pendingKey = (dealId: Hex, milestone: number, account: string) => `ispera.evidence.${dealId}.${milestone}.${account.toLowerCase()}`;

function localInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function Countdown({ ctx, deadline }: { ctx: PageContext; deadline: number }) {
  const { t, lang, now } = ctx;
  const left = deadline - now;
  if (left < 0) return <p className="warn">{t("ms.passed", { ago: formatDuration(-left, lang) })}</p>;
  const c = countdown(left);
  return (
    <p className="countdown" aria-live="off">
      <strong>{t("ms.left", { d: c.days, h: c.hours, m: c.minutes, s: c.seconds })}</strong>
    </p>
  );
}

export function MilestonePanel({ ctx, index, arbitration }: { ctx: PageContext; index: number; arbitration: ArbitrationRecord | undefined }) {
  const { deal, role, t, lang, account, chainId, now } = ctx;
  const { offer } = deal;
  const terms = offer.terms;
  const m = deal.milestones[index]!;
  const amount = terms.milestones[index]!.amount;
  const plan = milestonePlan(m, arbitration, terms.maxRevisions, role, now);
  const tx = useTransaction();
  const { client } = useReadClient();
  const escrow = addressOf(chainId, "escrow");
  const [open, setOpen] = useState<Action | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [docError, setDocError] = useState<string>();
  const [storing, setStoring] = useState(false);
  const [cost, setCost] = useState<bigint>();
  const [pending, setPending] = useState<string | null>(null);

  const disputeId = arbitration?.created ? arbitration.disputeId : undefined;
  useEffect(() => {
    if (!account) return;
    setPending(localStorage.getItem(pendingKey(offer.id, index, account)));
  }, [account, offer.id, index, disputeId]);

  const needsCost = open === "dispute" || open === "answerDispute";
  useEffect(() => {
    if (!needsCost || !client) return;
    void readContract(client, { address: escrow, abi: dealEscrowAbi, ...arbitrationCostCall(terms, offer.criteria, index) }).then(setCost);
  }, [needsCost, client, escrow, terms, offer.criteria, index]);

  const base = { address: escrow, abi: dealEscrowAbi, account, chainId } as const;
  const close = () => {
    setOpen(undefined);
    setErrors({});
    setDocError(undefined);
  };

  async function store(document: unknown): Promise<{ digest: Hex; uri: string } | undefined> {
    setStoring(true);
    setDocError(undefined);
    try {
      return await putDocument(document);
    } catch (error) {
      setDocError(t("err.document", { reason: (error as Error).message }));
      return undefined;
    } finally {
      setStoring(false);
    }
  }

  async function simple(action: Action) {
    const label = t(`act.${action}` as "act.approve", { share: formatBps(m.settlementShareBps, lang) });
    switch (action) {
      case "approve":
        await tx.send(label, { ...base, ...approveCall(terms, index) });
        break;
      case "release":
        await tx.send(label, { ...base, ...releaseCall(terms, index) });
        break;
      case "reclaim":
        await tx.send(label, { ...base, ...reclaimMilestoneCall(terms, index) });
        break;
      case "refund":
        await tx.send(label, { ...base, ...refundMilestoneCall(terms, index) });
        break;
      case "timeOut":
        await tx.send(label, { ...base, ...timeOutCall(terms, index) });
        break;
      case "acceptSettlement":
        await tx.send(label, { ...base, ...acceptSettlementCall(terms, index, m.settlementShareBps) });
        break;
      default:
        break;
    }
  }

  // ---- deliverable ----
  const [items, setItems] = useState<DeliverableItemInput[]>([{ channel: "youtube", format: "", url: "", postedAt: localInput(Math.floor(Date.now() / 1000)) }]);
  const [note, setNote] = useState("");
  async function onSubmitDeliverable(event: FormEvent) {
    event.preventDefault();
    const built = buildDeliverable(offer.id, index, items, note, Math.max(now, Math.floor(Date.now() / 1000)));
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    const doc = await store(built.document);
    if (!doc) return;
    const receipt = await tx.send(t(m.revisions > 0 ? "act.resubmit" : "act.submit"), { ...base, ...submitCall(terms, index, doc.digest, doc.uri) });
    if (receipt) close();
  }

  // ---- revision ----
  const [revisionText, setRevisionText] = useState("");
  async function onRevision(event: FormEvent) {
    event.preventDefault();
    const built = buildRevisionNote(offer.id, index, revisionText);
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    const doc = await store(built.document);
    if (!doc) return;
    const receipt = await tx.send(t("act.revise"), { ...base, ...revisionCall(terms, index, doc.digest) });
    if (receipt) close();
  }

  // ---- settlement ----
  const [share, setShare] = useState("");
  async function onPropose(event: FormEvent) {
    event.preventDefault();
    const parsed = parseSharePercent(share);
    if (!parsed.ok) return setErrors({ share: parsed.error });
    setErrors({});
    const receipt = await tx.send(t("act.proposeSettlement"), { ...base, ...proposeSettlementCall(terms, index, parsed.value) });
    if (receipt) close();
  }

  // ---- dispute with evidence ----
  const [evName, setEvName] = useState("");
  const [evText, setEvText] = useState("");
  async function postEvidence(id: bigint, uri: string): Promise<boolean> {
    const court = addressOf(chainId, "court");
    const receipt = await tx.send(t("act.evidence"), { address: court, abi: mediatorCourtAbi, account, chainId, ...evidenceCall(id, uri) });
    if (receipt && account) {
      localStorage.removeItem(pendingKey(offer.id, index, account));
      setPending(null);
    }
    return receipt !== undefined;
  }
  async function onDispute(event: FormEvent) {
    event.preventDefault();
    if (!account || !client || role === "other") return;
    const built = buildEvidence(offer.id, role, evName, evText, disputeId);
    if (!built.ok) return setErrors(built.errors);
    setErrors({});
    const doc = await store(built.document);
    if (!doc) return;
    if (open === "evidence" && disputeId !== undefined) {
      if (await postEvidence(disputeId, doc.uri)) close();
      return;
    }
    localStorage.setItem(pendingKey(offer.id, index, account), doc.uri);
    setPending(doc.uri);
    const needed = await readContract(client, { address: escrow, abi: dealEscrowAbi, ...arbitrationCostCall(terms, offer.criteria, index) });
    const paid = role === "brand" ? (arbitration?.brandFee ?? 0n) : (arbitration?.influencerFee ?? 0n);
    const toPay = needed > paid ? needed - paid : 0n;
    const { allowance } = await readAllowance(client, terms.token, account, escrow);
    if (missingAllowance(allowance, toPay) > 0n) {
      const approved = await tx.send(`USDC → ${t(open === "answerDispute" ? "act.answerDispute" : "act.dispute")}`, {
        address: terms.token,
        abi: mockUsdcAbi,
        account,
        chainId,
        ...approveTokenCall(escrow, toPay),
      });
      if (!approved) return;
    }
    const receipt = await tx.send(t(open === "answerDispute" ? "act.answerDispute" : "act.dispute"), {
      ...base,
      ...payFeeCall(terms, offer.criteria, index),
    });
    if (!receipt) return;
    const after = await readContract(client, { address: escrow, abi: dealEscrowAbi, functionName: "getArbitration", args: [offer.id, BigInt(index)] });
    if (after.created) await postEvidence(after.disputeId, doc.uri);
    close();
  }

  const whenKey = `when.${plan.phase === "offer" || plan.phase === "closedOffer" ? "final" : plan.phase}` as "when.final";
  const waitingParty = arbitration ? t(`party.${arbitration.waitingFor}` as "party.1") : "";
  const busy = tx.busy || storing;
  const formActions: readonly Action[] = ["submit", "resubmit", "revise", "dispute", "answerDispute", "proposeSettlement", "evidence"];
  const headingId = `milestone-${index}`;

  return (
    <section className="card milestone" aria-labelledby={headingId} data-milestone={index}>
      <h3 id={headingId}>
        {t("ms.title", { n: index + 1, amount: formatAmount(amount, lang) })} <span className="status">{t(`ms.${m.status}` as "ms.1")}</span>
      </h3>
      {plan.deadline !== undefined && plan.deadline > 0 && (
        <>
          <p>{t("ms.deadline", { time: formatTime(plan.deadline, lang) })}</p>
          <Countdown ctx={ctx} deadline={plan.deadline} />
        </>
      )}
      <p className="muted">{t(whenKey, { party: waitingParty })}</p>
      {plan.phase !== "final" && plan.phase !== "arbitration" && (
        <p className="muted">
          {t("when.then", {
            review: formatDuration(terms.reviewPeriod, lang),
            revision: formatDuration(terms.revisionPeriod, lang),
            fee: formatDuration(terms.feeTimeout, lang),
          })}
        </p>
      )}
      {terms.maxRevisions > 0 && <p className="muted">{t("ms.revisions", { used: m.revisions, max: terms.maxRevisions })}</p>}
      {m.settlementProposer !== PARTY.None && plan.phase !== "final" && (
        <p className="alert">{t("ms.settlement", { party: t(`party.${m.settlementProposer}` as "party.1"), share: formatBps(m.settlementShareBps, lang) })}</p>
      )}
      {plan.phase === "final" && <p>{t("ms.final", { share: formatBps(m.settlementShareBps, lang) })}</p>}
      {arbitration && (arbitration.brandFee > 0n || arbitration.influencerFee > 0n) && (
        <p className="muted">
          {t("ms.fees", { brand: formatAmount(arbitration.brandFee, lang), influencer: formatAmount(arbitration.influencerFee, lang) })}
        </p>
      )}
      {disputeId !== undefined && <p>{t("ms.dispute", { id: disputeId })}</p>}
      {account && plan.actions.length > 0 && (
        <div className="row" role="group" aria-label={t("ms.title", { n: index + 1, amount: "" })}>
          {plan.actions.map((action) => (
            <button
              key={action}
              type="button"
              className={formActions.includes(action) ? (open === action ? "" : "secondary") : action === "refund" ? "danger" : ""}
              disabled={busy}
              aria-expanded={formActions.includes(action) ? open === action : undefined}
              onClick={() => (formActions.includes(action) ? setOpen(open === action ? undefined : action) : void simple(action))}
            >
              {t(`act.${action}` as "act.approve", { share: formatBps(m.settlementShareBps, lang) })}
            </button>
          ))}
        </div>
      )}
      {account && pending && disputeId !== undefined && (
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void postEvidence(disputeId, pending)}>
            {t("act.postPending")}
          </button>
        </div>
      )}

      {(open === "submit" || open === "resubmit") && (
        <form onSubmit={onSubmitDeliverable} noValidate>
          <fieldset>
            <legend>{t(open === "resubmit" ? "act.resubmit" : "act.submit")}</legend>
            {items.map((item, i) => {
              const set = (patch: Partial<DeliverableItemInput>) => setItems(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
              const err = (f: string) => {
                const code = errors[`items.${i}.${f}`];
                return code ? t(`err.${code}` as "err.required") : undefined;
              };
              return (
                <fieldset key={i}>
                  <legend>{t("form.item", { n: i + 1 })}</legend>
                  <Field label={t("form.channel")} error={err("channel")}>
                    {(p) => (
                      <select {...p} value={item.channel} onChange={(e) => set({ channel: e.target.value })}>
                        {CHANNELS.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={t("form.format")} error={err("format")}>
                    {(p) => <input {...p} value={item.format} maxLength={64} onChange={(e) => set({ format: e.target.value })} />}
                  </Field>
                  <Field label={t("form.url")} error={err("url")}>
                    {(p) => <input {...p} type="url" inputMode="url" size={48} value={item.url} onChange={(e) => set({ url: e.target.value })} />}
                  </Field>
                  <Field label={t("form.postedAt")} error={err("postedAt")}>
                    {(p) => <input {...p} type="datetime-local" value={item.postedAt} onChange={(e) => set({ postedAt: e.target.value })} />}
                  </Field>
                  {items.length > 1 && (
                    <button type="button" className="link" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                      {t("form.removeItem")}
                    </button>
                  )}
                </fieldset>
              );
            })}
            {errors.items && <p className="field-error">{t(`err.${errors.items}` as "err.required")}</p>}
            {items.length < 16 && (
              <button
                type="button"
                className="secondary"
                onClick={() => setItems([...items, { channel: "youtube", format: "", url: "", postedAt: localInput(Math.floor(Date.now() / 1000)) }])}
              >
                {t("form.addItem")}
              </button>
            )}
            <Field label={t("form.note")} error={errors.note ? t(`err.${errors.note}` as "err.required") : undefined}>
              {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
            </Field>
            <p>
              <button type="submit" disabled={busy}>
                {t(open === "resubmit" ? "act.resubmit" : "act.submit")}
              </button>
            </p>
          </fieldset>
        </form>
      )}

      {open === "revise" && (
        <form onSubmit={onRevision} noValidate>
          <fieldset>
            <legend>{t("act.revise")}</legend>
            <Field label={t("form.revisionNote")} error={errors.note ? t(`err.${errors.note}` as "err.required") : undefined}>
              {(p) => <textarea {...p} rows={4} value={revisionText} onChange={(e) => setRevisionText(e.target.value)} />}
            </Field>
            <p>
              <button type="submit" disabled={busy}>
                {t("act.revise")}
              </button>
            </p>
          </fieldset>
        </form>
      )}

      {open === "proposeSettlement" && (
        <form onSubmit={onPropose} noValidate>
          <fieldset>
            <legend>{t("act.proposeSettlement")}</legend>
            <Field label={t("form.share")} error={errors.share ? t(`err.${errors.share}` as "err.required") : undefined}>
              {(p) => <input {...p} inputMode="decimal" value={share} onChange={(e) => setShare(e.target.value)} />}
            </Field>
            <p>
              <button type="submit" disabled={busy}>
                {t("act.proposeSettlement")}
              </button>
            </p>
          </fieldset>
        </form>
      )}

      {(open === "dispute" || open === "answerDispute" || open === "evidence") && (
        <form onSubmit={onDispute} noValidate>
          <fieldset>
            <legend>{t(`act.${open}`)}</legend>
            {open !== "evidence" && cost !== undefined && <p className="field-hint">{t("form.cost", { cost: formatAmount(cost, lang) })}</p>}
            <Field label={t("form.evidenceName")} error={errors.name ? t(`err.${errors.name}` as "err.required") : undefined}>
              {(p) => <input {...p} maxLength={120} value={evName} onChange={(e) => setEvName(e.target.value)} />}
            </Field>
            <Field label={t("form.evidenceText")} error={errors.description ? t(`err.${errors.description}` as "err.required") : undefined}>
              {(p) => <textarea {...p} rows={4} value={evText} onChange={(e) => setEvText(e.target.value)} />}
            </Field>
            <p>
              <button type="submit" disabled={busy}>
                {t(`act.${open}`)}
              </button>
            </p>
          </fieldset>
        </form>
      )}
      {storing && <p role="status">{t("form.storing")}</p>}
      {docError && <p className="alert error">{docError}</p>}
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

