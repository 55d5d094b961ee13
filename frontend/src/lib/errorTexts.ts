// The plain-word texts of the contracts' custom errors, in English and French: one entry per error of every Ispera
// contract, of their libraries and of the OpenZeppelin / Chainlink code they inherit (frontend/test/errors.test.ts
// checks that none is missing and that every {placeholder} is an argument of its error), and the contracts' enums in
// words. Data only: lib/errorMessages.ts loads this module lazily, so that ~11 kB gzip of texts stay out of the
// initial JavaScript (they arrive right after the first render, long before any transaction can fail).
import type { Lang } from "../i18n/index.tsx";

export interface ErrorText {
  readonly en: string;
  readonly fr: string;
}

const t = (en: string, fr: string): ErrorText => ({ en, fr });

/** Texts by error name. "UserRejected", "Revert" and "Unknown" are the categories of lib/errors.ts. */
export const ERROR_TEXTS: Readonly<Record<string, ErrorText>> = {
  // Categories (lib/errors.ts).
  UserRejected: t("You rejected the request in your wallet.", "Vous avez refusé la demande dans votre portefeuille."),
  Revert: t("The contract refused: {reason}.", "Le contrat a refusé : {reason}."),
  Unknown: t("The request failed: {message}", "La requête a échoué : {message}"),

  // Deal escrow: terms of an offer.
  TermsBrandNotCaller: t(
    "The offer names {brand} as the brand, but it is sent from {caller}: send it from the brand's account.",
    "L'offre désigne {brand} comme marque, mais elle est envoyée depuis {caller} : envoyez-la depuis le compte de la marque.",
  ),
  TermsInvalidInfluencer: t(
    "{influencer} cannot be the influencer of a deal (empty address, the escrow itself or the brand).",
    "{influencer} ne peut pas être l'influenceur d'un contrat (adresse vide, l'escrow lui-même ou la marque).",
  ),
  TermsFeeMismatch: t(
    "The offer was prepared with a protocol fee of {provided}, but the fee is now {current}: prepare it again.",
    "L'offre a été préparée avec des frais de protocole de {provided}, mais ils sont maintenant de {current} : préparez-la à nouveau.",
  ),
  TermsMilestoneCount: t(
    "A deal has 1 to {max} milestones; this one has {count}.",
    "Un contrat compte de 1 à {max} étapes ; celui-ci en a {count}.",
  ),
  TermsZeroAmount: t("Milestone {index} has no amount: give it one above zero.", "L'étape {index} n'a pas de montant : indiquez un montant supérieur à zéro."),
  TermsTotalTooLarge: t(
    "The deal's total, {total}, is above the most one deal can hold ({max}).",
    "Le total du contrat, {total}, dépasse le maximum d'un contrat ({max}).",
  ),
  TermsAcceptByInvalid: t(
    "The answer deadline {acceptBy} must be after {notBefore} and no later than {notAfter}.",
    "La date limite de réponse {acceptBy} doit être après le {notBefore} et au plus tard le {notAfter}.",
  ),
  TermsDeliverByInvalid: t(
    "Milestone {index}'s delivery date {deliverBy} must be after {notBefore} and no later than {notAfter}.",
    "La date de livraison de l'étape {index}, {deliverBy}, doit être après le {notBefore} et au plus tard le {notAfter}.",
  ),
  TermsReviewPeriodOutOfRange: t(
    "The review period ({period}) must be between {min} and {max}.",
    "La durée de revue ({period}) doit être comprise entre {min} et {max}.",
  ),
  TermsRevisionPeriodOutOfRange: t(
    "The revision period ({period}) must be between {min} and {max}.",
    "La durée de révision ({period}) doit être comprise entre {min} et {max}.",
  ),
  TermsFeeTimeoutOutOfRange: t(
    "The time to pay the arbitration fee ({timeout}) must be between {min} and {max}.",
    "Le délai de paiement des frais d'arbitrage ({timeout}) doit être compris entre {min} et {max}.",
  ),
  TermsTooManyRevisions: t(
    "{maxRevisions} revision rounds asked; at most {limit} are allowed.",
    "{maxRevisions} tours de révision demandés ; {limit} au plus sont permis.",
  ),
  TermsLanguageInvalid: t(
    "The language \"{language}\" is not a two-letter lower-case code such as en or fr.",
    "La langue « {language} » n'est pas un code de deux lettres minuscules comme en ou fr.",
  ),
  TermsTopicUnknown: t("Topic {topic} does not exist (there are {count} topics).", "Le thème {topic} n'existe pas (il y a {count} thèmes)."),
  TermsExclusivityIncomplete: t(
    "Without an exclusivity end date, the exclusivity topic ({exclusiveTopic}), start ({exclusiveFrom}) and holdback ({holdbackBps}) must be empty.",
    "Sans date de fin d'exclusivité, le thème ({exclusiveTopic}), le début ({exclusiveFrom}) et la retenue ({holdbackBps}) de l'exclusivité doivent être vides.",
  ),
  TermsExclusivityWindowInvalid: t(
    "The exclusivity must start ({exclusiveFrom}) before it ends ({exclusiveUntil}), and end after {notBefore} and no later than {notAfter}.",
    "L'exclusivité doit commencer ({exclusiveFrom}) avant de finir ({exclusiveUntil}), et finir après le {notBefore} et au plus tard le {notAfter}.",
  ),
  TermsHoldbackTooHigh: t("The holdback, {holdbackBps}, is above the maximum of {max}.", "La retenue, {holdbackBps}, dépasse le maximum de {max}."),
  TermsBreachCriteriaInvalid: t(
    "A holdback ({holdbackBps}) needs its breach questions ({breachCriteriaHash}), and breach questions need a holdback.",
    "Une retenue ({holdbackBps}) exige ses questions de manquement ({breachCriteriaHash}), et des questions de manquement exigent une retenue.",
  ),
  TermsRightsHashMissing: t(
    "A price for the content rights ({rightsPrice}) needs the rights terms' document.",
    "Un prix pour les droits sur le contenu ({rightsPrice}) exige le document des conditions de droits.",
  ),
  CriteriaHashMismatch: t(
    "The acceptance questions given ({actual}) are not the ones of the deal ({expected}).",
    "Les questions d'acceptation fournies ({actual}) ne sont pas celles du contrat ({expected}).",
  ),
  CriteriaQuestionCount: t(
    "A question table has 1 to {max} questions; this one has {count}.",
    "Un questionnaire compte de 1 à {max} questions ; celui-ci en a {count}.",
  ),
  CriteriaOptionCount: t(
    "Question {index} has {optionCount} options; it needs 2 to {max}.",
    "La question {index} a {optionCount} options ; il en faut de 2 à {max}.",
  ),
  CriteriaCompliantMaskInvalid: t(
    "Question {index}: mark at least one of its {optionCount} options as compliant, but not all of them (mask {compliantMask}).",
    "Question {index} : marquez au moins une de ses {optionCount} options comme conforme, mais pas toutes (masque {compliantMask}).",
  ),
  CriteriaZeroWeight: t("Question {index} has a weight of zero: give it a positive weight.", "La question {index} a un poids nul : donnez-lui un poids positif."),

  // Deal escrow: the deal's life.
  DealNotFound: t("There is no deal {dealId} (or the terms given are not its terms).", "Il n'y a pas de contrat {dealId} (ou les conditions fournies ne sont pas les siennes)."),
  DealAlreadyExists: t(
    "A deal with exactly these terms already exists ({dealId}): change something, for example its reference.",
    "Un contrat avec exactement ces conditions existe déjà ({dealId}) : modifiez quelque chose, par exemple sa référence.",
  ),
  DealUnexpectedStatus: t(
    "The deal is {current}; this needs it to be {expected}.",
    "Le contrat est {current} ; il doit être {expected} pour cela.",
  ),
  MilestoneOutOfRange: t("The deal has {count} milestones: there is no milestone {milestone}.", "Le contrat a {count} étapes : il n'y a pas d'étape {milestone}."),
  MilestoneUnexpectedStatus: t(
    "Milestone {milestone} is {current}; this needs it to be {expected}.",
    "L'étape {milestone} est {current} ; elle doit être {expected} pour cela.",
  ),
  DeadlinePassed: t("The deadline ({deadline}) has passed.", "La date limite ({deadline}) est dépassée."),
  DeadlineNotReached: t("Too early: this is possible after {deadline}.", "Trop tôt : possible après le {deadline}."),
  RevisionLimitReached: t(
    "Milestone {milestone} has used all its {limit} revision requests.",
    "L'étape {milestone} a épuisé ses {limit} demandes de révision.",
  ),
  SettlementShareInvalid: t("A share must be between 0 % and 100 % (given: {shareBps}).", "Une part doit être comprise entre 0 % et 100 % (donnée : {shareBps})."),
  SettlementNotProposed: t(
    "The open proposal is {proposer}'s for {proposedShareBps}, not {acceptedShareBps}: accept the proposal as it is.",
    "La proposition ouverte est celle de {proposer} pour {proposedShareBps}, pas {acceptedShareBps} : acceptez la proposition telle quelle.",
  ),
  ArbitrationNotAvailable: t(
    "{caller} cannot go to arbitration on milestone {milestone} now: the brand disputes a submission under review, the influencer a revision request.",
    "{caller} ne peut pas aller en arbitrage sur l'étape {milestone} maintenant : la marque conteste une livraison en revue, l'influenceur une demande de révision.",
  ),
  ArbitrationFeeAlreadyPaid: t(
    "{party} has already paid the arbitration fee ({paid} of {cost}).",
    "{party} a déjà payé les frais d'arbitrage ({paid} sur {cost}).",
  ),
  ArbitrationCostTooHigh: t("The arbitration cost ({cost}) is too high for the escrow.", "Le coût de l'arbitrage ({cost}) est trop élevé pour l'escrow."),
  ArbitrationUnknownDispute: t("The court has no dispute {disputeId} from this escrow.", "La cour n'a pas de litige {disputeId} venant de cet escrow."),
  ArbitrationDisputeIdReused: t(
    "The court returned dispute number {disputeId}, which is already used by another dispute.",
    "La cour a renvoyé le numéro de litige {disputeId}, déjà utilisé par un autre litige.",
  ),
  ArbitrationRulingOutOfRange: t("The ruling {ruling} is above the highest option, {max}.", "La décision {ruling} dépasse l'option la plus haute, {max}."),
  EscrowTokenNotAllowed: t("The token {token} is not accepted for new deals.", "Le jeton {token} n'est pas accepté pour les nouveaux contrats."),
  EscrowFeeTooHigh: t("The protocol fee {feeBps} is above its cap of {maxFeeBps}.", "Les frais de protocole de {feeBps} dépassent leur plafond de {maxFeeBps}."),
  EscrowInvalidAddress: t(
    "The address {account} cannot be used here (empty address or the escrow itself).",
    "L'adresse {account} ne peut pas être utilisée ici (adresse vide ou l'escrow lui-même).",
  ),
  EscrowTransferShortfall: t(
    "The token moved {received} instead of {expected}: tokens that take a fee on transfer are not accepted.",
    "Le jeton a transféré {received} au lieu de {expected} : les jetons qui prélèvent des frais au transfert ne sont pas acceptés.",
  ),
  EscrowPermitFailed: t(
    "The signed permit did not apply and the allowance ({allowance}) does not cover {needed}: approve the amount, then try again.",
    "L'autorisation signée n'a pas été appliquée et l'allocation ({allowance}) ne couvre pas {needed} : approuvez le montant, puis réessayez.",
  ),
  EscrowUnauthorized: t("{caller} may not do this: only {required} may.", "{caller} ne peut pas faire cela : c'est réservé à {required}."),
  EscrowOnlyArbitrator: t("Only the court may deliver a ruling ({caller} is not the court).", "Seule la cour peut rendre une décision ({caller} n'est pas la cour)."),
  EscrowNothingToClaim: t("{account} has nothing to claim in this deal.", "{account} n'a rien à réclamer dans ce contrat."),
  EscrowOnlyFeeRecipient: t(
    "Only the fee recipient may withdraw the protocol fees ({caller} is not).",
    "Seul le destinataire des frais peut retirer les frais de protocole ({caller} ne l'est pas).",
  ),
  EscrowMixedTokens: t(
    "Deals paid in different tokens cannot be claimed together ({expected} and {found}): claim them separately.",
    "Des contrats payés en jetons différents ne peuvent pas être réclamés ensemble ({expected} et {found}) : réclamez-les séparément.",
  ),
  EscrowNoProtocolFees: t("There are no protocol fees to withdraw in {token}.", "Il n'y a pas de frais de protocole à retirer en {token}."),

  // Exclusivity registry and holdback vault.
  ExclusivityOnlyEscrow: t("Only the escrow records exclusivities ({caller} is not the escrow).", "Seul l'escrow enregistre les exclusivités ({caller} n'est pas l'escrow)."),
  ExclusivityConflict: t(
    "This influencer ({influencer}) already holds an exclusivity on topic {topic} with another brand ({conflictingBrand}, deal {conflictingDeal}) from {from} until {until}.",
    "Cet influenceur ({influencer}) a déjà une exclusivité sur le thème {topic} avec une autre marque ({conflictingBrand}, contrat {conflictingDeal}) du {from} au {until}.",
  ),
  ExclusivityListFull: t(
    "The influencer {influencer} already has {max} open offers or exclusivities on topic {topic}: wait until some are declined or expire.",
    "L'influenceur {influencer} a déjà {max} offres ou exclusivités ouvertes sur le thème {topic} : attendez que certaines soient refusées ou expirent.",
  ),
  ExclusivityAlreadyRecorded: t("Deal {dealId} already has an exclusivity.", "Le contrat {dealId} a déjà une exclusivité."),
  ExclusivityUnexpectedStatus: t(
    "The deal's exclusivity is {current}; this needs it to be {expected}.",
    "L'exclusivité du contrat est {current} ; elle doit être {expected} pour cela.",
  ),
  HoldbackOnlyEscrow: t("Only the escrow may do this in the holdback vault ({caller} is not the escrow).", "Seul l'escrow peut faire cela dans le coffre de retenue ({caller} n'est pas l'escrow)."),
  HoldbackOnlyArbitrator: t("Only the court may rule on a holdback ({caller} is not the court).", "Seule la cour peut statuer sur une retenue ({caller} n'est pas la cour)."),
  HoldbackContextMismatch: t(
    "Deal {dealId} has no holdback, or not this one ({actual} instead of {expected}).",
    "Le contrat {dealId} n'a pas de retenue, ou pas celle-ci ({actual} au lieu de {expected}).",
  ),
  HoldbackAlreadyOpened: t("The holdback of deal {dealId} is already open.", "La retenue du contrat {dealId} est déjà ouverte."),
  HoldbackUnexpectedStatus: t(
    "The holdback is {current}; this needs it to be {expected}.",
    "La retenue est {current} ; elle doit être {expected} pour cela.",
  ),
  HoldbackWindowOpen: t(
    "The exclusivity is in force until {endsAt}: the holdback is released after that.",
    "L'exclusivité court jusqu'au {endsAt} : la retenue est libérée après.",
  ),
  HoldbackWindowNotStarted: t(
    "The exclusivity binds only from {startsAt}: a breach claim is too early.",
    "L'exclusivité ne s'applique qu'à partir du {startsAt} : une réclamation pour manquement est prématurée.",
  ),
  HoldbackWindowClosed: t(
    "The exclusivity ended on {endedAt}: a breach claim is too late.",
    "L'exclusivité a pris fin le {endedAt} : une réclamation pour manquement est trop tardive.",
  ),
  HoldbackNothingHeld: t("Nothing is held back for deal {dealId}.", "Rien n'est retenu pour le contrat {dealId}."),
  HoldbackOnlyBrand: t("Only the deal's brand ({brand}) may claim a breach; {caller} is not the brand.", "Seule la marque du contrat ({brand}) peut réclamer un manquement ; {caller} n'est pas la marque."),
  HoldbackCriteriaMismatch: t(
    "The breach questions given ({actual}) are not the deal's ({expected}).",
    "Les questions de manquement fournies ({actual}) ne sont pas celles du contrat ({expected}).",
  ),
  HoldbackUnknownDispute: t("The holdback vault has no dispute {disputeId}.", "Le coffre de retenue n'a pas de litige {disputeId}."),
  HoldbackRulingOutOfRange: t("The ruling {ruling} is above the highest option, {max}.", "La décision {ruling} dépasse l'option la plus haute, {max}."),
  HoldbackCostTooHigh: t("The arbitration cost ({cost}) is too high for the holdback vault.", "Le coût de l'arbitrage ({cost}) est trop élevé pour le coffre de retenue."),
  HoldbackTransferShortfall: t(
    "The token moved {received} instead of {expected}: tokens that take a fee on transfer are not accepted.",
    "Le jeton a transféré {received} au lieu de {expected} : les jetons qui prélèvent des frais au transfert ne sont pas acceptés.",
  ),
  HoldbackNothingToClaim: t("{account} has nothing to claim from the holdback of deal {dealId}.", "{account} n'a rien à réclamer sur la retenue du contrat {dealId}."),
  HoldbackInvalidRecipient: t("{to} cannot receive the payout (empty address or the vault itself).", "{to} ne peut pas recevoir le paiement (adresse vide ou le coffre lui-même)."),

  // Rights certificate.
  RightsInvalidEscrow: t("The escrow address {escrow} is not valid.", "L'adresse d'escrow {escrow} n'est pas valide."),
  RightsDealNotFound: t("There is no deal {dealId} with these terms.", "Il n'y a pas de contrat {dealId} avec ces conditions."),
  RightsNotIncluded: t("Deal {dealId} includes no content rights.", "Le contrat {dealId} n'inclut pas de droits sur le contenu."),
  RightsNotBought: t(
    "The content rights of deal {dealId} were not bought: the deal is {status} and did not complete with every milestone paid.",
    "Les droits sur le contenu du contrat {dealId} n'ont pas été achetés : le contrat est {status} et ne s'est pas terminé avec toutes ses étapes payées.",
  ),
  RightsHashMismatch: t(
    "The rights terms given ({actual}) are not the deal's ({expected}).",
    "Les conditions de droits fournies ({actual}) ne sont pas celles du contrat ({expected}).",
  ),
  RightsContentCount: t(
    "{provided} content hashes were given for a deal of {expected} milestones.",
    "{provided} empreintes de contenu ont été fournies pour un contrat de {expected} étapes.",
  ),
  RightsContentMismatch: t(
    "The content given for milestone {milestone} ({provided}) is not the one recorded by the escrow ({recorded}).",
    "Le contenu fourni pour l'étape {milestone} ({provided}) n'est pas celui enregistré par l'escrow ({recorded}).",
  ),
  RightsAlreadyMinted: t("The certificate of this deal already exists; {owner} holds it.", "Le certificat de ce contrat existe déjà ; {owner} le détient."),
  RightsPriceTooLarge: t("The rights price ({price}) is too large for the certificate.", "Le prix des droits ({price}) est trop élevé pour le certificat."),

  // Profiles and reputation.
  ProfileEmptyHash: t("A profile needs its document: save the profile document first.", "Un profil exige son document : enregistrez d'abord le document du profil."),
  ProfileUriEmpty: t("A profile needs the address (URI) of its document.", "Un profil exige l'adresse (URI) de son document."),
  ProfileUriTooLong: t("The document address is {length} bytes long; at most {max} are allowed.", "L'adresse du document fait {length} octets ; {max} au plus sont permis."),
  ProfileNotSet: t("{account} has no profile to clear.", "{account} n'a pas de profil à effacer."),
  ReputationInvalidEscrow: t("The escrow address {escrow} is not valid.", "L'adresse d'escrow {escrow} n'est pas valide."),
  ReputationDealNotEnded: t(
    "Deal {dealId} is {status}: ratings open once it is closed after being accepted.",
    "Le contrat {dealId} est {status} : les évaluations s'ouvrent une fois qu'il est clos après avoir été accepté.",
  ),
  ReputationAlreadyRecorded: t("Deal {dealId} is already recorded.", "Le contrat {dealId} est déjà enregistré."),
  ReputationNotAParty: t("{caller} is neither the brand nor the influencer of deal {dealId}.", "{caller} n'est ni la marque ni l'influenceur du contrat {dealId}."),
  ReputationScoreOutOfRange: t("A rating is 1 to 5 stars (given: {score}).", "Une note va de 1 à 5 étoiles (donnée : {score})."),
  ReputationAlreadyRated: t("{rater} has already rated deal {dealId}.", "{rater} a déjà évalué le contrat {dealId}."),

  // Mediator court.
  CourtInvalidParams: t(
    "A court parameter breaks its rule number {rule} (see the court's parameters).",
    "Un paramètre de la cour enfreint sa règle numéro {rule} (voir les paramètres de la cour).",
  ),
  CourtInvalidAddress: t("The address {account} cannot be used here.", "L'adresse {account} ne peut pas être utilisée ici."),
  CourtFeeTokenNotAccepted: t("The court takes its fees in {accepted}, not in {token}.", "La cour prend ses frais en {accepted}, pas en {token}."),
  CourtNativeFeesUnsupported: t("The court takes no fees in the chain's native currency: pay in USDC.", "La cour ne prend pas de frais dans la monnaie native de la chaîne : payez en USDC."),
  CourtChoicesUnsupported: t("The court rules on {expected} choices, not {choices}.", "La cour statue sur {expected} choix, pas {choices}."),
  CourtFeeTooLow: t("The fee paid ({paid}) is below the arbitration cost ({cost}).", "Les frais payés ({paid}) sont inférieurs au coût de l'arbitrage ({cost})."),
  CourtUnknownDispute: t("There is no dispute {disputeId}.", "Il n'y a pas de litige {disputeId}."),
  CourtUnexpectedPeriod: t(
    "Dispute {disputeId} is in its {current} period; this is possible in its {expected} period.",
    "Le litige {disputeId} est en période de {current} ; c'est possible en période de {expected}.",
  ),
  CourtPeriodNotOver: t(
    "The current period of dispute {disputeId} lasts until {deadline}: wait until then.",
    "La période en cours du litige {disputeId} dure jusqu'au {deadline} : attendez jusque-là.",
  ),
  CourtPeriodOver: t(
    "The period of dispute {disputeId} ended on {deadline}: it is too late.",
    "La période du litige {disputeId} s'est terminée le {deadline} : il est trop tard.",
  ),
  CourtDrawingIncomplete: t(
    "Dispute {disputeId} has {drawn} of its {needed} mediators drawn: the drawing must finish first.",
    "Le litige {disputeId} a {drawn} de ses {needed} médiateurs tirés : le tirage doit d'abord se terminer.",
  ),
  CourtRandomnessPending: t(
    "The random number for dispute {disputeId} (request {requestId}) is still awaited; a new request is possible after {retryAt}.",
    "Le nombre aléatoire du litige {disputeId} (demande {requestId}) est encore attendu ; une nouvelle demande est possible après le {retryAt}.",
  ),
  CourtRandomnessNotReady: t(
    "The random number for dispute {disputeId} (request {requestId}) has not arrived yet.",
    "Le nombre aléatoire du litige {disputeId} (demande {requestId}) n'est pas encore arrivé.",
  ),
  CourtRandomnessExpired: t(
    "The random number for dispute {disputeId} (request {requestId}) expired on {expiredAt}: request a new one.",
    "Le nombre aléatoire du litige {disputeId} (demande {requestId}) a expiré le {expiredAt} : demandez-en un nouveau.",
  ),
  CourtLanguageDrawing: t(
    "Mediators of the {language} pools are being drawn: staking, joining, leaving and withdrawing wait until the drawing ends (at the latest {until}).",
    "Des médiateurs des groupes {language} sont en cours de tirage : dépôt, entrée, sortie et retrait attendent la fin du tirage (au plus tard le {until}).",
  ),
  CourtZeroAmount: t("The amount must be above zero.", "Le montant doit être supérieur à zéro."),
  CourtStakeTooLow: t("A stake of {stake} is below the minimum of {minStake}.", "Un dépôt de {stake} est inférieur au minimum de {minStake}."),
  CourtInvalidPool: t("There is no pool for language {language} and topic {topic}.", "Il n'y a pas de groupe pour la langue {language} et le thème {topic}."),
  CourtExitNotAllowed: t("Leaving is possible from {allowedAt}.", "La sortie est possible à partir du {allowedAt}."),
  CourtInsufficientFreeStake: t(
    "Only {free} of your stake is free (the rest is locked in disputes or pools); {requested} was asked.",
    "Seuls {free} de votre dépôt sont libres (le reste est bloqué dans des litiges ou des groupes) ; {requested} demandés.",
  ),
  CourtNotYourVote: t("Vote {voteId} of dispute {disputeId} is not {mediator}'s.", "Le vote {voteId} du litige {disputeId} n'est pas celui de {mediator}."),
  CourtVoteAlreadyRevealed: t("Vote {voteId} of dispute {disputeId} is already revealed.", "Le vote {voteId} du litige {disputeId} est déjà révélé."),
  CourtVoteNotCommitted: t(
    "Vote {voteId} of dispute {disputeId} was never committed, so there is nothing to reveal.",
    "Le vote {voteId} du litige {disputeId} n'a jamais été scellé : il n'y a rien à révéler.",
  ),
  CourtNoVotes: t("No votes were given.", "Aucun vote n'a été fourni."),
  CourtEmptyCommitment: t("The sealed answer is empty.", "La réponse scellée est vide."),
  CourtVoteIdsNotIncreasing: t("The votes must be listed in increasing order (entry {index} breaks it).", "Les votes doivent être listés dans l'ordre croissant (l'entrée {index} ne l'est pas)."),
  CourtCommitMismatch: t(
    "The revealed answers do not match the sealed ones ({actual} instead of {expected}): reveal with the same wallet signature and answers.",
    "Les réponses révélées ne correspondent pas aux réponses scellées ({actual} au lieu de {expected}) : révélez avec la même signature et les mêmes réponses.",
  ),
  CourtNotAParty: t("{account} is not a party to dispute {disputeId}.", "{account} n'est pas partie au litige {disputeId}."),
  CourtAppealNotAllowed: t(
    "{party} cannot appeal dispute {disputeId} now (ruling share {shareBps}).",
    "{party} ne peut pas faire appel du litige {disputeId} maintenant (part décidée {shareBps}).",
  ),
  CourtNothingToRefund: t(
    "{funder} has nothing to get back from round {round} of dispute {disputeId}.",
    "{funder} n'a rien à récupérer du tour {round} du litige {disputeId}.",
  ),
  CourtRulingAlreadyDelivered: t("The ruling of dispute {disputeId} was already delivered.", "La décision du litige {disputeId} a déjà été rendue."),
  CourtRoundAlreadyExecuted: t("Round {round} of dispute {disputeId} was already settled.", "Le tour {round} du litige {disputeId} a déjà été réglé."),
  CourtNothingToClaim: t("{account} has nothing to claim in {token}.", "{account} n'a rien à réclamer en {token}."),
  CourtAmountTooLarge: t("The amount {amount} is above the maximum of {max}.", "Le montant {amount} dépasse le maximum de {max}."),
  CourtLogicInvalidCriteria: t(
    "The question table is not valid (question {index}): 1 to 16 questions of 2 to 8 options, some but not all compliant, each with a positive weight.",
    "Le questionnaire n'est pas valide (question {index}) : 1 à 16 questions de 2 à 8 options, certaines mais pas toutes conformes, chacune avec un poids positif.",
  ),
  CourtLogicAnswerCount: t("{given} answers were given for {expected} questions.", "{given} réponses ont été données pour {expected} questions."),
  CourtLogicInvalidAnswer: t("The answer to question {index} ({answer}) is not one of its options.", "La réponse à la question {index} ({answer}) n'est pas une de ses options."),
  PoolLogicTooManyPools: t("A mediator sits in at most {max} pools.", "Un médiateur siège dans {max} groupes au plus."),
  PoolLogicAlreadyInPool: t("You already sit in this pool ({key}).", "Vous siégez déjà dans ce groupe ({key})."),
  PoolLogicNotInPool: t("You do not sit in this pool ({key}).", "Vous ne siégez pas dans ce groupe ({key})."),
  SortitionTreeEmpty: t("No mediator is available in this pool to draw from.", "Aucun médiateur n'est disponible dans ce groupe pour le tirage."),
  SortitionTreeFull: t("The pool is full ({leafCount} mediators).", "Le groupe est complet ({leafCount} médiateurs)."),
  SortitionTreeInvalidAccount: t("The address {account} cannot join a pool.", "L'adresse {account} ne peut pas entrer dans un groupe."),
  SortitionTreeWeightOverflow: t(
    "Adding {added} to the pool's total weight ({total}) would exceed its limit.",
    "Ajouter {added} au poids total du groupe ({total}) dépasserait sa limite.",
  ),
  RandomnessOnlyConsumer: t("Only the court may request randomness ({caller} is not the court).", "Seule la cour peut demander un nombre aléatoire ({caller} n'est pas la cour)."),

  // Keeper (upkeep).
  UpkeepListFull: t("The keeper's watch list is full ({max} entries).", "La liste de surveillance du gardien est pleine ({max} entrées)."),
  UpkeepAlreadyWatched: t("{id} is already watched by the keeper.", "{id} est déjà surveillé par le gardien."),
  UpkeepUnknownDispute: t("The court has no dispute {disputeId}.", "La cour n'a pas de litige {disputeId}."),
  UpkeepUnknownDeal: t("The escrow has no deal {dealId}.", "L'escrow n'a pas de contrat {dealId}."),
  UpkeepNotDue: t(
    "The work \"{work}\" (index {index}) is not due for {id}: \"{due}\" is (index {dueIndex}).",
    "Le travail « {work} » (indice {index}) n'est pas dû pour {id} : « {due} » l'est (indice {dueIndex}).",
  ),

  // Test-only contracts of the local chain (mocks).
  TestArbitratorFeeTooLow: t("The fee paid ({paid}) is below the arbitration cost ({cost}).", "Les frais payés ({paid}) sont inférieurs au coût de l'arbitrage ({cost})."),
  TestArbitratorNativeFeesUnsupported: t("The test arbitrator takes no native-currency fees.", "L'arbitre de test ne prend pas de frais en monnaie native."),
  TestArbitratorTokenNotAccepted: t("The test arbitrator does not accept {token}.", "L'arbitre de test n'accepte pas {token}."),
  TestArbitratorUnknownDispute: t("The test arbitrator has no dispute {disputeId}.", "L'arbitre de test n'a pas de litige {disputeId}."),
  RevertingArbitrableOnlyArbitrator: t("Only the arbitrator may call this ({caller} is not).", "Seul l'arbitre peut appeler ceci ({caller} ne l'est pas)."),
  RevertingArbitrableRefused: t("The test contract refused ruling {ruling} of dispute {disputeId}.", "Le contrat de test a refusé la décision {ruling} du litige {disputeId}."),
  NoReturnInsufficient: t("The test token's transfer failed: insufficient balance or allowance.", "Le transfert du jeton de test a échoué : solde ou allocation insuffisant."),
  Blacklisted: t("The token refuses transfers for {account} (blocked address).", "Le jeton refuse les transferts pour {account} (adresse bloquée)."),
  TokenPaused: t("The token is paused: no transfers for now.", "Le jeton est en pause : aucun transfert pour le moment."),
  TransfersDisabled: t("The token's transfers are disabled.", "Les transferts du jeton sont désactivés."),

  // Tokens (ERC-20, permit) and certificates (ERC-721), from OpenZeppelin.
  ERC20InsufficientAllowance: t(
    "The allowance given to {spender} ({allowance}) does not cover {needed}: approve the amount first.",
    "L'allocation accordée à {spender} ({allowance}) ne couvre pas {needed} : approuvez d'abord le montant.",
  ),
  ERC20InsufficientBalance: t("{sender} has {balance}, not enough for {needed}.", "{sender} a {balance}, pas assez pour {needed}."),
  ERC20InvalidApprover: t("{approver} cannot approve (empty address).", "{approver} ne peut pas approuver (adresse vide)."),
  ERC20InvalidReceiver: t("{receiver} cannot receive tokens (empty address).", "{receiver} ne peut pas recevoir de jetons (adresse vide)."),
  ERC20InvalidSender: t("{sender} cannot send tokens (empty address).", "{sender} ne peut pas envoyer de jetons (adresse vide)."),
  ERC20InvalidSpender: t("{spender} cannot be approved (empty address).", "{spender} ne peut pas être approuvé (adresse vide)."),
  ERC2612ExpiredSignature: t("The signed permit expired on {deadline}: sign again.", "L'autorisation signée a expiré le {deadline} : signez à nouveau."),
  ERC2612InvalidSigner: t(
    "The permit was signed by {signer}, not by the owner {owner}.",
    "L'autorisation a été signée par {signer}, pas par le propriétaire {owner}.",
  ),
  InvalidAccountNonce: t(
    "The signature is out of date for {account} (its counter is now {currentNonce}): sign again.",
    "La signature n'est plus valable pour {account} (son compteur est maintenant {currentNonce}) : signez à nouveau.",
  ),
  ERC721IncorrectOwner: t("Certificate {tokenId} is held by {owner}, not by {sender}.", "Le certificat {tokenId} est détenu par {owner}, pas par {sender}."),
  ERC721InsufficientApproval: t("{operator} may not move certificate {tokenId}.", "{operator} ne peut pas déplacer le certificat {tokenId}."),
  ERC721InvalidApprover: t("{approver} cannot approve this certificate.", "{approver} ne peut pas approuver ce certificat."),
  ERC721InvalidOperator: t("{operator} cannot be an operator.", "{operator} ne peut pas être un opérateur."),
  ERC721InvalidOwner: t("{owner} cannot own a certificate (empty address).", "{owner} ne peut pas détenir de certificat (adresse vide)."),
  ERC721InvalidReceiver: t("{receiver} cannot receive the certificate.", "{receiver} ne peut pas recevoir le certificat."),
  ERC721InvalidSender: t("{sender} cannot send this certificate.", "{sender} ne peut pas envoyer ce certificat."),
  ERC721NonexistentToken: t("Certificate {tokenId} does not exist.", "Le certificat {tokenId} n'existe pas."),

  // Other inherited code (OpenZeppelin, Chainlink).
  OwnableUnauthorizedAccount: t("Only the owner may do this ({account} is not the owner).", "Seul le propriétaire peut faire cela ({account} n'est pas le propriétaire)."),
  OwnableInvalidOwner: t("{owner} cannot be the owner.", "{owner} ne peut pas être le propriétaire."),
  EnforcedPause: t("This is paused for now.", "Ceci est en pause pour le moment."),
  ExpectedPause: t("This is possible only while paused.", "Ceci n'est possible qu'en pause."),
  ReentrancyGuardReentrantCall: t("A call came back into the contract while it was busy: refused.", "Un appel est revenu dans le contrat pendant qu'il était occupé : refusé."),
  SafeCastOverflowedUintDowncast: t("The number {value} does not fit in {bits} bits.", "Le nombre {value} ne tient pas sur {bits} bits."),
  SafeERC20FailedOperation: t("The token {token} refused the transfer.", "Le jeton {token} a refusé le transfert."),
  ECDSAInvalidSignature: t("The signature is not valid.", "La signature n'est pas valide."),
  ECDSAInvalidSignatureLength: t("The signature has a wrong length ({length} bytes).", "La signature a une longueur incorrecte ({length} octets)."),
  ECDSAInvalidSignatureS: t("The signature is not valid (malleable form {s}).", "La signature n'est pas valide (forme malléable {s})."),
  InvalidShortString: t("The text is not a valid short string.", "Le texte n'est pas une chaîne courte valide."),
  StringTooLong: t("The text \"{str}\" is too long.", "Le texte « {str} » est trop long."),
  StringsInsufficientHexLength: t("The number {value} does not fit in {length} hexadecimal bytes.", "Le nombre {value} ne tient pas sur {length} octets hexadécimaux."),
  OnlyCoordinatorCanFulfill: t(
    "Only the randomness coordinator ({want}) may deliver random numbers, not {have}.",
    "Seul le coordinateur d'aléa ({want}) peut livrer des nombres aléatoires, pas {have}.",
  ),
  OnlyOwnerOrCoordinator: t(
    "Only the owner ({owner}) or the coordinator ({coordinator}) may do this, not {have}.",
    "Seuls le propriétaire ({owner}) ou le coordinateur ({coordinator}) peuvent faire cela, pas {have}.",
  ),
  ZeroAddress: t("An address is empty (zero address).", "Une adresse est vide (adresse zéro)."),
};

