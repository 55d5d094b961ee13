// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Where a deal stands as a whole. `None` means the deal does not exist.
enum DealStatus {
    None, // no deal with this id
    Offered, // funded by the brand, waiting for the influencer's answer until `acceptBy`
    Declined, // refused by the influencer; the escrow is the brand's to claim
    Expired, // not accepted by `acceptBy` and reclaimed; the escrow is the brand's to claim
    Active, // accepted: milestones are delivered, reviewed, disputed or settled one by one
    Closed // every milestone reached a final state; only unclaimed credits remain
}

/// @notice Where one milestone of an active deal stands.
enum MilestoneStatus {
    None, // the deal is not active yet (or does not exist)
    AwaitingDelivery, // waiting for a submission until `deadline` (deliver-by, or resubmit-by after a revision)
    InReview, // submitted; the brand approves, asks for a revision or disputes until `deadline`
    FeesPending, // a party paid the arbitration fee; the other one has until the fee deadline
    InArbitration, // both paid; the arbitrator decides
    Released, // paid to the influencer (approval or review timeout)
    Refunded, // returned to the brand (missed deadline, or given back by the influencer)
    Settled, // split by the parties' agreement
    Ruled // split by the arbitrator's ruling (or by a fee timeout)
}

/// @notice A side of a deal.
enum Party {
    None,
    Brand,
    Influencer
}

/// @notice The terms of one milestone.
struct MilestoneTerms {
    uint128 amount; // escrowed amount in token units, > 0
    uint40 deliverBy; // unix time by which the deliverable must be submitted
}

/// @notice One multiple-choice question of the acceptance-criteria table, answered by mediators in a dispute.
/// @dev The question's text and option labels live in the off-chain brief, bound by `DealTerms.briefHash`.
struct Question {
    uint8 optionCount; // 2 to MAX_OPTIONS options, numbered 0 .. optionCount - 1
    uint16 compliantMask; // bit i set when option i counts as compliant with the brief; never none, never all
    uint16 weight; // weight of this question in the influencer's share, >= 1
}

/// @notice Everything the brand offers and the influencer accepts. The deal id is the hash of these terms,
///         so every term is bound by acceptance and nothing can be changed afterwards.
/// @dev Calls pass the terms back as calldata; the contract hashes them to find the deal (Morpho-style ids),
///      which keeps the deal's storage to two words. Exclusivity, holdback and rights terms are optional: zero
///      means none.
struct DealTerms {
    address brand; // funds the deal and reviews deliverables
    address influencer; // delivers and is paid
    IERC20 token; // allow-listed payment token (USDC)
    uint16 protocolFeeBps; // protocol fee on what the influencer is paid, equal to the escrow's fee at creation
    uint8 maxRevisions; // revision requests allowed per milestone
    bytes2 language; // mediation language, ISO 639-1 in lower case ("en", "fr")
    uint8 topic; // mediation topic id, see `Topics`
    uint40 acceptBy; // the influencer accepts or declines until then
    uint32 reviewPeriod; // seconds the brand has to review a submission; silence releases the payment
    uint32 revisionPeriod; // seconds the influencer has to resubmit after a revision request (at least)
    uint32 feeTimeout; // seconds the other party has to match an arbitration fee before losing by default
    bytes32 briefHash; // digest of the off-chain brief document (deliverables, question texts, guidelines)
    bytes32 criteriaHash; // keccak256(abi.encode(Question[])) of the acceptance-criteria table
    bytes32 salt; // chosen by the brand so that identical offers get distinct ids
    uint8 exclusiveTopic; // topic id (see `Topics`) the influencer's exclusivity covers
    uint40 exclusiveFrom; // the exclusivity window is [exclusiveFrom, exclusiveUntil], unix seconds
    uint40 exclusiveUntil; // 0 = no exclusivity (then topic, from, holdback and breach criteria are zero too)
    uint16 holdbackBps; // share of each influencer payout (net of the protocol fee) held until exclusiveUntil
    bytes32 breachCriteriaHash; // keccak256(abi.encode(Question[])) of the breach questions; iff holdbackBps > 0
    uint128 rightsPrice; // price of the content rights, paid to the influencer when the deal completes
    bytes32 rightsHash; // keccak256(abi.encode(RightsTerms)); 0 = no rights (then rightsPrice is 0 too)
    MilestoneTerms[] milestones; // 1 to MAX_MILESTONES milestones
}

/// @title RightsScope
/// @notice Scope bits of a content-rights licence (`RightsTerms.scope`).
library RightsScope {
    uint16 internal constant ORGANIC_REPOST = 1; // repost on the brand's own organic channels
    uint16 internal constant PAID_ADS = 2; // paid ads / allow-listing from the creator's handle
    uint16 internal constant WEBSITE = 4; // brand website and e-commerce pages
    uint16 internal constant OUT_OF_HOME = 8; // billboards, in-store, print
    uint16 internal constant EMAIL = 16; // email and newsletters
    uint16 internal constant BROADCAST = 32; // TV, radio, streaming ads
    uint16 internal constant ALL = 63;
}

