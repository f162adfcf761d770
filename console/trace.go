package console

import (
	"context"
	"errors"
	"net/http"

	"github.com/causeway/causeway/services/trace"
)

// The public page of an item code (the traceability scenario): a label's
// QR code holds CONSOLE/q/item/CODE (trace.LookupURL). The page shows that
// item's trail and nothing else: the product, each step with the org that
// attested it, its time, its evidence hash and its proof (the
// attestation's transaction checked against the genesis, certified by the
// consensus nodes' signatures), the block the answer was read at, and the
// counterfeit flag. A code that no batch issued (a forged one) gets
// "unknown code" and nothing more. No session is needed and none is read;
// every value is escaped by html/template.
//
// Each view is a consumer's scan: the lookup service logs it under the
// client's network (trace.PlaceOfAddr of the connection's address, not a
// header the client could set), and its scan rule flags a code scanned
// from too many places.

// TraceLookup answers a scan of an item code (*trace.Lookup).
type TraceLookup interface {
	Lookup(ctx context.Context, code, place string) (*trace.ItemView, error)
}

// EnableTrace adds the public page GET /q/item/{code}, answered by l.
// Call it once, before serving.
func (s *Server) EnableTrace(l TraceLookup) {
	s.mux.HandleFunc("GET /q/item/{code}", func(w http.ResponseWriter, r *http.Request) { s.traceItem(w, r, l) })
}

// traceData is what trace_item.html shows.
type traceData struct {
	Code    string
	Unknown bool
	Item    *trace.ItemView
}

func (s *Server) traceItem(w http.ResponseWriter, r *http.Request, l TraceLookup) {
	p := s.newPage(w, r, "title.trace_item", "")
	p.Public, p.User = true, ""
	code := r.PathValue("code")
	if len(code) > 200 {
		code = code[:200]
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	v, err := l.Lookup(ctx, code, trace.PlaceOfAddr(r.RemoteAddr))
	switch {
	case errors.Is(err, trace.ErrUnknownCode):
		p.Data = traceData{Code: code, Unknown: true}
		p.status = http.StatusNotFound
	case err != nil:
		s.opts.Logger.Warn("console: item lookup", "err", err)
		p.Error = p.T("trace.unavailable")
		p.Data = traceData{Code: code}
		p.status = http.StatusBadGateway
	default:
		p.Data = traceData{Code: v.Code, Item: v}
	}
	s.render(w, "trace_item.html", p)
}
