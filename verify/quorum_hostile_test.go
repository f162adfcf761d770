package verify_test

import (
	"errors"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// A state proof certified by exactly a quorum verifies; one signature
// fewer, a repeated signer, a signer outside the node set, a forged or
// altered signature, or a header changed after signing is refused with
// the kind of error that names it. Each case differs from the valid proof
// in that one respect only.
func TestSignedHeaderRefusesWhatIsNotAQuorum(t *testing.T) {
	w, ms := newWorld(t, 4) // f = 1, quorum 3
	cfg := w.config(1, ms...)
	const h = 6
	valid := func(ss ...signer) *proofpb.StateProof {
		return w.stateProof(h, cfg, w.chain(h), "evid/doc", "deposited", ss...)
	}
	st, err := w.v.State(valid(signers(ms[0], ms[1], ms[2])...))
	if err != nil {
		t.Fatalf("a proof signed by 3 of 4 nodes: %v", err)
	}
	if !st.Present || string(st.Value) != "deposited" || !slices.Equal(st.Certified.Signers, []uint64{1, 2, 3}) {
		t.Fatalf("verified %+v, signers %v", st, st.Certified.Signers)
	}
	if _, err := w.v.State(valid(signers(ms...)...)); err != nil {
		t.Fatalf("a proof signed by all 4 nodes: %v", err)
	}
	// Signed by 2, 3 and 4: any three will do.
	if _, err := w.v.State(valid(signers(ms[1], ms[2], ms[3])...)); err != nil {
		t.Fatalf("a proof signed by nodes 2, 3, 4: %v", err)
	}

	other := w.outsider()
	cases := []struct {
		name  string
		proof func() *proofpb.StateProof
		want  error
	}{
		{"quorum - 1 signatures", func() *proofpb.StateProof { return valid(signers(ms[0], ms[1])...) }, verify.ErrQuorum},
		{"one signature", func() *proofpb.StateProof { return valid(ms[3].as()) }, verify.ErrQuorum},
		{"no signature", func() *proofpb.StateProof { return valid() }, verify.ErrQuorum},
		{"a node signing twice to make up the quorum", func() *proofpb.StateProof {
			return valid(ms[0].as(), ms[1].as(), ms[0].as())
		}, verify.ErrSignature},
		{"an outsider's key under a member's id", func() *proofpb.StateProof {
			return valid(ms[0].as(), ms[1].as(), signer{3, other})
		}, verify.ErrSignature},
		{"a member's key under its own id, and an outsider's under an unknown id", func() *proofpb.StateProof {
			return valid(ms[0].as(), ms[1].as(), ms[2].as(), signer{9, other})
		}, verify.ErrSignature},
		{"an unknown id completing the quorum", func() *proofpb.StateProof {
			return valid(ms[0].as(), ms[1].as(), signer{9, other})
		}, verify.ErrSignature},
		{"a member's key under another member's id", func() *proofpb.StateProof {
			return valid(ms[0].as(), ms[1].as(), signer{3, ms[3].key})
		}, verify.ErrSignature},
		{"a fourth signature that does not verify, beside a valid quorum", func() *proofpb.StateProof {
			p := valid(signers(ms...)...)
			p.Header.Signatures[3].Signature[7] ^= 1
			return p
		}, verify.ErrSignature},
		{"aux changed after signing", func() *proofpb.StateProof {
			p := valid(signers(ms[0], ms[1], ms[2])...)
			p.Header.Signatures[1].Aux = []byte("other aux")
			return p
		}, verify.ErrSignature},
		{"header time changed after signing", func() *proofpb.StateProof {
			p := valid(signers(ms[0], ms[1], ms[2])...)
			p.Header.Header.TimeMs++
			return p
		}, verify.ErrSignature},
		{"signatures over another chain's commit message", func() *proofpb.StateProof {
			p := valid(signers(ms[0], ms[1])...)
			hdr := p.Header.Header
			sig, _ := ms[2].key.Sign(w.suite.CommitMessage("another-chain", hdr.Height, w.suite.HeaderHash(hdr), nil))
			p.Header.Signatures = append(p.Header.Signatures, &types.QuorumSignature{Signer: 3, Signature: sig})
			return p
		}, verify.ErrSignature},
		{"a signature over the block's hash without the commit domain", func() *proofpb.StateProof {
			p := valid(signers(ms[0], ms[1])...)
			bh := w.suite.HeaderHash(p.Header.Header)
			sig, _ := ms[2].key.Sign(bh[:])
			p.Header.Signatures = append(p.Header.Signatures, &types.QuorumSignature{Signer: 3, Signature: sig})
			return p
		}, verify.ErrSignature},
		{"a nil signature", func() *proofpb.StateProof {
			p := valid(signers(ms[0], ms[1], ms[2])...)
			p.Header.Signatures = append(p.Header.Signatures, nil)
			return p
		}, verify.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.v.State(tc.proof())
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var ve *verify.Error
			if !errors.As(err, &ve) || ve.Height != h && tc.want != verify.ErrMalformed {
				t.Fatalf("error %#v does not name height %d", err, h)
			}
		})
	}
}

