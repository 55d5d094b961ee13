// The mediator's own account at the court: stake (approve + stake), pools (join, leave, sizes), exit request and
// withdrawal with the exit delay, free and locked stake, rewards and penalties, and claiming credited rewards.
import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import type { wagmiConfig } from "../../wagmi.ts";
import { mediatorCourtAbi, mockUsdcAbi } from "../../config/abis.generated.ts";
import { TxLine } from "../../components/TransactionList.tsx";
import { useLang, useT } from "../../i18n/index.tsx";
import { formatAmount, formatDuration, formatTime, shortAddress } from "../../lib/format.ts";
import { useTransaction } from "../../lib/tx.tsx";
import { Field } from "./Field.tsx";
import { useChainNow, useCourt, useMediator, usePoolTotal, type HistoryEntry } from "./hooks.ts";
import {
  approvalNeeded,
  exitState,
  freeStake,
  joinPoolIssues,
  languageBytes,
  MAX_POOLS,
  TOPICS,
  validateRecipient,
  validateStake,
  validateWithdraw,
  type AddressIssue,
  type AmountIssue,
} from "./logic.ts";
import { mediatorMessages, topicMessages } from "./messages.ts";

type Court = NonNullable<ReturnType<typeof useCourt>["data"]>;
type Me = NonNullable<ReturnType<typeof useMediator>["data"]>;
export type ChainId = (typeof wagmiConfig)["chains"][number]["id"];

export function StakePanel({ account, chainId, court }: { account: Address; chainId: ChainId; court: Court }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const me = useMediator(account, { stake: court.stakeToken.address, fee: court.feeToken.address });
  const now = useChainNow();
  if (me.isPending) return <p role="status">{t("loading")}</p>;
  if (me.error) return <p className="alert error">{t("loadError", { message: me.error.message })}</p>;
  const data = me.data;
  const stakeFmt = (v: bigint) => formatAmount(v, lang, court.stakeToken.decimals, court.stakeToken.symbol);
  const free = freeStake(data.mediator);
  return (
    <>
      <section aria-labelledby="stake-title">
        <h2 id="stake-title">{t("stake.title")}</h2>
        <dl className="cards" data-testid="stake-summary">
          <div className="card">
            <dt>{t("stake.total")}</dt>
            <dd>{stakeFmt(data.mediator.stake)}</dd>
          </div>
          <div className="card">
            <dt>{t("stake.free")}</dt>
            <dd>{stakeFmt(free)}</dd>
          </div>
          <div className="card">
            <dt>{t("stake.locked")}</dt>
            <dd>{stakeFmt(data.mediator.locked)}</dd>
          </div>
          <div className="card">
            <dt>{t("stake.wallet")}</dt>
            <dd>{stakeFmt(data.balance)}</dd>
          </div>
        </dl>
        <p className="field-hint">
          {t("stake.min", {
            amount: stakeFmt(court.params.minStake),
            lock: stakeFmt((court.params.minStake * BigInt(court.params.alphaBps)) / 10_000n),
          })}
        </p>
        <StakeForm account={account} chainId={chainId} court={court} me={data} />
      </section>
      <PoolsSection account={account} chainId={chainId} court={court} me={data} now={now} />
      <ExitSection account={account} chainId={chainId} court={court} me={data} now={now} />
      <RewardsSection account={account} chainId={chainId} court={court} me={data} />
    </>
  );
}

interface SectionProps {
  readonly account: Address;
  readonly chainId: ChainId;
  readonly court: Court;
  readonly me: Me;
}

function useAmountText() {
  const t = useT(mediatorMessages);
  return (issue: AmountIssue, vars: { decimals: number; amount: string }): string => t(`amount.${issue}`, vars);
}

function useAddressText() {
  const t = useT(mediatorMessages);
  return (issue: AddressIssue): string => t(`address.${issue}`);
}

