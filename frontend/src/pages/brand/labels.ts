// Labels of the brand pages' enumerations, in English and French (pure).
import type { Lang } from "../../i18n/index.tsx";

/** Topic names by id (contracts/types/DealTypes.sol, Topics). */
export const TOPIC_LABELS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["General", "Beauty", "Fashion", "Gaming", "Tech", "Food", "Fitness", "Travel", "Finance", "Lifestyle", "Parenting", "Sports", "Music", "Education", "Automotive", "Home"],
  fr: ["Général", "Beauté", "Mode", "Jeux vidéo", "Tech", "Cuisine", "Fitness", "Voyage", "Finance", "Art de vivre", "Parentalité", "Sport", "Musique", "Éducation", "Automobile", "Maison"],
};

export function topicLabel(id: number, lang: Lang): string {
  return TOPIC_LABELS[lang][id] ?? `#${id}`;
}

/** Language names of the codes the builder offers first. */
export const LANGUAGE_LABELS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: { fr: "French", en: "English", de: "German", es: "Spanish", it: "Italian", nl: "Dutch", pt: "Portuguese" },
  fr: { fr: "Français", en: "Anglais", de: "Allemand", es: "Espagnol", it: "Italien", nl: "Néerlandais", pt: "Portugais" },
};

export function languageLabel(code: string, lang: Lang): string {
  return LANGUAGE_LABELS[lang][code] ?? code;
}

/** Deal statuses (DealStatus), by value. */
export const DEAL_STATUS_LABELS: Readonly<Record<Lang, readonly string[]>> = {
  en: ["None", "Offered", "Declined", "Expired", "Active", "Closed"],
  fr: ["Aucun", "Proposé", "Refusé", "Expiré", "En cours", "Clôturé"],
};

export const SCOPE_LABELS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: { OrganicRepost: "Organic reposts", PaidAds: "Paid ads", Website: "Website", OutOfHome: "Out of home", Email: "Email", Broadcast: "Broadcast" },
  fr: { OrganicRepost: "Republications organiques", PaidAds: "Publicités payantes", Website: "Site web", OutOfHome: "Affichage", Email: "E-mail", Broadcast: "Diffusion TV/radio" },
};
