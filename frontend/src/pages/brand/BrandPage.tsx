// #/brand: the connected brand's deals (DealCreated events of the escrow with the brand's address, their live status
// from getDeal and their brief's title from the document store), with links to each deal's page; #/brand/new: the
// offer builder (OfferBuilder.tsx).
import { useQuery } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { useAccount } from "wagmi";
import { dealEscrowAbi } from "../../config/abis.generated.ts";
import { defineMessages, useLang, useT } from "../../i18n/index.tsx";
import { addressOf, useReadClient } from "../../lib/chain.ts";
import { useDeals, type DealOffer } from "../../lib/deals.ts";
import { getDocument } from "../../lib/docs.ts";
import { formatAmount, formatTime, shortAddress, shortHash } from "../../lib/format.ts";
import { Link, useLocation } from "../../router.tsx";
import { DEAL_STATUS_LABELS, topicLabel } from "./labels.ts";
import { OfferBuilder } from "./OfferBuilder.tsx";
import { useProfiles } from "./useInfluencers.ts";
import "./brand.css";

const messages = defineMessages(
  {
    title: "My deals",
    lead: "Every offer you made, with its state on chain. Open a deal to review submissions, settle, dispute or rate.",
    connect: "Connect the brand's wallet to see its deals.",
    newOffer: "New offer",
    browse: "Find influencers",
    loading: "Reading the deals…",
    error: "The deals could not be read: {reason}",
    none: "You have not made any offer yet.",
    created: "Your offer was created and funded: deal {deal}.",
    caption: "Deals of {brand}",
    colDeal: "Deal",
    colInfluencer: "Influencer",
    colTopic: "Topic",
    colTotal: "Total",
    colAcceptBy: "Accept by",
    colStatus: "Status",
    untitled: "Deal {id}",
  },
  {
    title: "Mes contrats",
    lead: "Toutes vos offres, avec leur état sur la chaîne. Ouvrez un contrat pour valider les livrables, transiger, ouvrir un litige ou noter.",
    connect: "Connectez le portefeuille de la marque pour voir ses contrats.",
    newOffer: "Nouvelle offre",
    browse: "Trouver des influenceurs",
    loading: "Lecture des contrats…",
    error: "Les contrats n'ont pas pu être lus : {reason}",
    none: "Vous n'avez encore fait aucune offre.",
    created: "Votre offre est créée et financée : contrat {deal}.",
    caption: "Contrats de {brand}",
    colDeal: "Contrat",
    colInfluencer: "Influenceur",
    colTopic: "Thème",
    colTotal: "Total",
    colAcceptBy: "À accepter avant",
    colStatus: "État",
    untitled: "Contrat {id}",
  },
);

/** The live status of each deal and its brief's title (undefined when the brief cannot be read). */
function useDealDetails(deals: readonly DealOffer[]) {
  const { chainId, client } = useReadClient();
  return useQuery({
    queryKey: ["brandDealDetails", chainId, deals.map((d) => d.id).join(",")],
    enabled: client !== undefined && deals.length > 0,
    queryFn: async () => {
      const escrow = addressOf(chainId, "escrow");
      const entries = await Promise.all(
        deals.map(async (d) => {
          const [state, title] = await Promise.all([
            readContract(client!, { address: escrow, abi: dealEscrowAbi, functionName: "getDeal", args: [d.id] }),
            getDocument<{ title?: unknown }>(d.terms.briefHash)
              .then((doc) => (typeof doc.title === "string" ? doc.title : undefined))
              .catch(() => undefined),
          ]);
          return [d.id, { status: state.status, title }] as const;
        }),
      );
      return new Map<Hex, { status: number; title: string | undefined }>(entries);
    },
  });
}

function BrandDeals({ brand }: { brand: Address }) {
  const t = useT(messages);
  const { lang } = useLang();
  const { query } = useLocation();
  const deals = useDeals();
  const profiles = useProfiles();
  const mine = (deals.data ?? []).filter((d) => d.brand.toLowerCase() === brand.toLowerCase());
  const details = useDealDetails(mine);
  const created = query.get("created");
  const handleOf = (account: Address) =>
    profiles.data?.cards.find((c) => c.account.toLowerCase() === account.toLowerCase())?.profile.handle;

  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p className="row">
        <Link className="button" to="/brand/new">
          {t("newOffer")}
        </Link>
        <Link to="/influencers">{t("browse")}</Link>
      </p>
      {created && (
        <p className="alert" role="status">
          {t("created", { deal: shortHash(created) })}
        </p>
      )}
      {deals.isPending && <p role="status">{t("loading")}</p>}
      {deals.error && (
        <p className="alert error" role="alert">
          {t("error", { reason: deals.error.message })}
        </p>
      )}
      {deals.data && mine.length === 0 && <p>{t("none")}</p>}
      {mine.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="muted">{t("caption", { brand: shortAddress(brand) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colDeal")}</th>
                <th scope="col">{t("colInfluencer")}</th>
                <th scope="col">{t("colTopic")}</th>
                <th scope="col">{t("colTotal")}</th>
                <th scope="col">{t("colAcceptBy")}</th>
                <th scope="col">{t("colStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((d) => {
                const info = details.data?.get(d.id);
                const handle = handleOf(d.influencer);
                return (
                  <tr key={d.id} data-deal={d.id} aria-current={created?.toLowerCase() === d.id.toLowerCase() ? "true" : undefined}>
                    <td>
                      <Link to={`/deals/${d.id}`}>{info?.title ?? t("untitled", { id: shortHash(d.id) })}</Link>
                      <br />
                      <span className="muted mono">{shortHash(d.id)}</span>
                    </td>
                    <td>
                      {handle ? `@${handle}` : ""} <span className="mono muted">{shortAddress(d.influencer)}</span>
                    </td>
                    <td>{topicLabel(d.terms.topic, lang)}</td>
                    <td>{formatAmount(d.total, lang)}</td>
                    <td>{formatTime(d.terms.acceptBy, lang)}</td>
                    <td>
                      <span className="status" data-testid="deal-status">
                        {info ? (DEAL_STATUS_LABELS[lang][info.status] ?? String(info.status)) : "…"}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function BrandPage() {
  const t = useT(messages);
  const { segments } = useLocation();
  const { address, isConnected } = useAccount();
  if (segments[1] === "new") return <OfferBuilder />;
  if (!isConnected || !address) {
    return (
      <section>
        <h1>{t("title")}</h1>
        <p className="alert">{t("connect")}</p>
      </section>
    );
  }
  return <BrandDeals brand={address} />;
}