function StakeForm({ account, chainId, court, me }: SectionProps) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const tx = useTransaction();
  const amountText = useAmountText();
  const [text, setText] = useState("");
  const [tried, setTried] = useState(false);
  const { decimals, symbol, address: token } = court.stakeToken;
  const result = validateStake(text, decimals, { balance: me.balance, stake: me.mediator.stake });
  const fmt = (v: bigint) => formatAmount(v, lang, decimals, symbol);
  const error =
    !result.ok && (tried || text !== "") ? amountText(result.issue, { decimals, amount: fmt(me.balance) }) : undefined;
  const approval = result.ok ? approvalNeeded(result.value, me.allowance) : 0n;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!result.ok) return;
    const amount = result.value;
    if (approvalNeeded(amount, me.allowance) > 0n) {
      const approved = await tx.send(t("stake.approveLabel", { amount: fmt(amount) }), {
        address: token,
        abi: mockUsdcAbi,
        functionName: "approve",
        args: [court.court, amount],
        account,
        chainId,
      });
      if (!approved) return;
    }
    const staked = await tx.send(t("stake.label", { amount: fmt(amount) }), {
      address: court.court,
      abi: mediatorCourtAbi,
      functionName: "stake",
      args: [amount],
      account,
      chainId,
    });
    if (staked) {
      setText("");
      setTried(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <div className="row">
        <Field
          label={t("stake.amount", { symbol })}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={error}
          hint={approval > 0n ? t("stake.approveFirst", { amount: fmt(approval) }) : undefined}
        />
      </div>
      <button type="submit" disabled={tx.busy}>
        {t("stake.submit")}
      </button>
      {tx.last && <TxLine record={tx.last} />}
    </form>
  );
}

