// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Vm} from "forge-std/Vm.sol";

import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {IMediatorCourt} from "../../../contracts/interfaces/IMediatorCourt.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {CourtParams, DisputeInfo, Mediator, Period, Round} from "../../../contracts/types/CourtTypes.sol";
import {DealTerms, Question} from "../../../contracts/types/DealTypes.sol";
import {CourtFlows, CourtStack, IChainlinkRandomness, IVRFCoordinatorMock} from "../utils/CourtTestBase.sol";
import {CourtReference} from "../utils/CourtReference.sol";

/// @notice Money the handler saw enter and leave the court, measured at each call.
struct CourtGhostTotals {
    uint256 initial; // the court's balance when the handler started (stakes of the fixture's mediators)
    uint256 staked; // stake tokens mediators paid in
    uint256 fees; // first-round fees the escrow paid in
    uint256 appeals; // appeal funding taken from the parties
    uint256 withdrawn; // stake sent out by withdrawals
    uint256 claimed; // credits sent out by claims
    uint256 paidOut; // rewards executeRound sent to mediators directly
    uint256 executedCredits; // credits created by executeRound (rewards that could not be sent, halves to parties)
}

/// @title CourtHandler
/// @notice Drives random but meaningful sequences over the court: six mediators (the fixture's five and one more,
///         who is also an influencer) stake, join and leave three pools, request exits and withdraw; disputes are
///         opened through the escrow by two brands and two influencers in a topic pool, a topic pool that falls
///         back to its language, and an empty language; randomness is answered (or re-requested after its
///         timeout), seats drawn in batches, answers committed (sometimes listing only part of a mediator's seats
///         at its first commit) and revealed at random, periods passed with time warps (the last draw, commit and
///         reveal end their periods by themselves, which each action checks), appeals funded in parts, rounds
///         executed in batches (finalizing unappealed rulings after their deadline), rewards sent or, for a
///         mediator USDC blacklisted, credited, credits claimed and parameters changed.
///         Each action looks for a dispute or mediator where it is allowed, so almost no call is wasted; the
///         handler models when a call must succeed, and an unexpected revert or a wrong amount is recorded in
///         counters that the invariants assert to be zero (a revert inside a handler call is discarded by the
///         fuzzer).
contract CourtHandler is CommonBase, StdCheats, StdUtils {
    /// @notice Disputes not yet final at a time, and disputes opened in all.
    uint256 public constant MAX_RUNNING_DISPUTES = 8;
    uint256 public constant MAX_DISPUTES = 24;
    uint256 public constant MEDIATORS = 6;
    uint256 public constant POOLS = 3;
    uint256 internal constant _BPS = 10_000;
    /// @dev MediatorCourt.MAX_POOLS and EXIT_WINDOW (not part of IMediatorCourt).
    uint256 internal constant _MAX_POOLS = 4;
    uint256 internal constant _EXIT_WINDOW = 3 days;

    /// @dev A (language, topic) pool.
    struct Pool {
        bytes2 language;
        uint8 topic;
    }

    MockUSDC public immutable USDC;
    IERC20 public immutable TOKEN;
    IVRFCoordinatorMock public immutable VRF;
    IChainlinkRandomness public immutable RANDOMNESS;
    IMediatorCourt public immutable COURT;
    IDealEscrow public immutable ESCROW;
    address public immutable OWNER;

    address[] internal _mediators;
    address[2] internal _brands;
    address[2] internal _influencers;
    /// @dev Every account the court may credit: mediators and parties, once each.
    address[] internal _accounts;

    /// @dev What the handler keeps of a round.
    struct RoundGhost {
        uint256 settled; // what executeRound gave out: rewards sent plus credits (unsendable rewards, halves)
        uint256 committedSeats; // seats listed at each mediator's first commit (the court's `committed`, modelled)
        mapping(address mediator => bytes answers) plans; // the answers a mediator committed last
    }

    /// @dev What the handler keeps of a dispute.
    struct DisputeGhost {
        bytes criteria;
        mapping(uint256 round => RoundGhost) rounds;
    }

    uint256[] internal _disputeIds;
    mapping(uint256 disputeId => DisputeGhost) internal _ghosts;

    CourtGhostTotals internal _totals;
    /// @notice Mediators whose stake a penalty lowered at least once.
    mapping(address mediator => bool) public penalizedEver;
    /// @notice Mediators whose re-weighting after a penalty a freeze deferred, and the weight their trees still hold.
    struct Deferral {
        bool deferred;
        uint256 staleWeight;
    }

    mapping(address mediator => Deferral) internal _deferrals;
    /// @notice Where blacklisted accounts claim and withdraw to (USDC refuses to send them anything).
    address public immutable RESCUE = makeAddr("rescue");

    /// @notice Wrong amounts or broken rules seen during a call: must stay 0.
    uint256 public violations;
    string public lastViolation;
    /// @notice Calls the model says must succeed but reverted: must stay 0.
    uint256 public unexpectedReverts;
    string public lastRevertAction;
    bytes public lastRevertData;
    /// @notice How many times each action actually did something (by action name).
    mapping(string action => uint256) public done;

    /// @param mediators_ Six mediators; the last one is also the second influencer.
    constructor(CourtStack memory s, address owner, address[] memory mediators_) {
        USDC = s.usdc;
        TOKEN = IERC20(address(s.usdc));
        VRF = s.vrf;
        RANDOMNESS = s.randomness;
        COURT = s.court;
        ESCROW = s.escrow;
        OWNER = owner;
        _totals.initial = s.usdc.balanceOf(address(s.court));
        for (uint256 i; i < MEDIATORS; ++i) {
            address m = mediators_[i];
            _mediators.push(m);
            _accounts.push(m);
            vm.prank(m);
            USDC.approve(address(COURT), type(uint256).max);
        }
        _brands = [makeAddr("brandA"), makeAddr("brandB")];
        // The second influencer is also a mediator: the court must never draw it in its own disputes.
        _influencers = [makeAddr("influencerA"), _mediators[MEDIATORS - 1]];
        _accounts.push(_brands[0]);
        _accounts.push(_brands[1]);
        _accounts.push(_influencers[0]);
        for (uint256 i; i < 2; ++i) {
            vm.prank(_brands[i]);
            USDC.approve(address(COURT), type(uint256).max);
            vm.prank(_influencers[i]);
            USDC.approve(address(COURT), type(uint256).max);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                               MEDIATORS                            */
    /* ------------------------------------------------------------------ */

    /// @notice A mediator stakes more (not a blacklisted one: USDC would refuse its transfer, and its mint).
    function stake(uint256 mediatorSeed, uint256 amount) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        if (USDC.isBlacklisted(m)) return;
        amount = _bound(amount, 1, 300e6);
        USDC.mint(m, amount);
        (bool frozen, bytes2 language, uint256 until) = _frozenPools(m, 0);
        vm.prank(m);
        try COURT.stake(amount) {
            if (frozen) _violation("stake: changed a frozen language's pools");
            _totals.staked += amount;
            _deferrals[m].deferred = false;
            ++done["stake"];
        } catch (bytes memory reason) {
            _expectFrozen("stake", reason, frozen, language, until);
        }
    }

    function joinPool(uint256 mediatorSeed, uint256 poolSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        Pool memory p = _pool(poolSeed % POOLS);
        if (COURT.getMediator(m).stake < COURT.params().minStake || _inPool(m, p)) return;
        if (COURT.poolsOf(m).length >= _MAX_POOLS) return;
        (bool frozen, bytes2 language, uint256 until) = _frozenPools(m, _key(p));
        vm.prank(m);
        try COURT.joinPool(p.language, p.topic) {
            if (frozen) _violation("joinPool: changed a frozen language's pools");
            _deferrals[m].deferred = false;
            ++done["joinPool"];
        } catch (bytes memory reason) {
            _expectFrozen("joinPool", reason, frozen, language, until);
        }
    }

    /// @notice A mediator requests an exit; three times in four, not while its previous request is still usable
    ///         (a new request restarts the delay, so that frequent requests would never mature).
    function requestExit(uint256 mediatorSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        uint256 allowedAt = COURT.getMediator(m).exitAllowedAt;
        bool pending = allowedAt != 0 && block.timestamp <= allowedAt + _EXIT_WINDOW;
        if (pending && (mediatorSeed >> 8) % 4 != 0) return;
        vm.prank(m);
        try COURT.requestExit() {
            ++done["requestExit"];
        } catch (bytes memory reason) {
            _unexpected("requestExit", reason);
        }
    }

    function leavePool(uint256 mediatorSeed, uint256 poolSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        Pool memory p = _pool(poolSeed % POOLS);
        if (!_exitReady(m) || !_inPool(m, p)) return;
        (bool frozen, bytes2 language, uint256 until) = _frozenPools(m, _key(p));
        vm.prank(m);
        try COURT.leavePool(p.language, p.topic) {
            if (frozen) _violation("leavePool: changed a frozen language's pools");
            _deferrals[m].deferred = false;
            ++done["leavePool"];
        } catch (bytes memory reason) {
            _expectFrozen("leavePool", reason, frozen, language, until);
        }
    }

    /// @notice Withdraws part of the free stake (a blacklisted mediator to another address); the stake never goes
    ///         below what is locked.
    function withdraw(uint256 mediatorSeed, uint256 amount) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        Mediator memory before = COURT.getMediator(m);
        if (!_exitReady(m) || before.stake <= before.locked) return;
        amount = _bound(amount, 1, before.stake - before.locked);
        address to = _recipient(m);
        uint256 toBefore = USDC.balanceOf(to);
        (bool frozen, bytes2 language, uint256 until) = _frozenPools(m, 0);
        vm.prank(m);
        try COURT.withdraw(amount, to) {
            if (frozen) _violation("withdraw: changed a frozen language's pools");
            _deferrals[m].deferred = false;
            _totals.withdrawn += amount;
            Mediator memory afterwards = COURT.getMediator(m);
            if (afterwards.stake != before.stake - amount) _violation("withdraw: stake");
            if (afterwards.stake < afterwards.locked) _violation("withdraw: below locked");
            if (USDC.balanceOf(to) - toBefore != amount) _violation("withdraw: amount received");
            ++done["withdraw"];
        } catch (bytes memory reason) {
            _expectFrozen("withdraw", reason, frozen, language, until);
        }
    }

    /// @notice Anyone brings a mediator's pool weights up to date with its stake (after a deferred re-weighting).
    function syncWeight(uint256 mediatorSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        (bool frozen, bytes2 language, uint256 until) = _frozenPools(m, 0);
        try COURT.syncWeight(m) {
            if (frozen) _violation("syncWeight: changed a frozen language's pools");
            if (_deferrals[m].deferred) ++done["syncWeightDeferred"];
            _deferrals[m].deferred = false;
            ++done["syncWeight"];
        } catch (bytes memory reason) {
            _expectFrozen("syncWeight", reason, frozen, language, until);
        }
    }

    /// @notice The weight `m` has in the trees of its pools: its stake's weight, or the stale one while deferred.
    function treeWeightOf(address m) external view returns (uint256) {
        return _deferrals[m].deferred ? _deferrals[m].staleWeight : _weightOfStake(COURT.getMediator(m).stake);
    }

    /// @notice The USDC owner blacklists (or clears) one of the first five mediators (never a party): rewards
    ///         the court cannot send it are credited, and it claims and withdraws to another address.
    function blacklist(uint256 mediatorSeed, bool listed) public {
        address m = _mediators[mediatorSeed % (MEDIATORS - 1)];
        if (USDC.isBlacklisted(m) == listed) return;
        vm.prank(USDC.owner());
        USDC.setBlacklisted(m, listed);
        ++done["blacklist"];
    }

    /* ------------------------------------------------------------------ */
    /*                                DISPUTES                            */
    /* ------------------------------------------------------------------ */

    /// @notice Opens a dispute through the escrow: random parties, pool and criteria (1 to 5 questions).
    function openDispute(uint256 pairSeed, uint256 poolSeed, uint256 criteriaSeed) public {
        if (_disputeIds.length >= MAX_DISPUTES || _running() >= MAX_RUNNING_DISPUTES) return;
        address brand = _brands[pairSeed % 2];
        address influencer = _influencers[(pairSeed >> 1) % 2];
        uint256 which = poolSeed % 10;
        Pool memory p = which < 6 ? _pool(0) : which < 8 ? _pool(1) : which < 9 ? _pool(2) : Pool("de", 1);
        Question[] memory criteria = CourtReference.criteria(criteriaSeed, 1 + criteriaSeed % 5, 10);
        uint256 cost = COURT.arbitrationCost("", TOKEN);
        try this.openDisputeThroughEscrow(brand, influencer, p.language, p.topic, criteria) returns (uint256 id) {
            _disputeIds.push(id);
            _ghosts[id].criteria = abi.encode(criteria);
            _totals.fees += cost;
            if (COURT.getRound(id, 0).fees != cost) _violation("openDispute: fees");
            ++done["openDispute"];
        } catch (bytes memory reason) {
            _unexpected("openDispute", reason);
        }
    }

    /// @dev Not a fuzz target: the escrow steps of {openDispute}, external so that a revert can be caught.
    function openDisputeThroughEscrow(
        address brand,
        address influencer,
        bytes2 language,
        uint8 topic,
        Question[] memory criteria
    ) external returns (uint256) {
        CourtStack memory s = _stack();
        // Deals differ by their salt: the count of disputes opened so far (a failed opening leaves no deal).
        DealTerms memory t =
            CourtFlows.terms(s, brand, influencer, language, topic, criteria, _disputeIds.length + 1);
        return CourtFlows.openDispute(s, t, criteria);
    }

    /// @notice Answers the pending randomness request of a dispute in Drawing.
    function fulfil(uint256 disputeSeed, uint256 word) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.PendingWord);
        if (!found) return;
        try this.fulfilRequest(id, _bound(word, 1, type(uint256).max)) {
            ++done["fulfil"];
        } catch (bytes memory reason) {
            _unexpected("fulfil", reason);
        }
    }

    /// @dev Not a fuzz target: see {fulfil}.
    function fulfilRequest(uint256 id, uint256 word) external {
        CourtFlows.fulfil(_stack(), id, word);
    }

    /// @notice Requests randomness again once the timeout has passed (waiting for it when needed).
    function requestRandomness(uint256 disputeSeed, bool wait) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Rerequest);
        if (!found) return;
        Round memory r = COURT.getRound(id, COURT.getDispute(id).round);
        uint256 retryAt = uint256(r.randomnessRequestedAt) + COURT.getDisputeParams(id).randomnessTimeout;
        if (r.randomnessRequestedAt != 0 && block.timestamp <= retryAt) {
            if (!wait) return;
            vm.warp(retryAt + 1);
        }
        try COURT.requestRandomness(id) {
            ++done["requestRandomness"];
        } catch (bytes memory reason) {
            _unexpected("requestRandomness", reason);
        }
    }

    /// @notice Draws a batch of seats of a dispute whose word arrived; parties are never drawn. When no word can be
    ///         drawn with but one expired, a keeper first replaces it (request, answer) and draws with the new one.
    function draw(uint256 disputeSeed, uint256 count) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Drawable);
        if (!found) {
            (found, id) = _find(disputeSeed, Need.Expired);
            if (!found || !_renewWord(id, uint256(keccak256(abi.encode(disputeSeed, count))) | 1)) return;
        }
        DisputeInfo memory d = COURT.getDispute(id);
        Round memory r = COURT.getRound(id, d.round);
        count = _bound(count, 1, uint256(r.mediators) - r.drawn);
        try COURT.draw(id, count) {
            Round memory afterwards = COURT.getRound(id, d.round);
            for (uint256 v = r.drawn; v < afterwards.drawn; ++v) {
                address m = COURT.getVote(id, d.round, v).mediator;
                if (m == d.brand || m == d.influencer) _violation("draw: party drawn");
                // A seat is drawn only from a counted stake, which is at least the minimum stake.
                // (Not so for a mediator whose re-weighting after a penalty is deferred: its stale weight counts.)
                if (!_deferrals[m].deferred && COURT.getMediator(m).stake < afterwards.lockPerVote) {
                    _violation("draw: lock above the stake");
                }
            }
            if (afterwards.drawn > afterwards.mediators) _violation("draw: too many seats");
            DisputeInfo memory current = COURT.getDispute(id);
            if (current.period == Period.Execution) {
                // The empty-pool rule: the seats drawn before are dropped and the ruling is final.
                if (afterwards.drawn != 0 || !current.rulingDelivered) _violation("draw: empty-pool rule");
                ++done["drawEmptyPool"];
            } else if (afterwards.drawn == afterwards.mediators) {
                // The last seat drawn opens the commit period.
                uint256 deadline = block.timestamp + COURT.getDisputeParams(id).commitPeriod;
                if (current.period != Period.Commit || current.deadline != deadline) {
                    _violation("draw: commit not opened");
                }
                (uint256 drawing,,) = COURT.freezeOf(d.language);
                if (drawing != _drawingRounds(d.language)) _violation("draw: freeze count");
                ++done["drawOpensCommit"];
            } else if (current.period != Period.Drawing) {
                _violation("draw: left drawing with seats open");
            }
            ++done["draw"];
        } catch (bytes memory reason) {
            _unexpected("draw", reason);
        }
    }

    /// @dev A keeper replaces the expired word of `id` (request, answer with `word`); false if a step failed.
    function _renewWord(uint256 id, uint256 word) internal returns (bool) {
        try COURT.requestRandomness(id) {}
        catch (bytes memory reason) {
            _unexpected("draw: renew the word", reason);
            return false;
        }
        try this.fulfilRequest(id, word) {}
        catch (bytes memory reason) {
            _unexpected("draw: answer the new request", reason);
            return false;
        }
        ++done["drawRenewed"];
        return true;
    }

    /// @notice A draw with a word that expired (its request is `randomnessTimeout` old) is refused.
    function drawExpired(uint256 disputeSeed, uint256 count) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Expired);
        if (!found) return;
        DisputeInfo memory d = COURT.getDispute(id);
        Round memory r = COURT.getRound(id, d.round);
        uint256 expiry = uint256(r.randomnessRequestedAt) + COURT.getDisputeParams(id).randomnessTimeout;
        try COURT.draw(id, _bound(count, 1, 4)) {
            _violation("draw: an expired word was drawn with");
        } catch (bytes memory reason) {
            bytes memory expected = abi.encodeWithSelector(
                IMediatorCourt.CourtRandomnessExpired.selector, id, r.randomnessRequestId, expiry
            );
            if (keccak256(reason) != keccak256(expected)) _unexpected("drawExpired", reason);
            ++done["drawExpired"];
        }
    }

    /// @notice Passes a period that is over; when none is and `wait`, warps past the deadline of a running commit,
    ///         reveal or appeal period and passes it.
    function passPeriod(uint256 disputeSeed, bool wait) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Passable);
        if (!found) {
            if (!wait) return;
            (found, id) = _find(disputeSeed, Need.Timed);
            if (!found) return;
            vm.warp(uint256(COURT.getDispute(id).deadline) + 1);
        }
        Period before = COURT.getDispute(id).period;
        try COURT.passPeriod(id) {
            DisputeInfo memory afterwards = COURT.getDispute(id);
            if (afterwards.period == Period.Execution && !afterwards.rulingDelivered) {
                _violation("passPeriod: ruling not delivered to the escrow");
            }
            if (before == Period.Commit && afterwards.period != Period.Reveal) _violation("passPeriod: commit");
            if (before == Period.Reveal) _checkRuled(id, afterwards, "passPeriod: reveal");
            if (before == Period.Appeal && afterwards.period != Period.Execution) _violation("passPeriod: appeal");
            ++done["passPeriod"];
        } catch (bytes memory reason) {
            _unexpected("passPeriod", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              COMMIT-REVEAL                         */
    /* ------------------------------------------------------------------ */

    /// @notice A drawn mediator commits random answers (one of four answer sets, so that votes often agree) for
    ///         its seats (one time in four, only its first few seats: the seats listed at a mediator's first commit
    ///         are what counts as committed); a second commit replaces the first without counting again. The
    ///         commit that completes the count opens the reveal period.
    function commit(uint256 disputeSeed, uint256 mediatorSeed, uint256 answersSeed) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Committable);
        if (!found) return;
        uint256 round = COURT.getDispute(id).round;
        address[] memory drawn = CourtFlows.drawnMediators(COURT, id, round);
        address m = drawn[mediatorSeed % drawn.length];
        // Mostly a mediator that has not committed yet (so that commit periods also end by the last commit), one
        // time in eight any mediator (a replacing commit when it already committed).
        if ((answersSeed >> 24) % 8 != 0) {
            for (uint256 i; i < drawn.length; ++i) {
                address candidate = drawn[(mediatorSeed + i) % drawn.length];
                if (COURT.commitmentOf(id, round, candidate) == bytes32(0)) {
                    m = candidate;
                    break;
                }
            }
        }
        _commitAs(id, round, m, answersSeed);
    }

    function _commitAs(uint256 id, uint256 round, address m, uint256 answersSeed) internal {
        uint8[] memory answers =
            CourtReference.answers(abi.decode(_ghosts[id].criteria, (Question[])), answersSeed % 4);
        uint256[] memory ids = CourtFlows.votesOf(COURT, id, round, m);
        bool listsPart = (answersSeed >> 8) % 4 == 0 && ids.length > 1;
        if (listsPart) ids = _firstIds(ids, 1 + (answersSeed >> 16) % (ids.length - 1));
        bool first = COURT.commitmentOf(id, round, m) == bytes32(0);
        bytes32 c = _commitmentOf(id, round, m, answers);
        vm.prank(m);
        try COURT.commit(id, ids, c) {
            _ghosts[id].rounds[round].plans[m] = abi.encode(answers);
            if (first) _ghosts[id].rounds[round].committedSeats += ids.length;
            _checkCommitted(id, round);
            if (listsPart && first) ++done["commitPartial"];
            ++done["commit"];
        } catch (bytes memory reason) {
            _unexpected("commit", reason);
        }
    }

    function _commitmentOf(uint256 id, uint256 round, address m, uint8[] memory answers)
        internal
        view
        returns (bytes32)
    {
        return CourtFlows.commitment(COURT, id, round, m, answers, CourtFlows.saltOf(m, id, round));
    }

    /// @dev After a commit: the court counts the seats listed at first commits, and the commit that completes
    ///      the count opens the reveal period.
    function _checkCommitted(uint256 id, uint256 round) internal {
        Round memory r = COURT.getRound(id, round);
        if (r.committed != _ghosts[id].rounds[round].committedSeats) _violation("commit: seats counted");
        DisputeInfo memory d = COURT.getDispute(id);
        if (_ghosts[id].rounds[round].committedSeats >= r.mediators) {
            uint256 deadline = block.timestamp + COURT.getDisputeParams(id).revealPeriod;
            if (d.period != Period.Reveal || d.deadline != deadline) _violation("commit: reveal not opened");
            ++done["commitOpensReveal"];
        } else if (d.period != Period.Commit) {
            _violation("commit: left the commit period early");
        }
    }

    /// @notice A mediator that committed reveals its planned answers for all its seats (also those its first
    ///         commit did not list). The reveal of the last seat rules the round.
    function reveal(uint256 disputeSeed, uint256 mediatorSeed) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Revealable);
        if (!found) return;
        uint256 round = COURT.getDispute(id).round;
        address[] memory drawn = CourtFlows.drawnMediators(COURT, id, round);
        for (uint256 i; i < drawn.length; ++i) {
            address m = drawn[(mediatorSeed + i) % drawn.length];
            uint256[] memory ids = CourtFlows.votesOf(COURT, id, round, m);
            if (_ghosts[id].rounds[round].plans[m].length == 0 || COURT.getVote(id, round, ids[0]).revealed) continue;
            uint8[] memory answers = abi.decode(_ghosts[id].rounds[round].plans[m], (uint8[]));
            uint256 revealedBefore = COURT.getRound(id, round).revealed;
            vm.prank(m);
            try COURT.reveal(id, ids, answers, CourtFlows.saltOf(m, id, round)) {
                Round memory r = COURT.getRound(id, round);
                if (r.revealed != revealedBefore + ids.length) _violation("reveal: seats counted");
                if (r.revealed == r.mediators) {
                    _checkRuled(id, COURT.getDispute(id), "reveal: the last reveal");
                    ++done["revealRules"];
                } else if (COURT.getDispute(id).period != Period.Reveal) {
                    _violation("reveal: left the reveal period early");
                }
                ++done["reveal"];
            } catch (bytes memory reason) {
                _unexpected("reveal", reason);
            }
            return;
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                 APPEAL                             */
    /* ------------------------------------------------------------------ */

    /// @notice A losing party funds part (or, one time in four, all that is missing) of an appeal.
    function fundAppeal(uint256 disputeSeed, uint256 partySeed, uint256 amount) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Appealable);
        if (!found) return;
        DisputeInfo memory d = COURT.getDispute(id);
        bool influencerMay = d.shareBps < _BPS;
        bool brandMay = d.shareBps > 0;
        address party = (partySeed % 2 == 0 && influencerMay) || !brandMay ? d.influencer : d.brand;
        uint256 cost = COURT.appealCost(id);
        uint256 missing = cost - _appealHeld(id, d.round, d);
        uint256 take = amount % 4 == 0 ? missing : _bound(amount, 1, missing);
        USDC.mint(party, take);
        uint256 balanceBefore = USDC.balanceOf(address(COURT));
        vm.prank(party);
        try COURT.fundAppeal(id, take) {
            _totals.appeals += take;
            if (USDC.balanceOf(address(COURT)) - balanceBefore != take) _violation("fundAppeal: amount taken");
            ++done["fundAppeal"];
        } catch (bytes memory reason) {
            _unexpected("fundAppeal", reason);
        }
    }

    /// @notice A party gets back its funding of an appeal that did not happen.
    function refundAppeal(uint256 disputeSeed, uint256 partySeed) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Refundable);
        if (!found) return;
        DisputeInfo memory d = COURT.getDispute(id);
        address party = partySeed % 2 == 0 ? d.brand : d.influencer;
        uint256 amount = COURT.appealFunds(id, d.round, party);
        if (amount == 0) party = party == d.brand ? d.influencer : d.brand;
        amount = COURT.appealFunds(id, d.round, party);
        uint256 before = COURT.balanceOf(party, TOKEN);
        vm.prank(party);
        try COURT.refundAppeal(id, d.round) {
            if (COURT.balanceOf(party, TOKEN) - before != amount) _violation("refundAppeal: credit");
            ++done["refundAppeal"];
        } catch (bytes memory reason) {
            _unexpected("refundAppeal", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                          EXECUTION AND CLAIMS                      */
    /* ------------------------------------------------------------------ */

    /// @dev Balances around an executeRound call.
    struct Balances {
        uint256 court;
        uint256[] wallets; // per account
        uint256[] credits; // per account
        uint256[] stakes; // per mediator
    }

    /// @notice Settles a batch of penalties and rewards of a round of a final dispute, or of a dispute whose appeal
    ///         period ended unappealed (executeRound makes its ruling final first). Rewards are sent to the
    ///         mediators, and credited only when the transfer fails (a blacklisted mediator).
    function executeRound(uint256 disputeSeed, uint256 roundSeed, uint256 count) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Executable);
        if (!found) return;
        DisputeInfo memory d = COURT.getDispute(id);
        uint256 last = d.round;
        for (uint256 i; i <= last; ++i) {
            uint256 r = (roundSeed + i) % (last + 1);
            Round memory round = COURT.getRound(id, r);
            if (round.drawn == 0 || (round.penalized >= round.drawn && round.rewarded >= round.drawn)) continue;
            count = _bound(count, 1, 2 * uint256(round.drawn));
            Balances memory before = _balances();
            vm.recordLogs();
            try COURT.executeRound(id, r, count) {
                _checkExecution(id, r, d, before, vm.getRecordedLogs());
                ++done["executeRound"];
            } catch (bytes memory reason) {
                _unexpected("executeRound", reason);
            }
            return;
        }
    }

    /// @dev The checks of one executeRound call: what left the court went to the mediators' wallets as Paid
    ///      rewards, what was credited went to blacklisted mediators or to the parties, and the round never gave
    ///      out more than its fees plus penalties (exactly that once executed).
    function _checkExecution(uint256 id, uint256 r, DisputeInfo memory d, Balances memory before, Vm.Log[] memory logs)
        internal
    {
        if (d.period == Period.Appeal) {
            DisputeInfo memory finalized = COURT.getDispute(id);
            if (finalized.period != Period.Execution || !finalized.rulingDelivered) {
                _violation("executeRound: unappealed ruling not made final");
            }
            ++done["executeRoundFinalizes"];
        }
        Balances memory afterwards = _balances();
        for (uint256 i; i < MEDIATORS; ++i) {
            if (afterwards.stakes[i] >= before.stakes[i]) continue;
            address m = _mediators[i];
            penalizedEver[m] = true;
            // A penalty re-weights the mediator at once, unless one of its languages is frozen.
            if (_emitted(logs, IMediatorCourt.WeightSyncDeferred.selector, m)) {
                if (!_deferrals[m].deferred) _deferrals[m].staleWeight = _weightOfStake(before.stakes[i]);
                _deferrals[m].deferred = true;
                ++done["penaltyDeferred"];
            } else {
                _deferrals[m].deferred = false;
            }
        }
        uint256 paid = before.court - afterwards.court;
        (uint256 received, uint256 credited) = _checkRecipients(d, before, afterwards);
        if (received != paid) _violation("executeRound: what left the court is not what the mediators received");
        (uint256 paidEvents, uint256 creditedEvents) = _sumPayouts(logs);
        if (paidEvents != paid) _violation("executeRound: Paid events != rewards sent");
        if (creditedEvents != credited) _violation("executeRound: Credited events != credits");
        _totals.paidOut += paid;
        _totals.executedCredits += credited;
        _settle(id, r, paid + credited);
    }

    /// @dev Records what a round gave out: never more than its fees plus penalties, exactly that once executed.
    function _settle(uint256 id, uint256 r, uint256 amount) internal {
        _ghosts[id].rounds[r].settled += amount;
        Round memory round = COURT.getRound(id, r);
        uint256 pot = uint256(round.fees) + round.penalties;
        if (_ghosts[id].rounds[r].settled > pot) _violation("executeRound: paid more than fees + penalties");
        bool finished = round.penalized == round.drawn && round.rewarded == round.drawn;
        if (finished && _ghosts[id].rounds[r].settled != pot) _violation("executeRound: not paid to the unit");
    }

    /// @dev What the accounts received in their wallets and as credits: rewards go to mediators' wallets, credits
    ///      only to blacklisted mediators (rewards that could not be sent) or to the parties (halves).
    function _checkRecipients(DisputeInfo memory d, Balances memory before, Balances memory afterwards)
        internal
        returns (uint256 received, uint256 credited)
    {
        for (uint256 a; a < _accounts.length; ++a) {
            address account = _accounts[a];
            uint256 gotWallet = afterwards.wallets[a] - before.wallets[a];
            uint256 gotCredit = afterwards.credits[a] - before.credits[a];
            received += gotWallet;
            credited += gotCredit;
            bool party = account == d.brand || account == d.influencer;
            bool listed = USDC.isBlacklisted(account);
            if (party && gotWallet > 0) _violation("executeRound: a party was sent a reward");
            if (listed && gotWallet > 0) _violation("executeRound: sent to a blacklisted mediator");
            if (!party && !listed && gotCredit > 0) _violation("executeRound: credited a reward that could be sent");
            if (!party && gotCredit > 0) ++done["rewardCredited"];
        }
    }

    /// @dev The amounts of the court's Paid and Credited events among `logs`.
    function _sumPayouts(Vm.Log[] memory logs) internal view returns (uint256 paid, uint256 credited) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(COURT)) continue;
            bytes32 topic = logs[i].topics[0];
            if (topic == IMediatorCourt.Paid.selector) paid += abi.decode(logs[i].data, (uint256));
            else if (topic == IMediatorCourt.Credited.selector) credited += abi.decode(logs[i].data, (uint256));
        }
    }

    function _balances() internal view returns (Balances memory b) {
        b.court = USDC.balanceOf(address(COURT));
        b.wallets = new uint256[](_accounts.length);
        b.credits = new uint256[](_accounts.length);
        for (uint256 a; a < _accounts.length; ++a) {
            b.wallets[a] = USDC.balanceOf(_accounts[a]);
            b.credits[a] = COURT.balanceOf(_accounts[a], TOKEN);
        }
        b.stakes = new uint256[](MEDIATORS);
        for (uint256 i; i < MEDIATORS; ++i) {
            b.stakes[i] = COURT.getMediator(_mediators[i]).stake;
        }
    }

    /// @notice An account claims its whole credit (a blacklisted one to another address).
    function claim(uint256 accountSeed) public {
        for (uint256 i; i < _accounts.length; ++i) {
            address account = _accounts[(accountSeed + i) % _accounts.length];
            uint256 credit = COURT.balanceOf(account, TOKEN);
            if (credit == 0) continue;
            address to = _recipient(account);
            uint256 before = USDC.balanceOf(to);
            vm.prank(account);
            try COURT.claim(TOKEN, to) returns (uint256 amount) {
                _totals.claimed += amount;
                if (amount != credit || USDC.balanceOf(to) - before != credit) _violation("claim: amount");
                ++done["claim"];
            } catch (bytes memory reason) {
                _unexpected("claim", reason);
            }
            return;
        }
    }

    /* ------------------------------------------------------------------ */
    /*                           TIME AND GOVERNANCE                      */
    /* ------------------------------------------------------------------ */

    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + _bound(seconds_, 1, 1 days));
        ++done["warp"];
    }

    /// @notice One time in four, the owner changes the parameters of future disputes (the minimum stake stays, so
    ///         that pool weights keep matching stakes).
    function setParams(uint256 seed) public {
        if (seed % 4 != 0) return;
        seed >>= 2;
        CourtParams memory p = COURT.params();
        p.feePerMediator = uint96(_bound(seed, 1e6, 20e6));
        p.alphaBps = uint16(_bound(seed >> 32, 0, _BPS));
        p.firstRoundMediators = uint8(2 * ((seed >> 48) % 3) + 1);
        p.maxRounds = uint8(1 + (seed >> 56) % 4);
        p.commitPeriod = uint32(_bound(seed >> 64, 1 hours, 2 days));
        p.revealPeriod = uint32(_bound(seed >> 96, 1 hours, 2 days));
        p.appealPeriod = uint32(_bound(seed >> 128, 1 hours, 2 days));
        p.randomnessTimeout = uint32(_bound(seed >> 160, 10 minutes, 2 hours));
        vm.prank(OWNER);
        try COURT.setParams(p) {
            ++done["setParams"];
        } catch (bytes memory reason) {
            _unexpected("setParams", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                 VIEWS                              */
    /* ------------------------------------------------------------------ */

    function disputeCount() external view returns (uint256) {
        return _disputeIds.length;
    }

    function disputeAt(uint256 i) external view returns (uint256) {
        return _disputeIds[i];
    }

    function mediators() external view returns (address[] memory) {
        return _mediators;
    }

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    /// @notice The pools mediators join: ("fr", 1), ("fr", 2), ("en", 1).
    function pools() external pure returns (Pool[] memory list) {
        list = new Pool[](POOLS);
        for (uint256 i; i < POOLS; ++i) {
            list[i] = _pool(i);
        }
    }

    function totals() external view returns (CourtGhostTotals memory) {
        return _totals;
    }

    /// @notice What executeRound gave out of a round: rewards sent plus credits (unsendable rewards, halves).
    function settledByRound(uint256 disputeId, uint256 round) external view returns (uint256) {
        return _ghosts[disputeId].rounds[round].settled;
    }

    /// @notice Seats listed at each mediator's first commit of a round (the court's `committed`, modelled).
    function committedSeats(uint256 disputeId, uint256 round) external view returns (uint256) {
        return _ghosts[disputeId].rounds[round].committedSeats;
    }

    /// @notice What the handler planned for `mediator` in a round (empty if it never committed).
    function planOf(uint256 disputeId, uint256 round, address mediator) external view returns (bytes memory) {
        return _ghosts[disputeId].rounds[round].plans[mediator];
    }

    /* ------------------------------------------------------------------ */
    /*                                INTERNALS                           */
    /* ------------------------------------------------------------------ */

    /// @dev What an action needs from a dispute.
    enum Need {
        Passable,
        Timed,
        PendingWord,
        Rerequest,
        Drawable,
        Committable,
        Revealable,
        Appealable,
        Refundable,
        Executable,
        Expired
    }

    /// @dev The first dispute from `seed` on (cyclically) that fits `need`.
    function _find(uint256 seed, Need need) internal view returns (bool, uint256) {
        uint256 n = _disputeIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 id = _disputeIds[(seed + i) % n];
            if (_fits(id, need)) return (true, id);
        }
        return (false, 0);
    }

    function _fits(uint256 id, Need need) internal view returns (bool) {
        DisputeInfo memory d = COURT.getDispute(id);
        if (need == Need.Passable) return d.period != Period.Execution && _canPass(d);
        if (need == Need.Timed) return d.period != Period.Execution && d.period != Period.Drawing;
        if (need == Need.Executable) {
            // executeRound also makes an unappealed ruling final once its appeal period is over.
            bool appealOver = d.period == Period.Appeal && block.timestamp > d.deadline;
            return (d.period == Period.Execution || appealOver) && _hasUnexecutedRound(id, d.round);
        }
        if (need == Need.Refundable) {
            return d.period == Period.Execution
                && COURT.appealFunds(id, d.round, d.brand) + COURT.appealFunds(id, d.round, d.influencer) > 0;
        }
        bool beforeDeadline = block.timestamp <= d.deadline;
        if (need == Need.Committable) return d.period == Period.Commit && beforeDeadline;
        if (need == Need.Revealable) {
            // Someone may still reveal (reveal() looks for a committer whose seats are unrevealed).
            Round memory rr = COURT.getRound(id, d.round);
            return d.period == Period.Reveal && beforeDeadline && rr.revealed < rr.drawn;
        }
        if (need == Need.Appealable) return d.period == Period.Appeal && beforeDeadline;
        if (d.period != Period.Drawing) return false;
        Round memory r = COURT.getRound(id, d.round);
        bool wordAtSource = r.randomnessRequestId != 0 && RANDOMNESS.randomWord(r.randomnessRequestId) != 0;
        if (need == Need.PendingWord) return r.randomnessRequestId != 0 && !wordAtSource;
        // Any round in Drawing can have its word replaced once it expired (requestRandomness waits for that).
        if (need == Need.Rerequest) return true;
        bool expired =
            block.timestamp > uint256(r.randomnessRequestedAt) + COURT.getDisputeParams(id).randomnessTimeout;
        if (need == Need.Expired) return wordAtSource && expired;
        return wordAtSource && !expired && r.drawn < r.mediators; // Drawable
    }

    /// @dev When passPeriod must succeed. Drawing never passes (the last draw ends it by itself), nor does a commit
    ///      or reveal period before its deadline (the last commit and the last reveal end them by themselves).
    function _canPass(DisputeInfo memory d) internal view returns (bool) {
        if (d.period == Period.Drawing) return false;
        return block.timestamp > d.deadline;
    }

    /// @dev A round just ruled: the appeal period runs from now, or in the last round the ruling is final and
    ///      delivered to the escrow.
    function _checkRuled(uint256 id, DisputeInfo memory d, string memory what) internal {
        if (d.round + 1 < COURT.getDisputeParams(id).maxRounds) {
            uint256 deadline = block.timestamp + COURT.getDisputeParams(id).appealPeriod;
            if (d.period != Period.Appeal || d.deadline != deadline) _violation(string.concat(what, ": no appeal"));
        } else if (d.period != Period.Execution || !d.rulingDelivered) {
            _violation(string.concat(what, ": last round not final"));
        }
    }

    /// @dev The first `n` of `ids`.
    function _firstIds(uint256[] memory ids, uint256 n) internal pure returns (uint256[] memory out) {
        out = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = ids[i];
        }
    }

    /// @dev Where `account` is paid: itself, or RESCUE when USDC blacklisted it.
    function _recipient(address account) internal view returns (address) {
        return USDC.isBlacklisted(account) ? RESCUE : account;
    }

    /// @dev Disputes not yet final.
    function _running() internal view returns (uint256 n) {
        for (uint256 i; i < _disputeIds.length; ++i) {
            if (COURT.getDispute(_disputeIds[i]).period != Period.Execution) ++n;
        }
    }

    function _hasUnexecutedRound(uint256 id, uint256 last) internal view returns (bool) {
        for (uint256 r; r <= last; ++r) {
            Round memory round = COURT.getRound(id, r);
            if (round.drawn > 0 && (round.penalized < round.drawn || round.rewarded < round.drawn)) return true;
        }
        return false;
    }

    function _appealHeld(uint256 id, uint256 round, DisputeInfo memory d) internal view returns (uint256) {
        return COURT.appealFunds(id, round, d.brand) + COURT.appealFunds(id, round, d.influencer);
    }

    function _pool(uint256 i) internal pure returns (Pool memory) {
        if (i == 0) return Pool("fr", 1);
        return i == 1 ? Pool("fr", 2) : Pool("en", 1);
    }

    function _inPool(address m, Pool memory p) internal view returns (bool) {
        uint24 key = (uint24(uint16(p.language)) << 8) | p.topic;
        uint24[] memory keys = COURT.poolsOf(m);
        for (uint256 i; i < keys.length; ++i) {
            if (keys[i] == key) return true;
        }
        return false;
    }

    /// @dev Whether `m` may leave a pool or withdraw now: a matured exit request within its window.
    function _exitReady(address m) internal view returns (bool) {
        uint256 allowedAt = COURT.getMediator(m).exitAllowedAt;
        return allowedAt != 0 && block.timestamp >= allowedAt && block.timestamp <= allowedAt + _EXIT_WINDOW;
    }

    function _stack() internal view returns (CourtStack memory) {
        return CourtStack({usdc: USDC, vrf: VRF, randomness: RANDOMNESS, court: COURT, escrow: ESCROW});
    }

    /// @dev Whether a change of `m`'s pools (and of pool `key`, if not 0) must revert with CourtLanguageDrawing, and
    ///      with which language and time: `key` first, then `m`'s pools in order (as the court checks them).
    function _frozenPools(address m, uint24 key) internal view returns (bool, bytes2, uint256) {
        if (key != 0) {
            bytes2 language = bytes2(uint16(key >> 8));
            (,, bool frozen) = COURT.freezeOf(language);
            if (frozen) return (true, language, _until(language));
        }
        uint24[] memory keys = COURT.poolsOf(m);
        for (uint256 i; i < keys.length; ++i) {
            bytes2 language = bytes2(uint16(keys[i] >> 8));
            (,, bool frozen) = COURT.freezeOf(language);
            if (frozen) return (true, language, _until(language));
        }
        return (false, bytes2(0), 0);
    }

    function _until(bytes2 language) internal view returns (uint256 until) {
        (, until,) = COURT.freezeOf(language);
    }

    /// @dev A change refused by the freeze must name the frozen language and its end; anything else is unexpected.
    function _expectFrozen(string memory action, bytes memory reason, bool frozen, bytes2 language, uint256 until)
        internal
    {
        bytes memory expected = abi.encodeWithSelector(IMediatorCourt.CourtLanguageDrawing.selector, language, until);
        if (!frozen || keccak256(reason) != keccak256(expected)) {
            _unexpected(action, reason);
            return;
        }
        ++done[string.concat(action, "Frozen")];
    }

    /// @dev Rounds of `language` in Drawing (each counts in its language's freeze until its drawing ends).
    function _drawingRounds(bytes2 language) internal view returns (uint256 n) {
        uint256 count = COURT.disputeCount();
        for (uint256 id; id < count; ++id) {
            DisputeInfo memory d = COURT.getDispute(id);
            if (d.language == language && d.period == Period.Drawing) ++n;
        }
    }

    function _weightOfStake(uint256 stake_) internal view returns (uint256) {
        return stake_ < COURT.params().minStake ? 0 : stake_ / 1e6;
    }

    function _key(Pool memory p) internal pure returns (uint24) {
        return (uint24(uint16(p.language)) << 8) | p.topic;
    }

    /// @dev Whether `logs` hold an event `selector` from the court whose first indexed topic is `account`.
    function _emitted(Vm.Log[] memory logs, bytes32 selector, address account) internal view returns (bool) {
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory entry = logs[i];
            if (entry.emitter != address(COURT) || entry.topics.length < 2 || entry.topics[0] != selector) continue;
            if (entry.topics[1] == bytes32(uint256(uint160(account)))) return true;
        }
        return false;
    }

    function _unexpected(string memory action, bytes memory reason) internal {
        ++unexpectedReverts;
        lastRevertAction = action;
        lastRevertData = reason;
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }
}
