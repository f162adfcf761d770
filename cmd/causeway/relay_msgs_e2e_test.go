package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"math/big"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	ethcrypto "github.com/ethereum/go-ethereum/crypto"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/messagebox"
	"github.com/causeway/causeway/types"
)

var relayMsgs = flag.Int("relay.msgs", 100, "ordered and unordered messages each in TestRelayMessagesCLI")

// Contract messages carried by `causeway relay` processes (issue 13, must
// be shown 1 and 3): `up --chains 2`; a MessageBox on each chain, the pair
// authorised on both by `crosschain messages authorize` and votes; A's
// contract sends N ordered and N unordered atomic messages in six rounds;
// in each round a relayer process is started, must deliver something, and
// is killed with SIGKILL; from the fourth round a second relayer runs
// beside it to the end. Then: B's contract received exactly N ordered and
// N unordered messages, the ordered ones in send order (its hash chain
// equals the one computed here), B keeps a success marker for every
// message, A's contract counted 2N success acknowledgements and every
// message's status on A is ack_success; the second relayer's /metrics and
// status lines show messages and acknowledgements carried, none pending,
// no error; SIGTERM stops both with exit 0. N is -relay.msgs (default 100).
func TestRelayMessagesCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	n := *relayMsgs
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "chains")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	c.must("up", "--chains", "2", "--dir", dir, "--base-port", "0")
	dirA, dirB := filepath.Join(dir, "chain-a"), filepath.Join(dir, "chain-b")
	netA, netB := filepath.Join(dirA, "network.json"), filepath.Join(dirB, "network.json")

	art, _ := filepath.Abs("../../contracts/artifacts/MessageBox.json")
	deploy := func(d string) string {
		t.Helper()
		var out struct {
			Address string `json:"contract_address"`
		}
		if err := json.Unmarshal([]byte(c.must("contract", "deploy", art, "--network", d, "-o", "json")), &out); err != nil || out.Address == "" {
			t.Fatalf("deploy: %v", err)
		}
		return strings.TrimPrefix(out.Address, "0x")
	}
	boxA, boxB := deploy(netA), deploy(netB)
	pass := func(d string, args ...string) {
		t.Helper()
		var prop struct {
			ID string `json:"id"`
		}
		out := c.must(append(args, "--network", d, "--org", "org1", "-o", "json")...)
		if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		c.must("gov", "vote", prop.ID, "--network", d, "--org", "org2")
		c.must("gov", "vote", prop.ID, "--network", d, "--org", "org3")
	}
	pass(netA, "crosschain", "messages", "authorize", "chain-b", boxA, boxB)
	pass(netB, "crosschain", "messages", "authorize", "chain-a", boxB, boxA)

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dial := func(d string) (*sdk.Client, *sdk.Network) {
		nw, err := sdk.LoadNetwork(filepath.Join(d, "network.json"))
		if err != nil {
			t.Fatal(err)
		}
		cl, err := sdk.DialNetwork(ctx, nw, nw.Orgs[0].Name, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cl.Close() })
		return cl, nw
	}
	ca, nwA := dial(dirA)
	cb, _ := dial(dirB)
	key, err := crypto.LoadKey(nwA.Orgs[1].Account.Key)
	if err != nil {
		t.Fatal(err)
	}
	user := sdk.Account{Name: nwA.Orgs[1].Account.Name, Signer: key, Suite: nwA.Suite()}
	addrA, _ := hex.DecodeString(boxA)
	addrB, _ := hex.DecodeString(boxB)
	box := messagebox.NewMessageBox()
	query := func(cl *sdk.Client, to []byte, input []byte) []byte {
		t.Helper()
		r, err := cl.QueryContract(ctx, "", to, input, 0)
		if err != nil || r.ErrorCode != "" {
			t.Fatalf("query: %v %v", r, err)
		}
		return r.ReturnData
	}
	num := func(b []byte) uint64 { return new(big.Int).SetBytes(b).Uint64() }
	received := func() uint64 {
		return num(query(cb, addrB, box.PackOrderedReceived())) + num(query(cb, addrB, box.PackUnorderedReceived()))
	}
	sent0, err := ca.MessagesSent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// sendMany of k messages ("o"/"u" then the index as 8 big-endian bytes).
	sendMany := func(ordered bool, from, k int) {
		t.Helper()
		prefix := []byte("u")
		if ordered {
			prefix = []byte("o")
		}
		tx, err := user.CallContractTx(sdk.TxOptions{ChainID: "chain-a"}, addrA, box.PackSendMany("chain-b", types.AddressID(addrB), ordered, prefix, uint64(from), uint64(k)), uint64(300_000*k+300_000), 0)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := ca.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("sendMany: %v %v", r, err)
		}
	}

	type proc struct {
		cmd       *exec.Cmd
		out, errb *bytes.Buffer
	}
	start := func(metrics string) *proc {
		cmd := exec.Command(bin, "relay", "--network", dirA, "--remote", dirB, "--interval", "100ms", "--max-backoff", "2s",
			"--metrics", metrics, "--status-every", "1s", "-o", "json", "--log-level", "info")
		cmd.Env = c.env
		p := &proc{cmd: cmd, out: &bytes.Buffer{}, errb: &bytes.Buffer{}}
		cmd.Stdout, cmd.Stderr = p.out, p.errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		return p
	}
	freeAddr := func() string {
		a, err := consortium.FreeAddr("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}

	// Six rounds: send a sixth of each kind, start relayer 1, wait until
	// B received more than before, SIGKILL it after a random moment.
	const rounds = 6
	m2 := freeAddr()
	var second *proc
	sentO, sentU := 0, 0
	var kills []uint64
	for i := range rounds {
		k := (n*(i+1))/rounds - sentO
		for j := 0; j < k; j += 50 { // at most 50 per transaction (its gas limit)
			sendMany(true, sentO+j, min(50, k-j))
			sendMany(false, sentU+j, min(50, k-j))
		}
		sentO, sentU = sentO+k, sentU+k
		if i == 3 {
			second = start(m2)
		}
		before := received()
		first := start(freeAddr())
		deadline := time.Now().Add(60 * time.Second)
		for received() <= before {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: B's contract stays at %d messages\n%s%s", i, before, first.out, first.errb)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(time.Duration(rand.IntN(700)) * time.Millisecond)
		if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = first.cmd.Wait()
		kills = append(kills, received())
	}
	t.Logf("messages received on B at each SIGKILL: %v", kills)
	first := start(freeAddr())

	// Everything arrives, and is acknowledged.
	want := uint64(2 * n)
	deadline := time.Now().Add(3 * time.Minute)
	for received() < want || num(query(ca, addrA, box.PackAcksOK())) < want {
		if time.Now().After(deadline) {
			t.Fatalf("B received %d/%d, A counted %d acknowledgements\nrelayer 2:\n%s%s", received(), want, num(query(ca, addrA, box.PackAcksOK())), second.out, second.errb)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // the relayers' last rounds
	if o, u := num(query(cb, addrB, box.PackOrderedReceived())), num(query(cb, addrB, box.PackUnorderedReceived())); o != uint64(n) || u != uint64(n) {
		t.Fatalf("B's contract received %d ordered and %d unordered messages, want %d each (exactly once)", o, u, n)
	}
	var chain common.Hash
	for i := range n {
		chain = ethcrypto.Keccak256Hash(chain[:], append([]byte("o"), binary.BigEndian.AppendUint64(nil, uint64(i))...))
	}
	if got := common.BytesToHash(query(cb, addrB, box.PackOrderedChain())); got != chain {
		t.Fatalf("B's hash chain of ordered deliveries %x, want %x (the send order)", got, chain)
	}
	if acks, errs := num(query(ca, addrA, box.PackAcksOK())), num(query(ca, addrA, box.PackAcksError())); acks != want || errs != 0 {
		t.Fatalf("A's contract counted %d success and %d error acknowledgements, want %d and 0", acks, errs, want)
	}
	sent, err := ca.MessagesSent(ctx)
	if err != nil || sent-sent0 != want {
		t.Fatalf("A sent %d messages, want %d (%v)", sent-sent0, want, err)
	}
	for nonce := sent0; nonce < sent; nonce++ {
		id := types.SDPMessageID(nwA.Suite(), "chain-a", nonce)
		rec, err := cb.ReceivedMessage(ctx, "chain-a", id)
		if err != nil || rec.Result != types.ReceiveResult_RECEIVE_SUCCESS {
			t.Fatalf("message %d on B: %v %v", nonce, rec, err)
		}
		st, err := ca.SentMessage(ctx, id)
		if err != nil || st.State != types.MessageState_MESSAGE_ACK_SUCCESS {
			t.Fatalf("message %d on A: %v %v", nonce, st, err)
		}
	}
	// The CLI shows the same for the last one.
	var status struct {
		State string `json:"state"`
	}
	lastID := types.SDPMessageID(nwA.Suite(), "chain-a", sent-1).String()
	if err := json.Unmarshal([]byte(c.must("crosschain", "messages", "status", lastID, "--network", netA, "-o", "json")), &status); err != nil || status.State != "ack_success" {
		t.Fatalf("status of %s on A: %v %+v", lastID, err, status)
	}

	// The second relayer's metrics: it carried messages and acks, nothing
	// is pending, no error.
	resp, err := http.Get("http://" + m2 + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	samples := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "causeway_relay_") {
			i := strings.LastIndexByte(line, ' ')
			v, err := strconv.ParseFloat(line[i+1:], 64)
			if err != nil {
				t.Fatalf("metric line %q", line)
			}
			samples[line[:i]] = v
		}
	}
	ab, ba := `{path="chain-a->chain-b"}`, `{path="chain-b->chain-a"}`
	for _, name := range []string{"causeway_relay_messages_delivered_total" + ab, "causeway_relay_acks_total" + ba, "causeway_relay_messages_pending" + ab,
		`causeway_relay_carried_total{carrier="messages",path="chain-a->chain-b"}`, `causeway_relay_submit_seconds_count{carrier="messages",path="chain-a->chain-b"}`} {
		if _, ok := samples[name]; !ok {
			t.Errorf("no metric %s in\n%s", name, body)
		}
	}
	if samples["causeway_relay_messages_pending"+ab] != 0 {
		t.Errorf("messages_pending %v after everything was delivered", samples["causeway_relay_messages_pending"+ab])
	}
	if samples["causeway_relay_messages_delivered_total"+ab] == 0 || samples["causeway_relay_messages_delivered_total"+ab] > float64(want) {
		t.Errorf("relayer 2 delivered %v messages of %d", samples["causeway_relay_messages_delivered_total"+ab], want)
	}
	for k, v := range samples {
		if strings.HasPrefix(k, "causeway_relay_errors_total") && v > 0 {
			t.Errorf("errors counted: %s %v", k, v)
		}
	}
	t.Logf("relayer 2: delivered %v, acks %v, refusals %v", samples["causeway_relay_messages_delivered_total"+ab], samples["causeway_relay_acks_total"+ba],
		samples[`causeway_relay_refusals_total{code="already_received",path="chain-a->chain-b"}`])

	for _, p := range []*proc{first, second} {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("relayer after SIGTERM: %v\n%s", err, p.errb)
		}
	}
	var lines int
	var last struct {
		Path      string            `json:"path"`
		Delivered *uint64           `json:"messages_delivered"`
		Pending   *uint64           `json:"messages_pending"`
		Errors    map[string]uint64 `json:"errors"`
	}
	sc := bufio.NewScanner(second.out)
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil || last.Path == "" || last.Delivered == nil || last.Pending == nil {
			t.Fatalf("status line %q: %v", sc.Text(), err)
		}
		lines++
	}
	if lines < 2 || len(last.Errors) != 0 {
		t.Fatalf("%d status lines, the last %+v", lines, last)
	}
}
