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

    /// @notice The EVM address of the Causeway identity `id`: its last 20 bytes.
    function addressOf(bytes32 id) internal pure returns (address) {
        return address(uint160(uint256(id)));
    }
}
