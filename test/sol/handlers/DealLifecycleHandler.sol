// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {
    Exclusivity, ExclusivityStatus, IExclusivityRegistry
} from "../../../contracts/interfaces/IExclusivityRegistry.sol";
import {Holdback, HoldbackStatus, IHoldbackVault} from "../../../contracts/interfaces/IHoldbackVault.sol";
import {IRightsCertificate} from "../../../contracts/interfaces/IRightsCertificate.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../../contracts/mocks/TestArbitrator.sol";
import {
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    HoldbackContext,
    MilestoneState,
    MilestoneStatus,
    MilestoneTerms,
    Question,
    RightsScope,
    RightsTerms
} from "../../../contracts/types/DealTypes.sol";
import {DefaultCriteria} from "../utils/EscrowTestBase.sol";
import {IEscrowUnderTest} from "../utils/IEscrowUnderTest.sol";

/// @notice The breach questions of every exclusive deal with a holdback.
library LifecycleBreachCriteria {
    function get() internal pure returns (Question[] memory criteria) {
        criteria = new Question[](2);
        criteria[0] = Question({optionCount: 2, compliantMask: 1, weight: 2}); // promoted another brand on the topic?
        criteria[1] = Question({optionCount: 3, compliantMask: 3, weight: 1}); // how visibly?
    }
}

/// @notice The parts of a deal's terms the handler and the invariants read without decoding the full terms.
struct LifecycleDeal {
    bytes32 id;
    address brand;
    address influencer;
    uint40 acceptBy;
    uint8 count; // milestones
    uint8 exclusiveTopic;
    uint40 from; // exclusiveFrom
    uint40 until; // exclusiveUntil; 0 = no exclusivity
    uint16 holdbackBps;
    bool hasRights;
    uint128 rightsPrice;
}

/// @notice What the handler saw and modelled for one deal.
struct LifecycleGhost {
    uint256 activatedAt; // when the influencer accepted its exclusivity (0 = never)
    bool ended; // the model says its exclusivity ended early (offer ended, refunded deal, ruling against the brand)
    uint40 endedAt; // when it ended
    uint16 finalMask; // milestones in a final state
    uint16 paidMask; // milestones final with a share above zero for the influencer
    uint256 heldIn; // every amount the escrow handed to the vault for this deal
    uint256 vaultClaimed; // credits the parties withdrew from the vault
    uint256 mints; // certificates minted for this deal
}

/// @notice Money seen moving into and out of the vault, over all deals.
struct LifecycleTotals {
    uint256 intoVault;
    uint256 vaultClaimed;
}

