// #/mediator: the mediator's stake, pools, exit, rewards and the disputes it is drawn for;
// #/mediator/disputes/<id>: one dispute with its brief, content, evidence, questionnaire, commit and reveal.
import { lazy, Suspense } from "react";
import { useAccount, useChainId } from "wagmi";
import { contractsOn } from "../../config/runtime.ts";
import { useLang, useT } from "../../i18n/index.tsx";
import { formatTime } from "../../lib/format.ts";
import { Link, useLocation } from "../../router.tsx";
import { useAssignedDisputes, useChainNow, useCourt } from "./hooks.ts";
import { formatCountdown, periodName } from "./logic.ts";
import { mediatorMessages } from "./messages.ts";
import { StakePanel } from "./StakePanel.tsx";

const DisputeView = lazy(() => import("./DisputeView.tsx"));

export default function MediatorPage() {
  const t = useT(mediatorMessages);
  const location = useLocation();
  const [, section, id] = location.segments;
  if (section === "disputes" && id !== undefined && /^\d+$/.test(id)) {
    return (
      <Suspense fallback={<p role="status">{t("loading")}</p>}>
        <DisputeView disputeId={BigInt(id)} />
      </Suspense>
    );
  }
  return <Overview />;
}

function Overview() {
  const t = useT(mediatorMessages);
  const { address, isConnected } = useAccount();
  const chainId = useChainId();
  const deployed = contractsOn(chainId)?.court !== undefined;
  const court = useCourt();
  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {!deployed ? (
        <p className="alert">{t("notDeployed")}</p>
      ) : !isConnected || !address ? (
        <p className="alert">{t("connect")}</p>
      ) : court.isPending ? (
        <p role="status">{t("loading")}</p>
      ) : court.error ? (
        <p className="alert error">{t("loadError", { message: court.error.message })}</p>
      ) : (
        <>
          <Assigned account={address} />
          <StakePanel account={address} chainId={chainId} court={court.data} />
        </>
      )}
    </section>
  );
}

function Assigned({ account }: { account: `0x${string}` }) {
  const t = useT(mediatorMessages);
  const { lang } = useLang();
  const assigned = useAssignedDisputes(account);
  const now = useChainNow();
  return (
    <section aria-labelledby="assigned-title">
      <h2 id="assigned-title">{t("assigned.title")}</h2>
      {assigned.isPending ? (
        <p role="status">{t("loading")}</p>
      ) : assigned.error ? (
        <p className="alert error">{t("loadError", { message: assigned.error.message })}</p>
      ) : assigned.data.length === 0 ? (
        <p>{t("assigned.none")}</p>
      ) : (
        <ul className="cards" data-testid="assigned-disputes">
          {assigned.data.map((d) => {
            const round = BigInt(d.info.round);
            const seats = d.rounds.get(round)?.length ?? 0;
            const name = periodName(d.info.period);
            const deadline = BigInt(d.info.deadline);
            return (
              <li key={d.disputeId.toString()}>
                <Link to={`/mediator/disputes/${d.disputeId}`} aria-label={t("assigned.open", { id: d.disputeId.toString() })}>
                  {t("assigned.dispute", { id: d.disputeId.toString() })}
                  <br />
                  <span className="status">{t(`period.${name}`)}</span>{" "}
                  {deadline > 0n && now !== undefined && deadline > now && (
                    <span className="mono" title={formatTime(deadline, lang)}>
                      {formatCountdown(Number(deadline - now))}
                    </span>
                  )}
                  <br />
                  <span className="muted">{t("assigned.seats", { count: seats, round: d.info.round + 1 })}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
