import { LANGUAGES, useLang, useT } from "../i18n/index.tsx";
import { commonMessages } from "../i18n/common.ts";

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT(commonMessages);
  return (
    <label className="lang">
      <span className="visually-hidden">{t("lang.label")}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as (typeof LANGUAGES)[number])} aria-label={t("lang.label")}>
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
    </label>
  );
}
