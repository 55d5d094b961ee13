// Editor of a multiple-choice question table (acceptance criteria or breach questions): ready templates, custom
// questions with their options, which options count as compliant, and the weight. Validation is offer.ts's.
import { defineMessages, useLang, useT } from "../../i18n/index.tsx";
import { customQuestion, LIMITS, questionFromTemplate, type QuestionDraft, type TemplateId } from "./offer.ts";
import { FieldError, fieldId, type FieldErrors } from "./fields.tsx";

const messages = defineMessages(
  {
    templates: "Add a ready question:",
    custom: "Add a custom question",
    question: "Question {n}",
    text: "Question {n}: text",
    options: "Options (tick the ones that count as compliant)",
    option: "Question {n}, option {m}",
    compliant: "Question {n}, option {m} is compliant",
    compliantShort: "compliant",
    removeOption: "Remove option {m} of question {n}",
    addOption: "Add an option",
    weight: "Question {n}: weight",
    weightHint: "How much this question counts in the share paid (1 or more).",
    remove: "Remove question {n}",
    empty: "No question yet: add a ready one or write your own.",
  },
  {
    templates: "Ajouter une question prête :",
    custom: "Ajouter une question personnalisée",
    question: "Question {n}",
    text: "Question {n} : texte",
    options: "Options (cochez celles qui comptent comme conformes)",
    option: "Question {n}, option {m}",
    compliant: "Question {n}, l'option {m} est conforme",
    compliantShort: "conforme",
    removeOption: "Retirer l'option {m} de la question {n}",
    addOption: "Ajouter une option",
    weight: "Question {n} : poids",
    weightHint: "Ce que pèse cette question dans la part payée (1 ou plus).",
    remove: "Retirer la question {n}",
    empty: "Aucune question : ajoutez-en une prête ou écrivez la vôtre.",
  },
);

export const TEMPLATE_NAMES = defineMessages(
  {
    product: "Product mentioned",
    disclosure: "Disclosure (#ad) before the fold",
    onTime: "Posted on time",
    channel: "On the agreed channel",
    guidelines: "Brand guidelines respected",
    breachCompetitor: "Competitor promoted",
    breachPaid: "Paid competing post",
  },
  {
    product: "Produit mentionné",
    disclosure: "Mention (#pub) visible sans dérouler",
    onTime: "Publié à temps",
    channel: "Sur le canal convenu",
    guidelines: "Consignes de la marque respectées",
    breachCompetitor: "Concurrent promu",
    breachPaid: "Publication concurrente payée",
  },
);

