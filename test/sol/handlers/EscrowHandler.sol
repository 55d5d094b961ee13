// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {TestArbitrator} from "../../../contracts/mocks/TestArbitrator.sol";
import {
    Arbitration,
    DealKey,
    DealState,
    DealStatus,
    DealTerms,
    MilestoneState,
    MilestoneStatus,
    MilestoneTerms,
    Party
} from "../../../contracts/types/DealTypes.sol";
import {DefaultCriteria} from "../utils/EscrowTestBase.sol";
import {IEscrowUnderTest} from "../utils/IEscrowUnderTest.sol";

/// @notice What the handler saw flow through one deal, measured from the outside (balances and events).
struct DealGhost {
    uint256 funded; // escrowed by the brand at creation
    uint256 paidOut; // milestone amounts finalized (toInfluencer + toBrand + fee) and offer totals given back
    uint256 feesAccrued; // protocol fees taken from this deal's milestones
    uint256 depositsIn; // arbitration fees the parties paid into the escrow
    uint256 toArbitrator; // arbitration costs the escrow forwarded to the arbitrator
    uint256 claimed; // credits the parties claimed out of the escrow
}

/// @notice The same flows summed over every deal.
struct GhostTotals {
    uint256 funded;
    uint256 deposits;
    uint256 toArbitrator;
    uint256 claimed;
    uint256 feesWithdrawn;
}

