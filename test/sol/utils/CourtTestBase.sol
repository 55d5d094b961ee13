// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";

import {IArbitratorV2} from "../../../contracts/interfaces/arbitration/IArbitratorV2.sol";
import {IDealEscrow} from "../../../contracts/interfaces/IDealEscrow.sol";
import {IMediatorCourt} from "../../../contracts/interfaces/IMediatorCourt.sol";
import {IRandomnessSource} from "../../../contracts/interfaces/IRandomnessSource.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {RevertingArbitrable} from "../../../contracts/mocks/RevertingArbitrable.sol";
import {CourtParams, DisputeInfo, Mediator, Period, Round, Vote} from "../../../contracts/types/CourtTypes.sol";
import {DealTerms, DisputeContext, MilestoneTerms, Question} from "../../../contracts/types/DealTypes.sol";

/// @notice The parts of Chainlink's VRFCoordinatorV2_5Mock that the court's tests use.
interface IVRFCoordinatorMock {
    function createSubscription() external returns (uint256 subId);
    function fundSubscription(uint256 subId, uint256 amount) external;
    function addConsumer(uint256 subId, address consumer) external;
    function fulfillRandomWords(uint256 requestId, address consumer) external;
    function fulfillRandomWordsWithOverride(uint256 requestId, address consumer, uint256[] memory words) external;
}

/// @notice {IRandomnessSource} with the owner's setter of ChainlinkRandomness.
interface IChainlinkRandomness is IRandomnessSource {
    function setConsumer(address consumer) external;
}

/// @notice The local stack of the court, as the Ignition module LocalIspera deploys it.
struct CourtStack {
    MockUSDC usdc;
    IVRFCoordinatorMock vrf;
    IChainlinkRandomness randomness;
    IMediatorCourt court;
    IDealEscrow escrow;
}

