package evm

import (
	"encoding/hex"
	"testing"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
)

// bn256PairingJeff1 is go-ethereum's test vector "jeff1" for the ecPairing
// precompile (core/vm/testdata/precompiles/bn256Pairing.json): two pairs,
// 113000 gas, a successful check.
const bn256PairingJeff1 = "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"

// benchPrecompile runs p on input b.N times and reports the gas it charges
// and the gas per second of CPU time that makes (Mgas/s), the figure the
// confidential system contracts are priced by: see
// .notes/confidential-evm.md.
func benchPrecompile(b *testing.B, p vm.PrecompiledContract, input []byte, wantOK bool) {
	b.Helper()
	gas := p.RequiredGas(input)
	out, err := p.Run(input) // warm up (and derive the generators once)
	if (err == nil) != wantOK {
		b.Fatalf("%s: %v %x", p.Name(), err, out)
	}
	b.ResetTimer()
	for b.Loop() {
		p.Run(input)
	}
	b.ReportMetric(float64(gas), "gas")
	b.ReportMetric(float64(gas)/(float64(b.Elapsed().Nanoseconds())/float64(b.N))*1e3, "Mgas/s")
}

func systemContractAt(b *testing.B, a common.Address) vm.PrecompiledContract {
	for _, sc := range (&message{}).systemContracts() {
		if sc.addr == a {
			return sc
		}
	}
	b.Fatalf("no system contract at %x", a)
	return nil
}

// BenchmarkPrecompileReference measures go-ethereum's ecrecover and
// ecPairing (two pairs) in this process, the reference for the gas per
// second of the confidential system contracts.
func BenchmarkPrecompileReference(b *testing.B) {
	pcs := vm.PrecompiledContractsCancun
	b.Run("ecrecover", func(b *testing.B) {
		key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
		h := crypto.Keccak256([]byte("bench"))
		sig, err := crypto.Sign(h, key)
		if err != nil {
			b.Fatal(err)
		}
		input := make([]byte, 128)
		copy(input, h)
		input[63] = sig[64] + 27
		copy(input[64:], sig[:64])
		benchPrecompile(b, pcs[common.BytesToAddress([]byte{1})], input, true)
	})
	b.Run("ecPairing-2", func(b *testing.B) {
		input, _ := hex.DecodeString(bn256PairingJeff1)
		benchPrecompile(b, pcs[common.BytesToAddress([]byte{8})], input, true)
	})
}

// BenchmarkConfidentialSystemContracts measures the confidential system
// contracts' Run (ABI decoding included) on valid calls, and reports the
// gas they charge and the gas per second that makes.
func BenchmarkConfidentialSystemContracts(b *testing.B) {
	ctx := []byte("causeway/bench")
	b.Run("verifyCommitment", func(b *testing.B) {
		o, _ := confidential.NewOpening(12345)
		in, _ := SystemABI.Pack("verifyCommitment", [32]byte(o.Commitment().Bytes()), o.Value, [32]byte(o.Blinding.Bytes()))
		benchPrecompile(b, systemContractAt(b, VerifyCommitmentAddress), in, true)
	})
	for _, m := range []int{1, 2, 4, 8} {
		b.Run("verifyRange-"+string(rune('0'+m)), func(b *testing.B) {
			values := make([]uint64, m)
			blindings := make([]confidential.Scalar, m)
			for i := range values {
				values[i] = uint64(i+1) * 0x0123456789abcdef
				blindings[i], _ = confidential.RandomScalar()
			}
			p, cs, err := confidential.ProveRange(values, blindings, ctx)
			if err != nil {
				b.Fatal(err)
			}
			pb, _ := p.MarshalBinary()
			in, _ := SystemABI.Pack("verifyRange", commitmentWords(cs), pb, ctx)
			benchPrecompile(b, systemContractAt(b, VerifyRangeAddress), in, true)
		})
	}
	for _, n := range []int{2, 16} {
		b.Run("verifyBalance-"+map[int]string{2: "2x2", 16: "16x16"}[n], func(b *testing.B) {
			ins, outs := make([]confidential.Opening, n), make([]confidential.Opening, n)
			for i := range ins {
				ins[i], _ = confidential.NewOpening(uint64(100 + i))
				outs[i], _ = confidential.NewOpening(uint64(100 + i))
			}
			p, err := confidential.ProveBalance(ins, outs, 0, ctx)
			if err != nil {
				b.Fatal(err)
			}
			pb, _ := p.MarshalBinary()
			in, _ := SystemABI.Pack("verifyBalance", openingWords(ins), openingWords(outs), uint64(0), pb, ctx)
			benchPrecompile(b, systemContractAt(b, VerifyBalanceAddress), in, true)
		})
	}
	b.Run("addCommitments", func(b *testing.B) {
		x, _ := confidential.NewOpening(1)
		y, _ := confidential.NewOpening(2)
		in, _ := SystemABI.Pack("addCommitments", [32]byte(x.Commitment().Bytes()), [32]byte(y.Commitment().Bytes()))
		benchPrecompile(b, systemContractAt(b, AddCommitmentsAddress), in, true)
	})
	b.Run("subCommitments", func(b *testing.B) {
		x, _ := confidential.NewOpening(1)
		y, _ := confidential.NewOpening(2)
		in, _ := SystemABI.Pack("subCommitments", [32]byte(x.Commitment().Bytes()), [32]byte(y.Commitment().Bytes()))
		benchPrecompile(b, systemContractAt(b, SubCommitmentsAddress), in, true)
	})
}

// commitmentWords returns the commitments' encodings as ABI bytes32 values.
func commitmentWords(cs []confidential.Commitment) [][32]byte {
	out := make([][32]byte, len(cs))
	for i, c := range cs {
		out[i] = [32]byte(c.Bytes())
	}
	return out
}

// openingWords returns the encodings of the openings' commitments.
func openingWords(os []confidential.Opening) [][32]byte {
	out := make([][32]byte, len(os))
	for i, o := range os {
		out[i] = [32]byte(o.Commitment().Bytes())
	}
	return out
}
