// #/influencers: browse the influencers' profiles (Profiles contract + documents verified against their hash) with
// their on-chain reputation, filter them, and open the offer builder for one of them.
import { useMemo, useState } from "react";
import { defineMessages, useLang, useT } from "../../i18n/index.tsx";
import { Link } from "../../router.tsx";
import { formatAmount, shortAddress } from "../../lib/format.ts";
import { languageLabel, topicLabel } from "./labels.ts";
import { parseAmount } from "./offer.ts";
import { filterInfluencers, filterOptions, NO_FILTER, ratingText, type InfluencerCard, type InfluencerFilter } from "./profiles.ts";
import { useProfiles } from "./useInfluencers.ts";
import "./brand.css";

const messages = defineMessages(
  {
    title: "Influencers",
    lead: "Profiles published on chain; each document is checked against its on-chain hash. Reputation comes from closed deals.",
    filters: "Filters",
    search: "Name or handle",
    language: "Language",
    topic: "Topic",
    channel: "Channel",
    minRating: "Rating",
    minDeals: "Completed deals",
    any: "Any",
    atLeastStars: "{n}+ / 5",
    atLeastDeals: "{n} or more",
    reset: "Clear the filters",
    count: "{n} influencer(s) match.",
    none: "No influencer matches these filters.",
    loading: "Reading the profiles…",
    error: "The profiles could not be read: {reason}",
    channels: "Channels",
    languages: "Languages",
    topics: "Topics",
    rateCard: "Rate card",
    noRateCard: "No rate card published.",
    reputation: "Reputation",
    deals: "{done} deal(s) completed of {closed} closed",
    rating: "Rated {rating} / 5 ({count} rating(s))",
    noRating: "No rating yet",
    followers: "{n} followers",
    offer: "Make an offer",
    offerTo: "Make an offer to {name}",
    verified: "Profile verified against its on-chain hash",
    unreadable: "{n} profile(s) could not be read from the document store.",
  },
  {
    title: "Influenceurs",
    lead: "Profils publiés sur la chaîne ; chaque document est vérifié avec son empreinte sur la chaîne. La réputation vient des contrats clôturés.",
    filters: "Filtres",
    search: "Nom ou identifiant",
    language: "Langue",
    topic: "Thème",
    channel: "Canal",
    minRating: "Note",
    minDeals: "Contrats réalisés",
    any: "Tous",
    atLeastStars: "{n}+ / 5",
    atLeastDeals: "{n} ou plus",
    reset: "Effacer les filtres",
    count: "{n} influenceur(s) correspondent.",
    none: "Aucun influenceur ne correspond à ces filtres.",
    loading: "Lecture des profils…",
    error: "Les profils n'ont pas pu être lus : {reason}",
    channels: "Canaux",
    languages: "Langues",
    topics: "Thèmes",
    rateCard: "Tarifs",
    noRateCard: "Aucun tarif publié.",
    reputation: "Réputation",
    deals: "{done} contrat(s) réalisé(s) sur {closed} clôturé(s)",
    rating: "Noté {rating} / 5 ({count} note(s))",
    noRating: "Pas encore noté",
    followers: "{n} abonnés",
    offer: "Faire une offre",
    offerTo: "Faire une offre à {name}",
    verified: "Profil vérifié avec son empreinte sur la chaîne",
    unreadable: "{n} profil(s) n'ont pas pu être lus dans le stockage de documents.",
  },
);

function rateText(amount: string, lang: "en" | "fr"): string {
  const units = parseAmount(amount);
  return typeof units === "bigint" ? formatAmount(units, lang) : amount;
}

