// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "../ICauseway.sol";

/// @title SystemUser: calls Causeway's system contracts from Solidity
contract SystemUser {
    bytes32 public lastEvidence;
    uint256 public deposits;

    function info(bytes32 id) external view returns (uint64 balance, uint8 status, uint64 version) {
        return CausewaySystem.ACCOUNTS.accountInfo(id);
    }

    function hash(bytes calldata data) external view returns (bytes32) {
        return CausewaySystem.SM3.sm3(data);
    }

    function verify(bytes calldata pubkey, bytes32 digest, bytes calldata sig) external view returns (bool) {
        return CausewaySystem.SM2.sm2Verify(pubkey, digest, sig);
    }

    function deposit(bytes32 h, string memory alg, string memory meta) public returns (bytes32 id) {
        id = CausewaySystem.EVIDENCE.depositEvidence(h, alg, meta);
        lastEvidence = id;
        deposits++;
    }

    function depositTwice(bytes32 h1, bytes32 h2) external returns (bytes32 a, bytes32 b) {
        a = deposit(h1, "sha256", "first");
        b = deposit(h2, "sm3", "second");
    }

    /// @notice Deposits, then reverts: the deposit must be undone.
    function depositAndRevert(bytes32 h) external {
        deposit(h, "sha256", "");
        revert("SystemUser: undo the deposit");
    }

    /// @notice Calls depositAndRevert and catches its failure, then deposits h2:
    /// only the second deposit remains.
    function depositAfterFailure(bytes32 h1, bytes32 h2) external returns (bytes32) {
        try this.depositAndRevert(h1) {} catch {}
        return deposit(h2, "sha256", "after failure");
    }

    /// @notice A deposit attempted through STATICCALL must fail.
    function depositStatic(bytes32 h) external view returns (bool ok, bytes memory ret) {
        return address(CausewaySystem.EVIDENCE).staticcall(abi.encodeCall(IEvidence.depositEvidence, (h, "sha256", "")));
    }

    /// @notice ... also when the STATICCALL is further up the call stack:
    /// deposit (which CALLs the system contract) runs inside a static call.
    function depositUnderStatic(bytes32 h) external view returns (bool ok, bytes memory ret) {
        return address(this).staticcall(abi.encodeCall(this.deposit, (h, "sha256", "")));
    }
}
