// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Causeway system contracts
/// @notice Native contracts of the Causeway chain, written in Go and reachable
/// from Solidity at fixed addresses (EVM precompiles). Import this file and
/// call them through the constants below, for example
///
///     bytes32 d = CausewaySystem.SM3.sm3(data);
///
/// Every function returns a value, so Solidity does not check the (empty)
/// code size of these addresses before calling them. Calls carry the usual
/// ABI encoding (4-byte selector, then the arguments). A system contract
/// rejects ether value, malformed input and invalid arguments by reverting
/// with an Error(string) reason that starts with "causeway:", and it costs
/// the fixed gas listed on each function (charged before it runs; running
/// out of it consumes all gas given to the call).
///
/// Causeway identities are 32 bytes; an account's EVM address is the last 20
/// bytes of its identity (`address(uint160(uint256(id)))`).

/// @notice 0x0000000000000000000000000000000000000100: read an account.
interface IAccountInfo {
    /// @notice The balance, status and version of the account with identity `id`
    /// as the current transaction sees it. status: 0 normal, 1 frozen,
    /// 2 recovering. An account that does not exist reads as (0, 0, 0):
    /// existing accounts always have version >= 1.
    /// @dev Gas: 2600.
    function accountInfo(bytes32 id) external view returns (uint64 balance, uint8 status, uint64 version);
}

/// @notice 0x0000000000000000000000000000000000000101: the SM3 hash (GB/T 32905-2016).
interface ISM3 {
    /// @notice SM3 of `data`.
    /// @dev Gas: 60 + 12 per 32-byte word of the call's input.
    function sm3(bytes calldata data) external view returns (bytes32);
}

/// @notice 0x0000000000000000000000000000000000000102: SM2 signature verification (GB/T 32918.2-2016).
interface ISM2Verify {
    /// @notice Whether `sig` is a valid SM2 signature of the 32-byte message
    /// `digest` by `pubkey`, checked exactly as the chain checks SM2
    /// transaction signatures: over e = SM3(Z_A || digest), Z_A computed with
    /// the default user ID "1234567812345678" (GM/T 0009-2023). So a
    /// signature a Causeway SM2 key (or any GM toolkit with the default ID)
    /// made over `digest` verifies here.
    /// @param pubkey the 65-byte uncompressed point 0x04 || X || Y on the SM2 curve.
    /// @param digest the signed 32-byte message (for example a hash of a document).
    /// @param sig the signature (r, s), strict ASN.1 DER.
    /// @return ok false for a malformed key or signature as well as for a
    /// signature that does not verify; it never reverts on bad input.
    /// @dev Gas: 6000.
    function sm2Verify(bytes calldata pubkey, bytes32 digest, bytes calldata sig) external view returns (bool ok);
}

/// @notice 0x0000000000000000000000000000000000000103: trusted evidence deposit.
interface IEvidence {
    /// @notice Emitted by 0x...0103 for each deposit.
    event EvidenceDeposited(bytes32 indexed id, bytes32 indexed owner, bytes32 hash, string alg, string meta);

    /// @notice Deposit the digest `hash` of a file, computed with `alg`
    /// ("keccak256", "sha256", "sha3-256" or "sm3"), with free-form metadata
    /// `meta` (stored as the single attribute "meta"; omitted when empty).
    /// The record is owned by the caller (the contract, or the account that
    /// called 0x...0103 directly), stamped with the block's height and time and
    /// the transaction's hash, and stored with the chain's other evidence, so
    /// that it can be queried and proven like a DEPOSIT_EVIDENCE transaction's.
    /// It is undone if the calling frame reverts. Not allowed in a static call.
    /// @return id H(transaction hash || caller address (20 bytes) ||
    /// uint64 big-endian count of the deposits made through 0x...0103 earlier
    /// in the same transaction, undone ones included), H being the chain's
    /// hash: SHA-256, or SM3 on a chain with the GM crypto suite.
    /// @dev Gas: 25000 + 16 per byte of the call's input. Metadata is limited
    /// to the chain's max_evidence_metadata_bytes (counting the key "meta").
    function depositEvidence(bytes32 hash, string calldata alg, string calldata meta) external returns (bytes32 id);
}

