package types

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Codes of refused parameter values and policies.
const (
	// CodeParamOutOfBounds: a chain parameter value lies outside its
	// documented bounds (ParamBounds), or breaks a rule that ties two
	// parameters together (max_tx_bytes <= batch_max_bytes, tx_gas_limit <=
	// block_gas_limit).
	CodeParamOutOfBounds Code = "param_out_of_bounds"
	// CodeUnknownParam: no chain parameter has this name.
	CodeUnknownParam Code = "unknown_param"
	// CodeBadPolicy: the governance policy or the role permissions would
	// make the chain ungovernable (an unreachable threshold, a proposal
	// lifetime outside its bounds, admins that may not submit).
	CodeBadPolicy Code = "bad_policy"
)

// Sizes that bound every governance transaction. Together they make
// MinMaxTxBytes a proof, not a hope: the largest governance transaction
// that execution accepts (a PROPOSE whose Proposal is MaxProposalBytes,
// signed by every one of MaxAuthKeys admin keys, on a chain id of
// MaxChainIDBytes) encodes to less than MinMaxTxBytes, so every value
// max_tx_bytes may take lets governance through. A VOTE is a few hundred
// bytes.
const (
	// MaxProposalBytes bounds the encoded Proposal of a PROPOSE
	// transaction. It holds an add_org with a 4 KiB CA certificate and two
	// nodes with 4 KiB certificates each, and its description, with room to
	// spare; an org with more nodes adds them with add_node.
	MaxProposalBytes = 24 << 10
	// MaxGovernanceSignatures is the most signatures that count for an
	// admin account: one per auth key (execution.MaxAuthKeys).
	MaxGovernanceSignatures = 16
	// MaxChainIDBytes bounds the chain id, which every transaction carries.
	MaxChainIDBytes = 64
)

// Bounds of the chain parameters, inclusive. ParamBounds gives the reason
// for each.
const (
	MinBatchMaxCount      = 10
	MaxBatchMaxCount      = 50_000
	MinBatchMaxBytes      = 1 << 20
	MaxBatchMaxBytes      = 16 << 20
	MinBatchMaxIntervalMs = 1
	MaxBatchMaxIntervalMs = 2_000
	MinMaxTxBytes         = 32 << 10
	MaxMaxTxBytes         = 1 << 20
	MinMaxValidityMs      = 5 * 60 * 1000
	MaxMaxValidityMs      = 24 * 60 * 60 * 1000
	MinMaxFutureMs        = 5_000
	MaxMaxFutureMs        = 10 * 60 * 1000
	MinEvidenceMetaBytes  = 1 << 10
	MaxEvidenceMetaBytes  = 16 << 10
	MinBlockTimeDriftMs   = 2_000
	MaxBlockTimeDriftMs   = 60_000
	MinRecoveryDelayMs    = 1_000
	MaxRecoveryDelayMs    = 30 * 24 * 60 * 60 * 1000
	MinBlockGasLimit      = 10_000_000
	MaxBlockGasLimit      = 500_000_000
	MinTxGasLimit         = 10_000_000
	MaxTxGasLimit         = MaxBlockGasLimit
)

// Bounds of the governance policy, checked at genesis (no governance action
// changes the policy).
const (
	// MinProposalTTLMs: admins of several organisations, in several time
	// zones, must be able to see a proposal and vote before it expires.
	MinProposalTTLMs = 60 * 60 * 1000
	// MaxProposalTTLMs: an open proposal must not execute months after the
	// situation it was written for; stale proposals also pile up in state.
	MaxProposalTTLMs = 90 * 24 * 60 * 60 * 1000
	// MaxThresholdDen bounds a threshold's denominator (a finer fraction
	// means nothing with at most a few hundred orgs).
	MaxThresholdDen = 1000
)

// MinThreshold is the floor of every threshold of the policy: "more than
// 1/2" of the member orgs, a majority. Below it fewer than half of the orgs
// pass an action (0/N lets any one org decide alone), and a minority that
// may pass add_org or remove_org becomes the majority one vote at a time:
// it adds orgs of its own or removes the others. The policy never changes
// after genesis, so a genesis below the floor could never be repaired.
var MinThreshold = Threshold{Num: 1, Den: 2}

// MinThresholdReason says why MinThreshold is the floor; refusals quote it.
const MinThresholdReason = "fewer than half of the member orgs could pass the action (0/N lets one org decide alone), and a minority that can pass add_org or remove_org becomes the majority one vote at a time"