function Card({ card }: { card: InfluencerCard }) {
  const t = useT(messages);
  const { lang } = useLang();
  const p = card.profile;
  const rating = ratingText(card);
  const headingId = `inf-${card.account}`;
  return (
    <li className="influencer-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {p.displayName} <span className="muted">@{p.handle}</span>
      </h2>
      <p className="muted mono" title={card.account}>
        {shortAddress(card.account)} · <span className="ok">{t("verified")}</span>
      </p>
      <dl className="facts">
        <dt>{t("channels")}</dt>
        <dd>
          <ul className="inline-list">
            {p.channels.map((c) => (
              <li key={`${c.platform}-${c.handle}`}>
                <a href={c.url} target="_blank" rel="noreferrer">
                  {c.platform} {c.handle}
                </a>{" "}
                <span className="muted">({t("followers", { n: new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB").format(c.followers) })})</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t("languages")}</dt>
        <dd>{p.languages.map((l) => languageLabel(l, lang)).join(", ")}</dd>
        <dt>{t("topics")}</dt>
        <dd>{p.topics.map((id) => topicLabel(id, lang)).join(", ")}</dd>
        <dt>{t("rateCard")}</dt>
        <dd>
          {p.rateCard.length === 0 ? (
            <span className="muted">{t("noRateCard")}</span>
          ) : (
            <ul className="inline-list">
              {p.rateCard.map((r) => (
                <li key={r.deliverable}>
                  {r.deliverable}: {rateText(r.amount, lang)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t("reputation")}</dt>
        <dd>
          {t("deals", { done: card.dealsCompleted, closed: card.dealsClosed })}
          {" · "}
          {rating ? t("rating", { rating, count: card.ratingCount }) : t("noRating")}
        </dd>
      </dl>
      <Link className="button" to={`/brand/new?influencer=${card.account}`} aria-label={t("offerTo", { name: p.displayName })}>
        {t("offer")}
      </Link>
    </li>
  );
}

export default function InfluencersPage() {
  const t = useT(messages);
  const { lang } = useLang();
  const profiles = useProfiles();
  const [filter, setFilter] = useState<InfluencerFilter>(NO_FILTER);
  const cards = useMemo(() => profiles.data?.cards ?? [], [profiles.data]);
  const options = useMemo(() => filterOptions(cards), [cards]);
  const shown = useMemo(() => filterInfluencers(cards, filter), [cards, filter]);
  const set = (key: keyof InfluencerFilter) => (event: { target: { value: string } }) =>
    setFilter((f) => ({ ...f, [key]: event.target.value }));

  return (
    <section>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form className="filters" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="f-search">{t("search")}</label>
          <input id="f-search" type="search" value={filter.search} onChange={set("search")} />
        </div>
        <div>
          <label htmlFor="f-language">{t("language")}</label>
          <select id="f-language" value={filter.language} onChange={set("language")}>
            <option value="">{t("any")}</option>
            {options.languages.map((l) => (
              <option key={l} value={l}>
                {languageLabel(l, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-topic">{t("topic")}</label>
          <select id="f-topic" value={filter.topic} onChange={set("topic")}>
            <option value="">{t("any")}</option>
            {options.topics.map((id) => (
              <option key={id} value={String(id)}>
                {topicLabel(id, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-channel">{t("channel")}</label>
          <select id="f-channel" value={filter.channel} onChange={set("channel")}>
            <option value="">{t("any")}</option>
            {options.channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-rating">{t("minRating")}</label>
          <select id="f-rating" value={filter.minRating} onChange={set("minRating")}>
            <option value="">{t("any")}</option>
            {[3, 4, 4.5].map((n) => (
              <option key={n} value={String(n)}>
                {t("atLeastStars", { n })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-deals">{t("minDeals")}</label>
          <select id="f-deals" value={filter.minDeals} onChange={set("minDeals")}>
            <option value="">{t("any")}</option>
            {[1, 3, 10].map((n) => (
              <option key={n} value={String(n)}>
                {t("atLeastDeals", { n })}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-end">
          <button type="button" className="secondary" onClick={() => setFilter(NO_FILTER)}>
            {t("reset")}
          </button>
        </div>
      </form>
      {profiles.isPending && <p role="status">{t("loading")}</p>}
      {profiles.error && (
        <p className="alert error" role="alert">
          {t("error", { reason: profiles.error.message })}
        </p>
      )}
      {profiles.data && (
        <>
          <p role="status" data-testid="influencer-count">
            {shown.length === 0 ? t("none") : t("count", { n: shown.length })}
          </p>
          <ul className="influencer-list">
            {shown.map((card) => (
              <Card key={card.account} card={card} />
            ))}
          </ul>
          {profiles.data.unreadable.length > 0 && <p className="muted">{t("unreadable", { n: profiles.data.unreadable.length })}</p>}
        </>
      )}
    </section>
  );
}
