// The connected influencer's page: offers waiting for an answer (with the full brief verified against its hash, the
// terms and the exclusivity conflict warning), active and closed deals with what is due next, and every claimable
// credit (escrow and holdback vault) claimed at once to an address of their choice.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { hexToString, type Address, type Hex } from "viem";
import { readContract } from "viem/actions";
import { useAccount } from "wagmi";
import { dealEscrowAbi, exclusivityRegistryAbi, holdbackVaultAbi } from "../../config/abis.generated.ts";
import { contractsOn } from "../../config/runtime.ts";
import { TxLine } from "../../components/TransactionList.tsx";
import { useLang, useT } from "../../i18n/index.tsx";
import { addressOf, useReadClient } from "../../lib/chain.ts";
import { useDeals, type DealOffer } from "../../lib/deals.ts";
import { getDocument } from "../../lib/docs.ts";
import { formatAmount, formatBps, formatDuration, formatTime, shortAddress, shortHash } from "../../lib/format.ts";
import { useTransaction } from "../../lib/tx.tsx";
import { Link } from "../../router.tsx";
import { acceptCall, claimManyCall, declineCall, holdbackClaimCall } from "../deal/calls.ts";
import { ClaimForm } from "../deal/ClaimForm.tsx";
import type { AppChainId } from "../deal/context.ts";
import { chainNow, useChainClock, useRefreshOnNewBlock } from "../deal/data.ts";
import { dealMessages, TOPICS_EN, TOPICS_FR } from "../deal/messages.ts";
import { DEAL, nextForInfluencer } from "../deal/schedule.ts";
import { influencerMessages } from "./messages.ts";

const ZERO_HASH = `0x${"00".repeat(32)}`;

interface Row {
  readonly offer: DealOffer;
  readonly status: number;
  readonly influencerCredit: bigint;
  readonly holdbackCredit: bigint;
  readonly conflict: Hex | undefined;
  readonly milestones: readonly { status: number; revisions: number; deadline: number; settlementProposer: number; settlementShareBps: number; delivered: boolean }[];
  readonly arbitrations: readonly { feeDeadline: number; waitingFor: number; created: boolean }[];
}