// ParamBound is the range a chain parameter may take: Min and Max are
// inclusive, and MinReason and MaxReason say why each end is where it is.
type ParamBound struct {
	// Name is the parameter's JSON name, as UpdateParam names it.
	Name string
	// Min and Max are the floor and the ceiling, both allowed.
	Min, Max int64
	// MinReason and MaxReason say why the floor and the ceiling are there;
	// refusals quote them.
	MinReason string
	MaxReason string
	get       func(*ChainParams) int64
	set       func(*ChainParams, int64)
}

// paramBounds lists every chain parameter in ChainParams' field order.
var paramBounds = []ParamBound{
	{Name: "batch_max_count", Min: MinBatchMaxCount, Max: MaxBatchMaxCount,
		MinReason: "with fewer transactions per block, a modest load keeps requests waiting past the consensus forward (5 s) and complaint (15 s) timeouts, and followers would start view changes",
		MaxReason: "a node's consensus request pool holds 50,000 requests (consensus.DefaultTuning PoolSize); a bigger batch can never fill, and verification and execution time per block grow with it",
		get:       func(p *ChainParams) int64 { return int64(p.BatchMaxCount) }, set: func(p *ChainParams, v int64) { p.BatchMaxCount = uint64(v) }},
	{Name: "batch_max_bytes", Min: MinBatchMaxBytes, Max: MaxBatchMaxBytes,
		MinReason: "equal to the ceiling of max_tx_bytes, so that a block always holds at least one transaction of the largest allowed size whatever max_tx_bytes is",
		MaxReason: "a block proposal travels to every node in one peer message, whose size limit is this ceiling plus 1 MiB; larger blocks would also stall verification on small hosts",
		get:       func(p *ChainParams) int64 { return int64(p.BatchMaxBytes) }, set: func(p *ChainParams, v int64) { p.BatchMaxBytes = uint64(v) }},
	{Name: "batch_max_interval_ms", Min: MinBatchMaxIntervalMs, Max: MaxBatchMaxIntervalMs,
		MinReason: "the consensus library needs a positive interval; 1 ms only makes blocks smaller, never stops them",
		MaxReason: "the leader may hold a request this long before proposing it: it must stay well below the consensus forward (5 s) and complaint (15 s) timeouts, or followers replace an honest leader again and again, and it adds directly to commit latency",
		get:       func(p *ChainParams) int64 { return p.BatchMaxIntervalMs }, set: func(p *ChainParams, v int64) { p.BatchMaxIntervalMs = v }},
	{Name: "max_tx_bytes", Min: MinMaxTxBytes, Max: MaxMaxTxBytes,
		MinReason: "the largest governance transaction (a 24 KiB proposal signed by 16 admin keys) must always fit, so that a vote can always undo a change; ordinary transfers and votes are a few hundred bytes",
		MaxReason: "every transaction is gossiped to and verified by every node; 1 MiB is also the floor of batch_max_bytes, so a block can always hold one",
		get:       func(p *ChainParams) int64 { return int64(p.MaxTxBytes) }, set: func(p *ChainParams, v int64) { p.MaxTxBytes = int(v) }},
	{Name: "max_validity_ms", Min: MinMaxValidityMs, Max: MaxMaxValidityMs,
		MinReason: "clients (the SDK, the CLI, the services) ask for 5 minutes by default, which must stay accepted; it is also far above clock skew, the largest block time drift (60 s) and commit latency, including a view change",
		MaxReason: "nodes remember transaction hashes and hold pending transactions for this long (the replay window); a day bounds that memory",
		get:       func(p *ChainParams) int64 { return p.MaxValidityMs }, set: func(p *ChainParams, v int64) { p.MaxValidityMs = v }},
	{Name: "max_future_ms", Min: MinMaxFutureMs, Max: MaxMaxFutureMs,
		MinReason: "a client's clock may run ahead of the leader's; 5 s covers the skew of hosts kept by NTP with a wide margin",
		MaxReason: "a transaction dated ahead waits in pools and lengthens the replay window by as much; 10 minutes is already generous",
		get:       func(p *ChainParams) int64 { return p.MaxFutureMs }, set: func(p *ChainParams, v int64) { p.MaxFutureMs = v }},
	{Name: "max_evidence_metadata_bytes", Min: MinEvidenceMetaBytes, Max: MaxEvidenceMetaBytes,
		MinReason: "the evidence service adds its own metadata (org, depositor, readers: up to a few hundred bytes) and the client needs room for a file name and a business id",
		MaxReason: "below the floor of max_tx_bytes (32 KiB), so that a deposit with full metadata always fits in a transaction; metadata is printed on certificates of deposit",
		get:       func(p *ChainParams) int64 { return int64(p.MaxEvidenceMetadataBytes) }, set: func(p *ChainParams, v int64) { p.MaxEvidenceMetadataBytes = int(v) }},
	{Name: "block_time_drift_ms", Min: MinBlockTimeDriftMs, Max: MaxBlockTimeDriftMs,
		MinReason: "a verifying node's clock may lag the leader's; with a smaller margin honest proposals are refused and the nodes keep changing views",
		MaxReason: "a faulty leader may date a block this far ahead, and block times never go back: the drift must stay far below max_validity_ms' floor (5 min) so that transactions dated by real clocks still commit",
		get:       func(p *ChainParams) int64 { return p.BlockTimeDriftMs }, set: func(p *ChainParams, v int64) { p.BlockTimeDriftMs = v }},
	{Name: "recovery_delay_ms", Min: MinRecoveryDelayMs, Max: MaxRecoveryDelayMs,
		MinReason: "a reset must never complete in the block of its PRE_RESET: the current keys always get a window to cancel (policy, not safety, sets the default of 24 h)",
		MaxReason: "an owner who lost every key must be able to recover the account within a month",
		get:       func(p *ChainParams) int64 { return p.RecoveryDelayMs }, set: func(p *ChainParams, v int64) { p.RecoveryDelayMs = v }},
	{Name: "block_gas_limit", Min: MinBlockGasLimit, Max: MaxBlockGasLimit,
		MinReason: "at least tx_gas_limit's floor, so that a block holds a contract transaction of the largest floor-sized gas limit (governance and transfers use no gas)",
		MaxReason: "bounds a block's contract execution time: at the tens of Mgas/s of adversarial opcode mixes on a small host, a full block still executes within seconds, below the view-change timeout",
		get:       func(p *ChainParams) int64 { return int64(p.BlockGasLimit) }, set: func(p *ChainParams, v int64) { p.BlockGasLimit = uint64(v) }},
	{Name: "tx_gas_limit", Min: MinTxGasLimit, Max: MaxTxGasLimit,
		MinReason: "deploying a contract of the largest runtime size (24 KiB, EIP-170) costs about 5.8 M gas; 10 M leaves room for its constructor, and read-only queries run with this limit",
		MaxReason: "never more than block_gas_limit, whose ceiling it shares; a transaction above the block's limit could never be included",
		get:       func(p *ChainParams) int64 { return int64(p.TxGasLimit) }, set: func(p *ChainParams, v int64) { p.TxGasLimit = uint64(v) }},
}