function PoolsSection({ account, chainId, court, me, now }: SectionProps & { now: bigint | undefined }) {
  const t = useT(mediatorMessages);
  const topic = useT(topicMessages);
  const { lang } = useLang();
  const tx = useTransaction();
  const [language, setLanguage] = useState("fr");
  const [topicText, setTopicText] = useState("");
  const [tried, setTried] = useState(false);
  const issues = joinPoolIssues(
    { language, topic: topicText },
    { pools: me.pools.map((p) => p.key), stake: me.mediator.stake, minStake: court.params.minStake },
  );
  const cleanLanguage = language.trim().toLowerCase();
  const preview = usePoolTotal(issues.language ? undefined : languageBytes(cleanLanguage), issues.topic ? undefined : Number(topicText));
  const exit = now === undefined ? undefined : exitState(BigInt(me.mediator.exitAllowedAt), now);
  const show = (value: string) => tried || value !== "";
  const poolLabel = (l: string, tp: number) => `${l} · ${topic(TOPICS[tp] ?? "general")}`;
  const formError =
    issues.form === "full"
      ? t("issue.full", { max: MAX_POOLS })
      : issues.form === "stake"
        ? t("issue.stake", { amount: formatAmount(court.params.minStake, lang, court.stakeToken.decimals, court.stakeToken.symbol) })
        : issues.form === "already"
          ? t("issue.already")
          : undefined;
  async function join(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (issues.language || issues.topic || issues.form) return;
    const tp = Number(topicText);
    await tx.send(t("pools.joinLabel", { pool: poolLabel(cleanLanguage, tp) }), {
      address: court.court,
      abi: mediatorCourtAbi,
      functionName: "joinPool",
      args: [languageBytes(cleanLanguage), tp],
      account,
      chainId,
    });
  }
  async function leave(l: string, tp: number) {
    await tx.send(t("pools.leaveLabel", { pool: poolLabel(l, tp) }), {
      address: court.court,
      abi: mediatorCourtAbi,
      functionName: "leavePool",
      args: [languageBytes(l), tp],
      account,
      chainId,
    });
  }
  return (
    <section aria-labelledby="pools-title">
      <h2 id="pools-title">{t("pools.title")}</h2>
      {me.pools.length === 0 ? (
        <p>{t("pools.none")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="my-pools">
            <caption className="visually-hidden">{t("pools.caption", { max: MAX_POOLS })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pools.pool")}</th>
                <th scope="col">{t("pools.size")}</th>
                <th scope="col">{t("pools.weight")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("pools.leave")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {me.pools.map((p) => (
                <tr key={p.key}>
                  <th scope="row">{poolLabel(p.language, p.topic)}</th>
                  <td>{p.mediators.toString()}</td>
                  <td>{p.weight.toString()}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      disabled={tx.busy || exit?.kind !== "open"}
                      aria-label={t("pools.leaveLabel", { pool: poolLabel(p.language, p.topic) })}
                      onClick={() => void leave(p.language, p.topic)}
                    >
                      {t("pools.leave")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {exit?.kind !== "open" && <p className="field-hint">{t("pools.leaveHint")}</p>}
        </div>
      )}
      <form onSubmit={join} noValidate>
        <fieldset>
          <legend>{t("pools.join")}</legend>
          <div className="row">
            <Field
              label={t("pools.language")}
              value={language}
              maxLength={2}
              autoComplete="off"
              onChange={(e) => setLanguage(e.target.value)}
              error={issues.language && show(language) ? t("issue.language") : undefined}
            />
            <TopicSelect
              value={topicText}
              onChange={setTopicText}
              label={t("pools.topic")}
              placeholder={t("pools.chooseTopic")}
              error={issues.topic && tried ? t("issue.topic") : undefined}
            />
          </div>
          {preview.data && (
            <p className="field-hint" data-testid="pool-preview">
              {t("pools.preview", { count: preview.data.mediators.toString(), weight: preview.data.weight.toString() })}
            </p>
          )}
          {formError && (tried || issues.form === "already" || issues.form === "full") && (
            <p className="field-error" role="alert">
              {formError}
            </p>
          )}
          <button type="submit" disabled={tx.busy}>
            {t("pools.submit")}
          </button>
        </fieldset>
      </form>
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

function TopicSelect({
  value,
  onChange,
  label,
  placeholder,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder: string;
  error?: string;
}) {
  const topic = useT(topicMessages);
  return (
    <div>
      <label htmlFor="mediator-topic">{label}</label>
      <select
        id="mediator-topic"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "mediator-topic-error" : undefined}
      >
        <option value="">{placeholder}</option>
        {TOPICS.map((name, i) => (
          <option key={name} value={String(i)}>
            {topic(name)}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id="mediator-topic-error">
          {error}
        </p>
      )}
    </div>
  );
}

function ExitSection({ account, chainId, court, me, now }: SectionProps & { now: bigint | undefined }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const tx = useTransaction();
  const amountText = useAmountText();
  const addressText = useAddressText();
  const [amount, setAmount] = useState("");
  const [to, setTo] = useState<string>(account);
  const [tried, setTried] = useState(false);
  const { decimals, symbol } = court.stakeToken;
  const fmt = (v: bigint) => formatAmount(v, lang, decimals, symbol);
  const exit = now === undefined ? undefined : exitState(BigInt(me.mediator.exitAllowedAt), now);
  const amountResult = validateWithdraw(amount, decimals, me.mediator);
  const toResult = validateRecipient(to, court.court);
  let status = "";
  if (exit?.kind === "none") status = t("exit.none");
  else if (exit?.kind === "waiting") status = t("exit.waiting", { at: formatTime(exit.allowedAt, lang), left: formatDuration(exit.secondsLeft, lang) });
  else if (exit?.kind === "open") status = t("exit.open", { at: formatTime(exit.closesAt, lang), left: formatDuration(exit.secondsLeft, lang) });
  else if (exit?.kind === "expired") status = t("exit.expired", { at: formatTime(exit.allowedAt, lang) });
  async function requestExit() {
    await tx.send(t("exit.requestLabel"), { address: court.court, abi: mediatorCourtAbi, functionName: "requestExit", args: [], account, chainId });
  }
  async function withdraw(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!amountResult.ok || !toResult.ok) return;
    const done = await tx.send(t("withdraw.label", { amount: fmt(amountResult.value) }), {
      address: court.court,
      abi: mediatorCourtAbi,
      functionName: "withdraw",
      args: [amountResult.value, toResult.value],
      account,
      chainId,
    });
    if (done) {
      setAmount("");
      setTried(false);
    }
  }
  return (
    <section aria-labelledby="exit-title">
      <h2 id="exit-title">{t("exit.title")}</h2>
      <p>{t("exit.delay", { delay: formatDuration(court.exitDelay, lang) })}</p>
      <p role="status" data-testid="exit-status">
        {status}
      </p>
      <button type="button" className="secondary" disabled={tx.busy} onClick={() => void requestExit()}>
        {t("exit.request")}
      </button>
      <form onSubmit={withdraw} noValidate>
        <div className="row">
          <Field
            label={t("withdraw.amount", { symbol })}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={!amountResult.ok && (tried || amount !== "") ? amountText(amountResult.issue, { decimals, amount: fmt(freeStake(me.mediator)) }) : undefined}
          />
          <Field
            label={t("withdraw.to")}
            value={to}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTo(e.target.value)}
            error={!toResult.ok && (tried || to !== "") ? addressText(toResult.issue) : undefined}
          />
        </div>
        {exit?.kind !== "open" && <p className="field-hint">{t("withdraw.closed")}</p>}
        <button type="submit" disabled={tx.busy}>
          {t("withdraw.submit")}
        </button>
      </form>
      {tx.last && <TxLine record={tx.last} />}
    </section>
  );
}

function RewardsSection({ account, chainId, court, me }: SectionProps) {
  const t = useT(mediatorMessages);
  const topic = useT(topicMessages);
  const { lang } = useLang();
  const tx = useTransaction();
  const addressText = useAddressText();
  const [to, setTo] = useState<string>(account);
  const [tried, setTried] = useState(false);
  const fee = court.feeToken;
  const feeFmt = (v: bigint) => formatAmount(v, lang, fee.decimals, fee.symbol);
  const stakeFmt = (v: bigint) => formatAmount(v, lang, court.stakeToken.decimals, court.stakeToken.symbol);
  const toResult = validateRecipient(to, court.court);
  const credits = [
    { token: fee.address, amount: me.creditedFee, fmt: feeFmt },
    ...(me.creditedStake > 0n ? [{ token: court.stakeToken.address, amount: me.creditedStake, fmt: stakeFmt }] : []),
  ].filter((c) => c.amount > 0n);
  async function claim(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (!toResult.ok) return;
    for (const credit of credits) {
      const done = await tx.send(t("rewards.claimLabel", { amount: credit.fmt(credit.amount) }), {
        address: court.court,
        abi: mediatorCourtAbi,
        functionName: "claim",
        args: [credit.token, toResult.value],
        account,
        chainId,
      });
      if (!done) return;
    }
  }
  const line = (h: HistoryEntry): string => {
    const vars = {
      amount: h.kind === "rewarded" ? feeFmt(h.amount ?? 0n) : h.kind === "paid" || h.kind === "credited" || h.kind === "claimed" ? feeFmt(h.amount ?? 0n) : stakeFmt(h.amount ?? 0n),
      amount2: stakeFmt(h.amount2 ?? 0n),
      total: stakeFmt(h.amount2 ?? 0n),
      to: h.to ? shortAddress(h.to) : "",
      at: h.at ? formatTime(h.at, lang) : "",
      pool: h.pool ? `${h.pool.language} · ${topic(TOPICS[h.pool.topic] ?? "general")}` : "",
      dispute: h.disputeId?.toString() ?? "",
      round: h.round?.toString() ?? "",
    };
    return t(`history.${h.kind}`, vars);
  };
  return (
    <section aria-labelledby="rewards-title">
      <h2 id="rewards-title">{t("rewards.title")}</h2>
      <dl className="cards">
        <div className="card">
          <dt>{t("rewards.earned")}</dt>
          <dd className="ok">{feeFmt(me.totals.rewards)}</dd>
        </div>
        <div className="card">
          <dt>{t("rewards.lost")}</dt>
          <dd className={me.totals.penalties > 0n ? "bad" : undefined}>{stakeFmt(me.totals.penalties)}</dd>
        </div>
        <div className="card">
          <dt>{t("rewards.credited")}</dt>
          <dd>{credits.length === 0 ? feeFmt(0n) : credits.map((c) => c.fmt(c.amount)).join(" + ")}</dd>
        </div>
      </dl>
      {credits.length === 0 ? (
        <p className="field-hint">{t("rewards.nothing")}</p>
      ) : (
        <form onSubmit={claim} noValidate>
          <Field
            label={t("rewards.claimTo")}
            value={to}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTo(e.target.value)}
            error={!toResult.ok && (tried || to !== "") ? addressText(toResult.issue) : undefined}
          />
          <button type="submit" disabled={tx.busy}>
            {t("rewards.claim")}
          </button>
          {tx.last && <TxLine record={tx.last} />}
        </form>
      )}
      <h3>{t("rewards.history")}</h3>
      {me.history.length === 0 ? (
        <p>{t("rewards.empty")}</p>
      ) : (
        <ul data-testid="mediator-history">
          {me.history.slice(0, 30).map((h, i) => (
            <li key={`${h.blockNumber}-${i}`} className={h.kind === "penalized" ? "bad" : h.kind === "rewarded" ? "ok" : undefined}>
              {line(h)} <span className="muted">({t("history.block", { block: h.blockNumber })})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