// The quorum follows the size of the node set: ceil((n+f+1)/2) with
// f = floor((n-1)/3), written out here for each size rather than computed.
func TestSignedHeaderQuorumBySetSize(t *testing.T) {
	for _, tc := range []struct{ n, quorum int }{{1, 1}, {3, 2}, {5, 4}, {6, 4}, {7, 5}} {
		w, ms := newWorld(t, tc.n)
		cfg := w.config(1, ms...)
		proof := func(k int) *proofpb.StateProof {
			return w.stateProof(3, cfg, w.chain(3), "evid/doc", "x", signers(ms[:k]...)...)
		}
		if _, err := w.v.State(proof(tc.quorum)); err != nil {
			t.Errorf("%d nodes, %d signatures: %v", tc.n, tc.quorum, err)
		}
		if tc.quorum > 1 {
			if _, err := w.v.State(proof(tc.quorum - 1)); !errors.Is(err, verify.ErrQuorum) {
				t.Errorf("%d nodes, %d signatures: %v, want %v", tc.n, tc.quorum-1, err, verify.ErrQuorum)
			}
		}
	}
}

// What SignedHeader checks beside the signatures: the chain id, the height
// the configuration chain covers, and the configuration proven under the
// header's own state root.
func TestSignedHeaderChecksTheConfigurationInForce(t *testing.T) {
	w, ms := newWorld(t, 4)
	cfg := w.config(1, ms...)
	q := signers(ms[0], ms[1], ms[2])
	valid := func() *proofpb.StateProof { return w.stateProof(6, cfg, w.chain(6), "evid/doc", "v", q...) }
	if _, err := w.v.State(valid()); err != nil {
		t.Fatal(err)
	}
	// A configuration in force that adds a fifth node, under the header's
	// state root: the header is signed by four nodes, a quorum of both
	// sets, but the chain leaves out the change that made it.
	ms5 := append(slices.Clone(ms), w.member(5))
	cfg2 := w.config(2, ms5...)
	cases := []struct {
		name  string
		proof func() *proofpb.StateProof
		want  error
	}{
		{"header of another chain", func() *proofpb.StateProof {
			p := valid()
			p.Header.Header.ChainId = "another-chain"
			p.Header.Signatures = w.signed(p.Header.Header, q...).Signatures
			return p
		}, verify.ErrGenesis},
		{"header above the chain's height", func() *proofpb.StateProof {
			p := valid()
			p.ConfigChain.ToHeight = 5
			return p
		}, verify.ErrConfigChain},
		{"configuration proof missing", func() *proofpb.StateProof {
			p := valid()
			p.Config = nil
			return p
		}, verify.ErrMalformed},
		{"configuration proof without its tree proof", func() *proofpb.StateProof {
			p := valid()
			p.Config.Proof = nil
			return p
		}, verify.ErrMalformed},
		{"a change missing from the chain", func() *proofpb.StateProof {
			return w.stateProof(6, cfg2, w.chain(6), "evid/doc", "v", signers(ms...)...)
		}, verify.ErrConfig},
		{"configuration not under the state root", func() *proofpb.StateProof {
			p := valid()
			p.Config.Proof = w.prove(w.root(map[string][]byte{"config": []byte("something else")}), state.ConfigKey())
			return p
		}, verify.ErrConfig},
		{"the state after another block", func() *proofpb.StateProof {
			p := valid()
			p.Height = 4
			return p
		}, verify.ErrHeader},
		{"a value the state root does not hold", func() *proofpb.StateProof {
			p := valid()
			p.Value = []byte("w")
			return p
		}, verify.ErrStateProof},
		{"absence of a key that is present", func() *proofpb.StateProof {
			p := valid()
			p.Value = nil
			return p
		}, verify.ErrStateProof},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := w.v.State(tc.proof()); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// A configuration change is accepted only if more than f of the previous
// node set, with the keys it knows them by, signed the header that carries
// it. Each refused chain below is otherwise valid: its header is signed by
// a quorum of the new set and its configuration is under that header's
// state root, so only the vouching rule stands between it and acceptance.
func TestConfigChainNeedsVouchingByThePreviousSet(t *testing.T) {
	w, ms := newWorld(t, 4) // previous set: f = 1, so 2 vouchers needed
	n5, n6 := w.member(5), w.member(6)

	// Nodes 3 and 4 replaced by 5 and 6: the new set {1, 2, 5, 6} has
	// quorum 3.
	next := w.config(2, ms[0], ms[1], n5, n6)
	check := func(t *testing.T, ch *proofpb.ConfigChange) error {
		t.Helper()
		_, err := w.v.ConfigChain(w.chain(10, ch))
		return err
	}
	t.Run("vouched by two of the previous set", func(t *testing.T) {
		c, err := w.v.ConfigChain(w.chain(10, w.change(5, next, ms[0].as(), ms[1].as(), n5.as())))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.Changes(), []uint64{5}) {
			t.Fatalf("changes %v", c.Changes())
		}
		if cfg, ok := c.At(4); !ok || cfg.Version != 1 {
			t.Fatalf("configuration at 4: %+v", cfg)
		}
		if cfg, ok := c.At(5); !ok || cfg.Version != 2 || !slices.Equal(cfg.NodeIDs(), []uint64{1, 2, 5, 6}) {
			t.Fatalf("configuration at 5: %+v", cfg)
		}
		if _, ok := c.At(11); ok {
			t.Fatal("a configuration above the chain's height")
		}
	})
	t.Run("vouched by exactly f of the previous set", func(t *testing.T) {
		// 1, 5, 6: a quorum of the new set, one (= f) of the old.
		err := check(t, w.change(5, next, ms[0].as(), n5.as(), n6.as()))
		if !errors.Is(err, verify.ErrConfigChain) {
			t.Fatalf("got %v, want %v", err, verify.ErrConfigChain)
		}
	})
	t.Run("a wholly new set vouched by none", func(t *testing.T) {
		n7, n8 := w.member(7), w.member(8)
		fresh := w.config(2, n5, n6, n7, n8)
		err := check(t, w.change(5, fresh, n5.as(), n6.as(), n7.as(), n8.as()))
		if !errors.Is(err, verify.ErrConfigChain) {
			t.Fatalf("got %v, want %v", err, verify.ErrConfigChain)
		}
	})
	t.Run("every old node with a new key", func(t *testing.T) {
		// The same ids, keys the previous set does not know: the new set's
		// quorum signs, but none of it is vouched for by the old keys.
		var rekeyed []member
		for _, m := range ms {
			rekeyed = append(rekeyed, w.member(m.id))
		}
		cfg := w.config(2, rekeyed...)
		err := check(t, w.change(5, cfg, signers(rekeyed...)...))
		if !errors.Is(err, verify.ErrConfigChain) {
			t.Fatalf("got %v, want %v", err, verify.ErrConfigChain)
		}
	})
	t.Run("chained changes each vouched by its predecessor", func(t *testing.T) {
		// {1,2,3,4} -> {1,2,5,6} at 5 -> {1,5,6,7} at 9, the second change
		// vouched by 5 and 6 of the second set, who were not in the first.
		n7, n8, n9 := w.member(7), w.member(8), w.member(9)
		third := w.config(3, ms[0], n5, n6, n7)
		c, err := w.v.ConfigChain(w.chain(12,
			w.change(5, next, ms[0].as(), ms[1].as(), n5.as()),
			w.change(9, third, n5.as(), n6.as(), n7.as())))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.Changes(), []uint64{5, 9}) {
			t.Fatalf("changes %v", c.Changes())
		}
		// {1,7,8,9} at 9, signed by 1, 7 and 8: a quorum of the new set,
		// but only node 1 (= f) of the second set vouches.
		_, err = w.v.ConfigChain(w.chain(12,
			w.change(5, next, ms[0].as(), ms[1].as(), n5.as()),
			w.change(9, w.config(3, ms[0], n7, n8, n9), ms[0].as(), n7.as(), n8.as())))
		if !errors.Is(err, verify.ErrConfigChain) {
			t.Fatalf("second change vouched by f nodes: %v, want %v", err, verify.ErrConfigChain)
		}
	})
}

