package execution

import (
	"path/filepath"
	"testing"

	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

func loadArtifact(t *testing.T, name string) *contracts.Artifact {
	t.Helper()
	a, err := contracts.LoadArtifact(filepath.Join("..", "contracts", "artifacts", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The block gas limit: contract transactions whose gas limits exceed what
// remains of the block's gas fail, deterministically, without running.
func TestBlockGasLimit(t *testing.T) {
	m := newState(t)
	e := newExecutor()
	setGasLimits := func(m *memState) {
		cfg, err := state.ReadConfig(m)
		if err != nil || cfg == nil {
			t.Fatalf("config: %v", err)
		}
		cfg.Params.TxGasLimit = 2_000_000
		cfg.Params.BlockGasLimit = 5_000_000
		m.kv[string(state.ConfigKey())] = state.EncodeConfig(cfg)
	}
	setGasLimits(m)
	burner := loadArtifact(t, "GasBurner")
	deploy := sign(t, mkBody("alice", types.TxType_DEPLOY_CONTRACT, &types.DeployContract{Code: burner.Bytecode, GasLimit: 2_000_000}), alice)
	res, err := e.ExecuteBlock(m, m.root, header(1), []*types.DecodedTx{deploy})
	if err != nil {
		t.Fatal(err)
	}
	wantReceipt(t, res.Receipts[0], "")
	m.commit([]*types.DecodedTx{deploy}, res)
	addr := res.Receipts[0].ContractAddress

	input, err := burner.Input("spin", nil)
	if err != nil {
		t.Fatal(err)
	}
	var txs []*types.DecodedTx
	for i := 0; i < 3; i++ {
		txs = append(txs, sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: addr, Input: input, GasLimit: 2_000_000}), alice))
	}
	res, err = e.ExecuteBlock(m, m.root, header(2), txs)
	if err != nil {
		t.Fatal(err)
	}
	// spin() runs out of gas: each of the first two uses its whole 2M; the
	// third would take the block past 5M and is refused.
	for i, want := range []types.Code{"out_of_gas", "out_of_gas", types.CodeBlockGasFull} {
		rc := res.Receipts[i]
		t.Logf("tx %d: %s gas %d %s", i, rc.ErrorCode, rc.GasUsed, rc.Error)
		if rc.ErrorCode != string(want) {
			t.Fatalf("tx %d: %s (%s), want %s", i, rc.ErrorCode, rc.Error, want)
		}
	}
	if res.Receipts[0].GasUsed != 2_000_000 || res.Receipts[2].GasUsed != 0 {
		t.Fatalf("gas used %d, %d", res.Receipts[0].GasUsed, res.Receipts[2].GasUsed)
	}
	// Determinism: the same block on a copy of the state gives the same result.
	m2 := newState(t)
	setGasLimits(m2)
	r1, _ := e.ExecuteBlock(m2, m2.root, header(1), []*types.DecodedTx{deploy})
	m2.commit([]*types.DecodedTx{deploy}, r1)
	r2, err := e.ExecuteBlock(m2, m2.root, header(2), txs)
	if err != nil {
		t.Fatal(err)
	}
	if string(r2.StateRoot) != string(res.StateRoot) {
		t.Fatal("contract execution is not deterministic")
	}
}
