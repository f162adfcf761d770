// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "../ICauseway.sol";

/// @title Evidence deposited on another Causeway chain, proven on this one
/// @notice Accepts an evidence record of the remote chain `remoteChain` only
/// when this chain's light client of that chain proves it: the record must
/// be in the remote state under a header the remote consortium signed. Any
/// account may submit the proof (relayers are not trusted); the contract
/// keeps the record's digest, owner and deposit time.
contract RemoteEvidenceCheck {
    struct Attested {
        bytes hash;
        string alg;
        bytes32 owner;
        uint64 depositHeight;
        uint64 depositTimeMs;
        uint64 provenAtHeight;
    }

    /// @notice The remote chain whose evidence this contract accepts.
    string public remoteChain;
    mapping(bytes32 => Attested) private attested;

    /// @notice Emitted when a remote record is proven.
    event RemoteEvidenceAttested(bytes32 indexed id, bytes32 indexed owner, uint64 depositTimeMs, uint64 remoteHeight);

    constructor(string memory chainId) {
        remoteChain = chainId;
    }

    /// @notice Proves that evidence `id` of the remote chain is `evidence` in
    /// the remote state under the light client's header at `height`, and
    /// records it. Returns the deposit time (Unix milliseconds).
    function attest(uint64 height, bytes32 id, bytes calldata evidence, bytes calldata proof) external returns (uint64 depositTimeMs) {
        Attested storage a = attested[id];
        bool ok;
        (ok, a.hash, a.alg, a.owner, a.depositHeight, a.depositTimeMs) =
            CausewaySystem.REMOTE_EVIDENCE.remoteEvidence(remoteChain, height, id, evidence, proof);
        require(ok, "RemoteEvidenceCheck: the proof does not hold under the light client's header");
        a.provenAtHeight = height;
        emit RemoteEvidenceAttested(id, a.owner, a.depositTimeMs, height);
        return a.depositTimeMs;
    }

    /// @notice Whether evidence `id` was proven, and its deposit time.
    function depositTime(bytes32 id) external view returns (bool proven, uint64 timeMs) {
        Attested storage a = attested[id];
        return (a.provenAtHeight != 0, a.depositTimeMs);
    }

    /// @notice The proven record of evidence `id` (all zero if none).
    function record(bytes32 id) external view returns (Attested memory) {
        return attested[id];
    }

    /// @notice The latest remote header the light client verified, read
    /// through the system contract.
    function latestRemoteHeader() external view returns (uint64 height, bytes32 blockHash, uint64 timeMs) {
        (uint64 h, bytes32 bh,,,, uint64 t) = CausewaySystem.LIGHT_CLIENT_HEADER.lightClientHeader(remoteChain, 0);
        return (h, bh, t);
    }
}
