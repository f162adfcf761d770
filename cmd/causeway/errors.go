package main

import (
	"errors"
	"regexp"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// reasonSentences say what a node's refusal means, by the reason of its
// error (the ErrorInfo reason: a types.Code or an api Reason).
var reasonSentences = map[types.Code]string{
	types.CodeMalformed:         "the transaction is malformed",
	types.CodeTooLarge:          "the request is too large",
	types.CodeWrongChain:        "the transaction is for another chain",
	types.CodeBadSignature:      "a signature of the transaction does not verify",
	types.CodeNoSignature:       "the transaction is not signed with enough weight",
	types.CodeExpired:           "the transaction has expired",
	types.CodeFuture:            "the transaction's timestamp is in the future (check this machine's clock)",
	types.CodeBadValidity:       "the transaction's validity period is not allowed",
	types.CodeDuplicate:         "the transaction was already submitted",
	types.CodePoolFull:          "the node's transaction pool is full; try again later",
	types.CodeUnauthorized:      "not authorized",
	types.CodeUnknownAccount:    "no such account",
	types.CodeAccountExists:     "the account already exists",
	types.CodeInsufficientFunds: "insufficient funds",
	types.CodeAccountFrozen:     "the account is frozen",
	types.CodeInvalidPayload:    "the transaction's payload is invalid",
	types.CodeUnknownType:       "unknown transaction type",
	types.CodeUnavailable:       "the node cannot serve this now",
	"not_found":                 "not found",
	"invalid_argument":          "invalid request",
	"unauthenticated":           "the node refused this client's certificate",
	"permission_denied":         "permission denied",
	"deadline_exceeded":         "the node did not answer in time",
	"canceled":                  "canceled",
	"internal":                  "the node failed with an internal error (its log has the details)",
	"unimplemented":             "the node does not support this call (is it an older version?)",
	"resource_exhausted":        "the node is overloaded or the request is too large",
	"not_certified":             "the block is not certified yet; try again after the next block",
	// light clients of other chains
	types.CodeClientNotFound:     "no such light client",
	types.CodeClientExists:       "the light client is registered already",
	types.CodeClientFrozen:       "the light client is frozen (it was shown conflicting headers; governance must remove it)",
	types.CodeHeaderKnown:        "the light client keeps this header already",
	types.CodeHeaderNotFound:     "the light client keeps no such header",
	types.CodeRemoteWrongChain:   "the header or proof is of another chain",
	types.CodeBadConfigChain:     "the other chain's configuration changes do not verify",
	types.CodeBadHeader:          "the header does not verify",
	types.CodeConfigMismatch:     "the header's configuration is not the one the light client follows",
	types.CodeBadCommitSignature: "a commit signature of the header does not verify",
	types.CodeNoQuorum:           "too few of the other chain's nodes signed the header",
	types.CodeBadProof:           "the proof does not verify",
	// contract messages
	types.CodeChannelNotAuthorized: "governance has not authorised these two contracts to exchange messages",
	types.CodeSequenceSkipped:      "the message skips a sequence number of its ordered channel; the ones before it must come first",
	types.CodeAlreadyReceived:      "the message was received already",
	types.CodeWrongDomain:          "the packet is not addressed to this chain or not sent by the chain that proves it",
	types.CodeAckUnknown:           "no message of this chain waits for this acknowledgement",
	types.CodeNotTimedOut:          "the message has not timed out on the receiving chain",
	types.CodeChannelExists:        "the two contracts are authorised already",
	types.CodeChannelNotFound:      "the two contracts are not authorised",
	types.CodeMessageNotFound:      "no such message",
}

// transportSentences say what a gRPC status without a reason means: the
// node was not reached or did not answer.
var transportSentences = map[codes.Code]string{
	codes.Unavailable:       "cannot reach the node",
	codes.DeadlineExceeded:  "the node did not answer in time",
	codes.Unauthenticated:   "the node refused this client's certificate",
	codes.Canceled:          "canceled",
	codes.ResourceExhausted: "the message is larger than the node or this client accepts",
	codes.Unimplemented:     "the node does not support this call (is it an older version?)",
	codes.Internal:          "the connection to the node failed",
}

// transportNoise is the wording of gRPC's transport errors that says
// nothing to a user: 'connection error: desc = "transport: Error while
// dialing: dial tcp ...: connect: connection refused"' becomes 'dial tcp
// ...: connect: connection refused'.
var transportNoise = regexp.MustCompile(`rpc error: code = \w+ desc = |transport: |Error while dialing:? |authentication handshake failed: `)

// connectionError is gRPC's wrapping of a dial error.
var connectionError = regexp.MustCompile(`connection error: desc = "(.*)"`)

// quiet removes transportNoise and connectionError's wrapping from s.
func quiet(s string) string {
	return transportNoise.ReplaceAllString(connectionError.ReplaceAllString(s, "$1"), "")
}

// userError returns the sentence the CLI prints for err: a gRPC status
// becomes what it means (its code and reason mapped to words) followed by
// the node's explanation, never "rpc error: code = ... desc = ...", and
// control characters are escaped.
func userError(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var gs interface{ GRPCStatus() *status.Status }
	if errors.As(err, &gs) {
		if st := gs.GRPCStatus(); st != nil {
			raw := st.Err().Error()
			human := statusSentence(st)
			if i := strings.Index(msg, raw); i >= 0 {
				msg = msg[:i] + human + msg[i+len(raw):]
			} else {
				msg = human
			}
		}
	}
	return safeMessage(quiet(msg))
}

// statusSentence describes a gRPC status in words.
func statusSentence(st *status.Status) string {
	reason := sdk.ReasonOf(st.Err())
	sentence, ok := "", false
	if hasErrorInfo(st) {
		sentence, ok = reasonSentences[reason]
	}
	if !ok {
		sentence, ok = transportSentences[st.Code()]
	}
	if !ok {
		sentence, ok = reasonSentences[reason]
	}
	if !ok {
		sentence = strings.ReplaceAll(strings.ToLower(st.Code().String()), "_", " ")
	}
	detail := strings.TrimSpace(st.Message())
	// The node's message often repeats the reason ("not_found: block 9").
	detail = strings.TrimPrefix(detail, string(reason)+": ")
	detail = quiet(detail)
	if detail == "" || detail == sentence {
		return sentence
	}
	return sentence + ": " + detail
}

func hasErrorInfo(st *status.Status) bool {
	for _, d := range st.Details() {
		if _, ok := d.(interface{ GetReason() string }); ok {
			return true
		}
	}
	return false
}

// safeMessage escapes the control characters of an error message (which
// may quote data from the chain) but keeps its text readable.
func safeMessage(s string) string {
	if safe(s) == s {
		return s
	}
	q := safe(s)
	return q[1 : len(q)-1]
}
