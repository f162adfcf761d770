// Package trade is the trade-finance scenario (Trusple, and AntChain's
// Shuangliantong for supply-chain receivables) on Causeway's SDK: a buyer
// and a seller sign an order whose terms travel sealed to the parties, the
// buyer's bank escrows the payment, logistics and customs attest the
// milestones they see, the payment is released on a confirmed delivery or
// refunded when the trade fails, a bank finances the seller against the
// order, and a core enterprise's payable is split, passed down the tiers
// and discounted, each part paid exactly once. The rules live in the
// Trade contract (contracts/src/Trade.sol); Party is a participant's typed
// client.
package trade