// ParamBounds returns the bounds of every chain parameter, in ChainParams'
// field order.
func ParamBounds() []ParamBound {
	out := make([]ParamBound, len(paramBounds))
	copy(out, paramBounds)
	return out
}

// ParamBoundOf returns the bounds of the parameter called name.
func ParamBoundOf(name string) (ParamBound, bool) {
	for _, b := range paramBounds {
		if b.Name == name {
			return b, true
		}
	}
	return ParamBound{}, false
}

// Param returns the value of the parameter called name.
func (p ChainParams) Param(name string) (int64, bool) {
	b, ok := ParamBoundOf(name)
	if !ok {
		return 0, false
	}
	return b.get(&p), true
}

// CheckParam checks that a parameter called name exists and that v lies
// within its bounds; the rules between parameters need the values in force
// and are left to SetParam. It returns a *TxError (CodeUnknownParam,
// CodeParamOutOfBounds).
func CheckParam(name string, v int64) error {
	b, ok := ParamBoundOf(name)
	if !ok {
		return Errorf(CodeUnknownParam, "unknown chain parameter %q", name)
	}
	if terr := b.check(v); terr != nil {
		return terr
	}
	return nil
}

// check reports whether v lies within b.
func (b ParamBound) check(v int64) *TxError {
	if v < b.Min {
		return Errorf(CodeParamOutOfBounds, "%s = %d is below its floor %d: %s", b.Name, v, b.Min, b.MinReason)
	}
	if v > b.Max {
		return Errorf(CodeParamOutOfBounds, "%s = %d is above its ceiling %d: %s", b.Name, v, b.Max, b.MaxReason)
	}
	return nil
}

// Check checks every parameter against its bounds and the rules that tie
// parameters together. It returns a *TxError with CodeParamOutOfBounds.
func (p ChainParams) Check() error {
	for _, b := range paramBounds {
		if terr := b.check(b.get(&p)); terr != nil {
			return terr
		}
	}
	return p.checkRelations()
}

