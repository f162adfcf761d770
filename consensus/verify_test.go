package consensus

import (
	"testing"

	"github.com/causeway/causeway/types"
)

func decodeAll(t *testing.T, raws [][]byte) []*types.DecodedTx {
	t.Helper()
	out := make([]*types.DecodedTx, len(raws))
	for i, raw := range raws {
		d, err := types.Intl.DecodeTx(raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}
