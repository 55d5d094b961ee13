// Protocol parameters and who can change them (`npm run audit -- params`).
import type { ReactNode } from "react";
import { useLang, useT } from "../../i18n/index.tsx";
import { formatBps, formatDuration } from "../../lib/format.ts";
import { auditorMessages } from "./messages.ts";
import { fixedOf, rolesOf } from "./params.ts";
import { FullAddr, QueryState, useMoney, useParams } from "./shared.tsx";

function Dl({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="auditor-dl">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ParamsSection() {
  const t = useT(auditorMessages);
  const { lang } = useLang();
  const query = useParams();
  const p = query.data;
  const money = useMoney();
  const seconds = (s: bigint | number): string => `${formatDuration(s, lang)} (${s} s)`;
  return (
    <section id="auditor-params" tabIndex={-1} aria-labelledby="auditor-params-title">
      <h2 id="auditor-params-title">{t("params.title")}</h2>
      <QueryState deployed={query.deployed} chainId={query.chainId} isLoading={query.isLoading} error={query.error} />
      {p && (
        <>
          <h3>{t("params.escrow")}</h3>
          <Dl
            rows={[
              [t("params.fee"), t("params.feeText", { fee: formatBps(p.escrow.protocolFeeBps, lang), bps: p.escrow.protocolFeeBps, max: p.escrow.maxProtocolFeeBps })],
              [t("params.feeRecipient"), <FullAddr key="r" address={p.escrow.feeRecipient} />],
              [t("params.paused"), p.escrow.paused ? t("params.yesPaused") : t("params.no")],
              [t("params.arbitrator"), <FullAddr key="a" address={p.escrow.arbitrator} />],
              [t("params.registry"), <FullAddr key="g" address={p.escrow.registry} />],
              [t("params.vault"), <FullAddr key="v" address={p.escrow.vault} />],
              ...p.escrow.tokens.map(
                (x) =>
                  [
                    `${t("params.token")} ${x.token.symbol}`,
                    <span key={x.token.address}>
                      {t("params.tokenText", {
                        token: x.token.address,
                        allowed: x.allowed ? t("params.allowed") : t("params.notAllowed"),
                        fees: money(x.protocolFees, x.token),
                      })}
                    </span>,
                  ] as const,
              ),
              [t("params.owner"), <FullAddr key="o" address={p.escrow.owner} />],
              [t("params.pendingOwner"), <FullAddr key="po" address={p.escrow.pendingOwner} />],
            ]}
          />
          {p.court && (
            <>
              <h3>{t("params.court")}</h3>
              <Dl
                rows={[
                  [t("params.stakeToken"), `${p.court.stakeToken.symbol} ${p.court.stakeToken.address} / ${p.court.feeToken.symbol} ${p.court.feeToken.address}`],
                  [t("params.stakeUnit"), p.court.stakeUnit === null ? t("params.unknown") : money(p.court.stakeUnit, p.court.stakeToken)],
                  [t("params.randomnessSource"), <FullAddr key="rs" address={p.court.randomnessSource} />],
                  [
                    t("params.feePerMediator"),
                    t("params.feePerMediatorText", { fee: money(p.court.params.feePerMediator, p.court.feeToken), cost: money(p.court.arbitrationCost, p.court.feeToken) }),
                  ],
                  [t("params.minStake"), `${money(p.court.params.minStake, p.court.stakeToken)}, ${formatBps(p.court.params.alphaBps, lang)}`],
                  [t("params.jury"), t("params.juryText", { first: p.court.params.firstRoundMediators, rounds: p.court.params.maxRounds })],
                  [
                    t("params.periods"),
                    t("params.periodsText", {
                      commit: seconds(p.court.params.commitPeriod),
                      reveal: seconds(p.court.params.revealPeriod),
                      appeal: seconds(p.court.params.appealPeriod),
                      timeout: seconds(p.court.params.randomnessTimeout),
                    }),
                  ],
                  [t("params.exitDelay"), t("params.exitDelayText", { delay: seconds(p.court.exitDelay), max: seconds(p.court.maxExitDelay) })],
                  [t("params.disputes"), `${p.court.disputeCount}, ${p.court.paramsVersions}`],
                  [t("params.owner"), <FullAddr key="co" address={p.court.owner} />],
                  [t("params.pendingOwner"), <FullAddr key="cpo" address={p.court.pendingOwner} />],
                ]}
              />
            </>
          )}
          {p.randomness && (
            <>
              <h3>{t("params.randomness")}</h3>
              <Dl
                rows={[
                  [t("params.coordinator"), <FullAddr key="c" address={p.randomness.coordinator} />],
                  [t("params.keyHash"), <code key="k">{p.randomness.keyHash}</code>],
                  [t("params.subscription"), <code key="s">{p.randomness.subscriptionId.toString()}</code>],
                  [
                    t("params.confirmations"),
                    t("params.confirmationsText", {
                      confirmations: p.randomness.requestConfirmations,
                      gas: p.randomness.callbackGasLimit,
                      pay: p.randomness.nativePayment ? "ETH" : "LINK",
                    }),
                  ],
                  [t("params.consumer"), <FullAddr key="cn" address={p.randomness.consumer} />],
                  [t("params.owner"), <FullAddr key="ro" address={p.randomness.owner} />],
                  [t("params.pendingOwner"), <FullAddr key="rpo" address={p.randomness.pendingOwner} />],
                ]}
              />
            </>
          )}
          <h3 id="auditor-roles-title">{t("params.roles")}</h3>
          <div className="table-wrap">
            <table aria-labelledby="auditor-roles-title">
              <thead>
                <tr>
                  <th scope="col">{t("params.contract")}</th>
                  <th scope="col">{t("params.role")}</th>
                  <th scope="col">{t("params.holder")}</th>
                  <th scope="col">{t("params.functions")}</th>
                </tr>
              </thead>
              <tbody>
                {rolesOf(p).map((r) => (
                  <tr key={`${r.address}-${r.role}`}>
                    <td>{r.contract}</td>
                    <td>{t(`role.${r.role}`)}</td>
                    <td>
                      <FullAddr address={r.holder} />
                    </td>
                    <td>
                      <ul>
                        {r.functions.map((f) => (
                          <li key={f.name}>
                            <code>{f.name}</code>: {t(`effect.${f.effect}`, f.vars)}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t("params.fixed")}</h3>
          <ul>
            {fixedOf(p).map((f) => (
              <li key={`${f.contract}-${f.note}`}>
                {f.contract} <code>{f.address}</code>: {t(`fixed.${f.note}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
