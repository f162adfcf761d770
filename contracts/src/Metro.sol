// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Metro interconnection: cross-city rides, netting, settlement, a shared risk list and e-invoices
/// @notice One contract shared by the metro operators of many cities, each
/// an organisation of the consortium with its own node and account. There is
/// no central clearing system: every city writes the rides taken at its
/// gates, the contract nets each pair of cities on the block that records
/// the ride, and the two cities of a pair sign settlements off between
/// themselves.
///
/// What is public here, and what is not. A ride's content (the rider's
/// pseudonymous id, stations, times) travels sealed in the same
/// transaction (CallContract.sealed, class "metro-ride") to the home city,
/// the ride city and the clearing role: the contract and every other city
/// see only the ride id, the two cities and the fare, which is what netting
/// needs. Invoices travel sealed too (class "metro-invoice"), always to the
/// tax bureau (the chain's auditor).
///
/// Governance inside the scenario (admitting a city, removing a risk mark
/// on appeal) is a strict majority of the active cities.
contract Metro {
    // ---------------------------------------------------------------- cities

    struct City {
        address account; // the city's operator account
        bool active;
        uint64 joinedAt; // block number
        uint32 baseFare; // fare rules, in fen: base + perZone * |zone difference|, at most maxFare
        uint32 perZone;
        uint32 maxFare;
        uint32 stations; // number of registered stations
    }

    /// @notice The tax bureau: registers employers and reads every invoice.
    address public taxBureau;
    mapping(bytes32 => City) public cities; // by city code (e.g. "shanghai" as bytes32)
    mapping(address => bytes32) public cityOf;
    bytes32[] public cityCodes;
    uint32 public activeCities;
    /// @notice zone of each station of each city (0 = not registered; zones start at 1).
    mapping(bytes32 => mapping(uint32 => uint8)) public stationZone;

    // Admission of a new city: approvals by the active cities.
    struct Admission {
        address account;
        uint32 approvals;
        bool done;
    }
    mapping(bytes32 => Admission) public admissions;
    mapping(bytes32 => mapping(bytes32 => bool)) public admissionVoted;

    // ----------------------------------------------------------------- rides

    struct Ride {
        bytes32 home; // the rider's home city (whose app the rider scanned)
        bytes32 rideCity; // the city whose gates recorded the ride
        uint64 fare; // in fen
        uint64 seq; // the ride's sequence number within its pair of cities
        uint64 height; // block that recorded it
        bool paid; // the home city collected the fare
        bytes32 invoice; // invoice number, once issued
    }
    mapping(bytes32 => Ride) public rides;
    uint64 public rideCount;

    // One position per unordered pair of cities (a < b). net > 0: a owes b.
    struct Pair {
        uint64 seq; // rides recorded on this pair
        int256 net; // net position over all its rides
        uint64 settledSeq; // rides covered by confirmed settlements
        int256 settledNet; // net position at settledSeq
        uint64 settlements; // confirmed settlements
        uint64 pendingThrough; // seq covered by the pending proposal, 0 if none
        bytes32 pendingBy; // city that proposed it
        uint64 pendingAt; // block of the proposal
    }
    mapping(bytes32 => Pair) public pairs;
    /// @notice Net position of a pair after each of its rides: positionAt[pair][seq].
    mapping(bytes32 => mapping(uint64 => int256)) public positionAt;

    struct Settlement {
        bytes32 a; // lower city code of the pair
        bytes32 b;
        uint64 fromSeq; // first ride covered
        uint64 throughSeq; // last ride covered
        int256 amount; // > 0: a pays b; < 0: b pays a
        bytes32 proposedBy;
        uint64 proposedAt;
        uint64 confirmedAt;
    }
    /// @notice Confirmed settlements of a pair: settlementOf[pair][index], index from 1.
    mapping(bytes32 => mapping(uint64 => Settlement)) public settlementOf;

    // ------------------------------------------------------------- risk list

    struct Mark {
        string reason;
        bytes32 evidence; // e.g. the unpaid ride's id, or an evidence record id
        uint64 expiresAt; // Unix seconds (block time)
        uint64 markedAt;
        bool active;
        bool appealed;
        uint32 removalVotes;
    }
    /// @notice marks[rider][city]: the mark city put on a pseudonymous rider.
    mapping(bytes32 => mapping(bytes32 => Mark)) public marks;
    mapping(bytes32 => bytes32[]) internal markedBy;
    mapping(bytes32 => mapping(bytes32 => mapping(bytes32 => bool))) public removalVoted; // rider, marking city, voter

    uint64 public constant MAX_MARK_SECONDS = 366 days;
    uint256 public constant MAX_REASON_BYTES = 64;
    uint32 public constant MAX_CITIES = 64;
    uint32 public constant MAX_STATIONS_PER_CALL = 256;

    // -------------------------------------------------------------- invoices

    struct Invoice {
        bytes32 ride;
        bytes32 issuer; // the ride city
        uint64 amount;
        uint64 issuedAt; // block number
        address reimbursedBy; // employer, once reimbursed
        uint64 reimbursedAt;
        bytes32 digest; // commits to the sealed content (salted: it reveals nothing)
    }
    mapping(bytes32 => Invoice) public invoices;
    uint64 public invoiceCount;
    mapping(address => bytes32) public employerName;

    // ---------------------------------------------------------------- events

    event CityAdmitted(bytes32 indexed city, address account);
    event CityProposed(bytes32 indexed city, address account, bytes32 by);
    event FaresSet(bytes32 indexed city, uint32 baseFare, uint32 perZone, uint32 maxFare);
    event RideRecorded(bytes32 indexed ride, bytes32 indexed home, bytes32 indexed rideCity, uint64 fare, uint64 seq);
    event RidePaid(bytes32 indexed ride, bytes32 paymentRef);
    event SettlementProposed(bytes32 indexed a, bytes32 indexed b, uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by);
    event SettlementConfirmed(bytes32 indexed a, bytes32 indexed b, uint64 index, uint64 fromSeq, uint64 throughSeq, int256 amount);
    event SettlementRejected(bytes32 indexed a, bytes32 indexed b, uint64 throughSeq, bytes32 by);
    event RiderMarked(bytes32 indexed rider, bytes32 indexed city, string reason, bytes32 evidence, uint64 expiresAt);
    event RiderUnmarked(bytes32 indexed rider, bytes32 indexed city, bytes32 by);
    event MarkAppealed(bytes32 indexed rider, bytes32 indexed city, bytes32 by);
    event InvoiceIssued(bytes32 indexed invoice, bytes32 indexed ride, bytes32 indexed issuer, uint64 amount, bytes32 digest);
    event InvoiceReimbursed(bytes32 indexed invoice, address employer);
    event EmployerRegistered(address indexed employer, bytes32 name);

    modifier onlyCity() {
        require(cities[cityOf[msg.sender]].active, "metro: not an active city");
        _;
    }

    /// @param codes the founding cities' codes, e.g. "shanghai" (bytes32, left-aligned ASCII)
    /// @param accounts their operator accounts (20-byte addresses of Causeway identities)
    /// @param bureau the tax bureau's account
    constructor(bytes32[] memory codes, address[] memory accounts, address bureau) {
        require(codes.length == accounts.length && codes.length > 0, "metro: cities and accounts differ");
        require(bureau != address(0), "metro: no tax bureau");
        taxBureau = bureau;
        for (uint256 i = 0; i < codes.length; i++) {
            _admit(codes[i], accounts[i]);
        }
    }

    function _admit(bytes32 code, address account) internal {
        require(code != bytes32(0) && account != address(0), "metro: empty city code or account");
        require(cities[code].account == address(0), "metro: city exists");
        require(cityOf[account] == bytes32(0), "metro: account already serves a city");
        require(account != taxBureau, "metro: the tax bureau cannot be a city");
        require(cityCodes.length < MAX_CITIES, "metro: too many cities");
        cities[code] = City({account: account, active: true, joinedAt: uint64(block.number), baseFare: 200, perZone: 100, maxFare: 1500, stations: 0});
        cityOf[account] = code;
        cityCodes.push(code);
        activeCities++;
        emit CityAdmitted(code, account);
    }

    function cityCount() external view returns (uint256) {
        return cityCodes.length;
    }

    /// @notice Votes to admit city `code` run by `account`. The proposing vote
    /// names the account; later votes must name the same one. Admitted at a
    /// strict majority of the active cities.
    function approveCity(bytes32 code, address account) external onlyCity {
        bytes32 voter = cityOf[msg.sender];
        require(cities[code].account == address(0), "metro: city exists");
        Admission storage ad = admissions[code];
        require(!ad.done, "metro: admission done");
        if (ad.account == address(0)) {
            require(account != address(0), "metro: empty account");
            ad.account = account;
            emit CityProposed(code, account, voter);
        } else {
            require(ad.account == account, "metro: another account is proposed for this city");
        }
        require(!admissionVoted[code][voter], "metro: already voted");
        admissionVoted[code][voter] = true;
        ad.approvals++;
        if (ad.approvals * 2 > activeCities) {
            ad.done = true;
            _admit(code, account);
        }
    }

    /// @notice The caller city's fare rules, in fen.
    function setFares(uint32 baseFare, uint32 perZone, uint32 maxFare) external onlyCity {
        require(baseFare > 0 && baseFare <= maxFare && maxFare <= 100000, "metro: bad fare rules");
        City storage c = cities[cityOf[msg.sender]];
        c.baseFare = baseFare;
        c.perZone = perZone;
        c.maxFare = maxFare;
        emit FaresSet(cityOf[msg.sender], baseFare, perZone, maxFare);
    }

    /// @notice Registers (or re-zones) the caller city's stations.
    function setStations(uint32[] calldata ids, uint8[] calldata zones) external onlyCity {
        require(ids.length == zones.length && ids.length <= MAX_STATIONS_PER_CALL, "metro: bad stations");
        bytes32 code = cityOf[msg.sender];
        City storage c = cities[code];
        for (uint256 i = 0; i < ids.length; i++) {
            require(zones[i] > 0, "metro: zone 0");
            if (stationZone[code][ids[i]] == 0) {
                c.stations++;
            }
            stationZone[code][ids[i]] = zones[i];
        }
    }

    /// @notice The fare of a ride between two stations of `city` by its rules.
    function fareOf(bytes32 city, uint32 entry, uint32 exit) public view returns (uint64) {
        City storage c = cities[city];
        uint8 ze = stationZone[city][entry];
        uint8 zx = stationZone[city][exit];
        require(ze != 0 && zx != 0, "metro: unknown station");
        uint64 d = ze > zx ? ze - zx : zx - ze;
        uint64 f = uint64(c.baseFare) + uint64(c.perZone) * d;
        return f > c.maxFare ? c.maxFare : f;
    }

    // ----------------------------------------------------------------- rides

    function pairKey(bytes32 x, bytes32 y) public pure returns (bytes32) {
        return x < y ? keccak256(abi.encodePacked(x, y)) : keccak256(abi.encodePacked(y, x));
    }

    /// @notice Records a ride taken at the caller city's gates by a rider of
    /// city `home`, and nets it into the pair's position in this block. The
    /// ride's content is sealed in the same transaction. The fare must lie
    /// within the ride city's rules (the home city checks the exact fare
    /// against the sealed stations).
    function recordRide(bytes32 id, bytes32 home, uint64 fare) external onlyCity {
        _recordRide(id, home, fare);
    }

    function _recordRide(bytes32 id, bytes32 home, uint64 fare) internal {
        bytes32 rc = cityOf[msg.sender];
        require(id != bytes32(0), "metro: empty ride id");
        require(rides[id].rideCity == bytes32(0), "metro: ride exists");
        require(home != rc, "metro: not a cross-city ride");
        require(cities[home].active, "metro: unknown home city");
        City storage c = cities[rc];
        require(fare >= c.baseFare && fare <= c.maxFare, "metro: fare outside the city's rules");
        bytes32 pk = pairKey(home, rc);
        Pair storage p = pairs[pk];
        p.seq++;
        // a = the lower code; the home city owes the ride city the fare.
        if (home < rc) {
            p.net += int256(uint256(fare));
        } else {
            p.net -= int256(uint256(fare));
        }
        positionAt[pk][p.seq] = p.net;
        rides[id] = Ride({home: home, rideCity: rc, fare: fare, seq: p.seq, height: uint64(block.number), paid: false, invoice: bytes32(0)});
        rideCount++;
        emit RideRecorded(id, home, rc, fare, p.seq);
    }

    /// @notice The home city confirms that it collected the ride's fare from the rider.
    function confirmPayment(bytes32 id, bytes32 paymentRef) external onlyCity {
        Ride storage r = rides[id];
        require(r.rideCity != bytes32(0), "metro: unknown ride");
        require(r.home == cityOf[msg.sender], "metro: not the ride's home city");
        require(!r.paid, "metro: already paid");
        r.paid = true;
        emit RidePaid(id, paymentRef);
    }

    // ------------------------------------------------------------ settlement

    /// @notice Proposes to settle the pair (caller, other) through ride
    /// `throughSeq` of the pair. The amount is computed here from the
    /// positions, never typed in. One proposal per pair at a time.
    function proposeSettlement(bytes32 other, uint64 throughSeq) external onlyCity {
        bytes32 me = cityOf[msg.sender];
        require(other != me && cities[other].account != address(0), "metro: unknown counterparty");
        bytes32 pk = pairKey(me, other);
        Pair storage p = pairs[pk];
        require(p.pendingThrough == 0, "metro: a settlement is pending");
        require(throughSeq > p.settledSeq && throughSeq <= p.seq, "metro: nothing to settle through this ride");
        p.pendingThrough = throughSeq;
        p.pendingBy = me;
        p.pendingAt = uint64(block.number);
        (bytes32 a, bytes32 b) = me < other ? (me, other) : (other, me);
        emit SettlementProposed(a, b, p.settledSeq + 1, throughSeq, positionAt[pk][throughSeq] - p.settledNet, me);
    }

    /// @notice The pending proposal of the pair: through which ride, and the amount (a pays b if > 0).
    function pendingSettlement(bytes32 x, bytes32 y) external view returns (uint64 fromSeq, uint64 throughSeq, int256 amount, bytes32 by) {
        bytes32 pk = pairKey(x, y);
        Pair storage p = pairs[pk];
        if (p.pendingThrough == 0) {
            return (0, 0, 0, bytes32(0));
        }
        return (p.settledSeq + 1, p.pendingThrough, positionAt[pk][p.pendingThrough] - p.settledNet, p.pendingBy);
    }

    /// @notice The other city of the pair signs the pending settlement off:
    /// it is final in this block. `throughSeq` and `amount` must be what the
    /// caller checked against its own reading of the rides.
    function confirmSettlement(bytes32 other, uint64 throughSeq, int256 amount) external onlyCity {
        bytes32 me = cityOf[msg.sender];
        bytes32 pk = pairKey(me, other);
        Pair storage p = pairs[pk];
        require(p.pendingThrough != 0, "metro: no pending settlement");
        require(p.pendingBy == other, "metro: only the counterparty confirms");
        require(p.pendingThrough == throughSeq, "metro: the pending settlement covers other rides");
        int256 amt = positionAt[pk][throughSeq] - p.settledNet;
        require(amt == amount, "metro: the amount differs");
        (bytes32 a, bytes32 b) = me < other ? (me, other) : (other, me);
        p.settlements++;
        settlementOf[pk][p.settlements] = Settlement({a: a, b: b, fromSeq: p.settledSeq + 1, throughSeq: throughSeq, amount: amt, proposedBy: other, proposedAt: p.pendingAt, confirmedAt: uint64(block.number)});
        emit SettlementConfirmed(a, b, p.settlements, p.settledSeq + 1, throughSeq, amt);
        p.settledSeq = throughSeq;
        p.settledNet = positionAt[pk][throughSeq];
        p.pendingThrough = 0;
        p.pendingBy = bytes32(0);
        p.pendingAt = 0;
    }

    /// @notice The counterparty refuses the pending settlement (its reading of the rides differs).
    function rejectSettlement(bytes32 other) external onlyCity {
        bytes32 me = cityOf[msg.sender];
        bytes32 pk = pairKey(me, other);
        Pair storage p = pairs[pk];
        require(p.pendingThrough != 0 && p.pendingBy == other, "metro: no pending settlement from that city");
        (bytes32 a, bytes32 b) = me < other ? (me, other) : (other, me);
        emit SettlementRejected(a, b, p.pendingThrough, me);
        p.pendingThrough = 0;
        p.pendingBy = bytes32(0);
        p.pendingAt = 0;
    }

    /// @notice The pair's position: rides, net over all rides (a owes b if > 0), and what is settled.
    function position(bytes32 x, bytes32 y) external view returns (uint64 seq, int256 net, uint64 settledSeq, int256 settledNet, uint64 settlements) {
        Pair storage p = pairs[pairKey(x, y)];
        return (p.seq, p.net, p.settledSeq, p.settledNet, p.settlements);
    }

    // ------------------------------------------------------------- risk list

    /// @notice The caller city marks a pseudonymous rider for `ttl` seconds.
    /// Marking again replaces the city's previous mark.
    function markRider(bytes32 rider, string calldata reason, bytes32 evidence, uint64 ttl) external onlyCity {
        require(rider != bytes32(0), "metro: empty rider");
        require(ttl > 0 && ttl <= MAX_MARK_SECONDS, "metro: bad mark duration");
        require(bytes(reason).length > 0 && bytes(reason).length <= MAX_REASON_BYTES, "metro: bad reason");
        bytes32 c = cityOf[msg.sender];
        Mark storage m = marks[rider][c];
        if (m.markedAt == 0) {
            markedBy[rider].push(c);
        }
        m.reason = reason;
        m.evidence = evidence;
        m.markedAt = uint64(block.timestamp);
        m.expiresAt = uint64(block.timestamp) + ttl;
        m.active = true;
        m.appealed = false;
        _clearVotes(rider, c, m);
        emit RiderMarked(rider, c, reason, evidence, m.expiresAt);
    }

    function _clearVotes(bytes32 rider, bytes32 c, Mark storage m) internal {
        if (m.removalVotes == 0) {
            return;
        }
        for (uint256 i = 0; i < cityCodes.length; i++) {
            removalVoted[rider][c][cityCodes[i]] = false;
        }
        m.removalVotes = 0;
    }

    /// @notice The marking city removes its mark.
    function unmarkRider(bytes32 rider) external onlyCity {
        bytes32 c = cityOf[msg.sender];
        Mark storage m = marks[rider][c];
        require(m.active, "metro: no active mark by this city");
        m.active = false;
        _clearVotes(rider, c, m);
        emit RiderUnmarked(rider, c, c);
    }

    /// @notice A city (normally the rider's home city, on the rider's behalf) appeals a mark.
    function appealMark(bytes32 rider, bytes32 markingCity) external onlyCity {
        Mark storage m = marks[rider][markingCity];
        require(m.active && m.expiresAt > block.timestamp, "metro: no active mark");
        m.appealed = true;
        emit MarkAppealed(rider, markingCity, cityOf[msg.sender]);
    }

    /// @notice Governance: votes to remove an appealed mark; removed at a
    /// strict majority of the active cities.
    function voteRemoveMark(bytes32 rider, bytes32 markingCity) external onlyCity {
        bytes32 voter = cityOf[msg.sender];
        Mark storage m = marks[rider][markingCity];
        require(m.active && m.expiresAt > block.timestamp, "metro: no active mark");
        require(m.appealed, "metro: the mark is not appealed");
        require(!removalVoted[rider][markingCity][voter], "metro: already voted");
        removalVoted[rider][markingCity][voter] = true;
        m.removalVotes++;
        if (m.removalVotes * 2 > activeCities) {
            m.active = false;
            _clearVotes(rider, markingCity, m);
            emit RiderUnmarked(rider, markingCity, bytes32(0));
        }
    }

    /// @notice The gate check: may this rider enter? If not, which city
    /// marked the rider, why, and until when (the first active mark in
    /// marking order).
    function mayEnter(bytes32 rider) external view returns (bool ok, bytes32 city, string memory reason, uint64 expiresAt) {
        bytes32[] storage by = markedBy[rider];
        for (uint256 i = 0; i < by.length; i++) {
            Mark storage m = marks[rider][by[i]];
            if (m.active && m.expiresAt > block.timestamp) {
                return (false, by[i], m.reason, m.expiresAt);
            }
        }
        return (true, bytes32(0), "", 0);
    }

    // -------------------------------------------------------------- invoices

    /// @notice The tax bureau registers an employer that may reimburse invoices.
    function registerEmployer(address employer, bytes32 name) external {
        require(msg.sender == taxBureau, "metro: only the tax bureau");
        require(employer != address(0) && name != bytes32(0), "metro: empty employer");
        employerName[employer] = name;
        emit EmployerRegistered(employer, name);
    }

    /// @notice The ride city issues the e-invoice of a paid ride: one per ride.
    /// Its content is sealed in the same transaction (class "metro-invoice"),
    /// which the chain requires to be readable by the tax bureau. `digest`
    /// commits to that content (a hash over it and a random salt it holds):
    /// the event carries it, so a proof of this transaction's receipt binds
    /// a printed invoice's fields to the chain without revealing them here.
    /// The amount is the ride's fare, never typed in.
    function issueInvoice(bytes32 number, bytes32 ride, bytes32 digest) external onlyCity {
        require(number != bytes32(0), "metro: empty invoice number");
        require(digest != bytes32(0), "metro: empty invoice digest");
        require(invoices[number].ride == bytes32(0), "metro: invoice number used");
        Ride storage r = rides[ride];
        require(r.rideCity != bytes32(0), "metro: unknown ride");
        require(r.rideCity == cityOf[msg.sender], "metro: only the ride city issues its invoice");
        require(r.paid, "metro: the ride is not paid");
        require(r.invoice == bytes32(0), "metro: the ride already has an invoice");
        r.invoice = number;
        invoices[number] = Invoice({ride: ride, issuer: r.rideCity, amount: r.fare, issuedAt: uint64(block.number), reimbursedBy: address(0), reimbursedAt: 0, digest: digest});
        invoiceCount++;
        emit InvoiceIssued(number, ride, r.rideCity, r.fare, digest);
    }

    /// @notice A registered employer reimburses an invoice: once.
    function reimburse(bytes32 number) external {
        require(employerName[msg.sender] != bytes32(0), "metro: not a registered employer");
        Invoice storage inv = invoices[number];
        require(inv.ride != bytes32(0), "metro: unknown invoice");
        require(inv.reimbursedBy == address(0), "metro: already reimbursed");
        inv.reimbursedBy = msg.sender;
        inv.reimbursedAt = uint64(block.number);
        emit InvoiceReimbursed(number, msg.sender);
    }
}