// The other rules of a configuration chain: it belongs to the trusted
// genesis, its changes come in order below its height, each change's
// header is of the right chain and height, its configuration decodes, is
// under the header's state root and has a higher version.
func TestConfigChainRules(t *testing.T) {
	w, ms := newWorld(t, 4)
	n5 := w.member(5)
	next := w.config(2, append(slices.Clone(ms), n5)...)
	all := signers(append(slices.Clone(ms), n5)...)
	good := func() *proofpb.ConfigChange { return w.change(5, next, all...) }
	if _, err := w.v.ConfigChain(w.chain(10, good())); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		chain func() *proofpb.ConfigChain
		want  error
	}{
		{"missing", func() *proofpb.ConfigChain { return nil }, verify.ErrMalformed},
		{"another chain id", func() *proofpb.ConfigChain {
			c := w.chain(10, good())
			c.ChainId = "another-chain"
			return c
		}, verify.ErrGenesis},
		{"another genesis", func() *proofpb.ConfigChain {
			c := w.chain(10, good())
			c.GenesisHash[0] ^= 1
			return c
		}, verify.ErrGenesis},
		{"a change without its proof", func() *proofpb.ConfigChain {
			ch := good()
			ch.Proof = nil
			return w.chain(10, ch)
		}, verify.ErrMalformed},
		{"a change at height 0", func() *proofpb.ConfigChain {
			return w.chain(10, w.change(0, next, all...))
		}, verify.ErrConfigChain},
		{"two changes at one height", func() *proofpb.ConfigChain {
			third := w.config(3, append(slices.Clone(ms), n5)...)
			return w.chain(10, good(), w.change(5, third, all...))
		}, verify.ErrConfigChain},
		{"a change above the chain's height", func() *proofpb.ConfigChain {
			return w.chain(4, good())
		}, verify.ErrConfigChain},
		{"a header at another height than the change", func() *proofpb.ConfigChain {
			ch := good()
			ch.Height = 6
			return w.chain(10, ch)
		}, verify.ErrHeader},
		{"a header of another chain", func() *proofpb.ConfigChain {
			ch := good()
			ch.Header.Header.ChainId = "another-chain"
			ch.Header = w.signed(ch.Header.Header, all...)
			return w.chain(10, ch)
		}, verify.ErrHeader},
		{"a configuration that does not decode", func() *proofpb.ConfigChain {
			ch := good()
			ch.Config = []byte("{not json")
			return w.chain(10, ch)
		}, verify.ErrConfigChain},
		{"an empty configuration", func() *proofpb.ConfigChain {
			ch := good()
			ch.Config = nil
			return w.chain(10, ch)
		}, verify.ErrConfigChain},
		{"a configuration the state root does not hold", func() *proofpb.ConfigChain {
			ch := good()
			// Same node set (the signatures still verify), another version.
			alt := next.Clone()
			alt.Version = 7
			ch.Config = alt.Encode()
			return w.chain(10, ch)
		}, verify.ErrConfigChain},
		{"a version that does not increase", func() *proofpb.ConfigChain {
			return w.chain(10, w.change(5, w.config(1, append(slices.Clone(ms), n5)...), all...))
		}, verify.ErrConfigChain},
		{"a change signed by a quorum of the old set but not of the new", func() *proofpb.ConfigChain {
			// New set of 5: quorum 4; three signatures vouch (f+1 = 2 of
			// the old) but do not certify.
			return w.chain(10, w.change(5, next, signers(ms[0], ms[1], ms[2])...))
		}, verify.ErrQuorum},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := w.v.ConfigChain(tc.chain()); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// A state proof after a membership change: the new set certifies the
// header; the old set alone does not, even with a quorum of its own.
func TestSignedHeaderUsesTheSetInForceAtItsHeight(t *testing.T) {
	w, ms := newWorld(t, 4)
	n5, n6 := w.member(5), w.member(6)
	next := w.config(2, ms[0], ms[1], n5, n6)
	cc := w.chain(10, w.change(5, next, ms[0].as(), ms[1].as(), n5.as()))
	p := w.stateProof(8, next, cc, "evid/doc", "v", ms[0].as(), n5.as(), n6.as())
	st, err := w.v.State(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Certified.Signers, []uint64{1, 5, 6}) || st.Certified.Config.Version != 2 {
		t.Fatalf("certified by %v under version %d", st.Certified.Signers, st.Certified.Config.Version)
	}
	// Nodes 1, 2, 3: a quorum of the genesis set, but 3 is out at 8.
	p = w.stateProof(8, next, proto.Clone(cc).(*proofpb.ConfigChain), "evid/doc", "v", signers(ms[0], ms[1], ms[2])...)
	if _, err := w.v.State(p); !errors.Is(err, verify.ErrSignature) {
		t.Fatalf("the old set after the change: %v, want %v", err, verify.ErrSignature)
	}
	// Before the change, the genesis set certifies.
	p = w.stateProof(4, w.config(1, ms...), proto.Clone(cc).(*proofpb.ConfigChain), "evid/doc", "v", signers(ms[1], ms[2], ms[3])...)
	if _, err := w.v.State(p); err != nil {
		t.Fatalf("the genesis set before the change: %v", err)
	}
}