/// Confidential amounts (0x...0104 to 0x...0108). A Pedersen commitment
/// C = v*G + r*H to a 64-bit value v with blinding r is the 32-byte
/// canonical ristretto255 encoding of C (G the ristretto255 base point, H
/// derived by hashing; see crypto/confidential in the Causeway sources). A
/// blinding is the 32-byte little-endian encoding of a scalar below the
/// group order. Proofs are made off-chain by clients (package
/// crypto/confidential); these contracts only verify, read no state and may
/// be called from view and pure functions.
///
/// Malformed input reverts with a "causeway: <function>: ..." reason: an
/// encoding that is not canonical (a commitment that is no canonical
/// ristretto255 encoding, a blinding not below the group order, a proof
/// element or scalar that is not canonical), a number of commitments or a
/// proof or context length outside the bounds below. These are checked
/// before any curve arithmetic. A well-formed opening or proof that does not
/// hold returns false.
///
/// Context: a proof is bound to the exact `context` bytes it was made with,
/// and verifies for no other. Pass something that binds the proof to this
/// chain, this contract and this use, for example
/// abi.encode(block.chainid, address(this), purpose, id, msg.sender), so
/// that a proof made for one contract, chain, record or party cannot be
/// replayed for another.

/// @notice 0x0000000000000000000000000000000000000104: open a commitment.
interface IVerifyCommitment {
    /// @notice Whether `commitment` = value*G + blinding*H.
    /// @dev Gas: 6800.
    function verifyCommitment(bytes32 commitment, uint64 value, bytes32 blinding) external pure returns (bool ok);
}

/// @notice 0x0000000000000000000000000000000000000105: Bulletproofs range proofs.
interface IVerifyRange {
    /// @notice Whether `proof` shows that every commitment in `commitments`,
    /// in this order, holds a value in [0, 2^64), for this `context`.
    /// @param commitments 1, 2, 4 or 8 commitments (anything else reverts).
    /// @param proof the aggregated range proof, exactly 672, 736, 800 or 864
    /// bytes for 1, 2, 4 or 8 commitments (anything else reverts).
    /// @param context at most 1024 bytes.
    /// @dev Gas: 179000, 364800, 836300 or 1493100 for 1, 2, 4 or 8
    /// commitments, plus 12 per 32-byte word of the call's input.
    function verifyRange(bytes32[] calldata commitments, bytes calldata proof, bytes calldata context)
        external
        pure
        returns (bool ok);
}

/// @notice 0x0000000000000000000000000000000000000106: balance proofs.
interface IVerifyBalance {
    /// @notice Whether `proof` shows sum(inputs) = sum(outputs) + fee*G up to
    /// a multiple of H the prover knows: the committed values balance (modulo
    /// the group order) for these commitments in this order, this fee and this
    /// `context`. It says nothing about ranges: check every output with
    /// verifyRange too, or an output of "-50" creates 50.
    /// @param inputs at most 16 commitments.
    /// @param outputs at most 16 commitments.
    /// @param proof exactly 64 bytes.
    /// @param context at most 1024 bytes.
    /// @dev Gas: 8500 + 1000 per input and output + 12 per 32-byte word of
    /// the call's input.
    function verifyBalance(
        bytes32[] calldata inputs,
        bytes32[] calldata outputs,
        uint64 fee,
        bytes calldata proof,
        bytes calldata context
    ) external pure returns (bool ok);
}

/// @notice 0x0000000000000000000000000000000000000107: add commitments.
interface IAddCommitments {
    /// @notice a + b: commits to the sum of the values with the sum of the
    /// blindings, modulo the group order (not 2^64).
    /// @dev Gas: 1500.
    function addCommitments(bytes32 a, bytes32 b) external pure returns (bytes32 sum);
}

/// @notice 0x0000000000000000000000000000000000000108: subtract commitments.
interface ISubCommitments {
    /// @notice a - b: commits to the difference of the values modulo the
    /// group order (a "negative" difference has no range proof).
    /// @dev Gas: 1500.
    function subCommitments(bytes32 a, bytes32 b) external pure returns (bytes32 difference);
}

/// Light clients of other Causeway chains (0x...0109 to 0x...010c). Governance
/// registers the light client of a remote chain (register_light_client, with
/// the remote genesis); any account then submits the remote chain's signed
/// headers (UPDATE_LIGHT_CLIENT), which the chain keeps once a quorum of the
/// remote node set in force at their height signed them, following the
/// remote chain's membership changes. These contracts read the kept headers
/// and verify the remote chain's proofs against them: what a contract learns
/// here was certified by the remote consortium, whoever relayed it.
///
/// chainId is the remote chain's id. height is the remote height of a kept
/// header; its state root holds the remote state after block height-1, and
/// its receipt root the receipts of block height-1. Proofs are the protobuf
/// encodings of the remote node's proofs (REST GET /v1/state/{key}/proof and
/// /v1/txs/{hash}/proof, gRPC Proofs): the SMTProof of a StateProof's
/// "proof" field, or a whole TxProof.
///
/// A call reverts with a "causeway: <function>: <code>: ..." reason when the
/// input is malformed (code malformed), when no light client of chainId is
/// registered (client_not_found), when the client is frozen because it was
/// shown two conflicting certified headers (client_frozen), or when it keeps
/// no header at height (header_not_found). A well-formed proof that does
/// not hold returns ok = false, never reverts. All are view functions.

