import { defineMessages, useT } from "../i18n/index.tsx";
import { Link } from "../router.tsx";

const messages = defineMessages(
  {
    title: "Influencer deals, paid as agreed",
    lead: "Brands lock USDC per deal; influencers deliver and claim on-chain; when they disagree, staked mediators who speak the deal's language answer the brief's questions and their consensus pays.",
    brand: "I am a brand: find influencers, write a brief, fund and review deals",
    influencer: "I am an influencer: see offers, deliver, claim my payouts",
    mediator: "I am a mediator: stake, join pools, vote on disputes",
    auditor: "I audit: totals, solvency, disputes, parameters, certificates",
  },
  {
    title: "Des contrats d'influence payés comme convenu",
    lead: "Les marques bloquent des USDC par contrat ; les influenceurs livrent et encaissent sur la chaîne ; en cas de désaccord, des médiateurs qui parlent la langue du contrat répondent aux questions du brief et leur consensus décide du paiement.",
    brand: "Je suis une marque : trouver des influenceurs, écrire un brief, financer et valider",
    influencer: "Je suis influenceur : voir les offres, livrer, encaisser",
    mediator: "Je suis médiateur : staker, rejoindre des pools, voter sur les litiges",
    auditor: "J'audite : totaux, solvabilité, litiges, paramètres, certificats",
  },
);

export default function Home() {
  const t = useT(messages);
  return (
    <section className="home">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ul className="cards">
        <li>
          <Link to="/brand">{t("brand")}</Link>
        </li>
        <li>
          <Link to="/influencer">{t("influencer")}</Link>
        </li>
        <li>
          <Link to="/mediator">{t("mediator")}</Link>
        </li>
        <li>
          <Link to="/auditor">{t("auditor")}</Link>
        </li>
      </ul>
    </section>
  );
}