export function QuestionsEditor({
  prefix,
  questions,
  templates,
  errors,
  onChange,
}: {
  prefix: string;
  questions: readonly QuestionDraft[];
  templates: readonly TemplateId[];
  errors: FieldErrors;
  onChange: (next: QuestionDraft[]) => void;
}) {
  const t = useT(messages);
  const names = useT(TEMPLATE_NAMES);
  const { lang } = useLang();
  const update = (i: number, q: QuestionDraft) => onChange(questions.map((old, j) => (j === i ? q : old)));
  const listError = errors.get(prefix);
  return (
    <div className="questions">
      <p id={fieldId(`${prefix}.templates`)}>{t("templates")}</p>
      <div className="row" role="group" aria-labelledby={fieldId(`${prefix}.templates`)}>
        {templates.map((id) => (
          <button
            key={id}
            type="button"
            className="secondary"
            disabled={questions.length >= LIMITS.maxQuestions || questions.some((q) => q.template === id)}
            onClick={() => onChange([...questions, questionFromTemplate(id, lang)])}
          >
            + {names(id)}
          </button>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={questions.length >= LIMITS.maxQuestions}
          onClick={() => onChange([...questions, customQuestion()])}
        >
          + {t("custom")}
        </button>
      </div>
      {questions.length === 0 && <p className="muted">{t("empty")}</p>}
      <FieldError field={prefix} error={listError} />
      <ol className="question-list">
        {questions.map((q, i) => {
          const n = i + 1;
          const at = `${prefix}.${i}`;
          const textError = errors.get(`${at}.text`);
          const weightError = errors.get(`${at}.weight`);
          const compliantError = errors.get(`${at}.compliant`);
          const optionsError = errors.get(`${at}.options`);
          return (
            <li key={i} className="question">
              <fieldset>
                <legend>
                  {t("question", { n })}
                  {q.template !== "custom" && <span className="muted"> · {names(q.template)}</span>}
                </legend>
                <label htmlFor={fieldId(`${at}.text`)}>{t("text", { n })}</label>
                <input
                  id={fieldId(`${at}.text`)}
                  className="wide"
                  value={q.text}
                  aria-invalid={textError ? true : undefined}
                  aria-describedby={textError ? `${fieldId(`${at}.text`)}-error` : undefined}
                  onChange={(e) => update(i, { ...q, text: e.target.value })}
                />
                <FieldError field={`${at}.text`} error={textError} />
                <p className="field-label" id={fieldId(`${at}.options`)}>
                  {t("options")}
                </p>
                <ul className="options" aria-labelledby={fieldId(`${at}.options`)}>
                  {q.options.map((option, j) => {
                    const m = j + 1;
                    const optionError = errors.get(`${at}.options.${j}`);
                    const checked = q.compliant.includes(j);
                    return (
                      <li key={j}>
                        <div className="row">
                          <input
                            id={fieldId(`${at}.options.${j}`)}
                            aria-label={t("option", { n, m })}
                            value={option}
                            aria-invalid={optionError ? true : undefined}
                            aria-describedby={optionError ? `${fieldId(`${at}.options.${j}`)}-error` : undefined}
                            onChange={(e) => update(i, { ...q, options: q.options.map((o, k) => (k === j ? e.target.value : o)) })}
                          />
                          <label className="inline">
                            <input
                              type="checkbox"
                              checked={checked}
                              aria-label={t("compliant", { n, m })}
                              onChange={() =>
                                update(i, { ...q, compliant: checked ? q.compliant.filter((k) => k !== j) : [...q.compliant, j] })
                              }
                            />{" "}
                            {t("compliantShort")}
                          </label>
                          <button
                            type="button"
                            className="link"
                            aria-label={t("removeOption", { n, m })}
                            disabled={q.options.length <= 2}
                            onClick={() =>
                              update(i, {
                                ...q,
                                options: q.options.filter((_, k) => k !== j),
                                compliant: q.compliant.filter((k) => k !== j).map((k) => (k > j ? k - 1 : k)),
                              })
                            }
                          >
                            ×
                          </button>
                        </div>
                        <FieldError field={`${at}.options.${j}`} error={optionError} />
                      </li>
                    );
                  })}
                </ul>
                <FieldError field={`${at}.options`} error={optionsError} />
                <FieldError field={`${at}.compliant`} error={compliantError} />
                <button
                  type="button"
                  className="secondary"
                  disabled={q.options.length >= LIMITS.maxOptions}
                  onClick={() => update(i, { ...q, options: [...q.options, ""] })}
                >
                  + {t("addOption")}
                </button>
                <label htmlFor={fieldId(`${at}.weight`)}>{t("weight", { n })}</label>
                <input
                  id={fieldId(`${at}.weight`)}
                  inputMode="numeric"
                  size={6}
                  value={q.weight}
                  aria-invalid={weightError ? true : undefined}
                  aria-describedby={`${fieldId(`${at}.weight`)}-hint${weightError ? ` ${fieldId(`${at}.weight`)}-error` : ""}`}
                  onChange={(e) => update(i, { ...q, weight: e.target.value })}
                />
                <p className="field-hint" id={`${fieldId(`${at}.weight`)}-hint`}>
                  {t("weightHint")}
                </p>
                <FieldError field={`${at}.weight`} error={weightError} />
                <div>
                  <button type="button" className="link" onClick={() => onChange(questions.filter((_, k) => k !== i))}>
                    {t("remove", { n })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
