package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind is what a fault does.
type FaultKind string

// The faults a schedule combines.
const (
	// Crash stops nodes for Dur and restarts them with their data (what
	// Pebble had synced; the WAL of SmartBFT as written).
	Crash FaultKind = "crash"
	// Wipe stops one node for Dur and restarts it with no data at all: it
	// resyncs from peers. It counts against f.
	Wipe FaultKind = "wipe"
	// Partition cuts every link between Nodes and the others, both ways.
	Partition FaultKind = "part"
	// OneWay cuts the links from Nodes to the others only (asymmetric).
	OneWay FaultKind = "oneway"
	// Chaos makes the whole network lose messages with probability Loss,
	// duplicate them with probability Dup and delay them by up to Extra
	// more (which reorders them).
	Chaos FaultKind = "chaos"
	// Slow delays every message from and to Nodes by Extra.
	Slow FaultKind = "slow"
	// Byzantine makes Nodes (at most f, with the wiped ones) behave
	// arbitrarily for Dur in the ways Modes lists. It counts against f.
	Byzantine FaultKind = "byz"
	// Join has a new org with one node (Nodes[0], the next id) admitted by
	// governance at At; its node syncs and joins the consensus.
	Join FaultKind = "join"
	// Leave has governance remove node Nodes[0] from the node set at At.
	Leave FaultKind = "leave"
)

// Byzantine behaviours (Fault.Modes).
const (
	// ModeEquivocate: as leader, send different valid proposals to
	// different followers.
	ModeEquivocate = "equiv"
	// ModeBadTx: as leader, propose to some followers a batch with a badly
	// signed or an already committed transaction.
	ModeBadTx = "badtx"
	// ModeGarbage: send random bytes as protocol messages, forwarded
	// requests and gossip.
	ModeGarbage = "garbage"
	// ModeReplay: resend old messages.
	ModeReplay = "replay"
	// ModeVotes: send conflicting prepares and commits.
	ModeVotes = "votes"
	// ModeForge: serve forged blocks (altered, or without a quorum) to
	// syncing peers, and claim a height above the real one.
	ModeForge = "forge"
)

var allModes = []string{ModeEquivocate, ModeBadTx, ModeGarbage, ModeReplay, ModeVotes, ModeForge}

// Fault is one fault of a schedule, from At (after the workload starts)
// for Dur.
type Fault struct {
	Kind  FaultKind
	At    time.Duration
	Dur   time.Duration
	Nodes []uint64
	Loss  float64
	Dup   float64
	Extra time.Duration
	Modes []string
}

// End is when the fault heals.
func (f Fault) End() time.Duration { return f.At + f.Dur }

func (f Fault) faulty() bool { return f.Kind == Wipe || f.Kind == Byzantine }

// Schedule is a whole simulated run: the cluster size, the workload's
// length and the faults. It is generated from a seed (Generate) or parsed
// from its String (a shrunk counterexample).
type Schedule struct {
	Seed   uint64
	Nodes  int
	Length time.Duration
	Faults []Fault
}

// F is the number of faulty nodes the cluster tolerates.
func (s Schedule) F() int { return (s.Nodes - 1) / 3 }

// Replicas is how many replicas the schedule needs: the founding nodes and
// the ones that join.
func (s Schedule) Replicas() int {
	n := s.Nodes
	for _, f := range s.Faults {
		if f.Kind == Join {
			n++
		}
	}
	return n
}

// HealAt is when the last fault heals (after the workload starts).
func (s Schedule) HealAt() time.Duration {
	h := s.Length
	for _, f := range s.Faults {
		if f.Kind != Byzantine && f.End() > h {
			h = f.End()
		}
	}
	return h
}