/// @notice The content-rights licence a deal may include. The escrow only binds its hash
///         (`DealTerms.rightsHash = keccak256(abi.encode(RightsTerms))`); the rights certificate decodes it.
struct RightsTerms {
    uint16 scope; // RightsScope bits, non-zero, within ALL
    uint40 duration; // seconds from the effective date (the deal's completion); 0 = perpetual
    bytes2[] territories; // ISO 3166-1 alpha-2, upper case ("FR", "US"); empty = worldwide
    bool exclusive; // exclusive licence
    bytes32 documentHash; // hash of the off-chain licence text (may be 0)
}

/// @notice What the holdback vault needs to know about a deal's holdback. The vault keeps its hash; calls that need
///         it (release, breach claim, claim) pass it back, like the escrow's terms.
struct HoldbackContext {
    bytes32 dealId;
    address brand;
    address influencer;
    IERC20 token;
    uint40 until; // exclusiveUntil
    bytes2 language; // for the court's pool
    uint8 topic; // mediation topic (terms.topic)
    bytes32 briefHash; // the deal's brief, which holds the breach questions' texts
    bytes32 breachCriteriaHash; // keccak256(abi.encode(Question[])) of the breach questions
}

/// @notice The compact handle of a deal. `dealId = keccak256(abi.encode(DealKey))` with
///         `termsHash = keccak256(abi.encode(DealTerms))`, so claims and views need no full terms.
struct DealKey {
    address brand;
    address influencer;
    IERC20 token;
    bytes32 termsHash;
}

/// @notice The storage word of a deal.
struct DealState {
    DealStatus status;
    uint8 openMilestones; // milestones not yet in a final state
    uint96 brandCredit; // the brand's unclaimed balance from this deal
    uint96 influencerCredit; // the influencer's unclaimed balance from this deal
    uint40 closedAt; // when the deal closed (its last milestone reached a final state); the licence's effective date
    bool completed; // closed with every milestone paid to the influencer (Released, or a share > 0)
}

/// @notice The storage word of a milestone.
struct MilestoneState {
    MilestoneStatus status;
    uint8 revisions; // revision requests used
    uint40 deadline; // delivery deadline while AwaitingDelivery, review deadline while InReview
    Party settlementProposer; // the party whose settlement proposal is open, if any
    uint16 settlementShareBps; // the share in the open proposal; once final, the influencer's final share
    bool delivered; // a deliverable was submitted at least once
    bytes20 contentDigest; // the first 20 bytes of the last submitted content hash
}

/// @notice The arbitration of one milestone.
struct Arbitration {
    uint96 brandFee; // arbitration fee paid by the brand and held by the escrow
    uint96 influencerFee; // arbitration fee paid by the influencer and held by the escrow
    uint40 feeDeadline; // while FeesPending: the waiting party must pay by then
    Party waitingFor; // while FeesPending: the party that still has to pay the current cost
    bool created; // the dispute exists at the arbitrator
    uint256 disputeId; // the arbitrator's dispute id once created
}

/// @notice Where an arbitrator's dispute id points in the escrow, with what its ruling needs to pay out.
struct DisputeRef {
    bytes32 dealId;
    IERC20 token; // the deal's token
    uint8 milestone;
    uint16 protocolFeeBps; // the deal's protocol fee
    bool exists;
    uint8 milestoneCount; // the deal's number of milestones
    uint256 amount; // the milestone's amount
}

/// @notice The terms a ruling needs besides its `DisputeRef` when the deal has an exclusivity or rights, recorded
///         with the deal's first dispute (a ruling arrives without the terms).
struct DisputeExtras {
    uint128 rightsPrice;
    uint40 exclusiveUntil;
    uint16 holdbackBps;
    bool hasRights; // rightsHash != 0
    bool recorded;
}

/// @notice The context handed to the arbitrator as `extraData` (ABI-encoded), so that a court can draw
///         mediators of the deal's language and topic, exclude its parties and ask its questions.
struct DisputeContext {
    bytes32 dealId;
    uint8 milestone;
    address brand;
    address influencer;
    bytes2 language;
    uint8 topic;
    bytes32 briefHash;
    Question[] criteria;
}

/// @title Topics
/// @notice The fixed list of mediation topics. Ids are stable; new topics are only ever appended.
library Topics {
    uint8 internal constant GENERAL = 0;
    uint8 internal constant BEAUTY = 1;
    uint8 internal constant FASHION = 2;
    uint8 internal constant GAMING = 3;
    uint8 internal constant TECH = 4;
    uint8 internal constant FOOD = 5;
    uint8 internal constant FITNESS = 6;
    uint8 internal constant TRAVEL = 7;
    uint8 internal constant FINANCE = 8;
    uint8 internal constant LIFESTYLE = 9;
    uint8 internal constant PARENTING = 10;
    uint8 internal constant SPORTS = 11;
    uint8 internal constant MUSIC = 12;
    uint8 internal constant EDUCATION = 13;
    uint8 internal constant AUTOMOTIVE = 14;
    uint8 internal constant HOME = 15;
    /// @notice Number of topics; valid ids are 0 .. COUNT - 1.
    uint8 internal constant COUNT = 16;
}