/// @title CourtFlows
/// @notice Steps of a court dispute shared by the test base and the invariant handler: deal-to-dispute through the
///         escrow, randomness, commitments, and reading a round's votes.
library CourtFlows {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bytes2 internal constant LANGUAGE = "fr";
    uint8 internal constant TOPIC = 1;
    uint256 internal constant MILESTONE_AMOUNT = 1_000e6;
    uint32 internal constant DEAL_PERIOD = 5 days;

    /// @dev Three yes/no questions where "yes" (option 0) is compliant, weights 3, 2, 1 (the escrow tests' table).
    function defaultCriteria() internal pure returns (Question[] memory criteria) {
        criteria = new Question[](3);
        criteria[0] = Question({optionCount: 2, compliantMask: 1, weight: 3});
        criteria[1] = Question({optionCount: 2, compliantMask: 1, weight: 2});
        criteria[2] = Question({optionCount: 2, compliantMask: 1, weight: 1});
    }

    /// @dev One-milestone terms between `brand` and `influencer` in (language, topic), with a unique salt.
    function terms(
        CourtStack memory s,
        address brand,
        address influencer,
        bytes2 language,
        uint8 topic,
        Question[] memory criteria,
        uint256 salt
    ) internal view returns (DealTerms memory t) {
        t.brand = brand;
        t.influencer = influencer;
        t.token = IERC20(address(s.usdc));
        t.protocolFeeBps = s.escrow.protocolFeeBps();
        t.maxRevisions = 1;
        t.language = language;
        t.topic = topic;
        t.acceptBy = uint40(block.timestamp + 1 days);
        t.reviewPeriod = DEAL_PERIOD;
        t.revisionPeriod = DEAL_PERIOD;
        t.feeTimeout = DEAL_PERIOD;
        t.briefHash = keccak256("ipfs://brief");
        t.criteriaHash = keccak256(abi.encode(criteria));
        t.salt = bytes32(salt);
        t.milestones = new MilestoneTerms[](1);
        t.milestones[0] = MilestoneTerms({amount: uint128(MILESTONE_AMOUNT), deliverBy: uint40(t.acceptBy + 30 days)});
    }

    /// @dev Walks a fresh deal to arbitration through the escrow (offer, accept, deliver, both fees paid), which
    ///      creates the court's dispute; the parties are minted what they need. Returns the court's dispute id.
    function openDispute(CourtStack memory s, DealTerms memory t, Question[] memory criteria)
        internal
        returns (uint256 disputeId)
    {
        uint256 cost = s.court.arbitrationCost("", IERC20(address(s.usdc)));
        s.usdc.mint(t.brand, MILESTONE_AMOUNT + cost);
        s.usdc.mint(t.influencer, cost);
        VM.startPrank(t.brand);
        s.usdc.approve(address(s.escrow), type(uint256).max);
        s.escrow.createDeal(t, criteria);
        VM.stopPrank();
        VM.startPrank(t.influencer);
        s.usdc.approve(address(s.escrow), type(uint256).max);
        s.escrow.acceptDeal(t);
        s.escrow.submitDeliverable(t, 0, keccak256("deliverable"), "ipfs://deliverable");
        VM.stopPrank();
        VM.prank(t.brand);
        s.escrow.payArbitrationFee(t, criteria, 0);
        VM.prank(t.influencer);
        s.escrow.payArbitrationFee(t, criteria, 0);
        disputeId = s.escrow.getArbitration(s.escrow.dealId(t), 0).disputeId;
    }

    /// @dev The request id of the dispute's current round.
    function requestIdOf(CourtStack memory s, uint256 disputeId) internal view returns (uint256) {
        uint256 round = s.court.getDispute(disputeId).round;
        return s.court.getRound(disputeId, round).randomnessRequestId;
    }

    /// @dev Answers the current round's randomness request with `word` (0: the mock's own word).
    function fulfil(CourtStack memory s, uint256 disputeId, uint256 word) internal {
        uint256 requestId = requestIdOf(s, disputeId);
        if (word == 0) {
            s.vrf.fulfillRandomWords(requestId, address(s.randomness));
        } else {
            uint256[] memory words = new uint256[](1);
            words[0] = word;
            s.vrf.fulfillRandomWordsWithOverride(requestId, address(s.randomness), words);
        }
    }

    /// @dev The commitment the court expects (see {IMediatorCourt-commit}).
    function commitment(
        IMediatorCourt court,
        uint256 disputeId,
        uint256 round,
        address mediator,
        uint8[] memory answers,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(address(court), disputeId, round, mediator, answers, salt));
    }

    /// @dev The salt a test mediator uses in a round.
    function saltOf(address mediator, uint256 disputeId, uint256 round) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", mediator, disputeId, round));
    }

    /// @dev The vote ids of `mediator` among the drawn votes of a round.
    function votesOf(IMediatorCourt court, uint256 disputeId, uint256 round, address mediator)
        internal
        view
        returns (uint256[] memory ids)
    {
        uint256 drawn = court.getRound(disputeId, round).drawn;
        uint256[] memory all = new uint256[](drawn);
        uint256 n;
        for (uint256 v; v < drawn; ++v) {
            if (court.getVote(disputeId, round, v).mediator == mediator) all[n++] = v;
        }
        ids = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = all[i];
        }
    }

    /// @dev The distinct mediators drawn in a round, in order of their first vote.
    function drawnMediators(IMediatorCourt court, uint256 disputeId, uint256 round)
        internal
        view
        returns (address[] memory mediators)
    {
        uint256 drawn = court.getRound(disputeId, round).drawn;
        address[] memory all = new address[](drawn);
        uint256 n;
        for (uint256 v; v < drawn; ++v) {
            address m = court.getVote(disputeId, round, v).mediator;
            bool seen;
            for (uint256 i; i < n; ++i) {
                if (all[i] == m) seen = true;
            }
            if (!seen) all[n++] = m;
        }
        mediators = new address[](n);
        for (uint256 i; i < n; ++i) {
            mediators[i] = all[i];
        }
    }
}