/// @title DealLifecycleHandler
/// @notice Drives the real stack of exclusive deals end to end through the escrow: a {DealEscrow} (with the
///         {ExclusivityRegistry} and {HoldbackVault} it deploys), a {RightsCertificate} and a {TestArbitrator} ruling
///         by hand. Three brands and two influencers offer, accept, decline, deliver, approve, refund, dispute and
///         rule deals with random exclusivity windows on two topics, holdbacks and rights; time passes; holdbacks
///         are released or claimed in breach; both sides claim from the escrow and the vault; anyone tries to mint
///         certificates. Each action models its outcome (which accept conflicts, what the vault must receive, which
///         mint succeeds and with which error the others fail); an unexpected revert or a wrong amount is counted,
///         and the invariants assert the counters to be zero.
contract DealLifecycleHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_DEALS = 40;
    uint256 internal constant _BPS = 10_000;

    /// @dev What a deal-level action looks for.
    enum Find {
        Acceptable, // offered, accept-by not passed
        Offered,
        Expired, // offered, accept-by passed
        BrandCredit, // escrow credits
        InfluencerCredit,
        Releasable, // holdback not resolved, exclusivity over
        Breachable, // holdback holding something, exclusivity started and not over
        BreachPending,
        VaultBrandCredit,
        VaultInfluencerCredit
    }

    /// @dev What a milestone-level action looks for (in an active deal).
    enum Step {
        Submit, // awaiting delivery, deadline not passed
        Settle, // awaiting delivery or in review (approve, refund)
        Dispute, // in review, deadline not passed
        Release, // in review, deadline passed
        Reclaim, // awaiting delivery, deadline passed
        Rule // in arbitration
    }

    IEscrowUnderTest public immutable ESCROW;
    IExclusivityRegistry public immutable REGISTRY;
    IHoldbackVault public immutable VAULT;
    IRightsCertificate public immutable CERTIFICATE;
    MockUSDC public immutable USDC;
    IERC20 public immutable TOKEN;
    TestArbitrator public immutable ARBITRATOR;
    address public immutable STRANGER;

    address[3] internal _brands;
    address[2] internal _influencers;
    bytes[] internal _encodedTerms;
    bytes[] internal _encodedRights;
    LifecycleDeal[] internal _deals;
    mapping(bytes32 dealId => mapping(uint256 milestone => bytes32)) internal _contentHashes;
    mapping(bytes32 dealId => LifecycleGhost) internal _ghosts;
    LifecycleTotals internal _totals;

    /// @notice Wrong amounts, wrong errors, broken rules: must stay 0.
    uint256 public violations;
    string public lastViolation;
    /// @notice Calls the model says must succeed but reverted: must stay 0.
    uint256 public unexpectedReverts;
    string public lastRevertAction;
    bytes public lastRevertData;
    /// @notice How many times each action (or outcome) happened, by name.
    mapping(string action => uint256) public done;

    constructor(
        IEscrowUnderTest escrow,
        IRightsCertificate certificate,
        MockUSDC usdc,
        TestArbitrator arbitrator,
        address stranger
    ) {
        ESCROW = escrow;
        REGISTRY = escrow.exclusivityRegistry();
        VAULT = escrow.holdbackVault();
        CERTIFICATE = certificate;
        USDC = usdc;
        TOKEN = IERC20(address(usdc));
        ARBITRATOR = arbitrator;
        STRANGER = stranger;
        _brands = [makeAddr("lifecycleBrandA"), makeAddr("lifecycleBrandB"), makeAddr("lifecycleBrandC")];
        _influencers = [makeAddr("lifecycleInfluencerA"), makeAddr("lifecycleInfluencerB")];
        for (uint256 i; i < 3; ++i) {
            vm.prank(_brands[i]);
            usdc.approve(address(escrow), type(uint256).max);
        }
        for (uint256 i; i < 2; ++i) {
            vm.prank(_influencers[i]);
            usdc.approve(address(escrow), type(uint256).max);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                           OFFER & ANSWER                           */
    /* ------------------------------------------------------------------ */

    /// @notice A brand offers and funds a deal of 1 to 3 milestones; three offers in four are exclusive on one of two
    ///         topics with a window starting within ten days and lasting 1 to 45 days, holding back 0, 10, 25 or 50 %;
    ///         one in two includes rights (priced, or free one time in four).
    function offerDeal(uint256 pairSeed, uint256 exclusivitySeed, uint256 amountSeed, uint256 rightsSeed) public {
        if (_deals.length >= MAX_DEALS) return;
        (DealTerms memory t, RightsTerms memory rights) =
            _buildTerms(pairSeed, exclusivitySeed, amountSeed, rightsSeed);
        uint256 total = t.rightsPrice;
        for (uint256 i; i < t.milestones.length; ++i) {
            total += t.milestones[i].amount;
        }
        USDC.mint(t.brand, total);
        vm.prank(t.brand);
        try ESCROW.createDeal(t, DefaultCriteria.get()) returns (bytes32 id) {
            _record(id, t, rights);
            if (t.exclusiveUntil != 0) {
                _expectExclusivity(_deals.length - 1, ExclusivityStatus.Reserved, "offer: exclusivity not reserved");
                ++done["offerExclusive"];
            }
            bytes32 expectedContext = t.holdbackBps == 0 ? bytes32(0) : keccak256(abi.encode(_contextOf(t, id)));
            if (VAULT.contextHash(id) != expectedContext) _violation("offer: holdback context");
            if (t.holdbackBps != 0) ++done["offerHoldback"];
            if (t.rightsHash != 0) ++done["offerRights"];
            ++done["offerDeal"];
        } catch (bytes memory reason) {
            _unexpected("offerDeal", reason);
        }
    }

    /// @notice The influencer accepts an offer. The model says whether its exclusivity must be refused: it is when
    ///         the influencer holds, on the same topic with another brand, an accepted exclusivity that has not
    ///         ended nor expired and whose window overlaps. A refusal must name one of those deals.
    function acceptDeal(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, Find.Acceptable);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        (bool conflict, bool overlapsExpired) = _modelConflict(di);
        vm.prank(t.influencer);
        try ESCROW.acceptDeal(t) {
            if (conflict) _violation("accept: activated over another brand's overlapping exclusivity");
            if (t.exclusiveUntil != 0) {
                _ghosts[id].activatedAt = block.timestamp;
                _expectExclusivity(di, ExclusivityStatus.Active, "accept: exclusivity not active");
                ++done["acceptExclusive"];
                if (overlapsExpired) ++done["acceptOverlapsExpiredWindow"];
            }
            ++done["acceptDeal"];
        } catch (bytes memory reason) {
            if (conflict && _namesConflict(di, reason)) ++done["conflictRefused"];
            else _unexpected("acceptDeal", reason);
        }
    }

    function declineDeal(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, Find.Offered);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.prank(t.influencer);
        try ESCROW.declineDeal(t) {
            _endOfferModel(di);
            ++done["declineDeal"];
        } catch (bytes memory reason) {
            _unexpected("declineDeal", reason);
        }
    }

    function reclaimOffer(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, Find.Expired);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.prank(STRANGER);
        try ESCROW.reclaimOffer(t) {
            _endOfferModel(di);
            ++done["reclaimOffer"];
        } catch (bytes memory reason) {
            _unexpected("reclaimOffer", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                         DELIVERY & PAYOUTS                         */
    /* ------------------------------------------------------------------ */

    function submitDeliverable(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Submit);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        bytes32 contentHash = keccak256(abi.encode("content", id, mi, seed));
        vm.prank(t.influencer);
        try ESCROW.submitDeliverable(t, mi, contentHash, "ipfs://deliverable") {
            _contentHashes[id][mi] = contentHash;
            ++done["submitDeliverable"];
        } catch (bytes memory reason) {
            _unexpected("submitDeliverable", reason);
        }
    }

    /// @notice The brand approves a milestone awaiting delivery or in review: paid in full to the influencer.
    function approveMilestone(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Settle);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        bytes memory data = abi.encodeCall(IDealEscrow.approveMilestone, (t, mi));
        _payout(di, mi, PayoutCall(address(ESCROW), t.brand, data, "approveMilestone", uint16(_BPS), false));
    }

    /// @notice The influencer gives a milestone back to the brand.
    function refundMilestone(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Settle);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        bytes memory data = abi.encodeCall(IDealEscrow.refundMilestone, (t, mi));
        _payout(di, mi, PayoutCall(address(ESCROW), t.influencer, data, "refundMilestone", 0, false));
    }

    /// @notice Anyone releases a submission whose review period passed.
    function releaseAfterReview(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Release);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        bytes memory data = abi.encodeCall(IDealEscrow.releaseAfterReview, (t, mi));
        _payout(di, mi, PayoutCall(address(ESCROW), STRANGER, data, "releaseAfterReview", uint16(_BPS), false));
    }

    /// @notice Anyone gives the brand back a milestone not delivered in time.
    function reclaimMilestone(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Reclaim);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        bytes memory data = abi.encodeCall(IDealEscrow.reclaimMilestone, (t, mi));
        _payout(di, mi, PayoutCall(address(ESCROW), STRANGER, data, "reclaimMilestone", 0, false));
    }

    /* ------------------------------------------------------------------ */
    /*                              DISPUTES                              */
    /* ------------------------------------------------------------------ */

    /// @notice The brand disputes a submission under review and the influencer pays its fee too, so that the
    ///         dispute goes to the arbitrator; half of the time the arbitrator rules at once.
    function dispute(uint256 seed, uint256 ruling, bool ruleNow) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Dispute);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        uint256 cost = ARBITRATOR.costs(TOKEN);
        USDC.mint(t.brand, cost);
        USDC.mint(t.influencer, cost);
        vm.prank(t.brand);
        try ESCROW.payArbitrationFee(t, DefaultCriteria.get(), mi) {}
        catch (bytes memory reason) {
            _unexpected("dispute (brand fee)", reason);
            return;
        }
        vm.prank(t.influencer);
        try ESCROW.payArbitrationFee(t, DefaultCriteria.get(), mi) {}
        catch (bytes memory reason) {
            _unexpected("dispute (influencer fee)", reason);
            return;
        }
        if (ESCROW.getMilestone(id, mi).status != MilestoneStatus.InArbitration) _violation("dispute: not created");
        ++done["dispute"];
        if (ruleNow) _rule(di, mi, ruling);
    }

    /// @notice The arbitrator rules on a pending milestone dispute.
    function ruleDispute(uint256 seed, uint256 ruling) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Rule);
        if (!found) return;
        _rule(di, mi, ruling);
    }

    /// @dev Any ruling 0 .. 10_001, the extremes and the half one time in two.
    function _rule(uint256 di, uint256 mi, uint256 ruling) internal {
        uint256 pick = ruling % 8;
        if (pick < 4) ruling = [uint256(0), 1, 5_001, 10_001][pick];
        else ruling = _bound(ruling, 0, 10_001);
        uint16 share = ruling == 0 ? uint16(_BPS / 2) : uint16(ruling - 1);
        uint256 disputeId = ESCROW.getArbitration(_deals[di].id, mi).disputeId;
        bytes memory data = abi.encodeCall(TestArbitrator.giveRuling, (disputeId, ruling));
        _payout(di, mi, PayoutCall(address(ARBITRATOR), STRANGER, data, "ruleDispute", share, true));
    }

    /* ------------------------------------------------------------------ */
    /*                              HOLDBACK                              */
    /* ------------------------------------------------------------------ */

    /// @notice Anyone releases a holdback once its exclusivity is over: everything held goes to the influencer.
    function releaseHoldback(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, Find.Releasable);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        Holdback memory before = VAULT.getHoldback(id);
        uint256 credit = VAULT.influencerCredit(id);
        vm.prank(STRANGER);
        try VAULT.release(_contextOf(t, id)) {
            Holdback memory h = VAULT.getHoldback(id);
            if (h.held != 0 || h.status != HoldbackStatus.Resolved || h.influencerShareBps != _BPS) {
                _violation("release: not resolved to the influencer");
            }
            if (VAULT.influencerCredit(id) != credit + before.held) _violation("release: influencer credit");
            if (h.brandCredit != before.brandCredit) _violation("release: brand credit");
            ++done["releaseHoldback"];
            if (before.held != 0) ++done["releaseHoldbackNonZero"];
        } catch (bytes memory reason) {
            _unexpected("releaseHoldback", reason);
        }
    }

    /// @notice The brand files a breach claim while the exclusivity is not over: it approves the vault for the
    ///         arbitration cost, which goes to the arbitrator (the vault's balance does not change).
    function fileBreachClaim(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, Find.Breachable);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        uint256 cost = ARBITRATOR.costs(TOKEN);
        USDC.mint(t.brand, cost);
        vm.prank(t.brand);
        USDC.approve(address(VAULT), cost);
        uint256 vaultBefore = USDC.balanceOf(address(VAULT));
        uint256 arbitratorBefore = USDC.balanceOf(address(ARBITRATOR));
        vm.prank(t.brand);
        try VAULT.fileBreachClaim(_contextOf(t, id), LifecycleBreachCriteria.get(), "ipfs://evidence") {
            if (USDC.balanceOf(address(VAULT)) != vaultBefore) _violation("breach claim: vault balance moved");
            if (USDC.balanceOf(address(ARBITRATOR)) != arbitratorBefore + cost) _violation("breach claim: cost");
            if (VAULT.getHoldback(id).status != HoldbackStatus.InArbitration) _violation("breach claim: status");
            ++done["fileBreachClaim"];
        } catch (bytes memory reason) {
            _unexpected("fileBreachClaim", reason);
        }
    }

    /// @notice The arbitrator rules on a breach claim: the influencer keeps r - 1 bps of the holdback (all of it
    ///         for ruling 0), the brand gets the rest.
    function ruleBreachClaim(uint256 seed, uint256 ruling) public {
        (bool found, uint256 di) = _findDeal(seed, Find.BreachPending);
        if (!found) return;
        bytes32 id = _deals[di].id;
        uint256 pick = ruling % 4;
        ruling = pick < 2 ? [uint256(0), 10_001][pick] : _bound(ruling, 0, 10_001);
        uint256 share = ruling == 0 ? _BPS : ruling - 1;
        Holdback memory before = VAULT.getHoldback(id);
        uint256 influencerBefore = VAULT.influencerCredit(id);
        (, uint256 disputeId) = VAULT.breachClaimOf(id);
        try ARBITRATOR.giveRuling(disputeId, ruling) {
            uint256 toInfluencer = uint256(before.held) * share / _BPS;
            Holdback memory h = VAULT.getHoldback(id);
            if (VAULT.influencerCredit(id) != influencerBefore + toInfluencer) _violation("breach ruling: influencer");
            if (h.brandCredit != before.brandCredit + before.held - toInfluencer) _violation("breach ruling: brand");
            if (h.held != 0 || h.status != HoldbackStatus.Resolved) _violation("breach ruling: not resolved");
            ++done["ruleBreachClaim"];
        } catch (bytes memory reason) {
            _unexpected("ruleBreachClaim", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               CLAIMS                               */
    /* ------------------------------------------------------------------ */

    /// @notice A party claims its whole credit in a deal from the escrow.
    function claimEscrow(uint256 seed, bool asBrand) public {
        (bool found, uint256 di) = _findDeal(seed, asBrand ? Find.BrandCredit : Find.InfluencerCredit);
        if (!found) return;
        LifecycleDeal memory info = _deals[di];
        address claimant = asBrand ? info.brand : info.influencer;
        DealState memory d = ESCROW.getDeal(info.id);
        uint256 credit = asBrand ? d.brandCredit : d.influencerCredit;
        uint256 before = USDC.balanceOf(claimant);
        DealKey memory key = DealKey(info.brand, info.influencer, TOKEN, keccak256(_encodedTerms[di]));
        vm.prank(claimant);
        try ESCROW.claim(key, claimant) returns (uint256 sent) {
            if (sent != credit || USDC.balanceOf(claimant) - before != credit) _violation("escrow claim: amount");
            ++done["claimEscrow"];
        } catch (bytes memory reason) {
            _unexpected("claimEscrow", reason);
        }
    }

    /// @notice A party claims its whole holdback credit in a deal from the vault.
    function claimVault(uint256 seed, bool asBrand) public {
        (bool found, uint256 di) = _findDeal(seed, asBrand ? Find.VaultBrandCredit : Find.VaultInfluencerCredit);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        address claimant = asBrand ? t.brand : t.influencer;
        uint256 credit = asBrand ? VAULT.getHoldback(id).brandCredit : VAULT.influencerCredit(id);
        uint256 before = USDC.balanceOf(claimant);
        vm.prank(claimant);
        try VAULT.claim(_contextOf(t, id), claimant) returns (uint256 sent) {
            if (sent != credit || USDC.balanceOf(claimant) - before != credit) _violation("vault claim: amount");
            _ghosts[id].vaultClaimed += credit;
            _totals.vaultClaimed += credit;
            ++done["claimVault"];
        } catch (bytes memory reason) {
            _unexpected("claimVault", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                            CERTIFICATES                            */
    /* ------------------------------------------------------------------ */

    /// @notice Anyone tries to mint the certificate of a random deal (half of the time one whose rights were
    ///         bought), with its true rights and content hashes, or with altered rights or content one time in four
    ///         each. The model says which mint succeeds (a deal
    ///         with rights, closed with every milestone paid, not minted yet, true inputs) and with which error
    ///         every other one fails.
    function mintCertificate(uint256 seed, uint256 variant) public {
        uint256 n = _deals.length;
        if (n == 0) return;
        uint256 di = seed % n;
        // Half of the time, the first deal from there whose rights were bought (minted already or not).
        if ((variant >> 8) % 2 == 0) {
            for (uint256 k; k < n; ++k) {
                if (ESCROW.rightsBought(_deals[(seed + k) % n].id)) {
                    di = (seed + k) % n;
                    break;
                }
            }
        }
        (DealTerms memory t, bytes32 id) = _load(di);
        RightsTerms memory rights = abi.decode(_encodedRights[di], (RightsTerms));
        bytes32[] memory hashes = new bytes32[](t.milestones.length);
        for (uint256 i; i < hashes.length; ++i) {
            if (ESCROW.getMilestone(id, i).delivered) hashes[i] = _contentHashes[id][i];
        }
        variant %= 4;
        if (variant == 2) rights.documentHash = keccak256("altered licence");
        if (variant == 3) hashes[0] = keccak256("altered content");
        bytes memory expected = _expectedMintError(di, rights, hashes);
        vm.prank(STRANGER);
        try CERTIFICATE.mint(t, rights, hashes) returns (uint256 tokenId) {
            if (expected.length != 0) _violation("mint: succeeded where the model refuses it");
            if (tokenId != uint256(id) || CERTIFICATE.ownerOf(tokenId) != t.brand) _violation("mint: token");
            ++_ghosts[id].mints;
            ++done["mintCertificate"];
        } catch (bytes memory reason) {
            if (expected.length == 0 || keccak256(reason) != keccak256(expected)) {
                _unexpected("mintCertificate", reason);
            } else if (_ghosts[id].mints != 0) {
                ++done["mintTwiceRefused"];
            } else {
                ++done["mintRefused"];
            }
        }
    }

    /// @dev The error the model expects from minting deal `di` with these inputs, in the certificate's order of
    ///      checks; empty when the mint must succeed.
    function _expectedMintError(uint256 di, RightsTerms memory rights, bytes32[] memory hashes)
        internal
        view
        returns (bytes memory)
    {
        (DealTerms memory t, bytes32 id) = _load(di);
        if (_ghosts[id].mints != 0) {
            return abi.encodeWithSelector(IRightsCertificate.RightsAlreadyMinted.selector, id, t.brand);
        }
        if (t.rightsHash == 0) return abi.encodeWithSelector(IRightsCertificate.RightsNotIncluded.selector, id);
        DealState memory d = ESCROW.getDeal(id);
        if (!modelPaid(di)) {
            return abi.encodeWithSelector(IRightsCertificate.RightsNotBought.selector, id, d.status, d.completed);
        }
        bytes32 rightsHash = keccak256(abi.encode(rights));
        if (rightsHash != t.rightsHash) {
            return abi.encodeWithSelector(IRightsCertificate.RightsHashMismatch.selector, id, t.rightsHash, rightsHash);
        }
        for (uint256 i; i < hashes.length; ++i) {
            MilestoneState memory m = ESCROW.getMilestone(id, i);
            bool matches = m.delivered ? bytes20(hashes[i]) == m.contentDigest : hashes[i] == 0;
            if (!matches) {
                return abi.encodeWithSelector(
                    IRightsCertificate.RightsContentMismatch.selector, id, i, m.contentDigest, hashes[i]
                );
            }
        }
        return "";
    }

    /* ------------------------------------------------------------------ */
    /*                                TIME                                */
    /* ------------------------------------------------------------------ */

    /// @notice Time passes: from an hour to five days.
    function warp(uint256 seed) public {
        vm.warp(block.timestamp + _bound(seed, 1 hours, 5 days));
        ++done["warp"];
    }

    /* ------------------------------------------------------------------ */
    /*                         VIEWS FOR INVARIANTS                       */
    /* ------------------------------------------------------------------ */

    function dealCount() external view returns (uint256) {
        return _deals.length;
    }

    function dealAt(uint256 i) external view returns (LifecycleDeal memory) {
        return _deals[i];
    }

    function termsAt(uint256 i) external view returns (DealTerms memory) {
        return abi.decode(_encodedTerms[i], (DealTerms));
    }

    function ghostOf(bytes32 id) external view returns (LifecycleGhost memory) {
        return _ghosts[id];
    }

    function totals() external view returns (LifecycleTotals memory) {
        return _totals;
    }

    /// @notice The model's answer to "were the rights bought": the deal has rights and every milestone reached a
    ///         final state with a share above zero for the influencer.
    function modelPaid(uint256 di) public view returns (bool) {
        LifecycleDeal memory info = _deals[di];
        LifecycleGhost memory g = _ghosts[info.id];
        uint16 all = uint16((1 << info.count) - 1);
        return info.hasRights && g.finalMask == all && g.paidMask == all;
    }

    /// @notice When the model says deal `di`'s exclusivity stops binding: its agreed end, or when it ended early.
    function modelEndOf(uint256 di) public view returns (uint40) {
        LifecycleDeal memory info = _deals[di];
        LifecycleGhost memory g = _ghosts[info.id];
        return g.ended && g.endedAt < info.until ? g.endedAt : info.until;
    }

    /// @notice The holdback context of deal `i` (its vault calls pass it back).
    function contextAt(uint256 i) external view returns (HoldbackContext memory) {
        (DealTerms memory t, bytes32 id) = _load(i);
        return _contextOf(t, id);
    }

    /* ------------------------------------------------------------------ */
    /*                              INTERNALS                             */
    /* ------------------------------------------------------------------ */

    /// @dev A step that puts a milestone in a final state: `caller` calls `target` with `data`, giving the
    ///      influencer `share` of the milestone (`ruled` for an arbitrator's ruling).
    struct PayoutCall {
        address target;
        address caller;
        bytes data;
        string action;
        uint16 share;
        bool ruled;
    }

    /// @dev What a payout step is checked against.
    struct PayoutSnapshot {
        uint256 vaultBalance;
        uint256 endOf; // the registry's end of the deal's exclusivity before the step
    }

    /// @dev Performs a step that puts milestone `mi` of deal `di` in a final state, then checks what the vault
    ///      received against the model and updates the model of the deal's exclusivity and payment.
    function _payout(uint256 di, uint256 mi, PayoutCall memory c) internal {
        bytes32 id = _deals[di].id;
        PayoutSnapshot memory before =
            PayoutSnapshot({vaultBalance: USDC.balanceOf(address(VAULT)), endOf: REGISTRY.endOf(id)});
        vm.prank(c.caller);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = c.target.call(c.data);
        if (!ok) {
            _unexpected(c.action, reason);
            return;
        }
        LifecycleGhost storage g = _ghosts[id];
        g.finalMask |= uint16(1 << mi);
        if (c.share > 0) g.paidMask |= uint16(1 << mi);
        _checkHeld(di, mi, c.share, before);
        _updateExclusivity(di, c.share, c.ruled);
        ++done[c.action];
    }

    /// @dev The vault must have received exactly the holdback share of the influencer's net payout of the
    ///      milestone, plus that of the rights price when this step completed the deal; nothing once the
    ///      exclusivity had stopped binding before the step.
    function _checkHeld(uint256 di, uint256 mi, uint256 share, PayoutSnapshot memory before) internal {
        LifecycleDeal memory info = _deals[di];
        (DealTerms memory t,) = _load(di);
        bool holding = info.holdbackBps != 0 && before.endOf >= block.timestamp;
        uint256 expected;
        if (holding) {
            uint256 gross = uint256(t.milestones[mi].amount) * share / _BPS;
            uint256 net = gross - gross * t.protocolFeeBps / _BPS;
            expected = net * info.holdbackBps / _BPS;
            DealState memory d = ESCROW.getDeal(info.id);
            if (info.hasRights && d.status == DealStatus.Closed && d.completed) {
                uint256 price = info.rightsPrice;
                expected += (price - price * t.protocolFeeBps / _BPS) * info.holdbackBps / _BPS;
            }
        }
        uint256 received = USDC.balanceOf(address(VAULT)) - before.vaultBalance;
        if (received != expected) _violation("payout: vault received other than the holdback share");
        _ghosts[info.id].heldIn += received;
        _totals.intoVault += received;
        if (received != 0) ++done["holdbackHeld"];
    }

    /// @dev The model of when an accepted exclusivity ends early: a ruling giving the influencer more than half of a
    ///      milestone, or the deal closing with a milestone unpaid. Checks the registry agrees.
    function _updateExclusivity(uint256 di, uint256 share, bool ruled) internal {
        LifecycleDeal memory info = _deals[di];
        if (info.until == 0) return;
        LifecycleGhost storage g = _ghosts[info.id];
        DealState memory d = ESCROW.getDeal(info.id);
        bool endsNow = (ruled && share > _BPS / 2) || (d.status == DealStatus.Closed && !d.completed);
        if (endsNow && !g.ended) {
            g.ended = true;
            g.endedAt = uint40(block.timestamp);
            ++done["exclusivityEndedEarly"];
        }
        _expectExclusivity(di, g.ended ? ExclusivityStatus.Ended : ExclusivityStatus.Active, "payout: exclusivity");
    }

    /// @dev An offer declined or reclaimed ends its exclusivity (never accepted).
    function _endOfferModel(uint256 di) internal {
        LifecycleDeal memory info = _deals[di];
        if (info.until == 0) return;
        LifecycleGhost storage g = _ghosts[info.id];
        g.ended = true;
        g.endedAt = uint40(block.timestamp);
        _expectExclusivity(di, ExclusivityStatus.Ended, "offer end: exclusivity not ended");
    }

    /// @dev Checks the registry's status and end of a deal's exclusivity against the model.
    function _expectExclusivity(uint256 di, ExclusivityStatus status, string memory what) internal {
        bytes32 id = _deals[di].id;
        Exclusivity memory e = REGISTRY.getExclusivity(id);
        if (e.status != status) _violation(what);
        if (REGISTRY.endOf(id) != modelEndOf(di)) _violation(string.concat(what, " (end)"));
    }

    /// @dev Whether accepting deal `di` must be refused by the model, and whether it overlaps the window of another
    ///      brand's exclusivity that has expired already (allowed: expired windows no longer bind).
    function _modelConflict(uint256 di) internal view returns (bool conflict, bool overlapsExpired) {
        LifecycleDeal memory info = _deals[di];
        if (info.until == 0) return (false, false);
        for (uint256 j; j < _deals.length; ++j) {
            if (!_rivals(info, j)) continue;
            if (modelEndOf(j) >= block.timestamp) conflict = true;
            else overlapsExpired = true;
        }
    }

    /// @dev Whether deal `j` is an accepted, not early-ended exclusivity of the same influencer and topic with
    ///      another brand whose agreed window overlaps `info`'s.
    function _rivals(LifecycleDeal memory info, uint256 j) internal view returns (bool) {
        LifecycleDeal memory other = _deals[j];
        LifecycleGhost memory g = _ghosts[other.id];
        return other.id != info.id && other.until != 0 && g.activatedAt != 0 && !g.ended
            && other.influencer == info.influencer && other.exclusiveTopic == info.exclusiveTopic
            && other.brand != info.brand && other.from <= info.until && info.from <= other.until;
    }

    /// @dev Whether `reason` is an `ExclusivityConflict` naming one of the deals the model says conflict.
    function _namesConflict(uint256 di, bytes memory reason) internal view returns (bool) {
        LifecycleDeal memory info = _deals[di];
        for (uint256 j; j < _deals.length; ++j) {
            if (!_rivals(info, j) || modelEndOf(j) < block.timestamp) continue;
            LifecycleDeal memory other = _deals[j];
            bytes memory expected = abi.encodeWithSelector(
                IExclusivityRegistry.ExclusivityConflict.selector,
                info.influencer,
                info.exclusiveTopic,
                other.id,
                other.brand,
                other.from,
                other.until
            );
            if (keccak256(reason) == keccak256(expected)) return true;
        }
        return false;
    }

    function _buildTerms(uint256 pairSeed, uint256 exclusivitySeed, uint256 amountSeed, uint256 rightsSeed)
        internal
        view
        returns (DealTerms memory t, RightsTerms memory rights)
    {
        t.brand = _brands[pairSeed % 3];
        t.influencer = _influencers[(pairSeed / 3) % 2];
        t.token = TOKEN;
        t.protocolFeeBps = ESCROW.protocolFeeBps();
        t.maxRevisions = 1;
        t.language = "fr";
        t.topic = 1;
        uint256 x = uint256(keccak256(abi.encode("time", amountSeed)));
        t.acceptBy = uint40(block.timestamp + _bound(x, 1 days, 10 days));
        t.reviewPeriod = uint32(_bound(x >> 40, 1 days, 5 days));
        t.revisionPeriod = 1 days;
        t.feeTimeout = 2 days;
        t.briefHash = keccak256(abi.encode("brief", _deals.length));
        t.criteriaHash = keccak256(abi.encode(DefaultCriteria.get()));
        t.salt = bytes32(_deals.length);
        t.milestones = new MilestoneTerms[](1 + amountSeed % 3);
        for (uint256 i; i < t.milestones.length; ++i) {
            uint256 y = uint256(keccak256(abi.encode("milestone", amountSeed, i)));
            // One milestone in eight is tiny (a few base units), where every rounding of the holdback shows.
            uint256 amount = y % 8 == 0 ? _bound(y >> 8, 1, 10_000) : _bound(y >> 8, 1e6, 1e10);
            t.milestones[i] = MilestoneTerms({
                amount: uint128(amount), deliverBy: uint40(t.acceptBy + _bound(y >> 128, 1 hours, 20 days))
            });
        }
        _exclusivityTerms(t, exclusivitySeed);
        rights = _rightsTerms(t, rightsSeed);
    }

    function _exclusivityTerms(DealTerms memory t, uint256 seed) internal view {
        uint256 x = uint256(keccak256(abi.encode("exclusivity", seed)));
        if (x % 4 == 0) return;
        t.exclusiveTopic = (x >> 8) % 2 == 0 ? 3 : 5;
        t.exclusiveFrom = uint40(block.timestamp + _bound(x >> 16, 0, 10 days));
        t.exclusiveUntil = uint40(t.exclusiveFrom + _bound(x >> 64, 1 days, 45 days));
        t.holdbackBps = uint16([uint256(0), 1_000, 2_500, 5_000][(x >> 112) % 4]);
        if (t.holdbackBps != 0) t.breachCriteriaHash = keccak256(abi.encode(LifecycleBreachCriteria.get()));
    }

    function _rightsTerms(DealTerms memory t, uint256 seed) internal pure returns (RightsTerms memory rights) {
        uint256 x = uint256(keccak256(abi.encode("rights", seed)));
        if (x % 2 == 0) return rights;
        rights.scope = uint16(_bound(x >> 8, 1, RightsScope.ALL));
        rights.duration = uint40(_bound(x >> 24, 0, 3 * 365 days));
        rights.exclusive = (x >> 72) % 2 == 0;
        rights.territories = new bytes2[]((x >> 80) % 3);
        for (uint256 i; i < rights.territories.length; ++i) {
            rights.territories[i] = i == 0 ? bytes2("FR") : bytes2("US");
        }
        rights.documentHash = keccak256(abi.encode("licence", seed));
        t.rightsHash = keccak256(abi.encode(rights));
        t.rightsPrice = (x >> 96) % 4 == 0 ? 0 : uint128(_bound(x >> 104, 1, 1e10));
    }

    function _record(bytes32 id, DealTerms memory t, RightsTerms memory rights) internal {
        _encodedTerms.push(abi.encode(t));
        _encodedRights.push(abi.encode(rights));
        _deals.push(
            LifecycleDeal({
                id: id,
                brand: t.brand,
                influencer: t.influencer,
                acceptBy: t.acceptBy,
                count: uint8(t.milestones.length),
                exclusiveTopic: t.exclusiveTopic,
                from: t.exclusiveFrom,
                until: t.exclusiveUntil,
                holdbackBps: t.holdbackBps,
                hasRights: t.rightsHash != 0,
                rightsPrice: t.rightsPrice
            })
        );
    }

    function _contextOf(DealTerms memory t, bytes32 id) internal pure returns (HoldbackContext memory) {
        return HoldbackContext({
            dealId: id,
            brand: t.brand,
            influencer: t.influencer,
            token: t.token,
            until: t.exclusiveUntil,
            language: t.language,
            topic: t.topic,
            briefHash: t.briefHash,
            breachCriteriaHash: t.breachCriteriaHash
        });
    }

    function _load(uint256 di) internal view returns (DealTerms memory t, bytes32 id) {
        t = abi.decode(_encodedTerms[di], (DealTerms));
        id = _deals[di].id;
    }

    /// @dev Finds, from a seed-chosen start, a deal where a deal-level action is allowed now.
    function _findDeal(uint256 seed, Find kind) internal view returns (bool, uint256) {
        uint256 n = _deals.length;
        for (uint256 k; k < n; ++k) {
            uint256 di = (seed + k) % n;
            if (_dealAllows(di, kind)) return (true, di);
        }
        return (false, 0);
    }

    function _dealAllows(uint256 di, Find kind) internal view returns (bool) {
        LifecycleDeal memory info = _deals[di];
        if (kind <= Find.InfluencerCredit) {
            DealState memory d = ESCROW.getDeal(info.id);
            bool offered = d.status == DealStatus.Offered;
            if (kind == Find.Acceptable) return offered && block.timestamp <= info.acceptBy;
            if (kind == Find.Offered) return offered;
            if (kind == Find.Expired) return offered && block.timestamp > info.acceptBy;
            return (kind == Find.BrandCredit ? d.brandCredit : d.influencerCredit) > 0;
        }
        if (info.holdbackBps == 0) return false;
        Holdback memory h = VAULT.getHoldback(info.id);
        bool over = block.timestamp > modelEndOf(di);
        if (kind == Find.Releasable) return h.status <= HoldbackStatus.Holding && over;
        // A breach claim is open while the exclusivity binds: from its start (`from`) to its end.
        bool started = block.timestamp >= info.from;
        if (kind == Find.Breachable) return h.status == HoldbackStatus.Holding && h.held > 0 && started && !over;
        if (kind == Find.BreachPending) return h.status == HoldbackStatus.InArbitration;
        if (kind == Find.VaultBrandCredit) return h.brandCredit > 0;
        return VAULT.influencerCredit(info.id) > 0;
    }

    /// @dev Finds, from a seed-chosen start, a milestone of an active deal where `step` is allowed now.
    function _findMilestone(uint256 seed, Step step) internal view returns (bool, uint256, uint256) {
        uint256 slots = _deals.length * 3;
        for (uint256 k; k < slots; ++k) {
            uint256 slot = (seed + k) % slots;
            uint256 di = slot / 3;
            uint256 mi = slot % 3;
            if (mi >= _deals[di].count) continue;
            bytes32 id = _deals[di].id;
            if (ESCROW.getDeal(id).status != DealStatus.Active) continue;
            MilestoneState memory m = ESCROW.getMilestone(id, mi);
            bool awaiting = m.status == MilestoneStatus.AwaitingDelivery;
            bool inReview = m.status == MilestoneStatus.InReview;
            bool early = block.timestamp <= m.deadline;
            bool ok;
            if (step == Step.Submit) ok = awaiting && early;
            else if (step == Step.Settle) ok = awaiting || inReview;
            else if (step == Step.Dispute) ok = inReview && early;
            else if (step == Step.Release) ok = inReview && !early;
            else if (step == Step.Reclaim) ok = awaiting && !early;
            else ok = m.status == MilestoneStatus.InArbitration;
            if (ok) return (true, di, mi);
        }
        return (false, 0, 0);
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }

    function _unexpected(string memory action, bytes memory reason) internal {
        ++unexpectedReverts;
        lastRevertAction = action;
        lastRevertData = reason;
    }
}