/// @notice 0x0000000000000000000000000000000000000109: a verified header of a remote chain.
interface ILightClientHeader {
    /// @notice The header the light client of `chainId` verified at `height`
    /// (0: its latest): its height, block hash, state root (the remote state
    /// after block headerHeight-1), transaction root, receipt root (of block
    /// headerHeight-1) and time in Unix milliseconds.
    /// @dev Gas: 5000.
    function lightClientHeader(string calldata chainId, uint64 height)
        external
        view
        returns (uint64 headerHeight, bytes32 blockHash, bytes32 stateRoot, bytes32 txRoot, bytes32 receiptRoot, uint64 timeMs);
}

/// @notice 0x000000000000000000000000000000000000010a: a remote state value.
interface IVerifyRemoteState {
    /// @notice Whether, in the state of the remote chain after block
    /// height-1 (under the state root of the kept header at `height`), the
    /// key `key` has the value `value`, or is absent when `value` is empty.
    /// @param proof the protobuf causeway.v1.SMTProof of the key.
    /// @dev Gas: 10200 + 12 per 32-byte word of the call's input.
    function verifyRemoteState(string calldata chainId, uint64 height, bytes calldata key, bytes calldata value, bytes calldata proof)
        external
        view
        returns (bool ok);
}

/// @notice 0x000000000000000000000000000000000000010b: a remote transaction.
interface IVerifyRemoteTx {
    /// @notice Verifies that a transaction is in block height-1 of the remote
    /// chain with the receipt the proof carries, against the kept header at
    /// `height` (the block after the transaction's).
    /// @param proof the protobuf causeway.v1.TxProof; its next, config and
    /// config_chain fields are not used and may be left out.
    /// @return ok false when the proof does not hold (the rest is then zero).
    /// @return txHash the transaction's hash.
    /// @return sender the sending account's identity.
    /// @return succeeded whether its receipt says SUCCESS.
    /// @return txHeight its block.
    /// @return timeMs its block's time.
    /// @dev Gas: 16200 + 7100 per transaction signature beyond the first +
    /// 12 per 32-byte word of the call's input.
    function verifyRemoteTx(string calldata chainId, uint64 height, bytes calldata proof)
        external
        view
        returns (bool ok, bytes32 txHash, bytes32 sender, bool succeeded, uint64 txHeight, uint64 timeMs);
}

/// @notice 0x000000000000000000000000000000000000010c: a remote evidence record.
interface IRemoteEvidence {
    /// @notice Verifies that the evidence record `id` of the remote chain is
    /// `record` in the remote state after block height-1 (under the kept
    /// header at `height`), and returns its fields: the deposited digest and
    /// its algorithm, the owner's identity, and the block and time of the
    /// deposit.
    /// @param record the record as the remote state holds it (protobuf
    /// causeway.v1.Evidence: the "value" of the remote node's state proof).
    /// @param proof the protobuf causeway.v1.SMTProof of its key.
    /// @return ok false when the proof does not hold (the rest is then zero).
    /// @dev Gas: 10700 + 12 per 32-byte word of the call's input.
    function remoteEvidence(string calldata chainId, uint64 height, bytes32 id, bytes calldata record, bytes calldata proof)
        external
        view
        returns (bool ok, bytes memory hash, string memory alg, bytes32 owner, uint64 depositHeight, uint64 timeMs);
}

/// @notice 0x000000000000000000000000000000000000010d: cross-chain contract
/// messages (SDP over AM, IEEE 3205), with AntChain Bridge's SDP interface,
/// so that its dApps port without change. The domain of a Causeway chain is
/// its chain id; a bytes32 id is a 20-byte address left-padded with zeros.
/// The receiving chain verifies every message itself with its light client
/// of the sending chain; governance of both chains must authorise the
/// contract pair (authorize_message_channel). Ordered messages of a channel
/// (sender domain, sender, receiver domain, receiver) are delivered in
/// sequence from 0, each message exactly once. An atomic message (V2, V3
/// with atomic = true) is acknowledged: the sender's ackOnSuccess or
/// ackOnError (IContractUsingSDP) is called once. V3 adds a timeout by the
/// receiving chain's height (timeoutMeasure 2: deliverable while its height
/// is below timeout) or time (4: while its block time in Unix seconds is
/// below timeout); a message past it is not delivered and is acknowledged
/// as an error, by the receiving chain or by an abort on this chain that
/// proves the receiving chain never received it. Measures 1 and 3 (the
/// sender's clock) are refused. Gas: 60000 plus 24 per byte of input;
/// querySDPMessageSeq 2600. Refusals revert with "causeway: <function>:
/// <code>: ...".
interface ISDPMessage {
    event MessageSent(bytes32 indexed messageId, bytes32 indexed sender, string receiverDomain, bytes32 receiverID,
        uint32 sequence, uint64 nonce, bool atomic);