// checkRelations checks the rules between parameters. With the bounds as
// they are, the first always holds (batch_max_bytes' floor is max_tx_bytes'
// ceiling); it is checked so that moving a bound can never silently break it.
func (p ChainParams) checkRelations() error {
	if uint64(p.MaxTxBytes) > p.BatchMaxBytes {
		return Errorf(CodeParamOutOfBounds, "max_tx_bytes %d would exceed batch_max_bytes %d: a block must hold a transaction of the largest size", p.MaxTxBytes, p.BatchMaxBytes)
	}
	if p.TxGasLimit > p.BlockGasLimit {
		return Errorf(CodeParamOutOfBounds, "tx_gas_limit %d would exceed block_gas_limit %d: a transaction above the block's limit could never be included", p.TxGasLimit, p.BlockGasLimit)
	}
	return nil
}

// SetParam sets the chain parameter with the given JSON name, if the value
// lies within its bounds (ParamBounds) and the parameters stay consistent
// with each other; otherwise it leaves p unchanged and returns a *TxError
// (CodeUnknownParam or CodeParamOutOfBounds).
func (p *ChainParams) SetParam(name string, v int64) error {
	b, ok := ParamBoundOf(name)
	if !ok {
		return Errorf(CodeUnknownParam, "unknown chain parameter %q", name)
	}
	if terr := b.check(v); terr != nil {
		return terr
	}
	next := *p
	b.set(&next, v)
	if err := next.checkRelations(); err != nil {
		return err
	}
	*p = next
	return nil
}

// CheckPolicy checks that a governance policy can pass proposals and that
// no minority can: every threshold is a fraction Num/Den with
// MinThreshold <= Num/Den, Num < Den <= MaxThresholdDen ("more than
// Num/Den" of the orgs; Num >= Den could never be met), every per-action
// threshold names one of GovernanceActions, and the proposal lifetime lies
// within [MinProposalTTLMs, MaxProposalTTLMs].
func (p Policy) CheckPolicy() error {
	if p.ProposalTTLMs < MinProposalTTLMs || p.ProposalTTLMs > MaxProposalTTLMs {
		return Errorf(CodeBadPolicy, "proposal_ttl_ms = %d is outside [%d, %d]: admins of every org must have time to vote, and stale proposals must not execute", p.ProposalTTLMs, MinProposalTTLMs, MaxProposalTTLMs)
	}
	check := func(what string, t Threshold) error {
		if t.Den == 0 || t.Den > MaxThresholdDen || t.Num >= t.Den {
			return Errorf(CodeBadPolicy, "threshold of %s is %d/%d: it must be a fraction num/den with num < den <= %d, or no proposal could ever pass", what, t.Num, t.Den, MaxThresholdDen)
		}
		if uint64(t.Num)*uint64(MinThreshold.Den) < uint64(MinThreshold.Num)*uint64(t.Den) {
			return Errorf(CodeBadPolicy, "threshold of %s is %d/%d, below the floor %s: %s", what, t.Num, t.Den, MinThreshold, MinThresholdReason)
		}
		return nil
	}
	if err := check("the default", p.Default); err != nil {
		return err
	}
	for _, a := range slices.Sorted(maps.Keys(p.Actions)) {
		if !slices.Contains(GovernanceActions, a) {
			return Errorf(CodeBadPolicy, "the policy gives a threshold to %q, which is not a governance action (%s): the action meant would keep the default threshold", a, strings.Join(GovernanceActions, ", "))
		}
		if err := check(strconv.Quote(a), p.Actions[a]); err != nil {
			return err
		}
	}
	return nil
}

// CheckConfig checks what a chain configuration needs to stay live and
// governable: parameters within bounds, a policy that can pass proposals,
// and an admin role that may submit transactions.
func (c *ChainConfig) CheckConfig() error {
	if err := c.Params.Check(); err != nil {
		return err
	}
	if err := c.Policy.CheckPolicy(); err != nil {
		return err
	}
	if !c.Allows("admin", PermSubmit) {
		return Errorf(CodeBadPolicy, "the admin role lacks the %q permission: org admins could not submit proposals and votes", PermSubmit)
	}
	return nil
}

// String returns the bound as "name in [min, max]".
func (b ParamBound) String() string {
	return fmt.Sprintf("%s in [%d, %d]", b.Name, b.Min, b.Max)
}