/// @title CourtTestBase
/// @notice The fixture of every Solidity test of {MediatorCourt}: the local stack as LocalIspera deploys it (MockUSDC,
///         Chainlink's VRF v2.5 coordinator mock with a funded subscription, ChainlinkRandomness whose consumer is
///         the court, the court with its linked CourtLogic and PoolLogic, the escrow whose arbitrator is the
///         court), five named mediators staked in the ("fr", 1) pool, and helpers to open a dispute through the
///         escrow and walk it through randomness, draws, commits, reveals and periods.
/// @dev The court is deployed from its artifact with `deployCode`, not with `new`: the artifact is the IR build of
///      hardhat.config.ts (under the 24,576-byte limit, with its libraries linked by the test runner) that Ignition
///      deploys, while `new` would embed this test's own non-IR build of the court. The other deployables follow
///      suit so that no test compiles them again.
abstract contract CourtTestBase is Test {
    uint256 public constant STAKE_UNIT = 1e6;
    uint96 public constant FEE_PER_MEDIATOR = 10e6;
    uint96 public constant MIN_STAKE = 100e6;
    uint16 public constant ALPHA_BPS = 5_000;
    uint8 public constant FIRST_ROUND_MEDIATORS = 3;
    uint8 public constant MAX_ROUNDS = 3;
    uint32 public constant PERIOD = 1 days;
    uint32 public constant RANDOMNESS_TIMEOUT = 1 hours;
    uint256 public constant EXIT_DELAY = 7 days;
    /// @notice MediatorCourt.EXIT_WINDOW: how long a matured exit request stays usable.
    uint256 public constant EXIT_WINDOW = 3 days;
    /// @notice MediatorCourt.MAX_SEATS.
    uint256 public constant MAX_SEATS = 127;
    /// @notice MediatorCourt.LANGUAGE_POOL: the topic id of a language's pool.
    uint8 public constant LANGUAGE_POOL = 255;
    /// @notice Topics.COUNT: valid topic ids are 0 .. TOPIC_COUNT - 1.
    uint8 public constant TOPIC_COUNT = 16;
    /// @notice Stake locked by each draw: MIN_STAKE * ALPHA_BPS / BPS.
    uint256 public constant LOCK_PER_VOTE = 50e6;
    /// @notice First-round fee: FEE_PER_MEDIATOR * FIRST_ROUND_MEDIATORS.
    uint256 public constant ARBITRATION_COST = 30e6;
    uint256 public constant MEDIATOR_STAKE = 500e6;
    uint256 public constant MEDIATOR_COUNT = 5;
    uint256 public constant BPS = 10_000;
    uint16 public constant PROTOCOL_FEE_BPS = 100;
    bytes2 public constant LANGUAGE = "fr";
    uint8 public constant TOPIC = 1;
    /// @notice Timestamp the suites start from.
    uint256 public constant START = 1_750_000_000;

    address public immutable OWNER = makeAddr("owner");
    address public immutable BRAND = makeAddr("brand");
    address public immutable INFLUENCER = makeAddr("influencer");
    address public immutable STRANGER = makeAddr("stranger");
    address public immutable ALICE = makeAddr("alice");
    address public immutable BOB = makeAddr("bob");
    address public immutable CAROL = makeAddr("carol");
    address public immutable DAVE = makeAddr("dave");
    address public immutable ERIN = makeAddr("erin");

    MockUSDC internal _usdc;
    IERC20 internal _token;
    IVRFCoordinatorMock internal _vrf;
    uint256 internal _subscriptionId;
    IChainlinkRandomness internal _randomness;
    IMediatorCourt internal _court;
    IDealEscrow internal _escrow;
    address[] internal _mediators;
    uint256 internal _dealNonce;
    /// @dev The terms of the last deal opened (for escrow reads).
    bytes internal _lastTerms;

    /// @notice An address that is not one of the test mediators.
    error CourtTestUnknownMediator(address account);
    /// @notice No word below 64 draws distinct mediators on every seat.
    error CourtTestNoDistinctDraw(uint256 disputeId);

    function setUp() public virtual {
        vm.warp(START);
        CourtStack memory s = deployStack(OWNER);
        _usdc = s.usdc;
        _token = IERC20(address(s.usdc));
        _vrf = s.vrf;
        _randomness = s.randomness;
        _court = s.court;
        _escrow = s.escrow;
        _mediators = [ALICE, BOB, CAROL, DAVE, ERIN];
        for (uint256 i; i < _mediators.length; ++i) {
            _stakeAndJoin(_mediators[i], MEDIATOR_STAKE, LANGUAGE, TOPIC);
        }
    }

    /* ------------------------------------------------------------------ */
    /*                              DEPLOYMENT                            */
    /* ------------------------------------------------------------------ */

    /// @notice The court's parameters of the suites.
    function defaultParams() public pure returns (CourtParams memory) {
        return CourtParams({
            feePerMediator: FEE_PER_MEDIATOR,
            minStake: MIN_STAKE,
            alphaBps: ALPHA_BPS,
            firstRoundMediators: FIRST_ROUND_MEDIATORS,
            maxRounds: MAX_ROUNDS,
            commitPeriod: PERIOD,
            revealPeriod: PERIOD,
            appealPeriod: PERIOD,
            randomnessTimeout: RANDOMNESS_TIMEOUT
        });
    }

    /// @notice Deploys the whole stack with `owner` as the court's and escrow's governance.
    function deployStack(address owner) public returns (CourtStack memory s) {
        s.usdc = new MockUSDC(owner);
        // Same coordinator settings as LocalIspera (0.1 LINK base fee, 1 gwei, 0.004 ETH per LINK); the
        // subscription holds enough for millions of answers (balances are uint96).
        s.vrf = IVRFCoordinatorMock(
            deployCode(
                "VRFCoordinatorV2_5Mock.sol:VRFCoordinatorV2_5Mock",
                abi.encode(uint96(1e17), uint96(1e9), int256(4e15))
            )
        );
        _subscriptionId = s.vrf.createSubscription();
        s.vrf.fundSubscription(_subscriptionId, 1e27);
        s.randomness = IChainlinkRandomness(
            deployCode(
                "ChainlinkRandomness.sol:ChainlinkRandomness",
                abi.encode(address(s.vrf), keccak256("key hash"), _subscriptionId, uint16(3), uint32(200_000), false)
            )
        );
        s.vrf.addConsumer(_subscriptionId, address(s.randomness));
        s.court = IMediatorCourt(
            deployCode(
                "MediatorCourt.sol:MediatorCourt",
                abi.encode(s.usdc, s.usdc, STAKE_UNIT, s.randomness, owner, defaultParams(), EXIT_DELAY)
            )
        );
        s.randomness.setConsumer(address(s.court));
        s.escrow =
            IDealEscrow(deployCode("DealEscrow.sol:DealEscrow", abi.encode(s.court, owner, owner, PROTOCOL_FEE_BPS)));
        vm.prank(owner);
        s.escrow.setTokenAllowed(IERC20(address(s.usdc)), true);
        vm.label(address(s.usdc), "USDC");
        vm.label(address(s.vrf), "vrf");
        vm.label(address(s.randomness), "randomness");
        vm.label(address(s.court), "court");
        vm.label(address(s.escrow), "escrow");
    }

    function _stack() internal view returns (CourtStack memory) {
        return CourtStack({usdc: _usdc, vrf: _vrf, randomness: _randomness, court: _court, escrow: _escrow});
    }

    /* ------------------------------------------------------------------ */
    /*                               MEDIATORS                            */
    /* ------------------------------------------------------------------ */

    /// @dev Mints `amount` to `mediator`, who approves the court and stakes it.
    function _stake(address mediator, uint256 amount) internal {
        _usdc.mint(mediator, amount);
        vm.startPrank(mediator);
        _usdc.approve(address(_court), type(uint256).max);
        _court.stake(amount);
        vm.stopPrank();
    }

    function _stakeAndJoin(address mediator, uint256 amount, bytes2 language, uint8 topic) internal {
        _stake(mediator, amount);
        vm.prank(mediator);
        _court.joinPool(language, topic);
    }

    /// @dev Requests an exit for `mediator` and waits out the delay.
    function _exitReady(address mediator) internal {
        vm.prank(mediator);
        _court.requestExit();
        vm.warp(block.timestamp + EXIT_DELAY);
    }

    function _mediator(address account) internal view returns (Mediator memory) {
        return _court.getMediator(account);
    }

    /* ------------------------------------------------------------------ */
    /*                                DISPUTES                            */
    /* ------------------------------------------------------------------ */

    /// @dev Opens a dispute between BRAND and INFLUENCER in ("fr", 1) with the default criteria.
    function _openDispute() internal returns (uint256) {
        return _openDisputeWith(BRAND, INFLUENCER, LANGUAGE, TOPIC, CourtFlows.defaultCriteria());
    }

    function _openDisputeWith(Question[] memory criteria) internal returns (uint256) {
        return _openDisputeWith(BRAND, INFLUENCER, LANGUAGE, TOPIC, criteria);
    }

    function _openDisputeWith(
        address brand,
        address influencer,
        bytes2 language,
        uint8 topic,
        Question[] memory criteria
    ) internal returns (uint256 disputeId) {
        CourtStack memory s = _stack();
        DealTerms memory t = CourtFlows.terms(s, brand, influencer, language, topic, criteria, ++_dealNonce);
        disputeId = CourtFlows.openDispute(s, t, criteria);
        _lastTerms = abi.encode(t);
    }

    function _lastDealId() internal view returns (bytes32) {
        return _escrow.dealId(abi.decode(_lastTerms, (DealTerms)));
    }

    /// @dev The context the escrow would hand over for a deal between BRAND and INFLUENCER in ("fr", 1).
    function _context(Question[] memory criteria) internal view returns (DisputeContext memory ctx) {
        ctx.dealId = keccak256("direct");
        ctx.brand = BRAND;
        ctx.influencer = INFLUENCER;
        ctx.language = LANGUAGE;
        ctx.topic = TOPIC;
        ctx.briefHash = keccak256("ipfs://brief");
        ctx.criteria = criteria;
    }

    /// @dev Deploys a RevertingArbitrable (refusing rulings until told otherwise) that this test funds.
    function _newArbitrable(uint256 funds) internal returns (RevertingArbitrable arbitrable) {
        arbitrable = new RevertingArbitrable(IArbitratorV2(address(_court)));
        _usdc.mint(address(this), funds);
        _usdc.approve(address(arbitrable), funds);
        vm.label(address(arbitrable), "arbitrable");
    }

    /// @dev Opens a default dispute directly at the court through a new RevertingArbitrable.
    function _openDirect() internal returns (RevertingArbitrable arbitrable, uint256 disputeId) {
        arbitrable = _newArbitrable(ARBITRATION_COST);
        bytes memory extraData = abi.encode(_context(CourtFlows.defaultCriteria()));
        disputeId = arbitrable.open(10_001, extraData, _token, ARBITRATION_COST);
    }

    /// @dev Answers the current round's randomness request (the mock's own word).
    function _fulfil(uint256 disputeId) internal {
        CourtFlows.fulfil(_stack(), disputeId, 0);
    }

    function _fulfilWith(uint256 disputeId, uint256 word) internal {
        CourtFlows.fulfil(_stack(), disputeId, word);
    }

    /// @dev Fulfils and draws every seat of the current round: the draw of the last seat opens the commit period.
    function _drawAll(uint256 disputeId) internal {
        _fulfil(disputeId);
        _drawSeats(disputeId);
        _assertCommitOpened(disputeId);
    }

    /// @dev The round is fully drawn and its commit period runs from now (entered by the last draw).
    function _assertCommitOpened(uint256 disputeId) internal view {
        DisputeInfo memory d = _dispute(disputeId);
        Round memory r = _round(disputeId, d.round);
        assertEq(r.drawn, r.mediators, "every seat drawn");
        assertEq(uint8(d.period), uint8(Period.Commit), "the last draw opens the commit period");
        assertEq(d.deadline, block.timestamp + _court.getDisputeParams(disputeId).commitPeriod, "commit deadline");
    }

    /// @dev Draws until every seat of the current round is taken (several batches if parties are skipped).
    function _drawSeats(uint256 disputeId) internal {
        for (uint256 i; i < 16; ++i) {
            Round memory r = _round(disputeId, _dispute(disputeId).round);
            if (r.drawn >= r.mediators || _dispute(disputeId).period != Period.Drawing) return;
            _court.draw(disputeId, r.mediators - r.drawn);
        }
    }

    /// @dev Fulfils with the first word (1, 2, ...) that draws a distinct mediator on every seat of the current
    ///      round and draws (the last draw enters the commit period). Returns the drawn mediators by vote id.
    function _drawDistinct(uint256 disputeId) internal returns (address[] memory drawn) {
        return _drawWithDistinct(disputeId, _round(disputeId, _dispute(disputeId).round).mediators);
    }

    /// @dev Fulfils with the first word (1, 2, ...) that draws exactly `distinct` different mediators on the seats
    ///      of the current round and draws them (the last draw enters the commit period). Returns the drawn
    ///      mediators in order of their first seat.
    function _drawWithDistinct(uint256 disputeId, uint256 distinct) internal returns (address[] memory drawn) {
        for (uint256 word = 1; word < 64; ++word) {
            uint256 snapshot = vm.snapshotState();
            _fulfilWith(disputeId, word);
            _drawSeats(disputeId);
            uint256 round = _dispute(disputeId).round;
            drawn = CourtFlows.drawnMediators(_court, disputeId, round);
            if (drawn.length == distinct) {
                _assertCommitOpened(disputeId);
                return drawn;
            }
            vm.revertToState(snapshot);
        }
        revert CourtTestNoDistinctDraw(disputeId);
    }

    /// @dev `mediator` commits `answers` for all its votes of the current round.
    function _commit(uint256 disputeId, address mediator, uint8[] memory answers) internal {
        uint256 round = _dispute(disputeId).round;
        uint256[] memory ids = CourtFlows.votesOf(_court, disputeId, round, mediator);
        bytes32 c = CourtFlows.commitment(
            _court, disputeId, round, mediator, answers, CourtFlows.saltOf(mediator, disputeId, round)
        );
        vm.prank(mediator);
        _court.commit(disputeId, ids, c);
    }

    /// @dev `mediator` reveals `answers` for all its votes of the current round.
    function _reveal(uint256 disputeId, address mediator, uint8[] memory answers) internal {
        uint256 round = _dispute(disputeId).round;
        uint256[] memory ids = CourtFlows.votesOf(_court, disputeId, round, mediator);
        vm.prank(mediator);
        _court.reveal(disputeId, ids, answers, CourtFlows.saltOf(mediator, disputeId, round));
    }

    /// @dev Every drawn mediator of the current round commits and reveals its entry of `answersOf` (indexed like
    ///      {_mediators}). The last commit opens the reveal period by itself and the last reveal rules the round:
    ///      the dispute enters the appeal period or, in the last round, execution (both asserted on the way).
    function _voteRound(uint256 disputeId, uint8[][] memory answersOf) internal {
        uint256 round = _dispute(disputeId).round;
        address[] memory drawn = CourtFlows.drawnMediators(_court, disputeId, round);
        for (uint256 i; i < drawn.length; ++i) {
            assertEq(uint8(_dispute(disputeId).period), uint8(Period.Commit), "commit period until the last commit");
            _commit(disputeId, drawn[i], answersOf[_indexOf(drawn[i])]);
        }
        DisputeInfo memory d = _dispute(disputeId);
        assertEq(uint8(d.period), uint8(Period.Reveal), "the last commit opens the reveal period");
        assertEq(d.deadline, block.timestamp + _court.getDisputeParams(disputeId).revealPeriod, "reveal deadline");
        for (uint256 i; i < drawn.length; ++i) {
            assertEq(uint8(_dispute(disputeId).period), uint8(Period.Reveal), "reveal period until the last reveal");
            _reveal(disputeId, drawn[i], answersOf[_indexOf(drawn[i])]);
        }
        d = _dispute(disputeId);
        bool last = round + 1 == _court.getDisputeParams(disputeId).maxRounds;
        assertEq(
            uint8(d.period),
            uint8(last ? Period.Execution : Period.Appeal),
            "the last reveal rules the round (final in the last round)"
        );
        if (!last) {
            assertEq(d.deadline, block.timestamp + _court.getDisputeParams(disputeId).appealPeriod, "appeal deadline");
        }
    }

    /// @dev Every mediator answers `answers` in the current round.
    function _voteRoundSame(uint256 disputeId, uint8[] memory answers) internal {
        uint8[][] memory answersOf = new uint8[][](_mediators.length);
        for (uint256 i; i < answersOf.length; ++i) {
            answersOf[i] = answers;
        }
        _voteRound(disputeId, answersOf);
    }

    /// @dev Waits past the current period's deadline and passes it.
    function _passAfterDeadline(uint256 disputeId) internal {
        vm.warp(uint256(_dispute(disputeId).deadline) + 1);
        _court.passPeriod(disputeId);
    }

    /// @dev Opens a dispute, draws, everyone answers `answers`; the dispute ends in its appeal period.
    function _disputeInAppeal(uint8[] memory answers) internal returns (uint256 disputeId) {
        disputeId = _openDispute();
        _drawAll(disputeId);
        _voteRoundSame(disputeId, answers);
    }

    /// @dev Executes every round of a final dispute in one call each.
    function _executeAll(uint256 disputeId) internal {
        uint256 last = _dispute(disputeId).round;
        for (uint256 r; r <= last; ++r) {
            Round memory round = _round(disputeId, r);
            if (round.drawn == 0 || (round.penalized >= round.drawn && round.rewarded >= round.drawn)) continue;
            _court.executeRound(disputeId, r, 2 * uint256(round.drawn));
        }
    }

    /* ------------------------------------------------------------------ */
    /*                                READING                             */
    /* ------------------------------------------------------------------ */

    function _dispute(uint256 disputeId) internal view returns (DisputeInfo memory) {
        return _court.getDispute(disputeId);
    }

    function _round(uint256 disputeId, uint256 round) internal view returns (Round memory) {
        return _court.getRound(disputeId, round);
    }

    function _vote(uint256 disputeId, uint256 round, uint256 voteId) internal view returns (Vote memory) {
        return _court.getVote(disputeId, round, voteId);
    }

    function _credited(address account) internal view returns (uint256) {
        return _court.balanceOf(account, _token);
    }

    /// @dev The USDC wallet balances of the five test mediators (rewards are sent there directly).
    function _wallets() internal view returns (uint256[] memory balances) {
        balances = new uint256[](_mediators.length);
        for (uint256 i; i < _mediators.length; ++i) {
            balances[i] = _usdc.balanceOf(_mediators[i]);
        }
    }

    /// @dev `account` is blacklisted by the USDC owner: every transfer to it fails.
    function _blacklist(address account, bool listed) internal {
        vm.prank(OWNER);
        _usdc.setBlacklisted(account, listed);
    }

    function _indexOf(address mediator) internal view returns (uint256) {
        for (uint256 i; i < _mediators.length; ++i) {
            if (_mediators[i] == mediator) return i;
        }
        revert CourtTestUnknownMediator(mediator);
    }

    /// @dev Answers for `count` questions, all `value`.
    function _answers(uint256 count, uint8 value) internal pure returns (uint8[] memory a) {
        a = new uint8[](count);
        for (uint256 i; i < count; ++i) {
            a[i] = value;
        }
    }

    function _answers3(uint8 a, uint8 b, uint8 c) internal pure returns (uint8[] memory out) {
        out = new uint8[](3);
        out[0] = a;
        out[1] = b;
        out[2] = c;
    }
}
