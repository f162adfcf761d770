// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Env: reads the block and transaction context
contract Env {
    uint256 transient scratch;

    function context()
        external
        view
        returns (uint256 number, uint256 timestamp, uint256 chainId, address coinbase, uint256 gasLimit, uint256 baseFee, address origin)
    {
        return (block.number, block.timestamp, block.chainid, block.coinbase, block.gaslimit, block.basefee, tx.origin);
    }

    function parentHash() external view returns (bytes32) {
        return blockhash(block.number - 1);
    }

    /// @notice Transient storage holds within a transaction only.
    function transientRoundTrip(uint256 v) external returns (uint256 before, uint256 afterwards) {
        before = scratch;
        scratch = v;
        afterwards = scratch;
    }
}
