// #/brand/new: the guided brief builder. The brand fills the influencer, deliverables and dates, periods, acceptance
// questions, exclusivity (with a live conflict check against ExclusivityRegistry.conflictOf), holdback and rights;
// every field is validated by offer.ts before anything is stored or sent. The brief document is validated against its
// JSON Schema, stored in the document store (its digest is terms.briefHash), and the offer is funded with an EIP-2612
// permit (one signature + createDealWithPermit) or approve + createDeal, both through the one write path.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { bytesToHex, parseSignature, type Address, type Hex } from "viem";
import { getBlock, readContract } from "viem/actions";
import { useAccount, useReadContract } from "wagmi";
import { signTypedData } from "wagmi/actions";
import { dealEscrowAbi, exclusivityRegistryAbi, mockUsdcAbi } from "../../config/abis.generated.ts";
import { contractsOn } from "../../config/runtime.ts";
import { defineMessages, useLang, useT } from "../../i18n/index.tsx";
import { TxLine } from "../../components/TransactionList.tsx";
import { putDocument } from "../../lib/docs.ts";
import { formatAmount, formatBps, formatTime, shortAddress, shortHash } from "../../lib/format.ts";
import { useReadClient } from "../../lib/chain.ts";
import { useTransaction } from "../../lib/tx.tsx";
import { Link, navigate, useLocation } from "../../router.tsx";
import { wagmiConfig } from "../../wagmi.ts";
import { aria, Field, FieldError, fieldId, type FieldErrors } from "./fields.tsx";
import { languageLabel, LANGUAGE_LABELS, SCOPE_LABELS, topicLabel, TOPIC_LABELS } from "./labels.ts";
import {
  ACCEPTANCE_TEMPLATES,
  BREACH_TEMPLATES,
  buildBrief,
  buildOffer,
  CHANNELS,
  exclusivityWindow,
  initialDraft,
  issueMessage,
  LIMITS,
  parseAmount,
  protocolFeeOf,
  questionFromTemplate,
  RIGHTS_SCOPES,
  validateInfluencer,
  validateOffer,
  type MilestoneDraft,
  type OfferDraft,
} from "./offer.ts";
import { QuestionsEditor } from "./QuestionsEditor.tsx";
import { useChainNow, useProfiles } from "./useInfluencers.ts";

