// Package metro is the metro interconnection scenario on Causeway: the
// metro operators of many cities settle cross-city rides between
// themselves, with no central clearing system.
//
// Each city is an organisation of the consortium with its own node, and
// connects through one interface, City: its gates record the rides its
// riders from other cities take (RecordRide, sealed so that only the two
// cities of the ride and the clearing role can read its content), its app
// confirms what its own riders paid (ConfirmPayment), its gates ask
// whether a rider may enter (GateCheck, a read of the local node's state),
// and it marks untrustworthy riders on the shared risk list (MarkRider).
// The Metro contract (contracts/src/Metro.sol) nets each pair of cities in
// the block that records a ride; a Settler per city signs settlements off
// with each counterparty after checking the amount against the rides it
// read itself. E-invoices are issued once per paid ride by the ride city,
// sealed to the tax bureau (the chain's auditor for the class
// "metro-invoice") and reimbursed once by a registered employer.
//
// Setup prepares a consortium for the scenario (encryption keys, the
// clearing reader group, the auditor, the contract), and Simulator drives
// a realistic load of rides. The package uses the SDK only, never a node's
// internals.
package metro