function useInfluencerDeals(account: Address | undefined) {
  const { chainId, client } = useReadClient();
  const deals = useDeals();
  const mine = (deals.data ?? []).filter((d) => account !== undefined && d.influencer.toLowerCase() === account.toLowerCase());
  const query = useQuery({
    queryKey: ["influencerDeals", chainId, account, mine.map((d) => d.id).join(",")],
    enabled: client !== undefined && account !== undefined && deals.data !== undefined,
    queryFn: async (): Promise<Row[]> => {
      const c = client!;
      const escrow = addressOf(chainId, "escrow");
      const contracts = contractsOn(chainId);
      return Promise.all(
        mine.map(async (offer): Promise<Row> => {
          const state = await readContract(c, { address: escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [offer.id] });
          const active = state.status === DEAL.Active || state.status === DEAL.Closed;
          const indexes = offer.terms.milestones.map((_, i) => BigInt(i));
          const [milestones, arbitrations] = active
            ? await Promise.all([
                Promise.all(indexes.map((i) => readContract(c, { address: escrow, abi: dealEscrowAbi, functionName: "getMilestone", args: [offer.id, i] }))),
                Promise.all(indexes.map((i) => readContract(c, { address: escrow, abi: dealEscrowAbi, functionName: "getArbitration", args: [offer.id, i] }))),
              ])
            : [[], []];
          const holdbackCredit =
            offer.terms.holdbackBps > 0 && contracts?.vault
              ? await readContract(c, { address: contracts.vault.address, abi: holdbackVaultAbi, functionName: "influencerCredit", args: [offer.id] })
              : 0n;
          const conflict =
            state.status === DEAL.Offered && offer.terms.exclusiveUntil > 0 && contracts?.registry
              ? await readContract(c, {
                  address: contracts.registry.address,
                  abi: exclusivityRegistryAbi,
                  functionName: "conflictOf",
                  args: [offer.influencer, offer.brand, offer.terms.exclusiveTopic, offer.terms.exclusiveFrom, offer.terms.exclusiveUntil],
                })
              : undefined;
          return { offer, status: state.status, influencerCredit: state.influencerCredit, holdbackCredit, conflict, milestones, arbitrations };
        }),
      );
    },
  });
  return { deals, query };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const obj = (v: Json | undefined): { [key: string]: Json } => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const str = (v: Json | undefined): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

function Brief({ briefHash }: { briefHash: Hex }) {
  const t = useT(influencerMessages);
  const query = useQuery({ queryKey: ["document", briefHash], queryFn: () => getDocument<Json>(briefHash), staleTime: Infinity, retry: 1 });
  if (query.isPending) return <p role="status">{t("offer.briefLoading")}</p>;
  if (query.isError) return <p className="alert error">{t("offer.briefError", { reason: query.error.message })}</p>;
  const brief = obj(query.data);
  const guidelines = obj(brief.guidelines);
  return (
    <div className="brief">
      <h4>
        {t("offer.brief")}: {str(brief.title)}
      </h4>
      <p className="ok">✓ {t("offer.briefVerified")}</p>
      {str(brief.summary) && <p>{str(brief.summary)}</p>}
      <ol>
        {arr(brief.milestones).map((m, i) => (
          <li key={i}>
            {str(obj(m).title)}
            <ul>
              {arr(obj(m).deliverables).map((d, j) => (
                <li key={j}>
                  {str(obj(d).channel)} · {str(obj(d).format)} — {str(obj(d).description)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h5>{t("offer.questions")}</h5>
      <ol>
        {arr(obj(brief.acceptance).questions).map((q, i) => {
          const compliant = arr(obj(q).compliant).map(Number);
          return (
            <li key={i}>
              {str(obj(q).text)}{" "}
              <span className="muted">
                ({arr(obj(q).options).map((o, k) => `${str(o)}${compliant.includes(k) ? ` ✓ ${t("offer.compliant")}` : ""}`).join(" / ")})
              </span>
            </li>
          );
        })}
      </ol>
      {(str(guidelines.text) || arr(guidelines.do).length > 0) && (
        <>
          <h5>{t("offer.guidelines")}</h5>
          {str(guidelines.text) && <p>{str(guidelines.text)}</p>}
          <ul>
            {[...arr(guidelines.do), ...arr(guidelines.dont).map((x) => `✗ ${str(x)}`), ...arr(guidelines.hashtags)].map((x, i) => (
              <li key={i}>{str(x)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function OfferCard({ row, now }: { row: Row; now: number }) {
  const t = useT(influencerMessages);
  const { lang } = useLang();
  const tx = useTransaction();
  const { chainId } = useReadClient();
  const { address: account } = useAccount();
  const { offer } = row;
  const terms = offer.terms;
  const topics = lang === "fr" ? TOPICS_FR : TOPICS_EN;
  const base = { address: addressOf(chainId, "escrow"), abi: dealEscrowAbi, account, chainId: chainId as AppChainId } as const;
  const conflict = row.conflict !== undefined && row.conflict !== ZERO_HASH ? row.conflict : undefined;
  const open = now <= terms.acceptBy;
  let language = "";
  try {
    language = hexToString(terms.language, { size: 2 });
  } catch {
    language = terms.language;
  }
  return (
    <li className="card offer" data-deal={offer.id}>
      <h3>{t("offer.heading", { brand: shortAddress(offer.brand), total: formatAmount(offer.total, lang) })}</h3>
      <p>{t("offer.acceptBy", { time: formatTime(terms.acceptBy, lang), left: formatDuration(terms.acceptBy - now, lang) })}</p>
      <ul>
        {terms.milestones.map((m, i) => (
          <li key={i}>{t("offer.deliverables", { n: i + 1, amount: formatAmount(m.amount, lang), time: formatTime(m.deliverBy, lang) })}</li>
        ))}
      </ul>
      <p>
        {t("offer.terms", {
          review: formatDuration(terms.reviewPeriod, lang),
          revision: formatDuration(terms.revisionPeriod, lang),
          revisions: terms.maxRevisions,
          language,
          topic: topics[terms.topic] ?? String(terms.topic),
        })}
      </p>
      {terms.exclusiveUntil > 0 && (
        <p>
          {t("offer.exclusivity", {
            topic: topics[terms.exclusiveTopic] ?? String(terms.exclusiveTopic),
            from: formatTime(terms.exclusiveFrom, lang),
            until: formatTime(terms.exclusiveUntil, lang),
            holdback: formatBps(terms.holdbackBps, lang),
          })}
        </p>
      )}
      {terms.rightsHash !== ZERO_HASH && <p>{t("offer.rights", { price: formatAmount(terms.rightsPrice, lang) })}</p>}
      {terms.exclusiveUntil > 0 &&
        (conflict ? (
          <p className="alert error" role="alert">
            {t("offer.conflict", { deal: shortHash(conflict) })}
          </p>
        ) : (
          <p className="ok">{t("offer.noConflict")}</p>
        ))}
      <Brief briefHash={terms.briefHash} />
      <div className="row">
        {open && (
          <>
            <button type="button" disabled={tx.busy} onClick={() => void tx.send(t("accept"), { ...base, ...acceptCall(terms) })}>
              {t("accept")}
            </button>
            <button type="button" className="danger" disabled={tx.busy} onClick={() => void tx.send(t("decline"), { ...base, ...declineCall(terms) })}>
              {t("decline")}
            </button>
          </>
        )}
        <Link to={`/deals/${offer.id}`}>{t("offer.open")}</Link>
      </div>
      {tx.last && <TxLine record={tx.last} />}
    </li>
  );
}

export default function InfluencerPage() {
  const t = useT(influencerMessages);
  const td = useT(dealMessages);
  const { lang } = useLang();
  const { address: account } = useAccount();
  const { chainId } = useReadClient();
  const clock = useChainClock();
  const { deals, query } = useInfluencerDeals(account);
  const tx = useTransaction();
  useRefreshOnNewBlock(clock.data?.block, [["deals", chainId], ["influencerDeals", chainId]]);
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((x) => x + 1), 15_000);
    return () => clearInterval(id);
  }, []);
  const now = chainNow(clock.data);

  if (!account) {
    return (
      <section>
        <h1>{t("title")}</h1>
        <p className="alert">{t("connect")}</p>
      </section>
    );
  }
  const rows = query.data ?? [];
  const offers = rows.filter((r) => r.status === DEAL.Offered);
  const others = rows.filter((r) => r.status !== DEAL.Offered);
  const escrowCredits = rows.filter((r) => r.influencerCredit > 0n);
  const holdbackCredits = rows.filter((r) => r.holdbackCredit > 0n);
  const escrowTotal = escrowCredits.reduce((s, r) => s + r.influencerCredit, 0n);
  const holdbackTotal = holdbackCredits.reduce((s, r) => s + r.holdbackCredit, 0n);

  async function claimAll(to: Address) {
    const appChain = chainId as AppChainId;
    const byToken = new Map<string, Row[]>();
    for (const r of escrowCredits) byToken.set(r.offer.key.token.toLowerCase(), [...(byToken.get(r.offer.key.token.toLowerCase()) ?? []), r]);
    for (const group of byToken.values()) {
      const amount = group.reduce((s, r) => s + r.influencerCredit, 0n);
      const done = await tx.send(t("claims.all", { amount: formatAmount(amount, lang) }), {
        address: addressOf(chainId, "escrow"),
        abi: dealEscrowAbi,
        account,
        chainId: appChain,
        ...claimManyCall(
          group.map((r) => r.offer.key),
          to,
        ),
      });
      if (!done) return;
    }
    for (const r of holdbackCredits) {
      const done = await tx.send(t("claims.holdback", { amount: formatAmount(r.holdbackCredit, lang), count: 1 }), {
        address: addressOf(chainId, "vault"),
        abi: holdbackVaultAbi,
        account,
        chainId: appChain,
        ...holdbackClaimCall(r.offer.id, r.offer.terms, to),
      });
      if (!done) return;
    }
  }

  const nextText = (r: Row): string => {
    const next = nextForInfluencer(r.status, r.offer.terms.acceptBy, r.milestones, r.arbitrations, r.offer.terms.maxRevisions, now);
    const vars = { n: (next.milestone ?? 0) + 1, time: next.deadline ? formatTime(next.deadline, lang) : "" };
    switch (next.action) {
      case "submit":
      case "resubmit":
      case "answerDispute":
      case "acceptSettlement":
      case "wait":
        return t(`next.${next.action}`, vars);
      default:
        return t("next.none");
    }
  };

  return (
    <section aria-labelledby="influencer-title">
      <h1 id="influencer-title">{t("title")}</h1>
      {(deals.isPending || query.isPending) && <p role="status">{t("loading")}</p>}
      {(deals.isError || query.isError) && <p className="alert error">{t("error", { reason: (deals.error ?? query.error)?.message ?? "" })}</p>}

      <section aria-labelledby="claims-title">
        <h2 id="claims-title">{t("claims.title")}</h2>
        <p>{t("claims.escrow", { amount: formatAmount(escrowTotal, lang), count: escrowCredits.length })}</p>
        <p>{t("claims.holdback", { amount: formatAmount(holdbackTotal, lang), count: holdbackCredits.length })}</p>
        {escrowTotal + holdbackTotal > 0n ? (
          <ClaimForm
            chainId={chainId}
            defaultTo={account}
            label={t("claims.all", { amount: formatAmount(escrowTotal + holdbackTotal, lang) })}
            toLabel={t("claims.to")}
            busy={tx.busy}
            errorText={(code) => td(`err.${code}` as "err.required")}
            onClaim={claimAll}
          />
        ) : (
          <p className="muted">{t("claims.nothing")}</p>
        )}
        {tx.last && <TxLine record={tx.last} />}
      </section>

      <section aria-labelledby="offers-title">
        <h2 id="offers-title">{t("offers.title")}</h2>
        {query.isSuccess && offers.length === 0 && <p className="muted">{t("offers.none")}</p>}
        <ul className="offers" style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.75rem" }}>
          {offers.map((r) => (
            <OfferCard key={r.offer.id} row={r} now={now} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="deals-title">
        <h2 id="deals-title">{t("deals.title")}</h2>
        {query.isSuccess && others.length === 0 ? (
          <p className="muted">{t("deals.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("col.deal")}</th>
                  <th scope="col">{t("col.brand")}</th>
                  <th scope="col">{t("col.status")}</th>
                  <th scope="col">{t("col.next")}</th>
                  <th scope="col">{t("col.credit")}</th>
                </tr>
              </thead>
              <tbody>
                {others.map((r) => (
                  <tr key={r.offer.id}>
                    <td>
                      <Link to={`/deals/${r.offer.id}`}>{shortHash(r.offer.id)}</Link>
                    </td>
                    <td className="mono">{shortAddress(r.offer.brand)}</td>
                    <td>{td(`status.${r.status}` as "status.1")}</td>
                    <td>{nextText(r)}</td>
                    <td>{formatAmount(r.influencerCredit + r.holdbackCredit, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
