// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "../ICauseway.sol";

/// @title A cross-chain token: lock on one chain, mint on the other
/// @notice The worked example of cross-chain contract messages. The same
/// contract is deployed on both chains and each names the other as its peer
/// (setPeer). send() locks the amount on this chain and sends an atomic
/// message through the SDP contract; the peer mints it to the recipient
/// when the message is delivered. If the peer refuses the message (its
/// receiving is paused, the recipient is zero) the error acknowledgement
/// refunds the sender, and so does a message that times out (the
/// receiving chain refuses it late with an error acknowledgement, or this
/// chain aborts it with a proof that it was never received). A successful
/// acknowledgement settles the transfer: the amount stays locked, backing
/// what the peer minted. Every step happens at most once: the SDP
/// contract delivers and acknowledges each message exactly once.
contract CrossChainToken is IContractUsingSDP {
    string public name;
    address public owner;
    mapping(address => uint256) public balanceOf;
    /// @notice Amount locked here for transfers out (pending or settled).
    uint256 public locked;
    /// @notice Amount minted here for transfers in.
    uint256 public minted;
    bool public paused;

    struct Pending {
        address from;
        uint256 amount;
    }

    mapping(bytes32 => Pending) public pending;
    mapping(string => bytes32) public peerOf;

    event Locked(bytes32 indexed messageId, address indexed from, address to, uint256 amount);
    event Minted(string senderDomain, address indexed to, uint256 amount);
    event Settled(bytes32 indexed messageId);
    event Refunded(bytes32 indexed messageId, address indexed to, uint256 amount, string reason);

    modifier onlySDP() {
        require(msg.sender == address(CausewaySystem.SDP), "token: not the SDP contract");
        _;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "token: not the owner");
        _;
    }

    constructor(string memory tokenName, uint256 supply) {
        name = tokenName;
        owner = msg.sender;
        balanceOf[msg.sender] = supply;
    }

    /// @notice Names the token contract on chain `domain` (its address,
    /// left-padded to 32 bytes).
    function setPeer(string calldata domain, bytes32 peer) external onlyOwner {
        peerOf[domain] = peer;
    }

    /// @notice While paused, incoming transfers are refused (and refunded
    /// on their chain).
    function setPaused(bool p) external onlyOwner {
        paused = p;
    }

    function transfer(address to, uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "token: insufficient balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    /// @notice Locks amount and sends it to `to` on chain `domain`. With
    /// timeoutMeasure 0 there is no timeout; 2 and 4 are the receiving
    /// chain's height and time (Unix seconds).
    function send(string calldata domain, address to, uint256 amount, uint8 timeoutMeasure, uint256 timeout) external returns (bytes32 id) {
        bytes32 peer = peerOf[domain];
        require(peer != bytes32(0), "token: no peer on that chain");
        require(amount > 0, "token: zero amount");
        require(balanceOf[msg.sender] >= amount, "token: insufficient balance");
        balanceOf[msg.sender] -= amount;
        locked += amount;
        bytes memory m = abi.encode(msg.sender, to, amount);
        if (timeoutMeasure == 0) {
            id = CausewaySystem.SDP.sendUnorderedMessageV2(domain, peer, true, m);
        } else {
            id = CausewaySystem.SDP.sendUnorderedMessageV3(domain, peer, true, m, timeoutMeasure, timeout);
        }
        pending[id] = Pending(msg.sender, amount);
        emit Locked(id, msg.sender, to, amount);
    }

    function recvUnorderedMessage(string calldata senderDomain, bytes32 author, bytes calldata message) external onlySDP {
        require(author != bytes32(0) && author == peerOf[senderDomain], "token: not our peer");
        require(!paused, "token: receiving paused");
        (, address to, uint256 amount) = abi.decode(message, (address, address, uint256));
        require(to != address(0), "token: zero recipient");
        balanceOf[to] += amount;
        minted += amount;
        emit Minted(senderDomain, to, amount);
    }

    function recvMessage(string calldata, bytes32, bytes calldata) external pure {
        revert("token: transfers are unordered");
    }

    function ackOnSuccess(bytes32 messageId, string calldata, bytes32, uint32, uint64, bytes calldata) external onlySDP {
        require(pending[messageId].amount > 0, "token: no pending transfer");
        delete pending[messageId];
        emit Settled(messageId);
    }

    function ackOnError(bytes32 messageId, string calldata, bytes32, uint32, uint64, bytes calldata, string calldata errorMsg)
        external
        onlySDP
    {
        Pending memory p = pending[messageId];
        require(p.amount > 0, "token: no pending transfer");
        delete pending[messageId];
        locked -= p.amount;
        balanceOf[p.from] += p.amount;
        emit Refunded(messageId, p.from, p.amount, errorMsg);
    }
}