/// @title EscrowHandler
/// @notice Drives random but meaningful sequences over several deals of {DealEscrow}: each action looks for a
///         deal or milestone where it is allowed (status, caller, deadlines) and performs it, so almost no call
///         is wasted on a revert. The handler models when each call must succeed and what it must credit:
///         an unexpected revert or a wrong amount is recorded (a revert inside a handler is discarded by the
///         fuzzer, so failures are kept in counters that the invariants assert to be zero).
contract EscrowHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_DEALS = 10;
    uint256 public constant MAX_MILESTONES_PER_DEAL = 4;
    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MIN_COST = 1e6;
    uint256 internal constant _MAX_COST = 60e6;

    /// @dev What a milestone-level action needs from a milestone.
    enum Step {
        Submit,
        Approve,
        Revise,
        Release,
        Reclaim,
        Refund,
        Propose,
        AcceptSettlement,
        PayFee,
        TimeOut,
        Rule,
        Answer, // a fee phase whose awaited party someone else may pay for
        Open, // any milestone not final, for the refused-step attempts
        Early, // an open milestone whose pending deadline has not passed
        Late // an open milestone whose pending deadline has passed
    }

    /// @dev The parts of a deal's terms that the scans need, to avoid decoding the full terms.
    struct DealInfo {
        bytes32 id;
        address brand;
        address influencer;
        uint40 acceptBy;
        uint8 maxRevisions;
        uint8 count;
    }

    IEscrowUnderTest public immutable ESCROW;
    MockUSDC public immutable USDC;
    IERC20 public immutable TOKEN;
    TestArbitrator public immutable ARBITRATOR;
    address public immutable OWNER;
    address public immutable FEE_RECIPIENT;
    address public immutable STRANGER;
    address public immutable PAYEE;

    address[2] internal _brands;
    address[2] internal _influencers;
    bytes[] internal _encodedTerms;
    DealInfo[] internal _infos;
    mapping(bytes32 dealId => DealGhost) internal _ghosts;
    mapping(bytes32 dealId => mapping(uint256 milestone => bool)) public finalized;

    GhostTotals internal _totals;

    /// @notice Wrong amounts, double payouts, unexpected events: must stay 0.
    uint256 public violations;
    string public lastViolation;
    /// @notice Calls the model says must succeed but reverted: must stay 0.
    uint256 public unexpectedReverts;
    string public lastRevertAction;
    bytes public lastRevertData;
    /// @notice How many times each action actually did something (by action name).
    mapping(string action => uint256) public done;

    constructor(
        IEscrowUnderTest escrow,
        MockUSDC usdc,
        TestArbitrator arbitrator,
        address owner,
        address feeRecipient,
        address stranger,
        address payee
    ) {
        ESCROW = escrow;
        USDC = usdc;
        TOKEN = IERC20(address(usdc));
        ARBITRATOR = arbitrator;
        OWNER = owner;
        FEE_RECIPIENT = feeRecipient;
        STRANGER = stranger;
        PAYEE = payee;
        _brands = [makeAddr("brandA"), makeAddr("brandB")];
        _influencers = [makeAddr("influencerA"), makeAddr("influencerB")];
        address[2] memory others = [stranger, payee];
        for (uint256 i; i < 2; ++i) {
            vm.prank(others[i]);
            usdc.approve(address(escrow), type(uint256).max);
            vm.prank(_brands[i]);
            usdc.approve(address(escrow), type(uint256).max);
            vm.prank(_influencers[i]);
            usdc.approve(address(escrow), type(uint256).max);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                           OFFER & ANSWER                           */
    /* ------------------------------------------------------------------ */

    /// @notice A brand offers a deal of 1 to 4 milestones with random amounts (tiny ones too, for rounding),
    ///         random periods and deadlines, at the escrow's current fee.
    function createDeal(uint256 pairSeed, uint256 countSeed, uint256 amountSeed, uint256 timeSeed) public {
        if (_infos.length >= MAX_DEALS) return;
        DealTerms memory t = _buildTerms(pairSeed, countSeed, amountSeed, timeSeed);
        uint256 total;
        for (uint256 i; i < t.milestones.length; ++i) {
            total += t.milestones[i].amount;
        }
        USDC.mint(t.brand, total);
        vm.prank(t.brand);
        try ESCROW.createDeal(t, DefaultCriteria.get()) returns (bytes32 id) {
            _encodedTerms.push(abi.encode(t));
            _infos.push(
                DealInfo({
                    id: id,
                    brand: t.brand,
                    influencer: t.influencer,
                    acceptBy: t.acceptBy,
                    maxRevisions: t.maxRevisions,
                    count: uint8(t.milestones.length)
                })
            );
            _ghosts[id].funded = total;
            _totals.funded += total;
            ++done["createDeal"];
        } catch (bytes memory reason) {
            _unexpected("createDeal", reason);
        }
    }

    function acceptDeal(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, 0);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.prank(t.influencer);
        try ESCROW.acceptDeal(t) {
            ++done["acceptDeal"];
        } catch (bytes memory reason) {
            _unexpected("acceptDeal", reason);
        }
    }

    function declineDeal(uint256 seed) public {
        (bool found, uint256 di) = _findDeal(seed, 1);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(t.influencer);
        try ESCROW.declineDeal(t) {
            _afterStep(di, 0, type(uint256).max, true);
            ++done["declineDeal"];
        } catch (bytes memory reason) {
            _unexpected("declineDeal", reason);
        }
    }

    function reclaimOffer(uint256 seed, uint256 callerSeed) public {
        (bool found, uint256 di) = _findDeal(seed, 2);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(_anyone(callerSeed));
        try ESCROW.reclaimOffer(t) {
            _afterStep(di, 0, type(uint256).max, true);
            ++done["reclaimOffer"];
        } catch (bytes memory reason) {
            _unexpected("reclaimOffer", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              DELIVERY                              */
    /* ------------------------------------------------------------------ */

    function submitDeliverable(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Submit);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.prank(t.influencer);
        try ESCROW.submitDeliverable(t, mi, keccak256(abi.encode(seed)), "ipfs://deliverable") {
            ++done["submitDeliverable"];
        } catch (bytes memory reason) {
            _unexpected("submitDeliverable", reason);
        }
    }

    function approveMilestone(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Approve);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(t.brand);
        try ESCROW.approveMilestone(t, mi) {
            _afterStep(di, mi, _BPS, true);
            ++done["approveMilestone"];
        } catch (bytes memory reason) {
            _unexpected("approveMilestone", reason);
        }
    }

    function requestRevision(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Revise);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.prank(t.brand);
        try ESCROW.requestRevision(t, mi, keccak256(abi.encode("note", seed))) {
            ++done["requestRevision"];
        } catch (bytes memory reason) {
            _unexpected("requestRevision", reason);
        }
    }

    function releaseAfterReview(uint256 seed, uint256 callerSeed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Release);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(_anyone(callerSeed));
        try ESCROW.releaseAfterReview(t, mi) {
            _afterStep(di, mi, _BPS, true);
            ++done["releaseAfterReview"];
        } catch (bytes memory reason) {
            _unexpected("releaseAfterReview", reason);
        }
    }

    function reclaimMilestone(uint256 seed, uint256 callerSeed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Reclaim);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(_anyone(callerSeed));
        try ESCROW.reclaimMilestone(t, mi) {
            _afterStep(di, mi, 0, true);
            ++done["reclaimMilestone"];
        } catch (bytes memory reason) {
            _unexpected("reclaimMilestone", reason);
        }
    }

    function refundMilestone(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Refund);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        vm.recordLogs();
        vm.prank(t.influencer);
        try ESCROW.refundMilestone(t, mi) {
            _afterStep(di, mi, 0, true);
            ++done["refundMilestone"];
        } catch (bytes memory reason) {
            _unexpected("refundMilestone", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                             SETTLEMENT                             */
    /* ------------------------------------------------------------------ */

    function proposeSettlement(uint256 seed, bool byBrand, uint256 share) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Propose);
        if (!found) return;
        (DealTerms memory t,) = _load(di);
        // Round shares half of the time, so that 0 and 10_000 come up often.
        share = share % 2 == 0 ? _bound(share, 0, 4) * 2_500 : _bound(share, 0, _BPS);
        vm.prank(byBrand ? t.brand : t.influencer);
        try ESCROW.proposeSettlement(t, mi, uint16(share)) {
            ++done["proposeSettlement"];
        } catch (bytes memory reason) {
            _unexpected("proposeSettlement", reason);
        }
    }

    function acceptSettlement(uint256 seed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.AcceptSettlement);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        MilestoneState memory m = ESCROW.getMilestone(id, mi);
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        bool inFeePhase = m.status == MilestoneStatus.FeesPending;
        vm.recordLogs();
        vm.prank(m.settlementProposer == Party.Brand ? t.influencer : t.brand);
        try ESCROW.acceptSettlement(t, mi, m.settlementShareBps) {
            _afterStep(di, mi, m.settlementShareBps, true);
            if (inFeePhase) _checkDepositsRefunded(id, mi, a);
            ++done["acceptSettlement"];
        } catch (bytes memory reason) {
            _unexpected("acceptSettlement", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              DISPUTE                               */
    /* ------------------------------------------------------------------ */

    /// @notice The brand raises a dispute during review, the influencer against a revision request, or a side pays
    ///         during the fee phase (to answer, to top up after a cost rise, or to have a fallen cost met).
    function payArbitrationFee(uint256 seed, bool preferBrand) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.PayFee);
        if (!found) return;
        DealInfo memory info = _infos[di];
        Party party = _payer(info.id, mi, preferBrand);
        _pay(di, mi, party, party == Party.Brand ? info.brand : info.influencer, false);
    }

    /// @notice Someone other than the awaited party (a stranger, the payee, a party of another deal, or the other
    ///         side) answers a fee phase for it, as for a party whose address cannot send the token.
    function payArbitrationFeeFor(uint256 seed, uint256 payerSeed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Answer);
        if (!found) return;
        DealInfo memory info = _infos[di];
        Party party = ESCROW.getArbitration(info.id, mi).waitingFor;
        address payer = _anyone(payerSeed);
        if (payer == (party == Party.Brand ? info.brand : info.influencer)) payer = STRANGER;
        _pay(di, mi, party, payer, true);
    }

    /// @dev `payer` pays `party`'s arbitration fee of milestone `mi` of deal `di`; checks what it paid, what went to
    ///      the arbitrator and that deposits above the cost are credited to the parties (never to a third payer).
    function _pay(uint256 di, uint256 mi, Party party, address payer, bool forParty) internal {
        bytes32 id = _infos[di].id;
        FeeSnapshot memory before = _feeSnapshot(id, mi, party, payer);
        USDC.mint(payer, before.expected);
        before.payerBalance += before.expected;
        string memory action = forParty ? "payArbitrationFeeFor" : "payArbitrationFee";

        vm.recordLogs();
        vm.prank(payer);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(ESCROW).call(_feeCall(di, mi, party, forParty));
        if (!ok) {
            _unexpected(action, reason);
            return;
        }
        _afterStep(di, mi, type(uint256).max, false);
        bool created = _checkFee(id, mi, party, payer, before);
        ++done[action];
        if (created) ++done["disputeCreated"];
    }

    /// @dev What a fee payment is checked against.
    struct FeeSnapshot {
        uint256 cost;
        uint256 expected; // the cost less the party's deposit, or 0
        uint256 payerBalance;
        uint256 arbitratorBalance;
        Arbitration arbitration;
        DealState deal;
    }

    function _feeSnapshot(bytes32 id, uint256 mi, Party party, address payer)
        internal
        view
        returns (FeeSnapshot memory f)
    {
        f.cost = ARBITRATOR.costs(TOKEN);
        f.arbitration = ESCROW.getArbitration(id, mi);
        f.deal = ESCROW.getDeal(id);
        uint256 partyPaid = party == Party.Brand ? f.arbitration.brandFee : f.arbitration.influencerFee;
        f.expected = partyPaid >= f.cost ? 0 : f.cost - partyPaid;
        f.payerBalance = USDC.balanceOf(payer);
        f.arbitratorBalance = USDC.balanceOf(address(ARBITRATOR));
    }

    function _feeCall(uint256 di, uint256 mi, Party party, bool forParty) internal view returns (bytes memory) {
        (DealTerms memory t,) = _load(di);
        return forParty
            ? abi.encodeCall(ESCROW.payArbitrationFeeFor, (t, DefaultCriteria.get(), mi, party))
            : abi.encodeCall(ESCROW.payArbitrationFee, (t, DefaultCriteria.get(), mi));
    }

    /// @dev Checks a fee payment against the snapshot taken before it and books its flows; returns whether it
    ///      created the dispute.
    function _checkFee(bytes32 id, uint256 mi, Party party, address payer, FeeSnapshot memory f)
        internal
        returns (bool created)
    {
        uint256 paid = f.payerBalance - USDC.balanceOf(payer);
        uint256 forwarded = USDC.balanceOf(address(ARBITRATOR)) - f.arbitratorBalance;
        created = ESCROW.getMilestone(id, mi).status == MilestoneStatus.InArbitration;
        if (paid != f.expected) _violation("fee: paid other than the cost less the party's deposit");
        if (forwarded != (created ? f.cost : 0)) _violation("fee: arbitrator got other than one cost");
        // On creation, each deposit above the cost is credited back to its party.
        uint256 brandRefund;
        uint256 influencerRefund;
        if (created) {
            brandRefund = uint256(f.arbitration.brandFee) + (party == Party.Brand ? f.expected : 0) - f.cost;
            influencerRefund =
                uint256(f.arbitration.influencerFee) + (party == Party.Influencer ? f.expected : 0) - f.cost;
        }
        DealState memory d = ESCROW.getDeal(id);
        if (d.brandCredit - f.deal.brandCredit != brandRefund) _violation("fee: brand refund");
        if (d.influencerCredit - f.deal.influencerCredit != influencerRefund) _violation("fee: influencer refund");
        _ghosts[id].depositsIn += paid;
        _ghosts[id].toArbitrator += forwarded;
        _totals.deposits += paid;
        _totals.toArbitrator += forwarded;
    }

    function timeOutArbitration(uint256 seed, uint256 callerSeed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.TimeOut);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        uint256 share = a.waitingFor == Party.Brand ? _BPS : 0;
        vm.recordLogs();
        vm.prank(_anyone(callerSeed));
        try ESCROW.timeOutArbitration(t, mi) {
            _afterStep(di, mi, share, true);
            _checkDepositsRefunded(id, mi, a);
            ++done["timeOutArbitration"];
        } catch (bytes memory reason) {
            _unexpected("timeOutArbitration", reason);
        }
    }

    /// @notice The arbitrator rules on a dispute with any ruling 0 .. 10_001 (extremes half of the time).
    function giveRuling(uint256 seed, uint256 ruling) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Rule);
        if (!found) return;
        bytes32 id = _infos[di].id;
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        uint256 extremes = ruling % 4;
        ruling = extremes < 2 ? [uint256(0), 10_001][extremes] : _bound(ruling, 0, 10_001);
        uint256 share = ruling == 0 ? 5_000 : ruling - 1;
        DealState memory before = ESCROW.getDeal(id);
        vm.recordLogs();
        try ARBITRATOR.giveRuling(a.disputeId, ruling) {
            (uint256 toInfluencer, uint256 toBrand,) = _afterStep(di, mi, share, true);
            // The held cost is shared like the milestone.
            uint256 costToInfluencer = uint256(a.brandFee) * share / _BPS;
            DealState memory afterwards = ESCROW.getDeal(id);
            if (afterwards.influencerCredit - before.influencerCredit != toInfluencer + costToInfluencer) {
                _violation("ruling: influencer credit");
            }
            if (afterwards.brandCredit - before.brandCredit != toBrand + a.brandFee - costToInfluencer) {
                _violation("ruling: brand credit");
            }
            ++done["giveRuling"];
        } catch (bytes memory reason) {
            _unexpected("giveRuling", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                CLAIM                               */
    /* ------------------------------------------------------------------ */

    function claim(uint256 seed, bool asBrand, bool toPayee) public {
        (bool found, uint256 di) = _findDeal(seed, asBrand ? 3 : 4);
        if (!found) return;
        DealInfo memory info = _infos[di];
        address claimant = asBrand ? info.brand : info.influencer;
        address to = toPayee ? PAYEE : claimant;
        DealState memory d = ESCROW.getDeal(info.id);
        uint256 credit = asBrand ? d.brandCredit : d.influencerCredit;
        uint256 before = USDC.balanceOf(to);
        DealKey memory key = _keyOf(di);
        vm.prank(claimant);
        try ESCROW.claim(key, to) returns (uint256 sent) {
            if (sent != credit || USDC.balanceOf(to) - before != credit) _violation("claim: not the credit");
            d = ESCROW.getDeal(info.id);
            if ((asBrand ? d.brandCredit : d.influencerCredit) != 0) _violation("claim: credit not zeroed");
            _ghosts[info.id].claimed += credit;
            _totals.claimed += credit;
            ++done["claim"];
        } catch (bytes memory reason) {
            _unexpected("claim", reason);
        }
    }

    /// @notice One of the four parties claims every credit it has, across all its deals, in one call.
    function claimMany(uint256 actorSeed) public {
        uint256 pick = actorSeed % 4;
        address claimant = pick < 2 ? _brands[pick] : _influencers[pick - 2];
        uint256 n = _infos.length;
        DealKey[] memory keys = new DealKey[](n);
        uint256[] memory credits = new uint256[](n);
        uint256 count;
        uint256 expected;
        for (uint256 i; i < n; ++i) {
            DealInfo memory info = _infos[i];
            if (info.brand != claimant && info.influencer != claimant) continue;
            DealState memory d = ESCROW.getDeal(info.id);
            credits[count] = info.brand == claimant ? d.brandCredit : d.influencerCredit;
            expected += credits[count];
            keys[count++] = _keyOf(i);
        }
        if (expected == 0) return;
        // Trim the key list to the deals of the claimant.
        DealKey[] memory mine = new DealKey[](count);
        for (uint256 i; i < count; ++i) {
            mine[i] = keys[i];
        }
        uint256 before = USDC.balanceOf(claimant);
        vm.prank(claimant);
        try ESCROW.claimMany(mine, claimant) returns (uint256 sent) {
            if (sent != expected || USDC.balanceOf(claimant) - before != expected) {
                _violation("claimMany: not the sum of credits");
            }
            for (uint256 i; i < count; ++i) {
                _ghosts[ESCROW.dealIdOf(mine[i])].claimed += credits[i];
            }
            _totals.claimed += expected;
            ++done["claimMany"];
        } catch (bytes memory reason) {
            _unexpected("claimMany", reason);
        }
    }

    function withdrawProtocolFees(bool toPayee) public {
        uint256 fees = ESCROW.protocolFees(TOKEN);
        if (fees == 0) return;
        address to = toPayee ? PAYEE : FEE_RECIPIENT;
        uint256 before = USDC.balanceOf(to);
        vm.prank(FEE_RECIPIENT);
        try ESCROW.withdrawProtocolFees(TOKEN, to) returns (uint256 sent) {
            if (sent != fees || USDC.balanceOf(to) - before != fees) _violation("withdraw: not the fees");
            _totals.feesWithdrawn += fees;
            ++done["withdrawProtocolFees"];
        } catch (bytes memory reason) {
            _unexpected("withdrawProtocolFees", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                           REFUSED STEPS                            */
    /* ------------------------------------------------------------------ */

    /// @notice A permissionless step tried before its deadline must be refused with DeadlineNotReached(deadline,
    ///         now): reclaimOffer before acceptBy, reclaimMilestone before the deliver-by (or resubmit-by) date,
    ///         releaseAfterReview before the review deadline, timeOutArbitration before the fee deadline.
    function attemptEarly(uint256 seed, bool offer) public {
        bytes memory data;
        uint256 deadline;
        if (offer) {
            (bool found, uint256 di) = _findDeal(seed, 0);
            if (!found) return;
            (DealTerms memory t,) = _load(di);
            data = abi.encodeCall(ESCROW.reclaimOffer, (t));
            deadline = t.acceptBy;
        } else {
            (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Early);
            if (!found) return;
            (DealTerms memory t, bytes32 id) = _load(di);
            MilestoneStatus status = ESCROW.getMilestone(id, mi).status;
            if (status == MilestoneStatus.AwaitingDelivery) data = abi.encodeCall(ESCROW.reclaimMilestone, (t, mi));
            else if (status == MilestoneStatus.InReview) data = abi.encodeCall(ESCROW.releaseAfterReview, (t, mi));
            else data = abi.encodeCall(ESCROW.timeOutArbitration, (t, mi));
            deadline = _pendingDeadline(id, mi);
        }
        _expectRefused(STRANGER, data, _notReached(deadline), "early step");
        ++done["attemptEarly"];
    }

    /// @notice A party step tried after its deadline must be refused with DeadlinePassed(deadline, now):
    ///         acceptDeal after acceptBy, submitDeliverable after the delivery deadline, requestRevision after the
    ///         review deadline, payArbitrationFee by the waiting side after the fee deadline.
    function attemptLate(uint256 seed, bool offer) public {
        bytes memory data;
        address caller;
        uint256 deadline;
        if (offer) {
            (bool found, uint256 di) = _findDeal(seed, 2);
            if (!found) return;
            (DealTerms memory t,) = _load(di);
            (data, caller, deadline) = (abi.encodeCall(ESCROW.acceptDeal, (t)), t.influencer, t.acceptBy);
        } else {
            (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Late);
            if (!found) return;
            (DealTerms memory t, bytes32 id) = _load(di);
            MilestoneStatus status = ESCROW.getMilestone(id, mi).status;
            if (status == MilestoneStatus.AwaitingDelivery) {
                data = abi.encodeCall(ESCROW.submitDeliverable, (t, mi, bytes32(seed), "ipfs://late"));
                caller = t.influencer;
            } else if (status == MilestoneStatus.InReview) {
                data = abi.encodeCall(ESCROW.requestRevision, (t, mi, bytes32(seed)));
                caller = t.brand;
            } else {
                data = abi.encodeCall(ESCROW.payArbitrationFee, (t, DefaultCriteria.get(), mi));
                caller = ESCROW.getArbitration(id, mi).waitingFor == Party.Brand ? t.brand : t.influencer;
            }
            deadline = _pendingDeadline(id, mi);
        }
        _expectRefused(caller, data, _passed(deadline), "late step");
        ++done["attemptLate"];
    }

    /// @notice A party-only step tried by someone who is not that party (a stranger, or a party of another deal)
    ///         must be refused with EscrowUnauthorized(caller, required party), EscrowOnlyArbitrator for rule, or
    ///         ArbitrationNotAvailable for paying the fee of a side no fee phase waits for.
    function attemptUnauthorized(uint256 seed, uint256 stepSeed, uint256 callerSeed) public {
        (bool found, uint256 di, uint256 mi) = _findMilestone(seed, Step.Open);
        if (!found) return;
        (DealTerms memory t, bytes32 id) = _load(di);
        address caller = _anyone(callerSeed);
        if (caller == t.brand || caller == t.influencer) caller = STRANGER;
        uint256 step = stepSeed % 8;
        bytes memory data;
        Party required = Party.None;
        if (step == 0) {
            data = abi.encodeCall(ESCROW.submitDeliverable, (t, mi, bytes32(0), ""));
            required = Party.Influencer;
        } else if (step == 1) {
            data = abi.encodeCall(ESCROW.approveMilestone, (t, mi));
            required = Party.Brand;
        } else if (step == 2) {
            data = abi.encodeCall(ESCROW.requestRevision, (t, mi, bytes32(0)));
            required = Party.Brand;
        } else if (step == 3) {
            data = abi.encodeCall(ESCROW.refundMilestone, (t, mi));
            required = Party.Influencer;
        } else if (step == 4) {
            data = abi.encodeCall(ESCROW.proposeSettlement, (t, mi, uint16(5_000)));
        } else if (step == 5) {
            data = abi.encodeCall(ESCROW.payArbitrationFee, (t, DefaultCriteria.get(), mi));
        } else if (step == 6) {
            data = abi.encodeCall(ESCROW.rule, (ESCROW.getArbitration(id, mi).disputeId, 1));
        } else {
            // Paying for a side that no fee phase is waiting for.
            required = ESCROW.getArbitration(id, mi).waitingFor == Party.Brand ? Party.Influencer : Party.Brand;
            data = abi.encodeCall(ESCROW.payArbitrationFeeFor, (t, DefaultCriteria.get(), mi, required));
        }
        bytes memory expected = abi.encodeWithSelector(IDealEscrow.EscrowUnauthorized.selector, caller, required);
        if (step == 6) expected = abi.encodeWithSelector(IDealEscrow.EscrowOnlyArbitrator.selector, caller);
        if (step == 7) {
            expected = abi.encodeWithSelector(IDealEscrow.ArbitrationNotAvailable.selector, id, mi, required);
        }
        _expectRefused(caller, data, expected, "unauthorized step");
        ++done["attemptUnauthorized"];
    }

    /* ------------------------------------------------------------------ */
    /*                          TIME AND SETTINGS                         */
    /* ------------------------------------------------------------------ */

    /// @notice Time passes: from a minute to twelve days.
    function warp(uint256 secondsSeed) public {
        vm.warp(block.timestamp + _bound(secondsSeed, 1 minutes, 12 days));
        ++done["warp"];
    }

    /// @notice Time jumps to exactly a pending deadline (an offer's acceptBy, a milestone's deadline or fee
    ///         deadline), or one second past it: the boundaries where an action flips from allowed to refused.
    function warpToDeadline(uint256 seed, bool pastIt) public {
        uint256 n = _infos.length;
        if (n == 0) return;
        uint256 di = seed % n;
        DealInfo memory info = _infos[di];
        DealState memory d = ESCROW.getDeal(info.id);
        uint256 deadline;
        if (d.status == DealStatus.Offered) {
            deadline = info.acceptBy;
        } else if (d.status == DealStatus.Active) {
            uint256 mi = (seed / n) % info.count;
            deadline = _pendingDeadline(info.id, mi);
        }
        if (pastIt) ++deadline;
        if (deadline <= block.timestamp) return;
        vm.warp(deadline);
        ++done["warpToDeadline"];
    }

    /// @notice The arbitrator's price changes, between 1 and 60 USDC, or to zero one time in eight (running fee
    ///         phases then top up, or have the dispute created and the excess refunded).
    function setArbitrationCost(uint256 cost) public {
        ARBITRATOR.setCost(TOKEN, cost % 8 == 0 ? 0 : _bound(cost, _MIN_COST, _MAX_COST));
        ++done["setArbitrationCost"];
    }

    /// @notice Governance changes the fee for new deals; running deals keep theirs.
    function setProtocolFee(uint256 feeBps) public {
        vm.prank(OWNER);
        ESCROW.setProtocolFee(uint16(_bound(feeBps, 0, 1_000)));
        ++done["setProtocolFee"];
    }

    /* ------------------------------------------------------------------ */
    /*                         VIEWS FOR INVARIANTS                       */
    /* ------------------------------------------------------------------ */

    function dealCount() external view returns (uint256) {
        return _infos.length;
    }

    function termsAt(uint256 i) external view returns (DealTerms memory) {
        return abi.decode(_encodedTerms[i], (DealTerms));
    }

    function idAt(uint256 i) external view returns (bytes32) {
        return _infos[i].id;
    }

    function totals() external view returns (GhostTotals memory) {
        return _totals;
    }

    function ghostOf(bytes32 id) external view returns (DealGhost memory) {
        return _ghosts[id];
    }

    /* ------------------------------------------------------------------ */
    /*                               INTERNALS                            */
    /* ------------------------------------------------------------------ */

    function _buildTerms(uint256 pairSeed, uint256 countSeed, uint256 amountSeed, uint256 timeSeed)
        internal
        view
        returns (DealTerms memory t)
    {
        t.brand = _brands[pairSeed % 2];
        t.influencer = _influencers[(pairSeed >> 1) % 2];
        t.token = TOKEN;
        t.protocolFeeBps = ESCROW.protocolFeeBps();
        t.maxRevisions = uint8(timeSeed % 4);
        t.language = "fr";
        t.topic = 1;
        t.acceptBy = uint40(block.timestamp + _bound(timeSeed >> 8, 1 hours, 10 days));
        t.reviewPeriod = uint32(_bound(timeSeed >> 48, 1 days, 10 days));
        t.revisionPeriod = uint32(_bound(timeSeed >> 88, 1 days, 10 days));
        t.feeTimeout = uint32(_bound(timeSeed >> 128, 1 days, 10 days));
        t.briefHash = keccak256("ipfs://brief");
        t.criteriaHash = keccak256(abi.encode(DefaultCriteria.get()));
        t.salt = bytes32(_infos.length);
        uint256 count = _bound(countSeed, 1, MAX_MILESTONES_PER_DEAL);
        t.milestones = new MilestoneTerms[](count);
        for (uint256 i; i < count; ++i) {
            uint256 x = uint256(keccak256(abi.encode(amountSeed, i)));
            // A quarter of the milestones are tiny (a few base units), where every rounding shows.
            uint256 amount = x % 4 == 0 ? _bound(x >> 8, 1, 10_000) : _bound(x >> 8, 1e6, 1e11);
            uint256 deliverBy = t.acceptBy + _bound(x >> 128, 1 hours, 30 days);
            t.milestones[i] = MilestoneTerms({amount: uint128(amount), deliverBy: uint40(deliverBy)});
        }
    }

    function _load(uint256 di) internal view returns (DealTerms memory t, bytes32 id) {
        t = abi.decode(_encodedTerms[di], (DealTerms));
        id = _infos[di].id;
    }

    function _keyOf(uint256 di) internal view returns (DealKey memory) {
        DealInfo memory info = _infos[di];
        return DealKey(info.brand, info.influencer, TOKEN, keccak256(_encodedTerms[di]));
    }

    /// @dev A caller for permissionless steps: one of the parties, a stranger or the payee.
    function _anyone(uint256 seed) internal view returns (address) {
        uint256 pick = seed % 6;
        if (pick < 2) return _brands[pick];
        if (pick < 4) return _influencers[pick - 2];
        return pick == 4 ? STRANGER : PAYEE;
    }

    /// @dev Finds, from a seed-chosen start, a deal where a deal-level action is allowed now.
    ///      kind: 0 accept, 1 decline, 2 reclaim offer, 3 brand has a credit, 4 influencer has a credit.
    function _findDeal(uint256 seed, uint256 kind) internal view returns (bool, uint256) {
        uint256 n = _infos.length;
        for (uint256 k; k < n; ++k) {
            uint256 di = (seed + k) % n;
            DealState memory d = ESCROW.getDeal(_infos[di].id);
            bool offered = d.status == DealStatus.Offered;
            bool ok;
            if (kind == 0) ok = offered && block.timestamp <= _infos[di].acceptBy;
            else if (kind == 1) ok = offered;
            else if (kind == 2) ok = offered && block.timestamp > _infos[di].acceptBy;
            else if (kind == 3) ok = d.brandCredit > 0;
            else ok = d.influencerCredit > 0;
            if (ok) return (true, di);
        }
        return (false, 0);
    }

    /// @dev Finds, from a seed-chosen start, a milestone of an active deal where `step` is allowed now.
    function _findMilestone(uint256 seed, Step step) internal view returns (bool, uint256, uint256) {
        uint256 n = _infos.length;
        uint256 slots = n * MAX_MILESTONES_PER_DEAL;
        for (uint256 k; k < slots; ++k) {
            uint256 slot = (seed + k) % (slots == 0 ? 1 : slots);
            uint256 di = slot / MAX_MILESTONES_PER_DEAL;
            uint256 mi = slot % MAX_MILESTONES_PER_DEAL;
            if (mi >= _infos[di].count) continue;
            if (ESCROW.getDeal(_infos[di].id).status != DealStatus.Active) continue;
            if (_allowed(step, di, mi)) return (true, di, mi);
        }
        return (false, 0, 0);
    }

    /// @dev The handler's model of when each milestone step must succeed.
    function _allowed(Step step, uint256 di, uint256 mi) internal view returns (bool) {
        bytes32 id = _infos[di].id;
        MilestoneState memory m = ESCROW.getMilestone(id, mi);
        MilestoneStatus s = m.status;
        bool awaiting = s == MilestoneStatus.AwaitingDelivery;
        bool inReview = s == MilestoneStatus.InReview;
        bool feesPending = s == MilestoneStatus.FeesPending;
        bool beforeDeadline = block.timestamp <= m.deadline;
        if (step == Step.Submit) return awaiting && beforeDeadline;
        if (step == Step.Approve || step == Step.Refund) return awaiting || inReview;
        if (step == Step.Revise) return inReview && beforeDeadline && m.revisions < _infos[di].maxRevisions;
        if (step == Step.Release) return inReview && !beforeDeadline;
        if (step == Step.Reclaim) return awaiting && !beforeDeadline;
        if (step == Step.Propose) return awaiting || inReview || feesPending;
        if (step == Step.AcceptSettlement) {
            return (awaiting || inReview || feesPending) && m.settlementProposer != Party.None;
        }
        if (step == Step.Rule) return s == MilestoneStatus.InArbitration;
        if (step >= Step.Open) {
            if (!(awaiting || inReview || feesPending || s == MilestoneStatus.InArbitration)) return false;
            if (step == Step.Open) return true;
            if (s == MilestoneStatus.InArbitration) return false; // no deadline pending
            bool pending = block.timestamp <= _pendingDeadline(id, mi);
            return step == Step.Early ? pending : !pending;
        }
        if (!feesPending) {
            // Raising a dispute: the brand during review, the influencer against a revision request.
            return step == Step.PayFee && beforeDeadline && (inReview || (awaiting && m.revisions > 0));
        }
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        bool beforeFeeDeadline = block.timestamp <= a.feeDeadline;
        if (step == Step.TimeOut) return !beforeFeeDeadline;
        if (step == Step.Answer) return beforeFeeDeadline && _mayPay(id, mi, a.waitingFor);
        return step == Step.PayFee && beforeFeeDeadline && _payer(id, mi, true) != Party.None;
    }

    /// @dev Who may pay the arbitration fee of a milestone now (the preferred side when both may).
    function _payer(bytes32 id, uint256 mi, bool preferBrand) internal view returns (Party) {
        MilestoneState memory m = ESCROW.getMilestone(id, mi);
        if (m.status == MilestoneStatus.InReview) return Party.Brand;
        if (m.status == MilestoneStatus.AwaitingDelivery) return Party.Influencer;
        bool brandMay = _mayPay(id, mi, Party.Brand);
        bool influencerMay = _mayPay(id, mi, Party.Influencer);
        if (brandMay && (preferBrand || !influencerMay)) return Party.Brand;
        if (influencerMay) return Party.Influencer;
        return Party.None;
    }

    /// @dev In a fee phase, `party` may pay while its deposit is below the current cost, or (to have the dispute
    ///      created) when the other deposit already covers it.
    function _mayPay(bytes32 id, uint256 mi, Party party) internal view returns (bool) {
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        uint256 cost = ARBITRATOR.costs(TOKEN);
        (uint256 own, uint256 other) =
            party == Party.Brand ? (a.brandFee, a.influencerFee) : (a.influencerFee, a.brandFee);
        return own < cost || other >= cost;
    }

    /// @dev Reads the events of the last step. A step that finalizes must emit exactly one `MilestoneFinalized`
    ///      for (deal `di`, milestone `mi`) with influencer share `share` and the exact split of the milestone;
    ///      a step that ends an offer must give back exactly the funded total; other steps finalize nothing.
    function _afterStep(uint256 di, uint256 mi, uint256 share, bool finalizes)
        internal
        returns (uint256 toInfluencer, uint256 toBrand, uint256 fee)
    {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 id = _infos[di].id;
        uint256 finalizations;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(ESCROW)) continue;
            bytes32 topic = logs[i].topics[0];
            if (topic == IDealEscrow.MilestoneFinalized.selector) {
                ++finalizations;
                (toInfluencer, toBrand, fee) = _checkFinalized(di, mi, share, logs[i]);
            } else if (topic == IDealEscrow.DealDeclined.selector || topic == IDealEscrow.DealExpired.selector) {
                ++finalizations;
                uint256 refunded = abi.decode(logs[i].data, (uint256));
                if (refunded != _ghosts[id].funded) _violation("offer end: refund is not the funded total");
                _ghosts[id].paidOut += refunded;
                toBrand = refunded;
            }
        }
        if (finalizations != (finalizes ? 1 : 0)) _violation("step: wrong number of final events");
    }

    function _checkFinalized(uint256 di, uint256 mi, uint256 share, Vm.Log memory log)
        internal
        returns (uint256 toInfluencer, uint256 toBrand, uint256 fee)
    {
        bytes32 id = _infos[di].id;
        uint16 emittedShare;
        (, emittedShare, toInfluencer, toBrand, fee) =
            abi.decode(log.data, (address, uint16, uint256, uint256, uint256));
        if (log.topics[1] != id || uint256(log.topics[2]) != mi) _violation("finalized: wrong milestone");
        if (emittedShare != share) _violation("finalized: wrong share");
        if (finalized[id][mi]) _violation("finalized: milestone paid twice");
        finalized[id][mi] = true;

        (DealTerms memory t,) = _load(di);
        uint256 amount = t.milestones[mi].amount;
        uint256 gross = amount * share / _BPS;
        uint256 expectedFee = gross * t.protocolFeeBps / _BPS;
        if (fee != expectedFee || toInfluencer != gross - expectedFee || toBrand != amount - gross) {
            _violation("finalized: split is not floor(amount * share) less floor(fee)");
        }
        _ghosts[id].paidOut += toInfluencer + toBrand + fee;
        _ghosts[id].feesAccrued += fee;
    }

    /// @dev After a settlement in the fee phase or a fee timeout, no deposit is left on the milestone.
    function _checkDepositsRefunded(bytes32 id, uint256 mi, Arbitration memory before) internal {
        Arbitration memory a = ESCROW.getArbitration(id, mi);
        if (a.brandFee != 0 || a.influencerFee != 0) _violation("deposits not refunded");
        if (before.brandFee == 0 && before.influencerFee == 0) _violation("fee phase without a deposit");
    }

    /// @dev The deadline that applies to an open milestone now: its delivery or review deadline, or the fee
    ///      deadline during the fee phase.
    function _pendingDeadline(bytes32 id, uint256 mi) internal view returns (uint256) {
        MilestoneState memory m = ESCROW.getMilestone(id, mi);
        return m.status == MilestoneStatus.FeesPending ? ESCROW.getArbitration(id, mi).feeDeadline : m.deadline;
    }

    function _notReached(uint256 deadline) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IDealEscrow.DeadlineNotReached.selector, deadline, block.timestamp);
    }

    function _passed(uint256 deadline) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IDealEscrow.DeadlinePassed.selector, deadline, block.timestamp);
    }

    /// @dev Calls the escrow as `caller` with `data` (any of its functions, hence a raw call) and records a
    ///      violation unless the call reverts with exactly `expected`.
    function _expectRefused(address caller, bytes memory data, bytes memory expected, string memory what) internal {
        vm.prank(caller);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(ESCROW).call(data);
        if (ok) _violation(string.concat(what, ": succeeded"));
        else if (keccak256(reason) != keccak256(expected)) _violation(string.concat(what, ": wrong error"));
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
