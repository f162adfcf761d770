package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/causeway/causeway/services/trace"
)

// The signed-in Traceability page (causeway console --trace DIR): the
// batches of the traceability scenario, newest first, a bounded page at a
// time, each with its steps and its next step; a batch's detail with its
// steps proven (the public page's lookup service proves them and caches
// the proofs); and, where the console's deployment folder holds a batch's
// code key (the producer's), its item labels printed as a PDF whose QR
// codes open the console's public item page.

// Trace is what the Traceability page reads (*trace.View over the SDK;
// tests use fakes). Everything it returns came from the chain and is
// untrusted: the templates escape it.
type Trace interface {
	Info() trace.ViewInfo
	// Batches is a page of at most limit batches numbered below before
	// (0: the newest), newest first.
	Batches(ctx context.Context, before uint64, limit int) (*trace.BatchPage, error)
	// Batch is one batch with its steps proven (trace.ErrUnknownBatch).
	Batch(ctx context.Context, no uint64) (*trace.BatchView, error)
	// Labels issues the codes of count items of batch no from item from:
	// trace.ErrNoCodeKey without the batch's code key,
	// *trace.LabelRangeError for a range outside the batch.
	Labels(ctx context.Context, no, from, count uint64) (*trace.LabelSheet, error)
}

// TraceBatchesPerPage is how many batches the Traceability page shows at
// once; TraceDefaultLabels is the count its label form proposes (one
// sheet).
const (
	TraceBatchesPerPage = 20
	TraceDefaultLabels  = 21
)

// parseBatchNo reads a batch number or a cursor: decimal digits, from 1.
func parseBatchNo(s string) (uint64, bool) {
	if s == "" || len(s) > 20 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && n > 0
}

// tracePage lists the batches, newest first, with the contract's totals.
func (s *Server) tracePage(w http.ResponseWriter, r *http.Request) {
	var before uint64
	if q := r.URL.Query().Get("before"); q != "" {
		var ok bool
		if before, ok = parseBatchNo(q); !ok {
			s.fail(w, r, http.StatusBadRequest, "err.bad_form")
			return
		}
	}
	tv := s.opts.Trace
	ctx, cancel := chainCtx(r)
	defer cancel()
	pg, err := tv.Batches(ctx, before, TraceBatchesPerPage)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.trace", "trace")
	p.Data = map[string]any{"Info": tv.Info(), "Page": pg, "Before": before}
	s.render(w, "trace.html", p)
}

// traceBatch shows one batch: its steps proven, the public page of an
// item, and the label form where the console holds the code key.
func (s *Server) traceBatch(w http.ResponseWriter, r *http.Request) {
	no, ok := parseBatchNo(r.PathValue("no"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	b, err := s.opts.Trace.Batch(ctx, no)
	if errors.Is(err, trace.ErrUnknownBatch) {
		s.fail(w, r, http.StatusNotFound, "tp.err_unknown_batch", no)
		return
	}
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.trace_batch", "trace")
	data := map[string]any{"B": b, "PublicURL": s.opts.PublicURL, "Max": trace.MaxLabels, "Count": min(TraceDefaultLabels, uint64(b.Items)),
		"MaxFrom": max(1, uint64(b.Items)) - 1}
	if b.SampleCode != "" {
		data["SampleURL"] = trace.LookupURL(s.opts.PublicURL, b.SampleCode)
	}
	p.Data = data
	s.render(w, "trace_batch.html", p)
}

// traceLabels prints labels (POST, session + CSRF): the PDF of count
// items' labels from item from, each QR code holding the console's public
// page of the item's code.
func (s *Server) traceLabels(w http.ResponseWriter, r *http.Request) {
	no, ok1 := parseBatchNo(r.PathValue("no"))
	from, err1 := strconv.ParseUint(r.PostFormValue("from"), 10, 64)
	count, err2 := strconv.ParseUint(r.PostFormValue("count"), 10, 64)
	if !ok1 || err1 != nil || err2 != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	if count == 0 || count > trace.MaxLabels {
		s.fail(w, r, http.StatusBadRequest, "tp.err_count", trace.MaxLabels)
		return
	}
	if s.opts.PublicURL == "" {
		s.fail(w, r, http.StatusConflict, "tp.err_no_public_url")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	sheet, err := s.opts.Trace.Labels(ctx, no, from, count)
	var re *trace.LabelRangeError
	switch {
	case errors.Is(err, trace.ErrNoCodeKey):
		s.fail(w, r, http.StatusConflict, "tp.err_no_key", no)
		return
	case errors.Is(err, trace.ErrCodeKeyMismatch):
		s.fail(w, r, http.StatusConflict, "tp.err_key_mismatch", no)
		return
	case errors.Is(err, trace.ErrUnknownBatch):
		s.fail(w, r, http.StatusNotFound, "tp.err_unknown_batch", no)
		return
	case errors.As(err, &re):
		s.fail(w, r, http.StatusBadRequest, "tp.err_range", count, from, no, re.Items)
		return
	case err != nil:
		s.failChain(w, r, err)
		return
	}
	sheet.BaseURL = s.opts.PublicURL
	var b bytes.Buffer
	if err := trace.WriteLabels(&b, *sheet); err != nil {
		s.opts.Logger.Error("console: labels", "batch", no, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "tp.err_pdf")
		return
	}
	s.opts.Logger.Info("console: trace labels printed", "batch", no, "from", from, "count", len(sheet.Codes), "user", sessionOf(r).user)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="labels-B%d-%d-%d.pdf"`, no, from, from+count-1))
	_, _ = w.Write(b.Bytes())
}