type Labels = Readonly<Record<Lang, readonly string[]>>;

/** The contracts' enums (contracts/types, contracts/interfaces) in words, by the ABI's `internalType`. */
export const ENUM_LABELS: Readonly<Record<string, Labels>> = {
  "enum Party": { en: ["nobody", "the brand", "the influencer"], fr: ["personne", "la marque", "l'influenceur"] },
  "enum DealStatus": {
    en: ["not created", "offered", "declined", "expired", "active", "closed"],
    fr: ["inexistant", "proposé", "refusé", "expiré", "en cours", "clos"],
  },
  "enum MilestoneStatus": {
    en: [
      "not started",
      "awaiting delivery",
      "in review",
      "waiting for arbitration fees",
      "in arbitration",
      "paid to the influencer",
      "refunded to the brand",
      "settled by agreement",
      "decided by the mediators",
    ],
    fr: [
      "pas commencée",
      "en attente de livraison",
      "en revue",
      "en attente des frais d'arbitrage",
      "en arbitrage",
      "payée à l'influenceur",
      "remboursée à la marque",
      "réglée à l'amiable",
      "tranchée par les médiateurs",
    ],
  },
  "enum Period": {
    en: ["none", "drawing", "commit", "reveal", "appeal", "execution"],
    fr: ["aucune", "tirage", "vote scellé", "révélation", "appel", "exécution"],
  },
  "enum ExclusivityStatus": { en: ["none", "reserved", "active", "ended"], fr: ["inexistante", "réservée", "active", "terminée"] },
  "enum HoldbackStatus": {
    en: ["empty", "holding", "in arbitration", "resolved"],
    fr: ["vide", "en cours", "en arbitrage", "résolue"],
  },
  "enum UpkeepWork": {
    en: [
      "nothing",
      "request randomness",
      "draw mediators",
      "end the period",
      "execute a round",
      "stop watching the dispute",
      "reclaim the offer",
      "reclaim a milestone",
      "release after review",
      "end the arbitration fee wait",
      "release the holdback",
      "stop watching the deal",
    ],
    fr: [
      "rien",
      "demander un nombre aléatoire",
      "tirer les médiateurs",
      "terminer la période",
      "exécuter un tour",
      "ne plus surveiller le litige",
      "récupérer l'offre",
      "récupérer une étape",
      "libérer après la revue",
      "clore l'attente des frais d'arbitrage",
      "libérer la retenue",
      "ne plus surveiller le contrat",
    ],
  },
};
