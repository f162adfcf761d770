// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Traceability: product classes, batches, item codes issued in bulk, step attestations
/// @notice One contract shared by the orgs of a supply chain (producer,
/// inspector, shipper, customs, retailer), each a member of the consortium
/// with its own node and account. Every step of a batch's life is attested
/// by an org holding the step's role, with the hash of its evidence (an
/// inspection report, a bill of lading, a customs declaration), in a fixed
/// order: production, inspection, shipping, customs (imported batches
/// only), retail.
///
/// Item codes are issued in bulk and off chain: a batch registers its item
/// count and a code-signing key (ed25519, drawn for the batch); item i's
/// code carries i and the key's signature over (chain, contract, batch, i).
/// Issuing 10^4 codes costs one transaction; a forged code fails the
/// signature check, and a copied genuine code is caught by its scan pattern
/// (flagItem).
contract Trace {
    // Steps, and the roles that attest them (role r attests step r).
    uint8 public constant PRODUCTION = 1;
    uint8 public constant INSPECTION = 2;
    uint8 public constant SHIPPING = 3;
    uint8 public constant CUSTOMS = 4;
    uint8 public constant RETAIL = 5;
    uint32 public constant MAX_ITEMS = 1_000_000;
    uint256 public constant MAX_TEXT_BYTES = 96;

    struct Member {
        bytes32 org; // the org's name
        uint8 role; // 1 producer, 2 inspector, 3 shipper, 4 customs, 5 retailer; 0 none
    }

    struct Product {
        address producer;
        bytes32 org;
        string name;
    }

    struct Batch {
        bytes32 product;
        bytes32 codeKey; // ed25519 public key that signs the batch's item codes
        uint32 items; // item serials are 0 .. items-1
        uint8 stage; // the last step attested
        bool imported; // passes customs
        bool rejected; // refused at inspection or customs: no further step
    }

    struct Step {
        address by;
        bytes32 org;
        uint64 at; // block time, Unix seconds
        uint64 height; // block number
        bytes32 evidence; // e.g. SHA-256 of the inspection report
        string memo;
    }

    struct Flag {
        bytes32 org; // who flagged it
        uint64 at;
        uint32 places; // distinct places that scanned the code when flagged
        uint32 scans; // scans when flagged
    }

    address public admin;
    mapping(address => Member) public members;
    mapping(bytes32 => Product) public products;
    mapping(uint64 => Batch) public batches;
    uint64 public batchCount;
    mapping(uint64 => mapping(uint8 => Step)) internal steps;
    mapping(uint64 => mapping(uint32 => Flag)) public flags;
    uint64 public flagCount;
    uint64 public attestations;

    event MemberSet(address indexed account, bytes32 org, uint8 role);
    event ProductDefined(bytes32 indexed product, bytes32 org, string name);
    event BatchCreated(uint64 indexed batch, bytes32 indexed product, uint32 items, bytes32 codeKey, bool imported);
    event StepAttested(uint64 indexed batch, uint8 indexed step, bytes32 org, bytes32 evidence, string memo);
    event BatchRejected(uint64 indexed batch, uint8 indexed step, bytes32 org, bytes32 evidence, string reason);
    event ItemFlagged(uint64 indexed batch, uint32 serial, bytes32 org, uint32 places, uint32 scans);

    constructor(address[] memory accounts, bytes32[] memory orgs, uint8[] memory roles) {
        require(accounts.length == orgs.length && orgs.length == roles.length, "trace: members: lengths differ");
        admin = msg.sender;
        for (uint256 i = 0; i < accounts.length; i++) {
            _setMember(accounts[i], orgs[i], roles[i]);
        }
    }

    // ------------------------------------------------------------ members

    /// @notice The admin (the deployer) grants or changes an org's role (0 removes it).
    function setMember(address account, bytes32 org, uint8 role) external {
        require(msg.sender == admin, "trace: only the admin sets members");
        _setMember(account, org, role);
    }

    function _setMember(address account, bytes32 org, uint8 role) internal {
        require(role <= RETAIL, "trace: unknown role");
        require(account != address(0) && org != bytes32(0), "trace: member: zero account or org");
        members[account] = Member(org, role);
        emit MemberSet(account, org, role);
    }

    function roleName(uint8 r) public pure returns (string memory) {
        if (r == PRODUCTION) return "producer";
        if (r == INSPECTION) return "inspector";
        if (r == SHIPPING) return "shipper";
        if (r == CUSTOMS) return "customs";
        if (r == RETAIL) return "retailer";
        return "none";
    }

    function stepName(uint8 s) public pure returns (string memory) {
        if (s == PRODUCTION) return "production";
        if (s == INSPECTION) return "inspection";
        if (s == SHIPPING) return "shipping";
        if (s == CUSTOMS) return "customs";
        if (s == RETAIL) return "retail";
        return "none";
    }

    function _requireRole(uint8 step) internal view returns (Member memory m) {
        m = members[msg.sender];
        if (m.role != step) {
            revert(string.concat("trace: ", stepName(step), " is attested by an org with the role ", roleName(step), "; the caller's role is ", roleName(m.role)));
        }
    }

    // ------------------------------------------------------------ products

    /// @notice A producer defines a product class it makes.
    function defineProduct(bytes32 id, string calldata name) external {
        Member memory m = _requireRole(PRODUCTION);
        require(id != bytes32(0), "trace: product id is zero");
        require(bytes(name).length > 0 && bytes(name).length <= MAX_TEXT_BYTES, "trace: product name must have 1 to 96 bytes");
        require(products[id].producer == address(0), "trace: product exists");
        products[id] = Product(msg.sender, m.org, name);
        emit ProductDefined(id, m.org, name);
    }

    // ------------------------------------------------------------- batches

    /// @notice The product's producer makes a batch of items: the production
    /// step, with its evidence. The batch's item codes are signed off chain
    /// by codeKey. Returns the batch number (from 1).
    function createBatch(bytes32 product, uint32 items, bytes32 codeKey, bool imported, bytes32 evidence, string calldata memo)
        external
        returns (uint64 id)
    {
        Member memory m = _requireRole(PRODUCTION);
        Product storage p = products[product];
        require(p.producer != address(0), "trace: unknown product");
        require(p.producer == msg.sender, "trace: only the product's producer makes its batches");
        require(items > 0 && items <= MAX_ITEMS, "trace: a batch has 1 to 1000000 items");
        require(codeKey != bytes32(0), "trace: code key is zero");
        require(bytes(memo).length <= MAX_TEXT_BYTES, "trace: memo over 96 bytes");
        id = ++batchCount;
        batches[id] = Batch(product, codeKey, items, PRODUCTION, imported, false);
        steps[id][PRODUCTION] = Step(msg.sender, m.org, uint64(block.timestamp), uint64(block.number), evidence, memo);
        attestations++;
        emit BatchCreated(id, product, items, codeKey, imported);
        emit StepAttested(id, PRODUCTION, m.org, evidence, memo);
    }

    /// @notice The step that comes next for a batch (0: none, it is at
    /// retail or rejected).
    function nextStep(uint64 batch) public view returns (uint8) {
        Batch storage b = batches[batch];
        if (b.stage == 0 || b.rejected || b.stage == RETAIL) return 0;
        if (b.stage == SHIPPING && !b.imported) return RETAIL;
        return b.stage + 1;
    }

    function _check(uint64 batch, uint8 step) internal view returns (Member memory m) {
        Batch storage b = batches[batch];
        require(b.stage != 0, "trace: unknown batch");
        require(!b.rejected, "trace: the batch was rejected");
        require(step >= INSPECTION && step <= RETAIL, "trace: unknown step");
        m = _requireRole(step);
        uint8 next = nextStep(batch);
        if (step != next) {
            if (next == 0) revert("trace: out of order: the batch is at retail already");
            if (step == CUSTOMS && !b.imported) revert("trace: out of order: the batch is not imported, it has no customs step");
            revert(string.concat("trace: out of order: the batch is at ", stepName(b.stage), ", its next step is ", stepName(next)));
        }
    }

    /// @notice An org with the step's role attests the batch's next step.
    function attest(uint64 batch, uint8 step, bytes32 evidence, string calldata memo) external {
        require(bytes(memo).length <= MAX_TEXT_BYTES, "trace: memo over 96 bytes");
        Member memory m = _check(batch, step);
        batches[batch].stage = step;
        steps[batch][step] = Step(msg.sender, m.org, uint64(block.timestamp), uint64(block.number), evidence, memo);
        attestations++;
        emit StepAttested(batch, step, m.org, evidence, memo);
    }

    /// @notice The inspector (at inspection) or customs (at customs) refuses
    /// the batch instead of attesting the step: no step follows.
    function reject(uint64 batch, uint8 step, bytes32 evidence, string calldata reason) external {
        require(step == INSPECTION || step == CUSTOMS, "trace: only inspection and customs reject a batch");
        require(bytes(reason).length > 0 && bytes(reason).length <= MAX_TEXT_BYTES, "trace: reason must have 1 to 96 bytes");
        Member memory m = _check(batch, step);
        batches[batch].rejected = true;
        emit BatchRejected(batch, step, m.org, evidence, reason);
    }

    /// @notice A step's attestation (by is zero if the step is not attested).
    function getStep(uint64 batch, uint8 step)
        external
        view
        returns (address by, bytes32 org, uint64 at, uint64 height, bytes32 evidence, string memory memo)
    {
        Step storage s = steps[batch][step];
        return (s.by, s.org, s.at, s.height, s.evidence, s.memo);
    }

    /// @notice What a lookup of item serial of batch needs in one call: the
    /// batch (items 0 if unknown), its product's name and org, and the
    /// item's counterfeit flag (flaggedAt 0 if none).
    function item(uint64 batch, uint32 serial)
        external
        view
        returns (Batch memory b, string memory productName, bytes32 producerOrg, Flag memory flag)
    {
        b = batches[batch];
        Product storage p = products[b.product];
        productName = p.name;
        producerOrg = p.org;
        if (serial < b.items) flag = flags[batch][serial];
    }

    // ---------------------------------------------------------- counterfeits

    /// @notice A member that runs a lookup service flags an item whose code
    /// its scan log shows as copied (see docs/trace.md for the rule).
    /// The first flag stays; later ones only raise the counts.
    function flagItem(uint64 batch, uint32 serial, uint32 places, uint32 scans) external {
        Member memory m = members[msg.sender];
        require(m.role != 0, "trace: only a member flags an item");
        Batch storage b = batches[batch];
        require(b.stage != 0, "trace: unknown batch");
        require(serial < b.items, "trace: unknown item");
        Flag storage f = flags[batch][serial];
        if (f.at == 0) {
            flags[batch][serial] = Flag(m.org, uint64(block.timestamp), places, scans);
            flagCount++;
        } else {
            if (places > f.places) f.places = places;
            if (scans > f.scans) f.scans = scans;
        }
        emit ItemFlagged(batch, serial, m.org, places, scans);
    }
}
