// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IArbitrableV2} from "./interfaces/arbitration/IArbitrableV2.sol";
import {IArbitratorV2} from "./interfaces/arbitration/IArbitratorV2.sol";
import {IMediatorCourt} from "./interfaces/IMediatorCourt.sol";
import {IRandomnessSource} from "./interfaces/IRandomnessSource.sol";
import {CourtLogic} from "./libraries/CourtLogic.sol";
import {PoolLogic} from "./libraries/PoolLogic.sol";
import {SortitionTree} from "./libraries/SortitionTree.sol";
import {CourtParams, DisputeInfo, Freeze, Mediator, Period, Round, Vote} from "./types/CourtTypes.sol";
import {DisputeContext, Topics} from "./types/DealTypes.sol";

/// @title MediatorCourt
/// @notice The arbitrator of Ispera deals. See {IMediatorCourt}.
/// @dev Written rules:
///      - Pools: a mediator sits in up to MAX_POOLS (language, topic) pools and, through them, in each of their
///        language pools. A round draws from the (language, topic) pool when it has at least as many eligible
///        mediators (the parties excluded) as the round has seats, else from the language pool when it has any
///        eligible stake. Otherwise (empty pool): in the first round the ruling is 5,000 (half each) and the fee is
///        credited back to the parties in halves; in an appeal round the previous ruling is final and the appeal
///        funds are credited back to their funders.
///      - Ties: a question's consensus is every option with the most votes; it counts for the influencer by the
///        share of those options that are compliant. A round where nobody reveals rules 5,000 and its consensus is
///        every option.
///      - Coherence of a vote (basis points): the weighted share of questions answered with a consensus option of
///        the final round; 0 for a vote not revealed. A vote loses (1 - coherence) of the stake locked at its draw;
///        fees and lost stake of a round go to its votes in proportion to coherence, or to the parties in halves
///        when nobody was coherent.
///      - Parameters are copied into each dispute at creation; governance changes apply to new disputes only.
///      - Draw freeze: from a round's randomness request until its last seat is drawn (or its word expires,
///        `randomnessTimeout` after the request), the pools of its language do not change: stake, join, leave and
///        withdraw revert with CourtLanguageDrawing, and a penalty's re-weighting waits for {syncWeight}. Nobody who
///        sees the word can therefore steer the draw. A word is drawn with only before it expires.
///      Trust: the owner sets parameters for future disputes and the exit delay (bounded); it cannot touch stakes,
///      fees held, rulings or running disputes. The randomness source is fixed at deployment.
// One mapping per kind of record keeps each record's storage layout obvious; 16 of them.
// solhint-disable-next-line max-states-count
contract MediatorCourt is IMediatorCourt, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SortitionTree for SortitionTree.Tree;

    /* ------------------------------ CONSTANTS ------------------------------ */

    uint16 public constant BPS = 10_000;
    /// @notice Ruling options expected from arbitrables: ruling r gives the influencer r - 1 basis points.
    uint256 public constant RULING_OPTIONS = 10_001;
    uint256 public constant MAX_POOLS = 4;
    /// @notice Topic id of a language-only pool.
    uint8 public constant LANGUAGE_POOL = 255;
    /// @notice Most seats in a round (vote counters are 7 bits per option).
    uint256 public constant MAX_SEATS = 127;
    uint256 public constant MAX_EXIT_DELAY = 60 days;
    /// @notice How long a matured exit request stays usable.
    uint256 public constant EXIT_WINDOW = 3 days;
    /// @notice Draw attempts allowed per requested seat in one call (parties drawn are skipped).
    uint256 internal constant _ATTEMPTS_PER_SEAT = 8;

    /* ------------------------ IMMUTABLES AND STORAGE ----------------------- */

    IERC20 internal immutable _STAKE_TOKEN;
    IERC20 internal immutable _FEE_TOKEN;
    /// @dev Stake is counted in the sortition trees in whole units of this size (uint64 weights).
    uint256 internal immutable _STAKE_UNIT;
    IRandomnessSource internal immutable _RANDOMNESS;

    /// @dev Every parameter set ever in force; the last one applies to new disputes, each dispute keeps its own.
    CourtParams[] internal _paramsHistory;
    uint256 internal _exitDelay;

    mapping(address mediator => Mediator) internal _mediators;
    mapping(address mediator => uint24[]) internal _pools;
    mapping(uint24 poolKey => SortitionTree.Tree) internal _trees;

    uint256 internal _disputeCount;
    mapping(uint256 disputeId => DisputeInfo) internal _disputes;
    mapping(uint256 disputeId => uint256[2]) internal _criteria; // 32 bits per question: options|mask|weight
    mapping(uint256 disputeId => mapping(uint256 round => Round)) internal _rounds;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(uint256 voteId => Vote))) internal _votes;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address mediator => bytes32))) internal _commits;
    mapping(uint256 disputeId => mapping(uint256 round => uint256[4])) internal _tallies; // 8 bits per option
    mapping(uint256 disputeId => mapping(uint256 round => uint256)) internal _appealFunded;
    mapping(uint256 disputeId => mapping(uint256 round => mapping(address funder => uint256))) internal _appealFunds;
    mapping(address account => mapping(IERC20 token => uint256)) internal _balances;
    mapping(bytes2 language => Freeze) internal _freezes;

    /* ------------------------------ CONSTRUCTOR ---------------------------- */

    constructor(
        IERC20 stakeToken_,
        IERC20 feeToken_,
        uint256 stakeUnit_,
        IRandomnessSource randomness_,
        address owner_,
        CourtParams memory params_,
        uint256 exitDelay_
    ) Ownable(owner_) {
        if (address(stakeToken_) == address(0)) revert CourtInvalidAddress(address(0));
        if (address(feeToken_) == address(0)) revert CourtInvalidAddress(address(0));
        if (address(randomness_) == address(0)) revert CourtInvalidAddress(address(0));
        if (stakeUnit_ == 0) revert CourtInvalidParams(0);
        _STAKE_TOKEN = stakeToken_;
        _FEE_TOKEN = feeToken_;
        _STAKE_UNIT = stakeUnit_;
        _RANDOMNESS = randomness_;
        _setParams(params_);
        _setExitDelay(exitDelay_);
    }

    /* ------------------------------ GOVERNANCE ----------------------------- */

    /// @inheritdoc IMediatorCourt
    function setParams(CourtParams calldata params_) external onlyOwner {
        _setParams(params_);
    }

    /// @inheritdoc IMediatorCourt
    function setExitDelay(uint256 exitDelay_) external onlyOwner {
        _setExitDelay(exitDelay_);
    }

    function _setParams(CourtParams memory p) internal {
        if (p.feePerMediator == 0) revert CourtInvalidParams(1);
        if (p.minStake < _STAKE_UNIT) revert CourtInvalidParams(2);
        if (p.alphaBps > BPS) revert CourtInvalidParams(3);
        if (p.firstRoundMediators == 0 || p.firstRoundMediators % 2 == 0) {
            revert CourtInvalidParams(4);
        }
        if (p.maxRounds == 0 || _seatsOfRound(p.firstRoundMediators, p.maxRounds - 1) > MAX_SEATS) {
            revert CourtInvalidParams(5);
        }
        if (p.commitPeriod == 0 || p.revealPeriod == 0 || p.appealPeriod == 0 || p.randomnessTimeout == 0) {
            revert CourtInvalidParams(6);
        }
        _paramsHistory.push(p);
        emit ParamsSet(p);
    }

    function _setExitDelay(uint256 exitDelay_) internal {
        if (exitDelay_ > MAX_EXIT_DELAY) revert CourtInvalidParams(7);
        _exitDelay = exitDelay_;
        emit ExitDelaySet(exitDelay_);
    }

    /* ------------------------------- MEDIATORS ----------------------------- */

    /// @inheritdoc IMediatorCourt
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert CourtZeroAmount();
        Mediator storage m = _mediators[msg.sender];
        uint256 newStake = m.stake + amount;
        if (newStake > type(uint96).max) revert CourtAmountTooLarge(newStake, type(uint96).max);
        m.stake = uint96(newStake);
        _syncWeight(msg.sender, m, true);
        emit Staked(msg.sender, amount, newStake);
        _pullExact(_STAKE_TOKEN, msg.sender, amount);
    }

    /// @inheritdoc IMediatorCourt
    function joinPool(bytes2 language, uint8 topic) external {
        _checkPool(language, topic);
        Mediator storage m = _mediators[msg.sender];
        if (m.stake < _current().minStake) revert CourtStakeTooLow(m.stake, _current().minStake);
        uint24 key = _poolKey(language, topic);
        uint256 count = PoolLogic.join(_pools[msg.sender], _trees, _freezes, msg.sender, key, _weightOf(m));
        m.poolCount = uint8(count);
        emit PoolJoined(msg.sender, language, topic);
    }

    /// @inheritdoc IMediatorCourt
    function requestExit() external {
        uint256 allowedAt = block.timestamp + _exitDelay;
        _mediators[msg.sender].exitAllowedAt = uint40(allowedAt);
        emit ExitRequested(msg.sender, allowedAt);
    }

    /// @inheritdoc IMediatorCourt
    function leavePool(bytes2 language, uint8 topic) external {
        Mediator storage m = _mediators[msg.sender];
        _useExit(m);
        uint24 key = _poolKey(language, topic);
        m.poolCount = uint8(PoolLogic.leave(_pools[msg.sender], _trees, _freezes, msg.sender, key, _weightOf(m)));
        emit PoolLeft(msg.sender, language, topic);
    }

    /// @inheritdoc IMediatorCourt
    function withdraw(uint256 amount, address to) external nonReentrant {
        if (amount == 0) revert CourtZeroAmount();
        if (to == address(0) || to == address(this)) revert CourtInvalidAddress(to);
        Mediator storage m = _mediators[msg.sender];
        _useExit(m);
        uint256 free = m.stake > m.locked ? m.stake - m.locked : 0;
        if (amount > free) revert CourtInsufficientFreeStake(amount, free);
        uint256 newStake = m.stake - amount;
        m.stake = uint96(newStake);
        _syncWeight(msg.sender, m, true);
        emit Withdrawn(msg.sender, to, amount, newStake);
        _STAKE_TOKEN.safeTransfer(to, amount);
    }

    /// @dev An exit request opens a window of EXIT_WINDOW after the delay; it is used up by one leave or withdrawal.
    function _useExit(Mediator storage m) internal {
        uint256 allowedAt = m.exitAllowedAt;
        if (allowedAt == 0 || block.timestamp < allowedAt || block.timestamp > allowedAt + EXIT_WINDOW) {
            revert CourtExitNotAllowed(allowedAt, block.timestamp);
        }
        m.exitAllowedAt = 0;
    }

    /// @inheritdoc IMediatorCourt
    function syncWeight(address mediator) external {
        _syncWeight(mediator, _mediators[mediator], true);
    }

    /// @dev Puts the mediator's current weight in every tree it sits in, unless one of its languages is frozen: then
    ///      a `strict` call reverts and another changes nothing and returns false.
    function _syncWeight(address mediator, Mediator storage m, bool strict) internal returns (bool) {
        if (m.poolCount == 0) return true;
        return PoolLogic.sync(_pools[mediator], _trees, _freezes, mediator, _weightOf(m), strict);
    }

    /// @dev Stake counts in whole units, and only when it reaches the current minimum stake.
    function _weightOf(Mediator storage m) internal view returns (uint64) {
        uint256 s = m.stake;
        if (s < _current().minStake) return 0;
        uint256 weight = s / _STAKE_UNIT;
        return weight > type(uint64).max ? type(uint64).max : uint64(weight);
    }

    /* ------------------------------- DISPUTES ------------------------------ */

    /// @inheritdoc IArbitratorV2
    function createDispute(uint256, bytes calldata) external payable returns (uint256) {
        revert CourtNativeFeesUnsupported();
    }

    /// @inheritdoc IArbitratorV2
    function createDispute(uint256 choices, bytes calldata extraData, IERC20 token, uint256 feeAmount)
        external
        nonReentrant
        returns (uint256 disputeId)
    {
        if (token != _FEE_TOKEN) revert CourtFeeTokenNotAccepted(token, _FEE_TOKEN);
        if (choices != RULING_OPTIONS) revert CourtChoicesUnsupported(choices, RULING_OPTIONS);
        uint256 cost = uint256(_current().feePerMediator) * _current().firstRoundMediators;
        if (feeAmount < cost) revert CourtFeeTooLow(feeAmount, cost);
        if (feeAmount > type(uint96).max) revert CourtAmountTooLarge(feeAmount, type(uint96).max);
        disputeId = _openDispute(abi.decode(extraData, (DisputeContext)), feeAmount);
        emit DisputeCreation(disputeId, IArbitrableV2(msg.sender));
        emit NewPeriod(disputeId, 0, Period.Drawing, 0);
        _pullExact(_FEE_TOKEN, msg.sender, feeAmount);
        ++_freezes[_disputes[disputeId].language].drawing;
        _requestRandomness(disputeId, 0, _rounds[disputeId][0]);
    }

    /// @dev Records a new dispute with a copy of the current parameters.
    function _openDispute(DisputeContext memory ctx, uint256 feeAmount) internal returns (uint256 disputeId) {
        _checkPool(ctx.language, ctx.topic);
        if (ctx.brand == address(0) || ctx.influencer == address(0)) revert CourtInvalidAddress(address(0));
        disputeId = _disputeCount++;
        uint256 version = _paramsHistory.length - 1;
        (uint256[2] memory packed, uint256 totalWeight) = CourtLogic.packCriteria(ctx.criteria);
        _criteria[disputeId] = packed;
        _disputes[disputeId] = (
            DisputeInfo({
                arbitrable: IArbitrableV2(msg.sender),
                round: 0,
                period: Period.Drawing,
                questionCount: uint8(ctx.criteria.length),
                rulingDelivered: false,
                shareBps: 0,
                deadline: 0,
                brand: ctx.brand,
                language: ctx.language,
                topic: ctx.topic,
                totalWeight: uint72(totalWeight),
                influencer: ctx.influencer,
                paramsVersion: uint32(version)
            })
        );
        CourtParams memory p = _paramsHistory[version];
        Round storage round = _rounds[disputeId][0];
        round.mediators = p.firstRoundMediators;
        round.fees = uint96(feeAmount);
        round.lockPerVote = uint96(uint256(p.minStake) * p.alphaBps / BPS);
        // Chosen before the random word exists; the first draw chooses again only if this pool emptied.
        round.poolKey = _choosePool(_disputes[disputeId], p.firstRoundMediators);
        emit DisputeOpened(disputeId, msg.sender, ctx, p);
    }

    /// @inheritdoc IMediatorCourt
    function requestRandomness(uint256 disputeId) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Drawing);
        Round storage round = _rounds[disputeId][d.round];
        uint256 requestedAt = round.randomnessRequestedAt;
        // A word, arrived or not, stays the round's until it expires; then the pools may have changed and it is
        // replaced (drawing is open to anyone, so a party cannot hold back a word it dislikes without the other
        // party or any keeper drawing with it first).
        uint256 expiresAt = round.randomnessExpiresAt;
        if (requestedAt != 0 && block.timestamp <= expiresAt) {
            revert CourtRandomnessPending(disputeId, round.randomnessRequestId, expiresAt + 1);
        }
        _requestRandomness(disputeId, d.round, round);
    }

    /// @dev Asks the randomness source and freezes the language's pools until the word expires; a failing source
    ///      leaves the request to be made again by anyone.
    function _requestRandomness(uint256 disputeId, uint256 roundIndex, Round storage round) internal {
        try _RANDOMNESS.requestRandomness() returns (uint256 requestId) {
            uint256 expiry = block.timestamp + _paramsOf(disputeId).randomnessTimeout;
            round.randomnessRequestId = requestId;
            round.randomnessRequestedAt = uint40(block.timestamp);
            round.randomnessExpiresAt = uint40(expiry);
            Freeze storage f = _freezes[_disputes[disputeId].language];
            if (expiry > f.until) f.until = uint40(expiry);
            emit RandomnessRequested(disputeId, roundIndex, requestId);
        } catch {
            round.randomnessRequestedAt = 0;
        }
    }

    /// @inheritdoc IMediatorCourt
    function draw(uint256 disputeId, uint256 count) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Drawing);
        uint256 roundIndex = d.round;
        Round storage round = _rounds[disputeId][roundIndex];
        // The source keeps the word: reading it costs less than a copy here.
        uint256 requestId = round.randomnessRequestId;
        uint256 word = requestId == 0 ? 0 : _RANDOMNESS.randomWord(requestId);
        if (word == 0) revert CourtRandomnessNotReady(disputeId, requestId);
        // The pools are frozen only until the word expires.
        uint256 expiresAt = round.randomnessExpiresAt;
        if (block.timestamp > expiresAt) revert CourtRandomnessExpired(disputeId, requestId, expiresAt);
        // The pool chosen when the round opened is chosen again if it lost its stake since (or only the parties'
        // is left, which the previous call saw as a batch that drew nobody).
        uint24 key = round.poolKey;
        bool stalledBefore = round.nonce > round.drawn;
        if (key == 0 || stalledBefore || _trees[key].total() == 0) {
            key = PoolLogic.poolForDraw(
                _trees,
                key,
                _poolKey(d.language, d.topic),
                d.brand,
                d.influencer,
                round.mediators - round.drawn,
                stalledBefore
            );
            if (key == 0) {
                _applyEmptyPool(disputeId, d, roundIndex, round);
                return;
            }
            round.poolKey = key;
        }
        if (_drawSeats(disputeId, roundIndex, round, _trees[key], d, word, count)) {
            // The last seat is drawn: voting opens. The tally words are written now, so that every reveal
            // updates warm, non-zero words.
            CourtLogic.initTally(_tallies[disputeId][roundIndex], d.questionCount);
            --_freezes[d.language].drawing;
            _enter(disputeId, d, roundIndex, Period.Commit, block.timestamp + _paramsOf(disputeId).commitPeriod);
        }
    }

    /// @dev Draws up to `count` seats from `tree`, skipping the parties, within a bounded number of attempts.
    ///      Returns whether every seat of the round is drawn.
    function _drawSeats(
        uint256 disputeId,
        uint256 roundIndex,
        Round storage round,
        SortitionTree.Tree storage tree,
        DisputeInfo storage d,
        uint256 word,
        uint256 count
    ) internal returns (bool complete) {
        uint256 drawn = round.drawn;
        uint256 open = round.mediators - drawn;
        if (count > open) count = open;
        uint256 target = drawn + count;
        uint256 nonce = round.nonce;
        uint256 maxNonce = nonce + count * _ATTEMPTS_PER_SEAT;
        while (drawn < target && nonce < maxNonce) {
            address mediator = tree.draw(uint256(keccak256(abi.encode(word, disputeId, roundIndex, nonce))));
            ++nonce;
            if (mediator == d.brand || mediator == d.influencer) continue;
            _votes[disputeId][roundIndex][drawn] = Vote(mediator, 0, false);
            _mediators[mediator].locked += round.lockPerVote;
            emit Drawn(disputeId, roundIndex, drawn, mediator, round.poolKey);
            ++drawn;
        }
        round.drawn = uint8(drawn);
        round.nonce = uint40(nonce);
        return drawn == round.mediators;
    }

    /// @dev The pool a round draws from, or 0 when neither the topic pool nor the language pool can serve.
    function _choosePool(DisputeInfo storage d, uint256 seats) internal view returns (uint24) {
        return PoolLogic.choosePool(_trees, _poolKey(d.language, d.topic), d.brand, d.influencer, seats);
    }

    /// @dev The written empty-pool rule (see the contract's NatSpec).
    function _applyEmptyPool(uint256 disputeId, DisputeInfo storage d, uint256 roundIndex, Round storage round)
        internal
    {
        emit EmptyPool(disputeId, roundIndex, _poolKey(d.language, d.topic));
        --_freezes[d.language].drawing;
        // Seats drawn before the pool emptied are released.
        uint256 drawn = round.drawn;
        uint96 lock = round.lockPerVote;
        for (uint256 i; i < drawn; ++i) {
            Mediator storage m = _mediators[_votes[disputeId][roundIndex][i].mediator];
            m.locked = m.locked > lock ? m.locked - lock : 0;
        }
        round.drawn = 0;
        uint256 fees = round.fees;
        round.fees = 0;
        if (roundIndex == 0) {
            d.shareBps = BPS / 2;
            round.consensus = type(uint128).max;
            _creditHalves(d, _FEE_TOKEN, fees);
        } else {
            // The appeal did not happen: the previous ruling stands and its funders get their money back.
            round.consensus = _rounds[disputeId][roundIndex - 1].consensus;
            _refundAppealFunders(disputeId, d, roundIndex - 1);
        }
        _finalize(disputeId, d, roundIndex);
    }

    /// @inheritdoc IMediatorCourt
    function passPeriod(uint256 disputeId) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        uint256 roundIndex = d.round;
        Round storage round = _rounds[disputeId][roundIndex];
        CourtParams storage p = _paramsOf(disputeId);
        Period period = d.period;
        if (period == Period.Drawing) {
            // The last draw opens the commit period by itself.
            revert CourtDrawingIncomplete(disputeId, round.drawn, round.mediators);
        } else if (period == Period.Commit) {
            _expectDeadlinePassed(disputeId, d.deadline);
            _enter(disputeId, d, roundIndex, Period.Reveal, block.timestamp + p.revealPeriod);
        } else if (period == Period.Reveal) {
            // Only after the deadline (the last seat's reveal closes the period by itself). Seats count as committed
            // at a mediator's first commit, so no count of reveals proves that every committed mediator revealed.
            _expectDeadlinePassed(disputeId, d.deadline);
            _closeVoting(disputeId, d, roundIndex, round, p);
        } else if (period == Period.Appeal) {
            _expectDeadlinePassed(disputeId, d.deadline);
            _finalize(disputeId, d, roundIndex);
        } else {
            revert CourtUnexpectedPeriod(disputeId, period, Period.Appeal);
        }
    }

    /// @dev Rules the round, then opens its appeal period, or makes the ruling final in the last round.
    function _closeVoting(
        uint256 disputeId,
        DisputeInfo storage d,
        uint256 roundIndex,
        Round storage round,
        CourtParams storage p
    ) internal {
        _ruleRound(disputeId, d, roundIndex, round);
        if (roundIndex + 1 < p.maxRounds) {
            _enter(disputeId, d, roundIndex, Period.Appeal, block.timestamp + p.appealPeriod);
        } else {
            _finalize(disputeId, d, roundIndex);
        }
    }

    function _enter(uint256 disputeId, DisputeInfo storage d, uint256 roundIndex, Period period, uint256 deadline)
        internal
    {
        d.period = period;
        d.deadline = uint40(deadline);
        emit NewPeriod(disputeId, roundIndex, period, deadline);
    }

    /// @dev Makes the current ruling final and delivers it to the arbitrable.
    function _finalize(uint256 disputeId, DisputeInfo storage d, uint256 roundIndex) internal {
        _enter(disputeId, d, roundIndex, Period.Execution, 0);
        uint256 ruling = uint256(d.shareBps) + 1;
        emit Ruling(d.arbitrable, disputeId, ruling);
        // A reverting arbitrable (or an account without code) must not block the court: the ruling stays final
        // and can be delivered again by anyone.
        if (address(d.arbitrable).code.length == 0) {
            emit RulingDeliveryFailed(disputeId);
            return;
        }
        try d.arbitrable.rule(disputeId, ruling) {
            d.rulingDelivered = true;
        } catch {
            emit RulingDeliveryFailed(disputeId);
        }
    }

    /// @inheritdoc IMediatorCourt
    function deliverRuling(uint256 disputeId) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Execution);
        if (d.rulingDelivered) revert CourtRulingAlreadyDelivered(disputeId);
        d.rulingDelivered = true;
        d.arbitrable.rule(disputeId, uint256(d.shareBps) + 1);
    }

    /* --------------------------------- VOTE -------------------------------- */

    /// @inheritdoc IMediatorCourt
    function commit(uint256 disputeId, uint256[] calldata voteIds, bytes32 commitment) external {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Commit);
        _expectDeadlineAhead(disputeId, d.deadline);
        uint256 roundIndex = d.round;
        if (voteIds.length == 0) revert CourtNoVotes();
        if (commitment == bytes32(0)) revert CourtEmptyCommitment();
        for (uint256 i; i < voteIds.length; ++i) {
            // Strictly increasing ids: no seat is counted twice.
            if (i > 0 && voteIds[i] <= voteIds[i - 1]) revert CourtVoteIdsNotIncreasing(i);
            _ownVote(disputeId, roundIndex, voteIds[i]);
        }
        mapping(address => bytes32) storage commits = _commits[disputeId][roundIndex];
        bool first = commits[msg.sender] == bytes32(0);
        commits[msg.sender] = commitment;
        emit Committed(disputeId, roundIndex, msg.sender, commitment);
        if (!first) return;
        // A mediator's seats count as committed at its first commit; when every seat is, revealing opens.
        Round storage round = _rounds[disputeId][roundIndex];
        uint256 committed = round.committed + voteIds.length;
        round.committed = uint8(committed);
        if (committed >= round.mediators) {
            _enter(disputeId, d, roundIndex, Period.Reveal, block.timestamp + _paramsOf(disputeId).revealPeriod);
        }
    }

    /// @inheritdoc IMediatorCourt
    function reveal(uint256 disputeId, uint256[] calldata voteIds, uint8[] calldata answers, bytes32 salt)
        external
        nonReentrant
    {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Reveal);
        _expectDeadlineAhead(disputeId, d.deadline);
        uint256 roundIndex = d.round;
        if (voteIds.length == 0) revert CourtNoVotes();
        bytes32 expected = _commits[disputeId][roundIndex][msg.sender];
        if (expected == bytes32(0)) revert CourtVoteNotCommitted(disputeId, voteIds[0]);
        bytes32 actual = _hashVote(disputeId, roundIndex, msg.sender, answers, salt);
        if (expected != actual) revert CourtCommitMismatch(expected, actual);
        uint64 packedAnswers = CourtLogic.packAnswers(_criteria[disputeId], d.questionCount, answers);

        for (uint256 i; i < voteIds.length; ++i) {
            Vote storage v = _ownVote(disputeId, roundIndex, voteIds[i]);
            if (v.revealed) revert CourtVoteAlreadyRevealed(disputeId, voteIds[i]);
            v.revealed = true;
            v.answers = packedAnswers;
        }
        Round storage round = _rounds[disputeId][roundIndex];
        uint256 revealed = round.revealed + voteIds.length;
        round.revealed = uint8(revealed);
        CourtLogic.tally(_tallies[disputeId][roundIndex], answers, voteIds.length);
        emit Revealed(disputeId, roundIndex, msg.sender, answers);
        // The last seat revealed: the round is ruled now.
        if (revealed == round.mediators) _closeVoting(disputeId, d, roundIndex, round, _paramsOf(disputeId));
    }

    function _ownVote(uint256 disputeId, uint256 roundIndex, uint256 voteId) internal view returns (Vote storage v) {
        v = _votes[disputeId][roundIndex][voteId];
        if (v.mediator != msg.sender || voteId >= _rounds[disputeId][roundIndex].drawn) {
            revert CourtNotYourVote(disputeId, voteId, msg.sender);
        }
    }

    /// @dev Rules a round from its tally (see CourtLogic.rule for the written tie and no-reveal rules).
    function _ruleRound(uint256 disputeId, DisputeInfo storage d, uint256 roundIndex, Round storage round) internal {
        (uint16 share, uint128 consensus) = CourtLogic.rule(
            _tallies[disputeId][roundIndex], _criteria[disputeId], d.questionCount, d.totalWeight, round.revealed > 0
        );
        d.shareBps = share;
        round.consensus = consensus;
        emit RoundRuled(disputeId, roundIndex, share, consensus);
    }

    /* ------------------------------- EVIDENCE ------------------------------ */

    /// @inheritdoc IMediatorCourt
    function submitEvidence(uint256 disputeId, string calldata evidence) external {
        DisputeInfo storage d = _dispute(disputeId);
        if (msg.sender != d.brand && msg.sender != d.influencer) revert CourtNotAParty(disputeId, msg.sender);
        if (d.period == Period.Execution) revert CourtUnexpectedPeriod(disputeId, Period.Execution, Period.Appeal);
        emit Evidence(disputeId, msg.sender, evidence);
    }

    /* -------------------------------- APPEAL ------------------------------- */

    /// @inheritdoc IMediatorCourt
    function fundAppeal(uint256 disputeId, uint256 amount) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        _expectPeriod(disputeId, d.period, Period.Appeal);
        _expectDeadlineAhead(disputeId, d.deadline);
        if (amount == 0) revert CourtZeroAmount();
        uint16 share = d.shareBps;
        bool canAppeal = (msg.sender == d.influencer && share < BPS) || (msg.sender == d.brand && share > 0);
        if (!canAppeal) revert CourtAppealNotAllowed(disputeId, msg.sender, share);
        uint256 roundIndex = d.round;
        uint256 cost = _appealCost(disputeId, roundIndex);
        uint256 funded = _appealFunded[disputeId][roundIndex];
        uint256 take = amount < cost - funded ? amount : cost - funded;
        funded += take;
        _appealFunded[disputeId][roundIndex] = funded;
        _appealFunds[disputeId][roundIndex][msg.sender] += take;
        emit AppealFunded(disputeId, roundIndex, msg.sender, take);
        _pullExact(_FEE_TOKEN, msg.sender, take);
        if (funded < cost) return;

        // Fully funded: the next round starts with 2n + 1 seats, paid by the appeal.
        uint256 next = roundIndex + 1;
        Round storage previous = _rounds[disputeId][roundIndex];
        Round storage round = _rounds[disputeId][next];
        round.mediators = uint8(uint256(previous.mediators) * 2 + 1);
        round.fees = uint96(cost);
        round.lockPerVote = previous.lockPerVote;
        round.poolKey = _choosePool(d, round.mediators);
        d.round = uint8(next);
        emit AppealDecision(disputeId, next, round.mediators);
        _enter(disputeId, d, next, Period.Drawing, 0);
        ++_freezes[d.language].drawing;
        _requestRandomness(disputeId, next, round);
    }

    /// @inheritdoc IMediatorCourt
    function refundAppeal(uint256 disputeId, uint256 roundIndex) external {
        DisputeInfo storage d = _dispute(disputeId);
        // The appeal of `roundIndex` did not happen when the dispute ended at that round.
        bool ended = d.period == Period.Execution && d.round == roundIndex;
        if (!ended || _refundFunder(disputeId, roundIndex, msg.sender) == 0) {
            revert CourtNothingToRefund(disputeId, roundIndex, msg.sender);
        }
    }

    /// @dev Credits back both parties' funding of the appeal of `roundIndex` (an appeal that could not be drawn).
    function _refundAppealFunders(uint256 disputeId, DisputeInfo storage d, uint256 roundIndex) internal {
        _refundFunder(disputeId, roundIndex, d.brand);
        _refundFunder(disputeId, roundIndex, d.influencer);
    }

    /// @dev Credits back what `funder` paid towards the appeal of `roundIndex`; returns the amount (0: nothing).
    function _refundFunder(uint256 disputeId, uint256 roundIndex, address funder) internal returns (uint256 amount) {
        amount = _appealFunds[disputeId][roundIndex][funder];
        if (amount == 0) return 0;
        _appealFunds[disputeId][roundIndex][funder] = 0;
        _appealFunded[disputeId][roundIndex] -= amount;
        _credit(funder, _FEE_TOKEN, amount);
        emit AppealRefunded(disputeId, roundIndex, funder, amount);
    }

    function _appealCost(uint256 disputeId, uint256 roundIndex) internal view returns (uint256) {
        uint256 seats = uint256(_rounds[disputeId][roundIndex].mediators) * 2 + 1;
        return seats * _paramsOf(disputeId).feePerMediator;
    }

    /* ------------------------ PENALTIES AND REWARDS ------------------------ */

    /// @inheritdoc IMediatorCourt
    function executeRound(uint256 disputeId, uint256 roundIndex, uint256 count) external nonReentrant {
        DisputeInfo storage d = _dispute(disputeId);
        // An appeal period that ended unappealed makes the ruling final here, without a separate call.
        if (d.period == Period.Appeal && block.timestamp > d.deadline) _finalize(disputeId, d, d.round);
        _expectPeriod(disputeId, d.period, Period.Execution);
        Round storage round = _rounds[disputeId][roundIndex];
        uint256 drawn = round.drawn;
        uint256 penalized = round.penalized;
        uint256 rewarded = round.rewarded;
        if (roundIndex > d.round || rewarded >= drawn && penalized >= drawn) {
            revert CourtRoundAlreadyExecuted(disputeId, roundIndex);
        }
        uint128 consensus = _rounds[disputeId][d.round].consensus;
        // Coherences computed by the first pass of this call are reused by its second pass.
        uint256 firstPenalized = penalized;
        uint256[] memory coherences = new uint256[](drawn);
        while (count > 0 && penalized < drawn) {
            coherences[penalized] = _penalize(disputeId, d, roundIndex, round, penalized, consensus);
            ++penalized;
            --count;
        }
        round.penalized = uint8(penalized);
        if (count == 0 || penalized < drawn) return;
        if (round.coherenceSum == 0) {
            // Nobody was coherent: fees and lost stake go back to the parties in halves.
            _creditHalves(d, _FEE_TOKEN, round.fees);
            _creditHalves(d, _STAKE_TOKEN, round.penalties);
            round.rewarded = uint8(drawn);
            return;
        }
        uint256 end = rewarded + count < drawn ? rewarded + count : drawn;
        Payout[] memory payouts = new Payout[](end - rewarded);
        for (uint256 i = rewarded; i < end; ++i) {
            Vote storage v = _votes[disputeId][roundIndex][i];
            uint256 coherence = i >= firstPenalized ? coherences[i] : _coherence(disputeId, d, v, consensus);
            payouts[i - rewarded] = _reward(disputeId, roundIndex, round, i, v.mediator, coherence);
        }
        round.rewarded = uint8(end);
        // Interactions last: each reward is sent now; one that cannot be sent is credited for a claim.
        for (uint256 i; i < payouts.length; ++i) {
            _send(payouts[i].mediator, _FEE_TOKEN, payouts[i].fee);
            _send(payouts[i].mediator, _STAKE_TOKEN, payouts[i].stakeReward);
        }
    }

    /// @dev A mediator's reward of one vote.
    struct Payout {
        address mediator;
        uint256 fee;
        uint256 stakeReward;
    }

    function _penalize(
        uint256 disputeId,
        DisputeInfo storage d,
        uint256 roundIndex,
        Round storage round,
        uint256 voteId,
        uint128 consensus
    ) internal returns (uint256 coherence) {
        Vote storage v = _votes[disputeId][roundIndex][voteId];
        coherence = _coherence(disputeId, d, v, consensus);
        Mediator storage m = _mediators[v.mediator];
        uint256 lock = round.lockPerVote;
        uint256 penalty = lock * (BPS - coherence) / BPS;
        if (penalty > m.stake) penalty = m.stake;
        m.locked = m.locked > lock ? m.locked - uint96(lock) : 0;
        if (penalty > 0) {
            m.stake -= uint96(penalty);
            round.penalties += uint96(penalty);
            if (!_syncWeight(v.mediator, m, false)) emit WeightSyncDeferred(v.mediator);
        }
        round.coherenceSum += uint64(coherence);
        emit Penalized(disputeId, roundIndex, voteId, v.mediator, coherence, penalty);
    }

    /// @dev Accounts for a vote's reward; the caller sends it. Cumulative rounding: the round's fees and penalties
    ///      are paid out exactly, to the last unit.
    function _reward(
        uint256 disputeId,
        uint256 roundIndex,
        Round storage round,
        uint256 voteId,
        address mediator,
        uint256 coherence
    ) internal returns (Payout memory payout) {
        payout.mediator = mediator;
        if (coherence == 0) return payout;
        uint256 sum = round.coherenceSum;
        uint256 before = round.rewardedCoherence;
        uint256 afterward = before + coherence;
        round.rewardedCoherence = uint64(afterward);
        payout.fee = round.fees * afterward / sum - round.fees * before / sum;
        payout.stakeReward = round.penalties * afterward / sum - round.penalties * before / sum;
        emit Rewarded(disputeId, roundIndex, voteId, mediator, payout.fee, payout.stakeReward);
    }

    function _coherence(uint256 disputeId, DisputeInfo storage d, Vote storage v, uint128 consensus)
        internal
        view
        returns (uint256)
    {
        if (!v.revealed) return 0;
        return CourtLogic.coherence(_criteria[disputeId], d.questionCount, d.totalWeight, v.answers, consensus);
    }

    /* --------------------------------- CLAIM ------------------------------- */

    /// @inheritdoc IMediatorCourt
    function claim(IERC20 token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert CourtInvalidAddress(to);
        amount = _balances[msg.sender][token];
        if (amount == 0) revert CourtNothingToClaim(msg.sender, token);
        _balances[msg.sender][token] = 0;
        emit Claimed(msg.sender, token, to, amount);
        token.safeTransfer(to, amount);
    }

    /// @dev Sends `amount` now; if the transfer fails (a blacklisted or otherwise refusing recipient), credits it
    ///      for a later claim to another address. Nothing is lost and no recipient can block the others.
    function _send(address account, IERC20 token, uint256 amount) internal {
        if (amount == 0) return;
        if (token.trySafeTransfer(account, amount)) emit Paid(account, token, amount);
        else _credit(account, token, amount);
    }

    function _credit(address account, IERC20 token, uint256 amount) internal {
        _balances[account][token] += amount;
        emit Credited(account, token, amount);
    }

    function _creditHalves(DisputeInfo storage d, IERC20 token, uint256 amount) internal {
        if (amount == 0) return;
        uint256 half = amount / 2;
        _credit(d.brand, token, amount - half);
        if (half > 0) _credit(d.influencer, token, half);
    }

    /* --------------------------------- VIEWS ------------------------------- */

    /// @inheritdoc IArbitratorV2
    function arbitrationCost(bytes calldata) external pure returns (uint256) {
        revert CourtNativeFeesUnsupported();
    }

    /// @inheritdoc IArbitratorV2
    function arbitrationCost(bytes calldata, IERC20 token) external view returns (uint256) {
        if (token != _FEE_TOKEN) revert CourtFeeTokenNotAccepted(token, _FEE_TOKEN);
        return uint256(_current().feePerMediator) * _current().firstRoundMediators;
    }

    /// @inheritdoc IArbitratorV2
    function currentRuling(uint256 disputeId) external view returns (uint256 ruling, bool tied, bool overridden) {
        DisputeInfo storage d = _dispute(disputeId);
        return (uint256(d.shareBps) + 1, false, false);
    }

    /// @inheritdoc IMediatorCourt
    function params() external view returns (CourtParams memory) {
        return _current();
    }

    /// @inheritdoc IMediatorCourt
    function exitDelay() external view returns (uint256) {
        return _exitDelay;
    }

    /// @inheritdoc IMediatorCourt
    function stakeToken() external view returns (IERC20) {
        return _STAKE_TOKEN;
    }

    /// @inheritdoc IMediatorCourt
    function feeToken() external view returns (IERC20) {
        return _FEE_TOKEN;
    }

    /// @inheritdoc IMediatorCourt
    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    /// @inheritdoc IMediatorCourt
    function getDispute(uint256 disputeId) external view returns (DisputeInfo memory) {
        return _dispute(disputeId);
    }

    /// @inheritdoc IMediatorCourt
    function getDisputeParams(uint256 disputeId) external view returns (CourtParams memory) {
        return _paramsHistory[_dispute(disputeId).paramsVersion];
    }

    /// @inheritdoc IMediatorCourt
    function getRound(uint256 disputeId, uint256 roundIndex) external view returns (Round memory) {
        return _rounds[disputeId][roundIndex];
    }

    /// @inheritdoc IMediatorCourt
    function getVote(uint256 disputeId, uint256 roundIndex, uint256 voteId) external view returns (Vote memory) {
        return _votes[disputeId][roundIndex][voteId];
    }

    /// @inheritdoc IMediatorCourt
    function getMediator(address mediator) external view returns (Mediator memory) {
        return _mediators[mediator];
    }

    /// @inheritdoc IMediatorCourt
    function poolsOf(address mediator) external view returns (uint24[] memory) {
        return _pools[mediator];
    }

    /// @inheritdoc IMediatorCourt
    function poolTotal(bytes2 language, uint8 topic) external view returns (uint256 weight, uint256 mediators) {
        SortitionTree.Tree storage tree = _trees[_poolKey(language, topic)];
        return (tree.total(), tree.size());
    }

    /// @inheritdoc IMediatorCourt
    function freezeOf(bytes2 language) external view returns (uint256 drawing, uint256 until, bool frozen) {
        Freeze memory f = _freezes[language];
        return (f.drawing, f.until, f.drawing > 0 && block.timestamp <= f.until);
    }

    /// @inheritdoc IMediatorCourt
    function commitmentOf(uint256 disputeId, uint256 roundIndex, address mediator) external view returns (bytes32) {
        return _commits[disputeId][roundIndex][mediator];
    }

    /// @inheritdoc IMediatorCourt
    function appealCost(uint256 disputeId) external view returns (uint256) {
        DisputeInfo storage d = _dispute(disputeId);
        return _appealCost(disputeId, d.round);
    }

    /// @inheritdoc IMediatorCourt
    function appealFunds(uint256 disputeId, uint256 roundIndex, address funder) external view returns (uint256) {
        return _appealFunds[disputeId][roundIndex][funder];
    }

    /// @inheritdoc IMediatorCourt
    function balanceOf(address account, IERC20 token) external view returns (uint256) {
        return _balances[account][token];
    }

    /* ------------------------------- INTERNALS ----------------------------- */

    /// @dev The commit binds the court, dispute, round and mediator, so nobody can copy someone else's commit.
    function _hashVote(uint256 disputeId, uint256 roundIndex, address mediator, uint8[] calldata answers, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(address(this), disputeId, roundIndex, mediator, answers, salt));
    }

    function _current() internal view returns (CourtParams storage) {
        return _paramsHistory[_paramsHistory.length - 1];
    }

    function _paramsOf(uint256 disputeId) internal view returns (CourtParams storage) {
        return _paramsHistory[_disputes[disputeId].paramsVersion];
    }

    /// @dev A dispute that exists is never in period None (checked on the word that holds the period).
    function _dispute(uint256 disputeId) internal view returns (DisputeInfo storage d) {
        d = _disputes[disputeId];
        if (d.period == Period.None) revert CourtUnknownDispute(disputeId);
    }

    function _expectPeriod(uint256 disputeId, Period current, Period expected) internal pure {
        if (current != expected) revert CourtUnexpectedPeriod(disputeId, current, expected);
    }

    function _expectDeadlinePassed(uint256 disputeId, uint256 deadline) internal view {
        if (block.timestamp <= deadline) revert CourtPeriodNotOver(disputeId, deadline, block.timestamp);
    }

    function _expectDeadlineAhead(uint256 disputeId, uint256 deadline) internal view {
        if (block.timestamp > deadline) revert CourtPeriodOver(disputeId, deadline, block.timestamp);
    }

    function _poolKey(bytes2 language, uint8 topic) internal pure returns (uint24) {
        return (uint24(uint16(language)) << 8) | topic;
    }

    /// @dev A pool is a lower-case ISO 639-1 language with a topic of the fixed list (language pools, topic
    ///      LANGUAGE_POOL, are joined only through their topics).
    function _checkPool(bytes2 language, uint8 topic) internal pure {
        bytes1 a = language[0];
        bytes1 b = language[1];
        if (a < 0x61 || a > 0x7a || b < 0x61 || b > 0x7a || topic >= Topics.COUNT) {
            revert CourtInvalidPool(language, topic);
        }
    }

    /// @dev Seats of round `roundIndex`, or MAX_SEATS + 1 as soon as it would exceed MAX_SEATS.
    function _seatsOfRound(uint256 first, uint256 roundIndex) internal pure returns (uint256 seats) {
        seats = first;
        for (uint256 i; i < roundIndex && seats <= MAX_SEATS; ++i) seats = seats * 2 + 1;
    }

    /// @dev Pulls exactly `amount`; tokens that deliver less are refused.
    function _pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert CourtFeeTooLow(received, amount);
    }
}
