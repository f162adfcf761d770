package sim

import (
	"context"
	"fmt"
	"testing/synctest"
	"time"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Membership changes go through governance as a user would make them: the
// first org's admin proposes, the other orgs' admins vote once the
// proposal is committed; a joining node syncs from its peers until the
// node set names it, then starts its consensus.

// govOp is one governance change in progress.
type govOp struct {
	name     string
	proposal *op
	voted    bool
	done     bool
	retryAt  time.Time
}

func (s *Sim) admin(org int) sdk.Account {
	return sdk.Account{Name: types.AdminAccountName(s.cons.Orgs[org]), Signer: s.cons.Admins[org], Suite: s.cons.Genesis.Suite()}
}

// propose starts a governance change.
func (s *Sim) propose(name string, p *types.Proposal) {
	a := s.admin(0)
	raw, h := s.newTx(a, types.TxType_PROPOSE, func(o sdk.TxOptions) (*types.Transaction, error) { return a.ProposeTx(o, p) })
	g := &govOp{name: name, proposal: &op{raw: raw, hash: h, call: time.Now()}}
	s.gov = append(s.gov, g)
	s.sendGov(g.proposal)
	g.retryAt = time.Now().Add(3 * time.Second)
}

// sendGov sends a governance transaction to every honest member.
func (s *Sim) sendGov(o *op) {
	for _, id := range s.honestMembers() {
		s.send(o, id)
	}
}

// receiptAnywhere returns a receipt of h from an honest replica, if any.
func (s *Sim) receiptAnywhere(h types.Hash) *types.Receipt {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.replicas {
		if s.byzantine[r.id] {
			continue
		}
		if rc, ok := s.ledgers[r.id].receipts[h]; ok {
			return rc.receipt
		}
	}
	return nil
}

// stepGov advances the governance changes in progress.
func (s *Sim) stepGov(now time.Time) {
	for _, g := range s.gov {
		if g.done {
			continue
		}
		rc := s.receiptAnywhere(g.proposal.hash)
		switch {
		case rc == nil && !now.Before(g.retryAt):
			s.sendGov(g.proposal)
			g.retryAt = now.Add(3 * time.Second)
		case rc != nil && rc.Status != types.ReceiptStatus_SUCCESS:
			s.mu.Lock()
			s.violate("governance: %s: the proposal failed: %s %s", g.name, rc.ErrorCode, rc.Error)
			s.mu.Unlock()
			g.done = true
		case rc != nil && !g.voted:
			// Every other founding org approves (more than the majority
			// the default policy needs; votes after the change executed
			// fail harmlessly).
			g.voted = true
			for org := 1; org < s.cons.N; org++ {
				a := s.admin(org)
				raw, h := s.newTx(a, types.TxType_VOTE, func(o sdk.TxOptions) (*types.Transaction, error) {
					return a.VoteTx(o, g.proposal.hash, true)
				})
				s.sendGov(&op{raw: raw, hash: h, call: now})
			}
			g.done = true
			s.record("gov-voted", g.name)
		}
	}
}

// join admits spare node id (its org's index is id-1) by governance, and
// starts it: it syncs until the node set names it.
func (s *Sim) join(id uint64) {
	r := s.replica(id)
	if err := r.open(); err != nil {
		s.mu.Lock()
		s.violate("join: node %d cannot open: %v", id, err)
		s.mu.Unlock()
		return
	}
	r.joining, r.nextJoinTry = true, time.Now()
	s.startReplica(r)
	s.propose(fmt.Sprintf("admit org%d", id), &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: s.cons.JoinRequest(int(id - 1))}, Description: "sim: join"})
}

// leave removes node id from the node set by governance.
func (s *Sim) leave(id uint64) {
	s.propose(fmt.Sprintf("remove node %d", id), &types.Proposal{Action: &types.Proposal_RemoveNode{RemoveNode: &types.RemoveNode{Id: id}}, Description: "sim: leave"})
}

// stepJoins has joining nodes sync, and start their consensus once the
// node set names them.
func (s *Sim) stepJoins(now time.Time) {
	for _, r := range s.replicas {
		if !r.joining || !r.up || now.Before(r.nextJoinTry) {
			continue
		}
		r.nextJoinTry = now.Add(500*time.Millisecond + time.Duration(s.wrng.Int64N(int64(time.Millisecond))).Truncate(time.Microsecond))
		if r.cons.IsConsenter() {
			r.joining = false
			s.record("joined", r.id)
			r.armTicks()
			cons := r.cons
			done := make(chan struct{})
			r.started = done
			go func() {
				defer close(done)
				// As replica.start: catch up first, so that SmartBFT's
				// start-up sync commits no configuration change.
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				_, _ = cons.CatchUp(ctx)
				cancel()
				if err := cons.Start(); err != nil {
					s.mu.Lock()
					s.violate("join: node %d cannot start its consensus: %v", r.id, err)
					s.mu.Unlock()
				}
			}()
			synctest.Wait()
			continue
		}
		if r.catching.Swap(true) {
			continue
		}
		cons := r.cons
		go func() {
			defer r.catching.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, _ = cons.CatchUp(ctx)
		}()
		synctest.Wait()
	}
}
