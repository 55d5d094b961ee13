// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

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
    uint256 executedRewards; // credits created by executeRound (rewards, or halves to the parties)
}

/// @title CourtHandler
/// @notice Drives random but meaningful sequences over the court: six mediators (the fixture's five and one more,
///         who is also an influencer) stake, join and leave three pools, request exits and withdraw; disputes are
///         opened through the escrow by two brands and two influencers in a topic pool, a topic pool that falls
///         back to its language, and an empty language; randomness is answered (or re-requested after its
///         timeout), seats drawn in batches, answers committed and revealed at random, periods passed with time
///         warps, appeals funded in parts, rounds executed in batches, credits claimed and parameters changed.
///         Each action looks for a dispute or mediator where it is allowed, so almost no call is wasted; the
///         handler models when a call must succeed, and an unexpected revert or a wrong amount is recorded in
///         counters that the invariants assert to be zero (a revert inside a handler call is discarded by the
///         fuzzer).
contract CourtHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_DISPUTES = 8;
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

    uint256[] internal _disputeIds;
    mapping(uint256 disputeId => bytes criteria) internal _criteriaOf;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address mediator => bytes answers))) internal
        _plans;

    CourtGhostTotals internal _totals;
    /// @notice Credits created by executeRound, per round.
    mapping(uint256 disputeId => mapping(uint256 round => uint256)) public creditedByRound;

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

    function stake(uint256 mediatorSeed, uint256 amount) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        amount = _bound(amount, 1, 300e6);
        USDC.mint(m, amount);
        vm.prank(m);
        try COURT.stake(amount) {
            _totals.staked += amount;
            ++done["stake"];
        } catch (bytes memory reason) {
            _unexpected("stake", reason);
        }
    }

    function joinPool(uint256 mediatorSeed, uint256 poolSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        Pool memory p = _pool(poolSeed % POOLS);
        if (COURT.getMediator(m).stake < COURT.params().minStake || _inPool(m, p)) return;
        if (COURT.poolsOf(m).length >= _MAX_POOLS) return;
        vm.prank(m);
        try COURT.joinPool(p.language, p.topic) {
            ++done["joinPool"];
        } catch (bytes memory reason) {
            _unexpected("joinPool", reason);
        }
    }

    function requestExit(uint256 mediatorSeed) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
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
        vm.prank(m);
        try COURT.leavePool(p.language, p.topic) {
            ++done["leavePool"];
        } catch (bytes memory reason) {
            _unexpected("leavePool", reason);
        }
    }

    /// @notice Withdraws part of the free stake; the stake never goes below what is locked.
    function withdraw(uint256 mediatorSeed, uint256 amount) public {
        address m = _mediators[mediatorSeed % MEDIATORS];
        Mediator memory before = COURT.getMediator(m);
        if (!_exitReady(m) || before.stake <= before.locked) return;
        amount = _bound(amount, 1, before.stake - before.locked);
        vm.prank(m);
        try COURT.withdraw(amount, m) {
            _totals.withdrawn += amount;
            Mediator memory afterwards = COURT.getMediator(m);
            if (afterwards.stake != before.stake - amount) _violation("withdraw: stake");
            if (afterwards.stake < afterwards.locked) _violation("withdraw: below locked");
            ++done["withdraw"];
        } catch (bytes memory reason) {
            _unexpected("withdraw", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                DISPUTES                            */
    /* ------------------------------------------------------------------ */

    /// @notice Opens a dispute through the escrow: random parties, pool and criteria (1 to 5 questions).
    function openDispute(uint256 pairSeed, uint256 poolSeed, uint256 criteriaSeed) public {
        if (_disputeIds.length >= MAX_DISPUTES) return;
        address brand = _brands[pairSeed % 2];
        address influencer = _influencers[(pairSeed >> 1) % 2];
        uint256 which = poolSeed % 10;
        Pool memory p = which < 6 ? _pool(0) : which < 8 ? _pool(1) : which < 9 ? _pool(2) : Pool("de", 1);
        Question[] memory criteria = CourtReference.criteria(criteriaSeed, 1 + criteriaSeed % 5, 10);
        uint256 cost = COURT.arbitrationCost("", TOKEN);
        try this.openDisputeThroughEscrow(brand, influencer, p.language, p.topic, criteria) returns (uint256 id) {
            _disputeIds.push(id);
            _criteriaOf[id] = abi.encode(criteria);
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
        if (r.randomnessRequestedAt != 0 && block.timestamp < retryAt) {
            if (!wait) return;
            vm.warp(retryAt);
        }
        try COURT.requestRandomness(id) {
            ++done["requestRandomness"];
        } catch (bytes memory reason) {
            _unexpected("requestRandomness", reason);
        }
    }

    /// @notice Draws a batch of seats of a dispute whose word arrived; parties are never drawn.
    function draw(uint256 disputeSeed, uint256 count) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Drawable);
        if (!found) return;
        DisputeInfo memory d = COURT.getDispute(id);
        Round memory r = COURT.getRound(id, d.round);
        count = _bound(count, 1, uint256(r.mediators) - r.drawn);
        try COURT.draw(id, count) {
            Round memory afterwards = COURT.getRound(id, d.round);
            for (uint256 v = r.drawn; v < afterwards.drawn; ++v) {
                address m = COURT.getVote(id, d.round, v).mediator;
                if (m == d.brand || m == d.influencer) _violation("draw: party drawn");
            }
            if (afterwards.drawn > afterwards.mediators) _violation("draw: too many seats");
            ++done["draw"];
        } catch (bytes memory reason) {
            _unexpected("draw", reason);
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
        try COURT.passPeriod(id) {
            DisputeInfo memory afterwards = COURT.getDispute(id);
            if (afterwards.period == Period.Execution && !afterwards.rulingDelivered) {
                _violation("passPeriod: ruling not delivered to the escrow");
            }
            ++done["passPeriod"];
        } catch (bytes memory reason) {
            _unexpected("passPeriod", reason);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              COMMIT-REVEAL                         */
    /* ------------------------------------------------------------------ */

    /// @notice A drawn mediator commits random answers (one of four answer sets, so that votes often agree) for
    ///         all its seats; a second commit replaces the first.
    function commit(uint256 disputeSeed, uint256 mediatorSeed, uint256 answersSeed) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Committable);
        if (!found) return;
        uint256 round = COURT.getDispute(id).round;
        address[] memory drawn = CourtFlows.drawnMediators(COURT, id, round);
        address m = drawn[mediatorSeed % drawn.length];
        Question[] memory criteria = abi.decode(_criteriaOf[id], (Question[]));
        uint8[] memory answers = CourtReference.answers(criteria, answersSeed % 4);
        uint256[] memory ids = CourtFlows.votesOf(COURT, id, round, m);
        bytes32 c = CourtFlows.commitment(COURT, id, round, m, answers, CourtFlows.saltOf(m, id, round));
        vm.prank(m);
        try COURT.commit(id, ids, c) {
            _plans[id][round][m] = abi.encode(answers);
            ++done["commit"];
        } catch (bytes memory reason) {
            _unexpected("commit", reason);
        }
    }

    /// @notice A mediator that committed reveals its planned answers.
    function reveal(uint256 disputeSeed, uint256 mediatorSeed) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Revealable);
        if (!found) return;
        uint256 round = COURT.getDispute(id).round;
        address[] memory drawn = CourtFlows.drawnMediators(COURT, id, round);
        for (uint256 i; i < drawn.length; ++i) {
            address m = drawn[(mediatorSeed + i) % drawn.length];
            uint256[] memory ids = CourtFlows.votesOf(COURT, id, round, m);
            if (_plans[id][round][m].length == 0 || COURT.getVote(id, round, ids[0]).revealed) continue;
            uint8[] memory answers = abi.decode(_plans[id][round][m], (uint8[]));
            vm.prank(m);
            try COURT.reveal(id, ids, answers, CourtFlows.saltOf(m, id, round)) {
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

    /// @notice Settles a batch of penalties and rewards of a round of a final dispute.
    function executeRound(uint256 disputeSeed, uint256 roundSeed, uint256 count) public {
        (bool found, uint256 id) = _find(disputeSeed, Need.Executable);
        if (!found) return;
        uint256 last = COURT.getDispute(id).round;
        for (uint256 i; i <= last; ++i) {
            uint256 r = (roundSeed + i) % (last + 1);
            Round memory round = COURT.getRound(id, r);
            if (round.drawn == 0 || (round.penalized >= round.drawn && round.rewarded >= round.drawn)) continue;
            count = _bound(count, 1, 2 * uint256(round.drawn));
            uint256 before = _sumCredits();
            try COURT.executeRound(id, r, count) {
                uint256 credited = _sumCredits() - before;
                creditedByRound[id][r] += credited;
                _totals.executedRewards += credited;
                Round memory afterwards = COURT.getRound(id, r);
                uint256 pot = uint256(afterwards.fees) + afterwards.penalties;
                if (creditedByRound[id][r] > pot) _violation("executeRound: paid more than fees + penalties");
                bool finished = afterwards.penalized == afterwards.drawn && afterwards.rewarded == afterwards.drawn;
                if (finished && creditedByRound[id][r] != pot) _violation("executeRound: not paid to the unit");
                ++done["executeRound"];
            } catch (bytes memory reason) {
                _unexpected("executeRound", reason);
            }
            return;
        }
    }

    /// @notice An account claims its whole credit.
    function claim(uint256 accountSeed) public {
        for (uint256 i; i < _accounts.length; ++i) {
            address account = _accounts[(accountSeed + i) % _accounts.length];
            uint256 credit = COURT.balanceOf(account, TOKEN);
            if (credit == 0) continue;
            uint256 before = USDC.balanceOf(account);
            vm.prank(account);
            try COURT.claim(TOKEN, account) returns (uint256 amount) {
                _totals.claimed += amount;
                if (amount != credit || USDC.balanceOf(account) - before != credit) _violation("claim: amount");
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

    /// @notice What the handler planned for `mediator` in a round (empty if it never committed).
    function planOf(uint256 disputeId, uint256 round, address mediator) external view returns (bytes memory) {
        return _plans[disputeId][round][mediator];
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
        Executable
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
        if (need == Need.Passable) return d.period != Period.Execution && _canPass(id, d);
        if (need == Need.Timed) return d.period != Period.Execution && d.period != Period.Drawing;
        if (need == Need.Executable) return d.period == Period.Execution && _hasUnexecutedRound(id, d.round);
        if (need == Need.Refundable) {
            return d.period == Period.Execution
                && COURT.appealFunds(id, d.round, d.brand) + COURT.appealFunds(id, d.round, d.influencer) > 0;
        }
        bool beforeDeadline = block.timestamp <= d.deadline;
        if (need == Need.Committable) return d.period == Period.Commit && beforeDeadline;
        if (need == Need.Revealable) {
            Round memory rr = COURT.getRound(id, d.round);
            return d.period == Period.Reveal && beforeDeadline && rr.revealed < rr.committed;
        }
        if (need == Need.Appealable) return d.period == Period.Appeal && beforeDeadline;
        if (d.period != Period.Drawing) return false;
        Round memory r = COURT.getRound(id, d.round);
        bool wordAtSource = r.randomnessRequestId != 0 && RANDOMNESS.randomWord(r.randomnessRequestId) != 0;
        if (need == Need.PendingWord) return r.randomnessRequestId != 0 && !wordAtSource;
        // A word that arrived is final, even before a draw copied it: no re-request then.
        if (need == Need.Rerequest) return !wordAtSource;
        return wordAtSource && r.drawn < r.mediators; // Drawable
    }

    function _canPass(uint256 id, DisputeInfo memory d) internal view returns (bool) {
        Round memory r = COURT.getRound(id, d.round);
        if (d.period == Period.Drawing) return r.drawn >= r.mediators;
        if (d.period == Period.Commit) return r.committed >= r.mediators || block.timestamp > d.deadline;
        if (d.period == Period.Reveal) return r.revealed >= r.committed || block.timestamp > d.deadline;
        return block.timestamp > d.deadline;
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

    function _sumCredits() internal view returns (uint256 sum) {
        for (uint256 i; i < _accounts.length; ++i) {
            sum += COURT.balanceOf(_accounts[i], TOKEN);
        }
    }

    function _stack() internal view returns (CourtStack memory) {
        return CourtStack({usdc: USDC, vrf: VRF, randomness: RANDOMNESS, court: COURT, escrow: ESCROW});
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
