// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "../ICauseway.sol";

/// @title A test dApp of cross-chain contract messages
/// @notice Sends messages through the SDP contract and receives them, as an
/// AntChain Bridge dApp does: it keeps what it received (counts, the last
/// message, a hash chain of the ordered messages in delivery order) and the
/// acknowledgements of what it sent. A message that starts with "fail"
/// makes the receiver revert with the reason "MessageBox: refused".
contract MessageBox is IContractUsingSDP {
    uint64 public orderedReceived;
    uint64 public unorderedReceived;
    /// @notice keccak256 chain of the ordered messages received, in order.
    bytes32 public orderedChain;
    bytes public lastMessage;
    string public lastSenderDomain;
    bytes32 public lastAuthor;

    uint64 public acksOK;
    uint64 public acksError;
    bytes32 public lastAckId;
    string public lastAckError;
    mapping(bytes32 => uint8) public ackOf; // message id -> 1 success, 2 error

    event Received(string senderDomain, bytes32 author, bool ordered, bytes message);
    event Acked(bytes32 indexed messageId, bool ok, string errorMsg);

    modifier onlySDP() {
        require(msg.sender == address(CausewaySystem.SDP), "MessageBox: not the SDP contract");
        _;
    }

    function sendOrdered(string calldata domain, bytes32 receiver, bytes calldata message) external {
        CausewaySystem.SDP.sendMessage(domain, receiver, message);
    }

    function sendUnordered(string calldata domain, bytes32 receiver, bytes calldata message) external {
        CausewaySystem.SDP.sendUnorderedMessage(domain, receiver, message);
    }

    function sendAtomic(string calldata domain, bytes32 receiver, bool ordered, bytes calldata message) external returns (bytes32) {
        if (ordered) {
            return CausewaySystem.SDP.sendMessageV2(domain, receiver, true, message);
        }
        return CausewaySystem.SDP.sendUnorderedMessageV2(domain, receiver, true, message);
    }

    function sendWithTimeout(string calldata domain, bytes32 receiver, bool ordered, bytes calldata message, uint8 measure, uint256 timeout)
        external
        returns (bytes32)
    {
        if (ordered) {
            return CausewaySystem.SDP.sendMessageV3(domain, receiver, true, message, measure, timeout);
        }
        return CausewaySystem.SDP.sendUnorderedMessageV3(domain, receiver, true, message, measure, timeout);
    }

    /// @notice Sends n atomic messages at once: "<prefix>" followed by the
    /// message's index as 8 big-endian bytes.
    function sendMany(string calldata domain, bytes32 receiver, bool ordered, bytes calldata prefix, uint64 from, uint64 n) external {
        for (uint64 i = from; i < from + n; i++) {
            bytes memory m = abi.encodePacked(prefix, i);
            if (ordered) {
                CausewaySystem.SDP.sendMessageV2(domain, receiver, true, m);
            } else {
                CausewaySystem.SDP.sendUnorderedMessageV2(domain, receiver, true, m);
            }
        }
    }

    function recvMessage(string calldata senderDomain, bytes32 author, bytes calldata message) external onlySDP {
        refuseFail(message);
        orderedReceived++;
        orderedChain = keccak256(abi.encodePacked(orderedChain, message));
        keep(senderDomain, author, message);
        emit Received(senderDomain, author, true, message);
    }

    function recvUnorderedMessage(string calldata senderDomain, bytes32 author, bytes calldata message) external onlySDP {
        refuseFail(message);
        unorderedReceived++;
        keep(senderDomain, author, message);
        emit Received(senderDomain, author, false, message);
    }

    function ackOnSuccess(bytes32 messageId, string calldata, bytes32, uint32, uint64, bytes calldata) external onlySDP {
        require(ackOf[messageId] == 0, "MessageBox: acknowledged twice");
        ackOf[messageId] = 1;
        acksOK++;
        lastAckId = messageId;
        emit Acked(messageId, true, "");
    }

    function ackOnError(bytes32 messageId, string calldata, bytes32, uint32, uint64, bytes calldata, string calldata errorMsg)
        external
        onlySDP
    {
        require(ackOf[messageId] == 0, "MessageBox: acknowledged twice");
        ackOf[messageId] = 2;
        acksError++;
        lastAckId = messageId;
        lastAckError = errorMsg;
        emit Acked(messageId, false, errorMsg);
    }

    function keep(string calldata senderDomain, bytes32 author, bytes calldata message) private {
        lastMessage = message;
        lastSenderDomain = senderDomain;
        lastAuthor = author;
    }

    function refuseFail(bytes calldata message) private pure {
        if (message.length >= 4 && bytes4(message[0:4]) == bytes4("fail")) {
            revert("MessageBox: refused");
        }
    }
}
