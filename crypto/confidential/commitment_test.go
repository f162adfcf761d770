package confidential

import (
	"bytes"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/gtank/ristretto255"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustScalarHex(t testing.TB, s string) Scalar {
	t.Helper()
	r, err := DecodeScalar(mustHex(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The generators, fixed forever by their labels: changing a label, the
// hash, the index encoding or the map to the group changes every
// commitment, so these hex strings must never change.
var generatorVectors = []struct {
	name string
	got  func(*generatorSet) *ristretto255.Element
	hex  string
}{
	{"G", func(g *generatorSet) *ristretto255.Element { return g.G }, "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"},
	{"H", func(g *generatorSet) *ristretto255.Element { return g.H }, "2c843675cbc31d003d711bb49ae2f68c1d4fc2d3ef1a0d98be72d361e156b174"},
	{"Q", func(g *generatorSet) *ristretto255.Element { return g.Q }, "1ac35e5d43ad691e489e5574f55120e90cf2b74859cf7dccc489fadee5201444"},
	{"G_0", func(g *generatorSet) *ristretto255.Element { return g.Gi[0] }, "8855cb84fae27feceb4259d2098fc452ab74f7f5febf8cc09487b02742d8db58"},
	{"H_0", func(g *generatorSet) *ristretto255.Element { return g.Hi[0] }, "84b1ecf531bd087793196b86b0d0a17ca199ed48dd828fbb01cbbf012238652b"},
	{"G_1", func(g *generatorSet) *ristretto255.Element { return g.Gi[1] }, "92532be8a82f0f7deb1e34718911f5046d276c1fc643f50595a182f3d6b35662"},
	{"H_1", func(g *generatorSet) *ristretto255.Element { return g.Hi[1] }, "6e16607d4d80e00eda2acb728dab668c46505c9b8023c0cecba39cf7fee0cf15"},
	{"G_511", func(g *generatorSet) *ristretto255.Element { return g.Gi[511] }, "def4ddb6a32c0b34b10071f1aad7813ac2cd5f1131560a3a29bd321fd081b609"},
	{"H_511", func(g *generatorSet) *ristretto255.Element { return g.Hi[511] }, "d4c35919f360f22755e5a05c4263a7ba82c5e40797f38dc862d25b6efff24218"},
}

func TestGeneratorVectors(t *testing.T) {
	g := generators()
	for _, v := range generatorVectors {
		if got := elementHex(v.got(g)); got != v.hex {
			t.Errorf("%s = %s, want %s", v.name, got, v.hex)
		}
	}
	// G is the ristretto255 base point of RFC 9496 (its encoding is given
	// there, §4.4 / A.1).
	if elementHex(g.G) != "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76" {
		t.Error("G is not the RFC 9496 generator")
	}
	if len(g.Gi) != 512 || len(g.Hi) != 512 {
		t.Fatalf("%d G_i and %d H_i, want 512 each", len(g.Gi), len(g.Hi))
	}
}

// derive recomputes a generator directly from its documented definition:
// the RFC 9496 element derivation of SHA-512(label [|| uint32 BE index]).
func derive(label string, index int) *ristretto255.Element {
	msg := []byte(label)
	if index >= 0 {
		msg = binary.BigEndian.AppendUint32(msg, uint32(index))
	}
	d := sha512.Sum512(msg)
	e, err := ristretto255.NewIdentityElement().SetUniformBytes(d[:])
	if err != nil {
		panic(err)
	}
	return e
}

// TestGeneratorsFollowTheirDefinition recomputes every generator from the
// labels as written in the documentation, and checks they are all distinct
// and none is the identity (two equal generators would make commitments
// non-binding).
func TestGeneratorsFollowTheirDefinition(t *testing.T) {
	g := generators()
	if g.H.Equal(derive("causeway/confidential/v1/H", -1)) != 1 {
		t.Error("H does not follow its definition")
	}
	if g.Q.Equal(derive("causeway/confidential/v1/Q", -1)) != 1 {
		t.Error("Q does not follow its definition")
	}
	seen := map[string]string{elementHex(g.G): "G", elementHex(g.H): "H", elementHex(g.Q): "Q"}
	if len(seen) != 3 {
		t.Fatal("G, H, Q are not distinct")
	}
	for i := 0; i < 512; i++ {
		if g.Gi[i].Equal(derive("causeway/confidential/v1/G_i", i)) != 1 {
			t.Fatalf("G_%d does not follow its definition", i)
		}
		if g.Hi[i].Equal(derive("causeway/confidential/v1/H_i", i)) != 1 {
			t.Fatalf("H_%d does not follow its definition", i)
		}
		for _, e := range []struct {
			name string
			p    *ristretto255.Element
		}{{"G_i", g.Gi[i]}, {"H_i", g.Hi[i]}} {
			h := elementHex(e.p)
			if prev, dup := seen[h]; dup {
				t.Fatalf("%s %d equals %s", e.name, i, prev)
			}
			seen[h] = e.name
		}
	}
	if _, ok := seen[elementHex(ristretto255.NewIdentityElement())]; ok {
		t.Fatal("a generator is the identity")
	}
}

// Golden commitments. r1 and r2 are SHA-512("causeway/confidential/test/r1")
// and ".../r2" reduced modulo ℓ.
const (
	goldenR1 = "916f85b5b7eddc096b3938a225e23776ccde43cce9d37b0e59b096938ae7e008"
	goldenR2 = "91cee61a043abf208a1628871c47c204361d8fe824435840732995801a9bae0d"
	zeroHex  = "0000000000000000000000000000000000000000000000000000000000000000"
)

var commitVectors = []struct {
	v    uint64
	r    string
	want string
}{
	{0, zeroHex, zeroHex},
	{1, zeroHex, "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"},
	{0, goldenR1, "dae6f1cc26041af9ea4533f61ca48806eff742a2caee61e07546a36448471a3d"},
	{1, goldenR1, "e20550c46796d90f5c5d8d593b031f23fa30399b4d9e421426604297abec4922"},
	{1000000, goldenR1, "e0a01a4611a8952cb02e3ce6bd3e642091d5a1ff15424ec0cd7f8c9ba7c58f31"},
	{1<<64 - 1, goldenR2, "bedfcf101351d5c25ad42cf15ae515814cf68e7e9e2d2255267fa81568269a60"},
	{1 << 63, goldenR2, "8ed27c4c4a275dff3a0c3e733176b9ae879101fcedce8b1d956e7c17252e3433"},
}

func TestCommitVectors(t *testing.T) {
	for _, h := range []struct{ name, want string }{{"r1", goldenR1}, {"r2", goldenR2}} {
		d := sha512.Sum512([]byte("causeway/confidential/test/" + h.name))
		s, _ := ristretto255.NewScalar().SetUniformBytes(d[:])
		if got := hex.EncodeToString(s.Bytes()); got != h.want {
			t.Fatalf("%s = %s, want %s", h.name, got, h.want)
		}
	}
	for _, v := range commitVectors {
		c := Commit(v.v, mustScalarHex(t, v.r))
		if c.String() != v.want {
			t.Errorf("Commit(%d, %s) = %s, want %s", v.v, v.r, c, v.want)
		}
		d, err := DecodeCommitment(mustHex(t, v.want))
		if err != nil || !d.Equal(c) {
			t.Errorf("DecodeCommitment(%s) = %v, %v", v.want, d, err)
		}
	}
}

// TestCommitIndependently checks the convention v·G + r·H with direct
// ristretto255 operations: Commit(0, r) = r·H, Commit(v, 0) = v·G, and
// Commit(v, r) is their sum.
func TestCommitIndependently(t *testing.T) {
	H := derive("causeway/confidential/v1/H", -1)
	rng := seeded(1)
	for i := 0; i < 20; i++ {
		r := testScalar(t, rng)
		var vb [32]byte
		v := uint64(i)*0x9e3779b97f4a7c15 + uint64(i)
		binary.LittleEndian.PutUint64(vb[:], v)
		vs, err := ristretto255.NewScalar().SetCanonicalBytes(vb[:])
		if err != nil {
			t.Fatal(err)
		}
		rs, err := ristretto255.NewScalar().SetCanonicalBytes(r.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		rH := ristretto255.NewIdentityElement().ScalarMult(rs, H)
		vG := ristretto255.NewIdentityElement().ScalarBaseMult(vs)
		if !bytes.Equal(Commit(0, r).Bytes(), rH.Bytes()) {
			t.Fatal("Commit(0, r) != r·H")
		}
		if !bytes.Equal(Commit(v, Scalar{}).Bytes(), vG.Bytes()) {
			t.Fatal("Commit(v, 0) != v·G")
		}
		sum := ristretto255.NewIdentityElement().Add(vG, rH)
		if !bytes.Equal(Commit(v, r).Bytes(), sum.Bytes()) {
			t.Fatal("Commit(v, r) != v·G + r·H")
		}
		if !(Opening{Value: v, Blinding: r}).Commitment().Equal(Commit(v, r)) {
			t.Fatal("Opening.Commitment disagrees with Commit")
		}
	}
}

// TestHomomorphism: commitments add and subtract as their values and
// blindings do.
func TestHomomorphism(t *testing.T) {
	rng := seeded(2)
	var buf [8]byte
	u64 := func() uint64 { rng.Read(buf[:]); return binary.LittleEndian.Uint64(buf[:]) }
	for i := 0; i < 100; i++ {
		a, b := u64()>>1, u64()>>1 // a+b < 2^64
		if b > a {
			a, b = b, a
		}
		r1, r2 := testScalar(t, rng), testScalar(t, rng)
		ca, cb := Commit(a, r1), Commit(b, r2)
		if !ca.Add(cb).Equal(Commit(a+b, r1.Add(r2))) {
			t.Fatal("Commit(a,r1)+Commit(b,r2) != Commit(a+b, r1+r2)")
		}
		if !ca.Sub(cb).Equal(Commit(a-b, r1.Sub(r2))) {
			t.Fatal("Commit(a,r1)-Commit(b,r2) != Commit(a-b, r1-r2)")
		}
		if !ca.AddValue(b).Equal(Commit(a+b, r1)) || !ca.SubValue(b).Equal(Commit(a-b, r1)) {
			t.Fatal("AddValue/SubValue")
		}
		if !Sum(ca, cb, Commit(7, Scalar{})).Equal(Commit(a+b+7, SumScalars(r1, r2))) {
			t.Fatal("Sum")
		}
		if ca.Add(cb).Equal(Commit(a+b+1, r1.Add(r2))) {
			t.Fatal("a commitment to a+b equals one to a+b+1")
		}
	}
	if !Sum().Equal(Commitment{}) || !Sum().Equal(Commit(0, Scalar{})) {
		t.Fatal("the empty sum is not the identity")
	}
}

// TestWraparound documents that values add modulo ℓ, not 2^64.
func TestWraparound(t *testing.T) {
	rng := seeded(3)
	r, s := testScalar(t, rng), testScalar(t, rng)
	max := uint64(1<<64 - 1)
	sum := Commit(max, r).Add(Commit(1, s))
	if sum.Equal(Commit(0, r.Add(s))) {
		t.Fatal("the sum wrapped modulo 2^64")
	}
	two64 := ScalarFromUint64(1 << 32).Mul(ScalarFromUint64(1 << 32))
	rs := r.Add(s)
	want := Commitment{p: commitElement(&two64.s, &rs.s)}
	if !sum.Equal(want) {
		t.Fatal("Commit(2^64-1) + Commit(1) is not a commitment to 2^64")
	}
	// 1 − 2 = −1 = ℓ − 1.
	diff := Commit(1, r).Sub(Commit(2, s))
	minusOne := ScalarFromUint64(1).Neg()
	rd := r.Sub(s)
	if !diff.Equal(Commitment{p: commitElement(&minusOne.s, &rd.s)}) {
		t.Fatal("Commit(1) - Commit(2) is not a commitment to ℓ-1")
	}
	if !Commit(0, r).SubValue(1).Equal(Commitment{p: commitElement(&minusOne.s, &r.s)}) {
		t.Fatal("SubValue below zero is not a commitment to ℓ-1")
	}
}

// Encodings from RFC 9496 Appendix A.2 that must be refused, plus the
// encoding of the identity + p.
var badElementEncodings = []string{
	// non-canonical field encodings
	"00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	// negative field elements
	"0100000000000000000000000000000000000000000000000000000000000000",
	"01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
	// non-square x^2
	"26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
	"4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
	// negative xy value
	"3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
	// s = -1, which causes y = 0
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
}

func TestDecodeCommitmentRefusesNonCanonical(t *testing.T) {
	for _, h := range badElementEncodings {
		_, err := DecodeCommitment(mustHex(t, h))
		if !errors.Is(err, ErrNonCanonical) || !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeCommitment(%s) = %v, want ErrNonCanonical and ErrMalformed", h, err)
		}
		var c Commitment
		if err := c.UnmarshalBinary(mustHex(t, h)); err == nil {
			t.Errorf("UnmarshalBinary(%s) accepted", h)
		}
	}
	good := Commit(5, ScalarFromUint64(9))
	for _, n := range []int{0, 1, 31, 33, 64} {
		b := make([]byte, n)
		copy(b, good.Bytes())
		if _, err := DecodeCommitment(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%d-byte commitment: %v, want ErrMalformed", n, err)
		}
	}
	var c Commitment
	if err := c.UnmarshalBinary(good.Bytes()); err != nil || !c.Equal(good) {
		t.Fatalf("round trip: %v", err)
	}
	if err := c.UnmarshalBinary([]byte{1}); err == nil || !c.Equal(good) {
		t.Fatal("a failed UnmarshalBinary changed the commitment")
	}
}

// ℓ in little-endian hex.
const ellHex = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"

func TestDecodeScalarRefusesNonCanonical(t *testing.T) {
	for _, h := range []string{
		ellHex, // ℓ
		"eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010", // ℓ + 1
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // 2^256 − 1
		"0000000000000000000000000000000000000000000000000000000000000080", // 2^255
	} {
		_, err := DecodeScalar(mustHex(t, h))
		if !errors.Is(err, ErrNonCanonical) || !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeScalar(%s) = %v, want ErrNonCanonical", h, err)
		}
	}
	lm1, err := DecodeScalar(mustHex(t, "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"))
	if err != nil || !lm1.Equal(ScalarFromUint64(1).Neg()) {
		t.Fatalf("ℓ − 1: %v", err)
	}
	for _, n := range []int{0, 31, 33, 64} {
		if _, err := DecodeScalar(make([]byte, n)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%d-byte scalar: %v", n, err)
		}
	}
	r := testScalar(t, seeded(4))
	var s Scalar
	if err := s.UnmarshalBinary(r.Bytes()); err != nil || !s.Equal(r) {
		t.Fatal("scalar round trip")
	}
	if ScalarFromUint64(0).IsZero() != true || r.IsZero() || !r.Sub(r).IsZero() || !r.Add(r.Neg()).IsZero() {
		t.Fatal("scalar arithmetic")
	}
	if !r.Mul(ScalarFromUint64(2)).Equal(r.Add(r)) {
		t.Fatal("Mul")
	}
}

func TestRandomScalars(t *testing.T) {
	a, err := RandomScalar()
	if err != nil {
		t.Fatal(err)
	}
	b, err := RandomScalar()
	if err != nil {
		t.Fatal(err)
	}
	if a.Equal(b) || a.IsZero() {
		t.Fatal("RandomScalar repeats")
	}
	o1, err := NewOpening(5)
	if err != nil {
		t.Fatal(err)
	}
	o2, _ := NewOpening(5)
	if o1.Commitment().Equal(o2.Commitment()) {
		t.Fatal("two openings of 5 commit to the same point: the blinding is not random")
	}
	if _, err := randomScalar(bytes.NewReader(make([]byte, 10))); !errors.Is(err, ErrRandomness) {
		t.Fatalf("short randomness: %v", err)
	}
}