const messages = defineMessages(
  {
    title: "New offer",
    lead: "Write the brief, set the terms and fund the deal. Nothing is sent before every field is valid.",
    back: "Back to my deals",
    connect: "Connect the brand's wallet to make an offer.",
    notDeployed: "Ispera is not deployed on this network.",
    loading: "Reading the chain…",
    chainTime: "Dates are checked against the chain's time: {time}. A date means the end of that day (UTC).",
    sParties: "Influencer and token",
    influencer: "Influencer's address",
    influencerHint: "The wallet address the influencer published their profile with (0x…).",
    influencerKnown: "Profile: {name} (@{handle})",
    influencerUnknown: "No published profile for this address.",
    token: "Token",
    tokenValue: "USDC ({address})",
    sCampaign: "Campaign",
    campaignTitle: "Title",
    brandName: "Brand name (shown in the brief)",
    summary: "Summary (optional)",
    language: "Language of the content",
    languageHint: "Mediators who speak this language judge a dispute.",
    topic: "Topic",
    sMilestones: "Milestones",
    milestone: "Milestone {n}",
    description: "Deliverable of milestone {n}",
    channel: "Channel of milestone {n}",
    format: "Format of milestone {n} (video, story, post…)",
    amount: "Amount of milestone {n} (USDC)",
    deliverBy: "Deliver by (milestone {n})",
    addMilestone: "Add a milestone",
    removeMilestone: "Remove milestone {n}",
    sPeriods: "Deadlines and periods",
    acceptBy: "Accept by",
    acceptByHint: "The offer expires after this day; the escrow is refunded.",
    reviewDays: "Review period (days)",
    revisionDays: "Revision period (days)",
    feeDays: "Arbitration fee period (days)",
    periodHint: "1 to 60 days.",
    maxRevisions: "Revision requests allowed per milestone",
    sCriteria: "Acceptance criteria",
    criteriaLead: "Multiple-choice questions mediators answer if there is a dispute; the compliant answers, weighted, set the share paid.",
    sGuidelines: "Guidelines",
    disclosure: "Disclosure to show (such as #ad)",
    hashtags: "Hashtags (optional, separated by spaces)",
    sExclusivity: "Exclusivity",
    exclusivityOn: "The influencer works only with me on a topic for a period",
    exclusiveTopic: "Topic covered",
    exclusiveFrom: "From",
    exclusiveUntil: "Until",
    conflict:
      "Warning: this influencer already holds an exclusivity on {topic} with another brand ({brand}, deal {deal}) from {from} until {until}. They could not accept this offer while it lasts.",
    noConflict: "No conflicting exclusivity for this influencer on this topic and window.",
    checking: "Checking the influencer's exclusivities…",
    holdback: "Holdback (% of each payout kept until the exclusivity ends; optional)",
    holdbackHint: "Up to 50 %. A holdback needs breach questions, answered by mediators if you claim a breach.",
    breachQuestions: "Breach questions",
    sRights: "Content rights",
    rightsOn: "Buy usage rights on the content",
    scopes: "Uses",
    duration: "Duration in days (0 = perpetual)",
    territories: "Territories (ISO codes such as FR BE; empty = worldwide)",
    exclusiveLicence: "Exclusive licence",
    price: "Price of the rights (USDC, paid when the deal completes)",
    licence: "Licence in words",
    sFunding: "Funding",
    permit: "Permit: one signature, then one transaction",
    approve: "Approve, then create: two transactions",
    total: "Total to lock",
    fee: "Protocol fee ({bps}), taken from the influencer's payouts (at most)",
    net: "The influencer receives at most",
    balance: "Your USDC balance",
    allowance: "Current allowance for the escrow",
    short: "Your balance does not cover the total.",
    submit: "Create and fund the offer",
    problems: "{n} field(s) need attention before the offer can be sent.",
    storing: "Storing the brief in the document store…",
    signing: "Sign the permit in your wallet (no transaction yet)…",
    briefInvalid: "The brief does not match its schema: {reason}",
    storeFailed: "The brief could not be stored: {reason}",
    signFailed: "The permit was not signed: {reason}",
    labelApprove: "Approve USDC for the escrow",
    labelCreate: "Create the offer",
    created: "Offer created: deal {deal}.",
  },
  {
    title: "Nouvelle offre",
    lead: "Rédigez le brief, fixez les conditions et financez le contrat. Rien n'est envoyé tant qu'un champ est invalide.",
    back: "Retour à mes contrats",
    connect: "Connectez le portefeuille de la marque pour faire une offre.",
    notDeployed: "Ispera n'est pas déployé sur ce réseau.",
    loading: "Lecture de la chaîne…",
    chainTime: "Les dates sont vérifiées avec l'heure de la chaîne : {time}. Une date signifie la fin de ce jour (UTC).",
    sParties: "Influenceur et jeton",
    influencer: "Adresse de l'influenceur",
    influencerHint: "L'adresse du portefeuille avec lequel l'influenceur a publié son profil (0x…).",
    influencerKnown: "Profil : {name} (@{handle})",
    influencerUnknown: "Aucun profil publié pour cette adresse.",
    token: "Jeton",
    tokenValue: "USDC ({address})",
    sCampaign: "Campagne",
    campaignTitle: "Titre",
    brandName: "Nom de la marque (affiché dans le brief)",
    summary: "Résumé (facultatif)",
    language: "Langue du contenu",
    languageHint: "Des médiateurs qui parlent cette langue jugent un litige.",
    topic: "Thème",
    sMilestones: "Étapes",
    milestone: "Étape {n}",
    description: "Livrable de l'étape {n}",
    channel: "Canal de l'étape {n}",
    format: "Format de l'étape {n} (vidéo, story, post…)",
    amount: "Montant de l'étape {n} (USDC)",
    deliverBy: "À livrer avant (étape {n})",
    addMilestone: "Ajouter une étape",
    removeMilestone: "Retirer l'étape {n}",
    sPeriods: "Échéances et délais",
    acceptBy: "À accepter avant",
    acceptByHint: "L'offre expire après ce jour ; l'escrow est remboursé.",
    reviewDays: "Délai de validation (jours)",
    revisionDays: "Délai de révision (jours)",
    feeDays: "Délai des frais d'arbitrage (jours)",
    periodHint: "1 à 60 jours.",
    maxRevisions: "Demandes de révision permises par étape",
    sCriteria: "Critères d'acceptation",
    criteriaLead: "Des questions à choix multiples auxquelles répondent les médiateurs en cas de litige ; les réponses conformes, pondérées, fixent la part payée.",
    sGuidelines: "Consignes",
    disclosure: "Mention à afficher (comme #pub)",
    hashtags: "Hashtags (facultatif, séparés par des espaces)",
    sExclusivity: "Exclusivité",
    exclusivityOn: "L'influenceur travaille seulement avec moi sur un thème pendant une période",
    exclusiveTopic: "Thème couvert",
    exclusiveFrom: "Du",
    exclusiveUntil: "Au",
    conflict:
      "Attention : cet influenceur a déjà une exclusivité sur {topic} avec une autre marque ({brand}, contrat {deal}) du {from} au {until}. Il ne pourrait pas accepter cette offre tant qu'elle dure.",
    noConflict: "Aucune exclusivité en conflit pour cet influenceur sur ce thème et cette période.",
    checking: "Vérification des exclusivités de l'influenceur…",
    holdback: "Retenue (% de chaque paiement gardé jusqu'à la fin de l'exclusivité ; facultatif)",
    holdbackHint: "Jusqu'à 50 %. Une retenue demande des questions de manquement, posées aux médiateurs si vous signalez un manquement.",
    breachQuestions: "Questions de manquement",
    sRights: "Droits sur le contenu",
    rightsOn: "Acheter des droits d'utilisation du contenu",
    scopes: "Usages",
    duration: "Durée en jours (0 = perpétuelle)",
    territories: "Territoires (codes ISO comme FR BE ; vide = monde entier)",
    exclusiveLicence: "Licence exclusive",
    price: "Prix des droits (USDC, payé à la fin du contrat)",
    licence: "Licence en toutes lettres",
    sFunding: "Financement",
    permit: "Permit : une signature, puis une transaction",
    approve: "Approbation, puis création : deux transactions",
    total: "Total à bloquer",
    fee: "Frais du protocole ({bps}), pris sur les paiements de l'influenceur (au plus)",
    net: "L'influenceur reçoit au plus",
    balance: "Votre solde USDC",
    allowance: "Autorisation actuelle pour l'escrow",
    short: "Votre solde ne couvre pas le total.",
    submit: "Créer et financer l'offre",
    problems: "{n} champ(s) à corriger avant d'envoyer l'offre.",
    storing: "Enregistrement du brief dans le stockage de documents…",
    signing: "Signez le permit dans votre portefeuille (pas encore de transaction)…",
    briefInvalid: "Le brief ne respecte pas son schéma : {reason}",
    storeFailed: "Le brief n'a pas pu être enregistré : {reason}",
    signFailed: "Le permit n'a pas été signé : {reason}",
    labelApprove: "Autoriser l'escrow à prendre les USDC",
    labelCreate: "Créer l'offre",
    created: "Offre créée : contrat {deal}.",
  },
);