    function sendMessage(string calldata receiverDomain, bytes32 receiverID, bytes calldata message) external;

    function sendUnorderedMessage(string calldata receiverDomain, bytes32 receiverID, bytes calldata message) external;

    function sendMessageV2(string calldata receiverDomain, bytes32 receiverID, bool atomic, bytes calldata message)
        external
        returns (bytes32);

    function sendUnorderedMessageV2(string calldata receiverDomain, bytes32 receiverID, bool atomic, bytes calldata message)
        external
        returns (bytes32);

    function sendMessageV3(
        string calldata receiverDomain,
        bytes32 receiverID,
        bool atomic,
        bytes calldata message,
        uint8 timeoutMeasure,
        uint256 timeout
    ) external returns (bytes32);

    function sendUnorderedMessageV3(
        string calldata receiverDomain,
        bytes32 receiverID,
        bool atomic,
        bytes calldata message,
        uint8 timeoutMeasure,
        uint256 timeout
    ) external returns (bytes32);

    /// @notice The next sequence of an ordered channel: the next it sends
    /// when senderDomain is this chain, else the next it delivers here.
    function querySDPMessageSeq(string calldata senderDomain, bytes32 senderID, string calldata receiverDomain, bytes32 receiverID)
        external
        view
        returns (uint32);
}

/// @notice What the SDP contract calls: receivers implement recvMessage
/// (ordered) and recvUnorderedMessage; senders of atomic messages implement
/// ackOnSuccess and ackOnError. Check that msg.sender is
/// CausewaySystem.SDP. Each call gets 500000 gas; a receiver that reverts
/// or runs out of it produces an error acknowledgement with its reason, and
/// the channel goes on.
interface IContractUsingSDP {
    function recvMessage(string calldata senderDomain, bytes32 author, bytes calldata message) external;

    function recvUnorderedMessage(string calldata senderDomain, bytes32 author, bytes calldata message) external;

    function ackOnSuccess(bytes32 messageId, string calldata receiverDomain, bytes32 receiver, uint32 sequence, uint64 nonce, bytes calldata message)
        external;

    function ackOnError(
        bytes32 messageId,
        string calldata receiverDomain,
        bytes32 receiver,
        uint32 sequence,
        uint64 nonce,
        bytes calldata message,
        string calldata errorMsg
    ) external;
}

/// @notice The system contracts at their addresses.
library CausewaySystem {
    IAccountInfo internal constant ACCOUNTS = IAccountInfo(0x0000000000000000000000000000000000000100);
    ISM3 internal constant SM3 = ISM3(0x0000000000000000000000000000000000000101);
    ISM2Verify internal constant SM2 = ISM2Verify(0x0000000000000000000000000000000000000102);
    IEvidence internal constant EVIDENCE = IEvidence(0x0000000000000000000000000000000000000103);
    IVerifyCommitment internal constant COMMITMENT = IVerifyCommitment(0x0000000000000000000000000000000000000104);
    IVerifyRange internal constant RANGE = IVerifyRange(0x0000000000000000000000000000000000000105);
    IVerifyBalance internal constant BALANCE = IVerifyBalance(0x0000000000000000000000000000000000000106);
    IAddCommitments internal constant ADD = IAddCommitments(0x0000000000000000000000000000000000000107);
    ISubCommitments internal constant SUB = ISubCommitments(0x0000000000000000000000000000000000000108);
    ILightClientHeader internal constant LIGHT_CLIENT_HEADER = ILightClientHeader(0x0000000000000000000000000000000000000109);
    IVerifyRemoteState internal constant REMOTE_STATE = IVerifyRemoteState(0x000000000000000000000000000000000000010A);
    IVerifyRemoteTx internal constant REMOTE_TX = IVerifyRemoteTx(0x000000000000000000000000000000000000010B);
    IRemoteEvidence internal constant REMOTE_EVIDENCE = IRemoteEvidence(0x000000000000000000000000000000000000010c);
    ISDPMessage internal constant SDP = ISDPMessage(0x000000000000000000000000000000000000010D);

    /// @notice The EVM address of the Causeway identity `id`: its last 20 bytes.
    function addressOf(bytes32 id) internal pure returns (address) {
        return address(uint160(uint256(id)));
    }
}