// Generate makes the schedule of seed: most seeds run 4 nodes, every
// tenth 7; faults are drawn at random, never more than f faulty nodes
// (Byzantine or wiped) in all.
func Generate(seed uint64) Schedule {
	rng := rand.New(rand.NewPCG(seed, 0xfa017))
	s := Schedule{Seed: seed, Nodes: 4, Length: 15 * time.Second}
	if seed%10 == 9 {
		s.Nodes = 7
	}
	f := s.F()
	ids := make([]uint64, s.Nodes)
	for i := range ids {
		ids[i] = uint64(i + 1)
	}
	at := func() time.Duration { return time.Duration(500+rng.IntN(12000)) * time.Millisecond }
	dur := func() time.Duration { return time.Duration(300+rng.IntN(6000)) * time.Millisecond }
	pick := func(k int) []uint64 {
		p := slices.Clone(ids)
		rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		out := p[:k]
		slices.Sort(out)
		return out
	}
	// The faulty nodes: Byzantine or wiped, at most f.
	faulty := pick(s.Nodes)
	budget := rng.IntN(f + 1)
	if rng.IntN(4) == 0 {
		budget = f
	}
	for _, id := range faulty[:budget] {
		if rng.IntN(2) == 0 {
			// The first leader is node 1: make it Byzantine half of the time.
			if rng.IntN(3) == 0 && !slices.ContainsFunc(s.Faults, func(x Fault) bool { return slices.Contains(x.Nodes, 1) }) {
				id = 1
			}
			if slices.ContainsFunc(s.Faults, func(x Fault) bool { return slices.Contains(x.Nodes, id) }) {
				continue
			}
			var modes []string
			for _, m := range allModes {
				if rng.IntN(2) == 0 {
					modes = append(modes, m)
				}
			}
			if len(modes) == 0 {
				modes = []string{allModes[rng.IntN(len(allModes))]}
			}
			s.Faults = append(s.Faults, Fault{Kind: Byzantine, At: 0, Dur: s.Length + time.Minute, Nodes: []uint64{id}, Modes: modes})
		} else {
			s.Faults = append(s.Faults, Fault{Kind: Wipe, At: at(), Dur: dur(), Nodes: []uint64{id}})
		}
	}
	for k := rng.IntN(5); k > 0; k-- {
		switch rng.IntN(7) {
		case 0, 1:
			n := 1 + rng.IntN(s.Nodes-1)
			if rng.IntN(8) == 0 {
				n = s.Nodes // a whole-cluster crash
			}
			s.Faults = append(s.Faults, Fault{Kind: Crash, At: at(), Dur: dur(), Nodes: pick(n)})
		case 2:
			s.Faults = append(s.Faults, Fault{Kind: Partition, At: at(), Dur: dur(), Nodes: pick(1 + rng.IntN(s.Nodes/2))})
		case 3:
			s.Faults = append(s.Faults, Fault{Kind: OneWay, At: at(), Dur: dur(), Nodes: pick(1 + rng.IntN(s.Nodes/2))})
		case 4, 5:
			s.Faults = append(s.Faults, Fault{Kind: Chaos, At: at(), Dur: dur(), Loss: float64(rng.IntN(30)) / 100,
				Dup: float64(rng.IntN(20)) / 100, Extra: time.Duration(rng.IntN(200)) * time.Millisecond})
		case 6:
			s.Faults = append(s.Faults, Fault{Kind: Slow, At: at(), Dur: dur(), Nodes: pick(1 + rng.IntN(2)),
				Extra: time.Duration(50+rng.IntN(1000)) * time.Millisecond})
		}
	}
	// Membership: a new org's node joins; later an original honest node
	// may leave (the node set never shrinks below the founding size, so f
	// is unchanged).
	if rng.IntN(4) == 0 {
		join := Fault{Kind: Join, At: at(), Nodes: []uint64{uint64(s.Nodes + 1)}}
		s.Faults = append(s.Faults, join)
		if rng.IntN(2) == 0 {
			var honest []uint64
			for _, id := range ids {
				if !slices.ContainsFunc(s.Faults, func(x Fault) bool { return x.faulty() && slices.Contains(x.Nodes, id) }) {
					honest = append(honest, id)
				}
			}
			leave := Fault{Kind: Leave, At: join.At + time.Duration(2000+rng.IntN(6000))*time.Millisecond, Nodes: []uint64{honest[rng.IntN(len(honest))]}}
			s.Faults = append(s.Faults, leave)
		}
	}
	slices.SortStableFunc(s.Faults, func(a, b Fault) int { return int(a.At - b.At) })
	return s
}