type Funding = "permit" | "approve";
type ChainId = (typeof wagmiConfig)["chains"][number]["id"];

function randomSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** Validates the brief against its JSON Schema (ajv and the schema are loaded with this page only when needed). */
async function checkBriefSchema(brief: unknown): Promise<string | undefined> {
  const [{ Ajv2020 }, schema] = await Promise.all([
    import("ajv/dist/2020.js"),
    import("../../../../scripts/lib/docstore/schemas/brief.v1.schema.json"),
  ]);
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema.default as object);
  if (validate(brief)) return undefined;
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("; ");
}

export function OfferBuilder() {
  const t = useT(messages);
  const { address, isConnected } = useAccount();
  const { chainId } = useReadClient();
  const now = useChainNow();
  const contracts = contractsOn(chainId);
  if (!isConnected || !address) {
    return (
      <section>
        <h1>{t("title")}</h1>
        <p className="alert">{t("connect")}</p>
      </section>
    );
  }
  if (!contracts?.escrow || !contracts.usdc || !contracts.registry) {
    return (
      <section>
        <h1>{t("title")}</h1>
        <p className="alert error">{t("notDeployed")}</p>
      </section>
    );
  }
  if (now.data === undefined) return <p role="status">{t("loading")}</p>;
  return (
    <Builder
      key={chainId}
      brand={address}
      chainId={chainId as ChainId}
      escrow={contracts.escrow.address}
      usdc={contracts.usdc.address}
      registry={contracts.registry.address}
      initialNow={now.data}
    />
  );
}

