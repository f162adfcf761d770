package consortium

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// NodeProcess is one node's process files in a consortium folder.
type NodeProcess struct {
	ID      uint64
	Config  string
	Dir     string
	PIDFile string
	LogFile string
	// Join starts the node with --join: an org's node that joins a
	// running consortium (it syncs and waits to be admitted).
	Join bool
}

// Processes lists the node processes of the consortium in dir.
func Processes(dir string) ([]NodeProcess, error) {
	nw, err := sdk.LoadNetwork(filepath.Join(dir, NetworkFile))
	if err != nil {
		return nil, err
	}
	var out []NodeProcess
	for _, n := range nw.Nodes {
		nd := filepath.Join(nw.Dir, "nodes", fmt.Sprintf("node%d", n.ID))
		if _, err := os.Stat(nd); err != nil {
			// A node an org brought when it joined (PrepareJoin) lives
			// in that org's folder, under orgs/ORG/nodes.
			if alt := filepath.Join(nw.Dir, "orgs", n.Org, "nodes", fmt.Sprintf("node%d", n.ID)); dirExists(alt) {
				nd = alt
			}
		}
		out = append(out, NodeProcess{ID: n.ID, Config: filepath.Join(nd, "node.json"), Dir: nd,
			PIDFile: filepath.Join(nd, "node.pid"), LogFile: filepath.Join(nd, "node.log")})
	}
	return out, nil
}

// PID returns the running process of p, or 0. Without a usable pid file
// (a `causeway up` killed between starting the node and writing the file) it
// looks for the node's process by its command line.
func (p NodeProcess) PID() int {
	b, err := os.ReadFile(p.PIDFile)
	if err != nil {
		return p.findProcess()
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return p.findProcess()
	}
	if syscall.Kill(pid, 0) != nil {
		return 0
	}
	// A recycled pid may belong to another program: check its command line.
	cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err == nil && !strings.Contains(string(cmd), p.Config) {
		return 0
	}
	return pid
}

// findProcess returns a running `causeway node start --config <p.Config>`
// process, or 0.
func (p NodeProcess) findProcess() int {
	want := "\x00node\x00start\x00--config\x00" + p.Config + "\x00"
	m, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range m {
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), want) {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == nil {
			return pid
		}
	}
	return 0
}

// Start launches the node detached from this process, logging to its log file.
func (p NodeProcess) Start(exe string) (int, error) {
	if pid := p.PID(); pid != 0 {
		_ = os.WriteFile(p.PIDFile, []byte(strconv.Itoa(pid)), 0o644)
		return pid, nil
	}
	logf, err := os.OpenFile(p.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer logf.Close()
	args := []string{"node", "start", "--config", p.Config}
	if p.Join {
		args = append(args, "--join")
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	pid := cmd.Process.Pid
	if err := os.WriteFile(p.PIDFile, []byte(strconv.Itoa(pid)), 0o644); err != nil {
		return pid, err
	}
	go cmd.Wait() // reap if this process lives on (tests)
	return pid, nil
}

// Stop sends SIGTERM, waits up to timeout, then SIGKILL.
func (p NodeProcess) Stop(timeout time.Duration) error {
	pid := p.PID()
	if pid == 0 {
		os.Remove(p.PIDFile)
		return nil
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			os.Remove(p.PIDFile)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	os.Remove(p.PIDFile)
	return nil
}

// Up starts every node of the consortium in dir that is not running, using
// the causeway executable exe, and waits until the chain commits a block.
func Up(ctx context.Context, dir, exe string, progress func(string)) error {
	if progress == nil {
		progress = func(string) {}
	}
	procs, err := Processes(dir)
	if err != nil {
		return err
	}
	for _, p := range procs {
		pid, err := p.Start(exe)
		if err != nil {
			return fmt.Errorf("node %d: %w", p.ID, err)
		}
		progress(fmt.Sprintf("node %d running (pid %d), log %s", p.ID, pid, p.LogFile))
	}
	nw, err := sdk.LoadNetwork(filepath.Join(dir, NetworkFile))
	if err != nil {
		return err
	}
	if err := waitHealthy(ctx, nw, procs); err != nil {
		return err
	}
	progress("all nodes serving; checking that blocks commit")
	h, height, err := Probe(ctx, nw)
	if err != nil {
		return err
	}
	progress(fmt.Sprintf("probe transaction %s committed in block %d", h, height))
	return nil
}

// Down stops every node of the consortium in dir.
func Down(dir string) error {
	procs, err := Processes(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range procs {
		errs = append(errs, p.Stop(15*time.Second))
	}
	return errors.Join(errs...)
}

func waitHealthy(ctx context.Context, nw *sdk.Network, procs []NodeProcess) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for i, n := range nw.Nodes {
		for {
			if n.Admin == "" {
				break
			}
			resp, err := client.Get("http://" + n.Admin + "/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if procs[i].PID() == 0 {
				return fmt.Errorf("node %d exited; see %s", n.ID, procs[i].LogFile)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("node %d did not become healthy: %w (see %s)", n.ID, ctx.Err(), procs[i].LogFile)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

// Probe submits a small evidence deposit from the first org's account and
// waits for it to commit: proof that the consortium orders and executes.
func Probe(ctx context.Context, nw *sdk.Network) (types.Hash, uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	org := nw.Orgs[0]
	key, err := crypto.LoadKey(org.Account.Key)
	if err != nil {
		return types.Hash{}, 0, err
	}
	acct := sdk.Account{Name: org.Account.Name, Signer: key, Suite: nw.Suite()}
	var lastErr error
	for attempt := 0; ; attempt++ {
		c, err := sdk.DialNetwork(ctx, nw, org.Name, attempt%len(nw.Nodes))
		if err == nil {
			digest := sha256.Sum256([]byte(fmt.Sprintf("causeway up probe %d", time.Now().UnixNano())))
			tx, err2 := acct.DepositEvidenceTx(sdk.TxOptions{ChainID: nw.ChainID}, digest[:], "sha256",
				[]*types.Attribute{{Key: "purpose", Value: "consortium readiness probe"}})
			if err2 != nil {
				c.Close()
				return types.Hash{}, 0, err2
			}
			rctx, rcancel := context.WithTimeout(ctx, 10*time.Second)
			resp, err := c.SubmitAndWait(rctx, tx)
			rcancel()
			c.Close()
			if err == nil {
				return nw.Suite().TxHash(tx), resp.Height, nil
			}
			lastErr = err
		} else {
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return types.Hash{}, 0, fmt.Errorf("no block committed: %v", lastErr)
		case <-time.After(300 * time.Millisecond):
		}
	}
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