// String encodes the schedule on one line; ParseSchedule reads it back.
func (s Schedule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed=%d,n=%d,len=%s", s.Seed, s.Nodes, s.Length)
	for _, f := range s.Faults {
		b.WriteString(";")
		b.WriteString(f.String())
	}
	return b.String()
}

func (f Fault) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s@%s+%s", f.Kind, f.At, f.Dur)
	if len(f.Nodes) > 0 {
		ns := make([]string, len(f.Nodes))
		for i, n := range f.Nodes {
			ns[i] = strconv.FormatUint(n, 10)
		}
		fmt.Fprintf(&b, ",nodes=%s", strings.Join(ns, "/"))
	}
	if f.Loss > 0 {
		fmt.Fprintf(&b, ",loss=%g", f.Loss)
	}
	if f.Dup > 0 {
		fmt.Fprintf(&b, ",dup=%g", f.Dup)
	}
	if f.Extra > 0 {
		fmt.Fprintf(&b, ",extra=%s", f.Extra)
	}
	if len(f.Modes) > 0 {
		fmt.Fprintf(&b, ",modes=%s", strings.Join(f.Modes, "/"))
	}
	return b.String()
}

// ParseSchedule reads a schedule written by String.
func ParseSchedule(text string) (Schedule, error) {
	parts := strings.Split(strings.TrimSpace(text), ";")
	var s Schedule
	for _, kv := range strings.Split(parts[0], ",") {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "seed":
			s.Seed, err = strconv.ParseUint(v, 10, 64)
		case "n":
			s.Nodes, err = strconv.Atoi(v)
		case "len":
			s.Length, err = time.ParseDuration(v)
		default:
			err = fmt.Errorf("unknown field %q", k)
		}
		if err != nil {
			return s, fmt.Errorf("schedule %q: %w", parts[0], err)
		}
	}
	for _, p := range parts[1:] {
		f, err := parseFault(p)
		if err != nil {
			return s, fmt.Errorf("fault %q: %w", p, err)
		}
		s.Faults = append(s.Faults, f)
	}
	if s.Nodes < 4 {
		return s, fmt.Errorf("schedule: n=%d, need at least 4", s.Nodes)
	}
	return s, nil
}

func parseFault(p string) (Fault, error) {
	var f Fault
	fields := strings.Split(p, ",")
	head, timing, ok := strings.Cut(fields[0], "@")
	if !ok {
		return f, fmt.Errorf("no @")
	}
	f.Kind = FaultKind(head)
	at, d, ok := strings.Cut(timing, "+")
	if !ok {
		return f, fmt.Errorf("no +duration")
	}
	var err error
	if f.At, err = time.ParseDuration(at); err != nil {
		return f, err
	}
	if f.Dur, err = time.ParseDuration(d); err != nil {
		return f, err
	}
	for _, kv := range fields[1:] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "nodes":
			for _, n := range strings.Split(v, "/") {
				id, err := strconv.ParseUint(n, 10, 64)
				if err != nil {
					return f, err
				}
				f.Nodes = append(f.Nodes, id)
			}
		case "loss":
			f.Loss, err = strconv.ParseFloat(v, 64)
		case "dup":
			f.Dup, err = strconv.ParseFloat(v, 64)
		case "extra":
			f.Extra, err = time.ParseDuration(v)
		case "modes":
			f.Modes = strings.Split(v, "/")
		default:
			err = fmt.Errorf("unknown field %q", k)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}