function Builder({
  brand,
  chainId,
  escrow,
  usdc,
  registry,
  initialNow,
}: {
  brand: Address;
  chainId: ChainId;
  escrow: Address;
  usdc: Address;
  registry: Address;
  initialNow: bigint;
}) {
  const t = useT(messages);
  const { lang } = useLang();
  const { query } = useLocation();
  const { client } = useReadClient();
  const profiles = useProfiles();
  const tx = useTransaction();
  const now = useChainNow().data ?? initialNow;
  const [draft, setDraft] = useState<OfferDraft>(() => ({
    ...initialDraft(initialNow, lang, query.get("influencer") ?? ""),
  }));
  const [salt] = useState(randomSalt);
  const [funding, setFunding] = useState<Funding>("permit");
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [step, setStep] = useState<"idle" | "storing" | "signing" | "sending">("idle");
  const [failure, setFailure] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);

  const brandProfile = profiles.data?.cards.find((c) => c.account.toLowerCase() === brand.toLowerCase());
  // The brief's brand name starts as the brand's published display name (once; the brand may change it).
  const profileName = brandProfile?.profile.displayName;
  useEffect(() => {
    if (profileName) setDraft((d) => (d.brandName === "" ? { ...d, brandName: profileName } : d));
  }, [profileName]);

  const fee = useReadContract({ address: escrow, abi: dealEscrowAbi, functionName: "protocolFeeBps", chainId });
  const balance = useReadContract({ address: usdc, abi: mockUsdcAbi, functionName: "balanceOf", args: [brand], chainId });
  const allowance = useReadContract({ address: usdc, abi: mockUsdcAbi, functionName: "allowance", args: [brand, escrow], chainId });

  const issues = useMemo(() => validateOffer(draft, { brand, now }), [draft, brand, now]);
  const errors: FieldErrors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of issues) {
      const shown = submitted || touched.has(issue.field) || touched.has(issue.field.replace(/\.\d+$/, ""));
      if (shown && !map.has(issue.field)) map.set(issue.field, issueMessage(issue, lang));
    }
    return map;
  }, [issues, submitted, touched, lang]);

  // The total as typed so far (valid amounts only), for the summary.
  const total = useMemo(() => {
    const sum = draft.milestones.reduce((acc, m) => {
      const v = parseAmount(m.amount);
      return typeof v === "bigint" ? acc + v : acc;
    }, 0n);
    const price = draft.rights.enabled ? parseAmount(draft.rights.price) : 0n;
    return sum + (typeof price === "bigint" ? price : 0n);
  }, [draft.milestones, draft.rights]);

  // Live exclusivity conflict check (ExclusivityRegistry.conflictOf), before anything is sent.
  const exWindow = exclusivityWindow(draft);
  const influencerOk = validateInfluencer(draft.influencer, brand) === undefined;
  const conflict = useQuery({
    queryKey: ["conflictOf", chainId, draft.influencer.toLowerCase(), brand, exWindow?.topic, exWindow?.from, exWindow?.until],
    enabled: client !== undefined && influencerOk && exWindow !== undefined,
    queryFn: async () => {
      const deal = await readContract(client!, {
        address: registry,
        abi: exclusivityRegistryAbi,
        functionName: "conflictOf",
        args: [draft.influencer.trim() as Address, brand, exWindow!.topic, exWindow!.from, exWindow!.until],
      });
      if (BigInt(deal) === 0n) return null;
      const ex = await readContract(client!, { address: registry, abi: exclusivityRegistryAbi, functionName: "getExclusivity", args: [deal] });
      return { deal, ...ex };
    },
  });

  const influencerCard = influencerOk
    ? profiles.data?.cards.find((c) => c.account.toLowerCase() === draft.influencer.trim().toLowerCase())
    : undefined;

  const set = <K extends keyof OfferDraft>(key: K, value: OfferDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const touch = (field: string) => () => setTouched((old) => (old.has(field) ? old : new Set([...old, field])));
  const setMilestone = (i: number, patch: Partial<MilestoneDraft>) =>
    set(
      "milestones",
      draft.milestones.map((m, j) => (j === i ? { ...m, ...patch } : m)),
    );
  const setEx = (patch: Partial<OfferDraft["exclusivity"]>) => {
    const next = { ...draft.exclusivity, ...patch };
    // A holdback needs breach questions: start from the two ready ones.
    if (patch.holdbackPercent !== undefined && next.breachQuestions.length === 0 && !["", "0"].includes(patch.holdbackPercent.trim())) {
      next.breachQuestions = BREACH_TEMPLATES.map((id) => questionFromTemplate(id, lang));
    }
    set("exclusivity", next);
  };
  const setRights = (patch: Partial<OfferDraft["rights"]>) => set("rights", { ...draft.rights, ...patch });

  const feeBps = fee.data;
  const busy = step !== "idle" || tx.busy;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (issues.length > 0) {
      const first = issues[0];
      if (first) {
        requestAnimationFrame(() => {
          const el = formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(fieldId(first.field))}`) ??
            formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
          el?.focus();
        });
      }
      return;
    }
    if (feeBps === undefined || client === undefined) return;
    const ctx = { brand, token: usdc, protocolFeeBps: feeBps, now, salt };
    // 1. The brief: built, checked against its JSON Schema, stored; its digest is the terms' briefHash.
    setStep("storing");
    let briefHash: Hex;
    try {
      const brief = buildBrief(draft, ctx);
      const schemaProblem = await checkBriefSchema(brief);
      if (schemaProblem) {
        setFailure(t("briefInvalid", { reason: schemaProblem }));
        setStep("idle");
        return;
      }
      briefHash = (await putDocument(brief)).digest;
    } catch (error) {
      setFailure(t("storeFailed", { reason: (error as Error).message }));
      setStep("idle");
      return;
    }
    const offer = buildOffer(draft, ctx, briefHash);
    let ok = false;
    if (funding === "permit") {
      // 2a. One EIP-2612 signature for the total, then createDealWithPermit.
      setStep("signing");
      let signature: { v: number; r: Hex; s: Hex; deadline: bigint };
      try {
        const [nonce, domain, block] = await Promise.all([
          readContract(client, { address: usdc, abi: mockUsdcAbi, functionName: "nonces", args: [brand] }),
          readContract(client, { address: usdc, abi: mockUsdcAbi, functionName: "eip712Domain" }),
          getBlock(client),
        ]);
        const deadline = block.timestamp + 3_600n;
        const raw = await signTypedData(wagmiConfig, {
          account: brand,
          domain: { name: domain[1], version: domain[2], chainId, verifyingContract: usdc },
          types: {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          primaryType: "Permit",
          message: { owner: brand, spender: escrow, value: offer.total, nonce, deadline },
        });
        const parsed = parseSignature(raw);
        signature = { v: parsed.v !== undefined ? Number(parsed.v) : parsed.yParity + 27, r: parsed.r, s: parsed.s, deadline };
      } catch (error) {
        // The error decoder and texts load on the first failure (as lib/tx.tsx does).
        const [{ decodeError }, { describeError }] = await Promise.all([import("../../lib/errors.ts"), import("../../lib/errorMessages.ts")]);
        setFailure(t("signFailed", { reason: describeError(decodeError(error), lang) }));
        setStep("idle");
        return;
      }
      setStep("sending");
      ok =
        (await tx.send(t("labelCreate"), {
          address: escrow,
          abi: dealEscrowAbi,
          functionName: "createDealWithPermit",
          args: [offer.terms, offer.criteria, signature.deadline, signature.v, signature.r, signature.s],
          account: brand,
          chainId,
        })) !== undefined;
    } else {
      // 2b. approve (when the allowance does not cover the total), then createDeal.
      setStep("sending");
      let approved = (allowance.data ?? 0n) >= offer.total;
      if (!approved) {
        approved =
          (await tx.send(t("labelApprove"), {
            address: usdc,
            abi: mockUsdcAbi,
            functionName: "approve",
            args: [escrow, offer.total],
            account: brand,
            chainId,
          })) !== undefined;
      }
      if (approved) {
        ok =
          (await tx.send(t("labelCreate"), {
            address: escrow,
            abi: dealEscrowAbi,
            functionName: "createDeal",
            args: [offer.terms, offer.criteria],
            account: brand,
            chainId,
          })) !== undefined;
      }
    }
    setStep("idle");
    if (ok) navigate(`/brand?created=${offer.dealId}`);
  }

  const problemCount = submitted ? issues.length : 0;
  const languages = Object.keys(LANGUAGE_LABELS[lang]);
  if (!languages.includes(draft.language)) languages.push(draft.language);

  return (
    <section>
      <p>
        <Link to="/brand">← {t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p className="muted">{t("chainTime", { time: formatTime(now, lang) })}</p>
      <form ref={formRef} className="offer-form" noValidate onSubmit={onSubmit}>
        <fieldset>
          <legend>{t("sParties")}</legend>
          <Field field="influencer" label={t("influencer")} hint={t("influencerHint")} errors={errors}>
            <input
              {...aria("influencer", errors, true)}
              className="wide mono"
              autoComplete="off"
              spellCheck={false}
              value={draft.influencer}
              onChange={(e) => set("influencer", e.target.value)}
              onBlur={touch("influencer")}
            />
          </Field>
          {influencerOk && profiles.data && (
            <p className="muted" data-testid="influencer-profile">
              {influencerCard
                ? t("influencerKnown", { name: influencerCard.profile.displayName, handle: influencerCard.profile.handle })
                : t("influencerUnknown")}
            </p>
          )}
          <p className="field-label">{t("token")}</p>
          <p className="mono">{t("tokenValue", { address: shortAddress(usdc) })}</p>
        </fieldset>

        <fieldset>
          <legend>{t("sCampaign")}</legend>
          <Field field="title" label={t("campaignTitle")} errors={errors}>
            <input {...aria("title", errors)} className="wide" value={draft.title} onChange={(e) => set("title", e.target.value)} onBlur={touch("title")} />
          </Field>
          <Field field="brandName" label={t("brandName")} errors={errors}>
            <input {...aria("brandName", errors)} className="wide" value={draft.brandName} onChange={(e) => set("brandName", e.target.value)} onBlur={touch("brandName")} />
          </Field>
          <Field field="summary" label={t("summary")} errors={errors}>
            <textarea {...aria("summary", errors)} rows={3} value={draft.summary} onChange={(e) => set("summary", e.target.value)} onBlur={touch("summary")} />
          </Field>
          <div className="grid">
            <Field field="language" label={t("language")} hint={t("languageHint")} errors={errors}>
              <select {...aria("language", errors, true)} value={draft.language} onChange={(e) => set("language", e.target.value)}>
                {languages.map((code) => (
                  <option key={code} value={code}>
                    {languageLabel(code, lang)} ({code})
                  </option>
                ))}
              </select>
            </Field>
            <Field field="topic" label={t("topic")} errors={errors}>
              <select {...aria("topic", errors)} value={draft.topic} onChange={(e) => set("topic", e.target.value)}>
                {TOPIC_LABELS[lang].map((name, id) => (
                  <option key={id} value={String(id)}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("sMilestones")}</legend>
          <FieldError field="milestones" error={errors.get("milestones")} />
          {draft.milestones.map((m, i) => {
            const n = i + 1;
            const at = `milestones.${i}`;
            return (
              <fieldset key={i} className="milestone">
                <legend>{t("milestone", { n })}</legend>
                <Field field={`${at}.description`} label={t("description", { n })} errors={errors}>
                  <textarea
                    {...aria(`${at}.description`, errors)}
                    rows={2}
                    value={m.description}
                    onChange={(e) => setMilestone(i, { description: e.target.value })}
                    onBlur={touch(`${at}.description`)}
                  />
                </Field>
                <div className="grid">
                  <Field field={`${at}.channel`} label={t("channel", { n })} errors={errors}>
                    <select {...aria(`${at}.channel`, errors)} value={m.channel} onChange={(e) => setMilestone(i, { channel: e.target.value })}>
                      {CHANNELS.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field field={`${at}.format`} label={t("format", { n })} errors={errors}>
                    <input {...aria(`${at}.format`, errors)} value={m.format} onChange={(e) => setMilestone(i, { format: e.target.value })} onBlur={touch(`${at}.format`)} />
                  </Field>
                  <Field field={`${at}.amount`} label={t("amount", { n })} errors={errors}>
                    <input
                      {...aria(`${at}.amount`, errors)}
                      inputMode="decimal"
                      value={m.amount}
                      onChange={(e) => setMilestone(i, { amount: e.target.value })}
                      onBlur={touch(`${at}.amount`)}
                    />
                  </Field>
                  <Field field={`${at}.deliverBy`} label={t("deliverBy", { n })} errors={errors}>
                    <input
                      {...aria(`${at}.deliverBy`, errors)}
                      type="date"
                      value={m.deliverBy}
                      onChange={(e) => setMilestone(i, { deliverBy: e.target.value })}
                      onBlur={touch(`${at}.deliverBy`)}
                    />
                  </Field>
                </div>
                {draft.milestones.length > 1 && (
                  <button type="button" className="link" onClick={() => set("milestones", draft.milestones.filter((_, j) => j !== i))}>
                    {t("removeMilestone", { n })}
                  </button>
                )}
              </fieldset>
            );
          })}
          <button
            type="button"
            className="secondary"
            disabled={draft.milestones.length >= LIMITS.maxMilestones}
            onClick={() => {
              const last = draft.milestones[draft.milestones.length - 1];
              set("milestones", [...draft.milestones, { description: "", channel: last?.channel ?? "instagram", format: last?.format ?? "", amount: "", deliverBy: last?.deliverBy ?? "" }]);
            }}
          >
            + {t("addMilestone")}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t("sPeriods")}</legend>
          <div className="grid">
            <Field field="acceptBy" label={t("acceptBy")} hint={t("acceptByHint")} errors={errors}>
              <input {...aria("acceptBy", errors, true)} type="date" value={draft.acceptBy} onChange={(e) => set("acceptBy", e.target.value)} onBlur={touch("acceptBy")} />
            </Field>
            {(["reviewDays", "revisionDays", "feeDays"] as const).map((key) => (
              <Field key={key} field={key} label={t(key)} hint={t("periodHint")} errors={errors}>
                <input {...aria(key, errors, true)} inputMode="numeric" size={4} value={draft[key]} onChange={(e) => set(key, e.target.value)} onBlur={touch(key)} />
              </Field>
            ))}
            <Field field="maxRevisions" label={t("maxRevisions")} errors={errors}>
              <input {...aria("maxRevisions", errors)} inputMode="numeric" size={4} value={draft.maxRevisions} onChange={(e) => set("maxRevisions", e.target.value)} onBlur={touch("maxRevisions")} />
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("sCriteria")}</legend>
          <p className="muted">{t("criteriaLead")}</p>
          <QuestionsEditor prefix="questions" questions={draft.questions} templates={ACCEPTANCE_TEMPLATES} errors={errors} onChange={(q) => set("questions", q)} />
        </fieldset>

        <fieldset>
          <legend>{t("sGuidelines")}</legend>
          <div className="grid">
            <Field field="disclosure" label={t("disclosure")} errors={errors}>
              <input {...aria("disclosure", errors)} value={draft.disclosure} onChange={(e) => set("disclosure", e.target.value)} onBlur={touch("disclosure")} />
            </Field>
            <Field field="hashtags" label={t("hashtags")} errors={errors}>
              <input {...aria("hashtags", errors)} value={draft.hashtags} onChange={(e) => set("hashtags", e.target.value)} onBlur={touch("hashtags")} />
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t("sExclusivity")}</legend>
          <label className="inline">
            <input type="checkbox" checked={draft.exclusivity.enabled} onChange={(e) => setEx({ enabled: e.target.checked })} /> {t("exclusivityOn")}
          </label>
          {draft.exclusivity.enabled && (
            <>
              <div className="grid">
                <Field field="exclusivity.topic" label={t("exclusiveTopic")} errors={errors}>
                  <select {...aria("exclusivity.topic", errors)} value={draft.exclusivity.topic} onChange={(e) => setEx({ topic: e.target.value })}>
                    {TOPIC_LABELS[lang].map((name, id) => (
                      <option key={id} value={String(id)}>
                        {name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field field="exclusivity.from" label={t("exclusiveFrom")} errors={errors}>
                  <input {...aria("exclusivity.from", errors)} type="date" value={draft.exclusivity.from} onChange={(e) => setEx({ from: e.target.value })} onBlur={touch("exclusivity.from")} />
                </Field>
                <Field field="exclusivity.until" label={t("exclusiveUntil")} errors={errors}>
                  <input {...aria("exclusivity.until", errors)} type="date" value={draft.exclusivity.until} onChange={(e) => setEx({ until: e.target.value })} onBlur={touch("exclusivity.until")} />
                </Field>
              </div>
              <div aria-live="polite">
                {conflict.isFetching && !conflict.data && <p className="muted">{t("checking")}</p>}
                {conflict.data && (
                  <p className="alert" role="alert" data-testid="exclusivity-conflict">
                    {t("conflict", {
                      topic: topicLabel(conflict.data.topic, lang),
                      brand: shortAddress(conflict.data.brand),
                      deal: shortHash(conflict.data.deal),
                      from: formatTime(conflict.data.from, lang),
                      until: formatTime(conflict.data.until, lang),
                    })}
                  </p>
                )}
                {conflict.data === null && <p className="ok">{t("noConflict")}</p>}
              </div>
              <Field field="exclusivity.holdbackPercent" label={t("holdback")} hint={t("holdbackHint")} errors={errors}>
                <input
                  {...aria("exclusivity.holdbackPercent", errors, true)}
                  inputMode="decimal"
                  size={6}
                  value={draft.exclusivity.holdbackPercent}
                  onChange={(e) => setEx({ holdbackPercent: e.target.value })}
                  onBlur={touch("exclusivity.holdbackPercent")}
                />
              </Field>
              {!["", "0"].includes(draft.exclusivity.holdbackPercent.trim()) && (
                <>
                  <p className="field-label">{t("breachQuestions")}</p>
                  <QuestionsEditor
                    prefix="exclusivity.breachQuestions"
                    questions={draft.exclusivity.breachQuestions}
                    templates={BREACH_TEMPLATES}
                    errors={errors}
                    onChange={(q) => setEx({ breachQuestions: q })}
                  />
                </>
              )}
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t("sRights")}</legend>
          <label className="inline">
            <input type="checkbox" checked={draft.rights.enabled} onChange={(e) => setRights({ enabled: e.target.checked })} /> {t("rightsOn")}
          </label>
          {draft.rights.enabled && (
            <>
              <fieldset aria-describedby={errors.get("rights.scopes") ? `${fieldId("rights.scopes")}-error` : undefined}>
                <legend>{t("scopes")}</legend>
                {RIGHTS_SCOPES.map(([name]) => (
                  <label key={name} className="inline scope">
                    <input
                      type="checkbox"
                      checked={draft.rights.scopes.includes(name)}
                      onChange={(e) =>
                        setRights({ scopes: e.target.checked ? [...draft.rights.scopes, name] : draft.rights.scopes.filter((s) => s !== name) })
                      }
                    />{" "}
                    {SCOPE_LABELS[lang][name]}
                  </label>
                ))}
                <FieldError field="rights.scopes" error={errors.get("rights.scopes")} />
              </fieldset>
              <div className="grid">
                <Field field="rights.durationDays" label={t("duration")} errors={errors}>
                  <input {...aria("rights.durationDays", errors)} inputMode="numeric" value={draft.rights.durationDays} onChange={(e) => setRights({ durationDays: e.target.value })} />
                </Field>
                <Field field="rights.territories" label={t("territories")} errors={errors}>
                  <input {...aria("rights.territories", errors)} value={draft.rights.territories} onChange={(e) => setRights({ territories: e.target.value })} />
                </Field>
                <Field field="rights.price" label={t("price")} errors={errors}>
                  <input {...aria("rights.price", errors)} inputMode="decimal" value={draft.rights.price} onChange={(e) => setRights({ price: e.target.value })} />
                </Field>
              </div>
              <label className="inline">
                <input type="checkbox" checked={draft.rights.exclusive} onChange={(e) => setRights({ exclusive: e.target.checked })} /> {t("exclusiveLicence")}
              </label>
              <Field field="rights.description" label={t("licence")} errors={errors}>
                <textarea {...aria("rights.description", errors)} rows={2} value={draft.rights.description} onChange={(e) => setRights({ description: e.target.value })} onBlur={touch("rights.description")} />
              </Field>
            </>
          )}
        </fieldset>

        <fieldset className="summary">
          <legend>{t("sFunding")}</legend>
          <label className="inline">
            <input type="radio" name="funding" value="permit" checked={funding === "permit"} onChange={() => setFunding("permit")} /> {t("permit")}
          </label>
          <br />
          <label className="inline">
            <input type="radio" name="funding" value="approve" checked={funding === "approve"} onChange={() => setFunding("approve")} /> {t("approve")}
          </label>
          <dl>
            <dt>{t("total")}</dt>
            <dd data-testid="offer-total">{formatAmount(total, lang)}</dd>
            <dt>{t("fee", { bps: feeBps === undefined ? "…" : formatBps(feeBps, lang) })}</dt>
            <dd>{feeBps === undefined ? "…" : formatAmount(protocolFeeOf(total, feeBps), lang)}</dd>
            <dt>{t("net")}</dt>
            <dd>{feeBps === undefined ? "…" : formatAmount(total - protocolFeeOf(total, feeBps), lang)}</dd>
            <dt>{t("balance")}</dt>
            <dd>{balance.data === undefined ? "…" : formatAmount(balance.data, lang)}</dd>
            {funding === "approve" && (
              <>
                <dt>{t("allowance")}</dt>
                <dd>{allowance.data === undefined ? "…" : formatAmount(allowance.data, lang)}</dd>
              </>
            )}
          </dl>
          {balance.data !== undefined && total > balance.data && <p className="alert">{t("short")}</p>}
          {problemCount > 0 && (
            <p className="alert error" role="alert">
              {t("problems", { n: problemCount })}
            </p>
          )}
          {failure && (
            <p className="alert error" role="alert">
              {failure}
            </p>
          )}
          {step === "storing" && <p role="status">{t("storing")}</p>}
          {step === "signing" && <p role="status">{t("signing")}</p>}
          {tx.last && <TxLine record={tx.last} />}
          <button type="submit" disabled={busy || feeBps === undefined}>
            {t("submit")}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
