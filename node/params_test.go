package node_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/types"
)

// A cluster started with every parameter at the end of its bounds that
// hurts most (the smallest transactions, batches, validity, future window,
// drift, metadata and gas; the longest batch interval) still commits
// ordinary transactions from default SDK clients, refuses the proposals
// that would brick it (the max_tx_bytes 1, max_validity_ms 1, a
// day-long batch interval) with a typed reason, and is governed back to
// its defaults by vote; every node ends with the same blocks.
func TestExtremeParamsStayLiveAndGovernable(t *testing.T) {
	p := types.ChainParams{
		BatchMaxCount:            types.MinBatchMaxCount,
		BatchMaxBytes:            types.MinBatchMaxBytes,
		BatchMaxIntervalMs:       types.MaxBatchMaxIntervalMs,
		MaxTxBytes:               types.MinMaxTxBytes,
		MaxValidityMs:            types.MinMaxValidityMs,
		MaxFutureMs:              types.MinMaxFutureMs,
		MaxEvidenceMetadataBytes: types.MinEvidenceMetaBytes,
		BlockTimeDriftMs:         types.MinBlockTimeDriftMs,
		RecoveryDelayMs:          types.MinRecoveryDelayMs,
		BlockGasLimit:            types.MinBlockGasLimit,
		TxGasLimit:               types.MinTxGasLimit,
	}
	c := testnet.New(t, testnet.Options{Nodes: 4, Params: &p})
	cl := c.Client(0)
	opt := c.TxOptions()
	from, to := c.Account(0), c.Account(1)

	// Ordinary transactions commit: more than one batch of transfers, and
	// a deposit with metadata of the full allowed size.
	var txs []*types.Transaction
	for i := 0; i < 2*types.MinBatchMaxCount+3; i++ {
		tx, err := from.TransferTx(opt, to.ID(), 1)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	meta := []*types.Attribute{{Key: "note", Value: strings.Repeat("n", types.MinEvidenceMetaBytes-len("note"))}}
	d := c.Network.Suite().AccountID("extreme")
	ev, err := from.DepositEvidenceTx(opt, d[:], "sha256", meta)
	if err != nil {
		t.Fatal(err)
	}
	txs = append(txs, ev)
	for i, r := range submitAll(t, cl, txs, len(txs)) {
		if r.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("tx %d: %s %s", i, r.ErrorCode, r.Error)
		}
	}

	// The proposals of the issue are refused at once, with the reason.
	admin, err := c.Network.AdminAccount("org1")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		name string
		v    int64
	}{{"max_tx_bytes", 1}, {"max_validity_ms", 1}, {"batch_max_interval_ms", 86_400_000}} {
		tx, err := admin.ProposeTx(opt, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: bad.name, Value: bad.v}}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err = cl.SubmitAndWait(ctx, tx)
		cancel()
		if err == nil || !strings.Contains(err.Error(), string(types.CodeParamOutOfBounds)) || !strings.Contains(err.Error(), bad.name) {
			t.Fatalf("%s = %d: %v", bad.name, bad.v, err)
		}
	}

	// A 40 KB contract deployment does not fit in max_tx_bytes' floor.
	code := []byte(strings.Repeat("\x5b", 40_000)) // JUMPDESTs, then the end: an empty contract
	big := func() *types.Transaction {
		tx, err := from.DeployContractTx(opt, code, types.MinTxGasLimit, 0)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	_, err = cl.SubmitAndWait(ctx, big())
	cancel()
	if err == nil || !strings.Contains(err.Error(), string(types.CodeTooLarge)) {
		t.Fatalf("a 40 KB transaction under max_tx_bytes %d: %v", p.MaxTxBytes, err)
	}

	// Governed back to the defaults, one vote at a time.
	def := types.DefaultParams()
	for _, name := range []string{"batch_max_interval_ms", "max_tx_bytes", "batch_max_count", "max_validity_ms"} {
		v, _ := def.Param(name)
		govern(t, c, cl, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: name, Value: v}}}, "org1", "org2", "org3")
	}
	// Now it fits, and commits.
	if r := submitAll(t, cl, []*types.Transaction{big()}, 1)[0]; r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("after the change: %s %s", r.ErrorCode, r.Error)
	}
	// Under a loaded CI machine a heartbeat can time out and start a view
	// change right here; give the nodes time to settle and converge.
	if err := c.WaitHeight(c.MaxHeight(), 60*time.Second); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < c.Len(); i++ {
		cfg, err := c.Client(i).ChainConfig(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Params.BatchMaxIntervalMs != def.BatchMaxIntervalMs || cfg.Params.MaxTxBytes != def.MaxTxBytes ||
			cfg.Params.BatchMaxCount != def.BatchMaxCount || cfg.Params.MaxValidityMs != def.MaxValidityMs {
			t.Fatalf("node %d: %+v", i, cfg.Params)
		}
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}
