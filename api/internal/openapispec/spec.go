// Package openapispec generates api/openapi.yaml, the OpenAPI 3.1
// description of the REST API, from the protobuf descriptors of the API
// messages (encoded as package apijson encodes them), the HTTP mapping in
// proto/causeway/v1/api.yaml (restated in the routes table below) and the
// Go types of the evidence service's JSON. Command api/internal/openapigen
// writes it (go generate ./api); a test checks the committed file is what
// Generate returns.
package openapispec

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// obj is a JSON/YAML object.
type obj = map[string]any

// Patterns of the hex encodings.
const (
	hexPattern = "^([0-9a-f]{2})*$"
	// hexInputPattern is what request bodies may send: either case.
	hexInputPattern = "^([0-9a-fA-F]{2})*$"
	hashPattern     = "^([0-9a-f]{64})?$"
	hashArgPattern  = "^(0x)?[0-9a-fA-F]{64}$"
	keyArgPattern   = "^([0-9a-fA-F]{2})+$"
)

// hexStrings are string fields that hold a hash in hex (empty when absent).
var hexStrings = map[protoreflect.FullName]bool{
	"causeway.v1.SubmitTxResponse.tx_hash":          true,
	"causeway.v1.TxResponse.tx_hash":                true,
	"causeway.v1.TxResponse.block_hash":             true,
	"causeway.v1.BlockResponse.hash":                true,
	"causeway.v1.StatusResponse.last_block_hash":    true,
	"causeway.v1.StatusResponse.genesis_hash":       true,
	"causeway.v1.VerifyRemoteTxResponse.tx_hash":    true,
	"causeway.v1.VerifyRemoteTxResponse.block_hash": true,
}

// requestBodies are messages sent as request bodies: their fields are all
// optional.
var requestBodies = map[protoreflect.FullName]bool{
	"causeway.v1.SubmitTxRequest":          true,
	"causeway.v1.QueryContractRequest":     true,
	"causeway.v1.VerifyRemoteTxRequest":    true,
	"causeway.v1.VerifyRemoteStateRequest": true,
	// The sealed payload of an evidence deposit (POST /v1/evidence).
	"causeway.v1.SealedPayload": true,
}

type gen struct {
	schemas obj
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

// message adds md's schema (and those it refers to) and returns a $ref.
func (g *gen) message(md protoreflect.MessageDescriptor) obj {
	name := string(md.Name())
	if _, ok := g.schemas[name]; ok {
		return ref(name)
	}
	s := obj{"type": "object", "additionalProperties": false}
	g.schemas[name] = s // before the fields: messages may recurse
	props := obj{}
	var required []string
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		var fs obj
		switch {
		case fd.IsList():
			fs = obj{"type": "array", "items": g.field(fd)}
		case fd.IsMap():
			fs = obj{"type": "object", "additionalProperties": g.field(fd.MapValue())}
		case fd.Kind() == protoreflect.BytesKind && requestBodies[md.FullName()]:
			fs = obj{"type": "string", "pattern": hexInputPattern, "description": "Bytes, hex (either case)."}
		default:
			fs = g.field(fd)
		}
		props[string(fd.Name())] = fs
		if !fd.HasPresence() && !requestBodies[md.FullName()] {
			required = append(required, string(fd.Name()))
		}
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			fs["description"] = fmt.Sprintf("Member of the oneof %s: at most one member is set.", od.Name())
		}
		if c := apijson.TimestampOf(fd); c != "" {
			fs["description"] = "Unix milliseconds."
			props[c] = obj{"type": "string", "format": "date-time",
				"description": fmt.Sprintf("%s as RFC 3339 (UTC); absent when %s is 0. Ignored in requests.", fd.Name(), fd.Name())}
		}
	}
	s["properties"] = props
	if len(required) > 0 {
		s["required"] = required
	}
	return ref(name)
}

// field returns the schema of one value of fd.
func (g *gen) field(fd protoreflect.FieldDescriptor) obj {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return obj{"type": "boolean"}
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return obj{"type": "integer", "format": "int32"}
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return obj{"type": "integer", "format": "uint32", "minimum": 0, "maximum": uint64(1<<32 - 1)}
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return obj{"type": "integer", "format": "int64"}
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return obj{"type": "integer", "format": "uint64", "minimum": 0}
	case protoreflect.FloatKind:
		return obj{"type": "number", "format": "float"}
	case protoreflect.DoubleKind:
		return obj{"type": "number", "format": "double"}
	case protoreflect.StringKind:
		if hexStrings[fd.FullName()] {
			return obj{"type": "string", "pattern": hashPattern, "description": "A 32-byte hash, lower-case hex (empty when there is none)."}
		}
		return obj{"type": "string"}
	case protoreflect.BytesKind:
		return hexBytes()
	case protoreflect.EnumKind:
		name := string(fd.Enum().Name())
		if _, ok := g.schemas[name]; !ok {
			var names []any
			vals := fd.Enum().Values()
			for i := 0; i < vals.Len(); i++ {
				names = append(names, string(vals.Get(i).Name()))
			}
			g.schemas[name] = obj{"type": "string", "enum": names}
		}
		return ref(name)
	case protoreflect.MessageKind:
		return g.message(fd.Message())
	}
	panic(fmt.Sprintf("%s: unsupported kind %v", fd.FullName(), fd.Kind()))
}

func hexBytes() obj {
	return obj{"type": "string", "pattern": hexPattern, "description": "Bytes, lower-case hex."}
}

// goType adds the schema of a Go type encoded by encoding/json and returns
// it (a $ref for named structs).
func (g *gen) goType(t reflect.Type, overrides map[string]obj) obj {
	switch t {
	case reflect.TypeOf(evidence.Hex(nil)):
		return hexBytes()
	case reflect.TypeOf(evidence.Anchor{}):
		return g.anchor()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.goType(t.Elem(), overrides)
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Int64, reflect.Int:
		return obj{"type": "integer", "format": "int64"}
	case reflect.Uint64:
		return obj{"type": "integer", "format": "uint64", "minimum": 0}
	case reflect.Slice:
		return obj{"type": "array", "items": g.goType(t.Elem(), overrides)}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": g.goType(t.Elem(), overrides)}
	case reflect.Struct:
		name := t.Name()
		if _, ok := g.schemas[name]; ok {
			return ref(name)
		}
		s := obj{"type": "object", "additionalProperties": false}
		g.schemas[name] = s
		props := obj{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || !f.IsExported() {
				continue
			}
			jname, opts, _ := strings.Cut(tag, ",")
			if jname == "" {
				jname = f.Name
			}
			fs, ok := overrides[name+"."+jname]
			if !ok {
				fs = g.goType(f.Type, overrides)
			}
			props[jname] = fs
			if !strings.Contains(opts, "omitempty") {
				required = append(required, jname)
			}
		}
		s["properties"] = props
		if len(required) > 0 {
			s["required"] = required
		}
		return ref(name)
	}
	panic(fmt.Sprintf("unsupported Go type %v", t))
}

// anchor is the schema of evidence.Anchor's JSON (its MarshalJSON).
func (g *gen) anchor() obj {
	if _, ok := g.schemas["Anchor"]; !ok {
		g.schemas["Anchor"] = obj{
			"type": "object", "additionalProperties": false,
			"required": []string{"chain_id", "genesis_hash", "evidence_id", "height", "time_ms", "block_hash", "record", "record_proof", "tx_proof"},
			"properties": obj{
				"chain_id":     obj{"type": "string"},
				"genesis_hash": obj{"type": "string", "pattern": hashPattern},
				"evidence_id":  obj{"type": "string", "pattern": hashPattern},
				"height":       obj{"type": "integer", "format": "uint64", "minimum": 0},
				"time_ms":      obj{"type": "integer", "format": "int64", "description": "Unix milliseconds."},
				"block_hash":   obj{"type": "string", "pattern": hashPattern},
				"record":       hexBytes(),
				"record_proof": g.message((&proofpb.SMTProof{}).ProtoReflect().Descriptor()),
				"tx_proof":     g.message((&proofpb.TxProof{}).ProtoReflect().Descriptor()),
			},
		}
	}
	return ref("Anchor")
}

// route is one operation.
type route struct {
	method, path, id, summary string
	desc, okDesc              string // longer description; the 200 response's (default "OK")
	params                    []obj
	body                      obj // request body schema (JSON), or nil
	ok                        obj // the 200 response's content
	public                    bool
	tag                       string
}

func pathParam(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "path", "required": true, "description": desc, "schema": schema}
}

func queryParam(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
}

func jsonContent(schema obj) obj { return obj{"application/json": obj{"schema": schema}} }

// Generate returns the OpenAPI description as YAML.
func Generate() ([]byte, error) {
	g := &gen{schemas: obj{}}
	msg := func(m interface {
		ProtoReflect() protoreflect.Message
	}) obj {
		return g.message(m.ProtoReflect().Descriptor())
	}
	hashArg := func(name, what string) obj {
		return pathParam(name, what+", 64 hex digits (0x optional)", obj{"type": "string", "pattern": hashArgPattern})
	}
	chainIDArg := pathParam("chain_id", "The remote chain's id", obj{"type": "string", "minLength": 1, "maxLength": types.MaxChainIDBytes})
	evOverrides := map[string]obj{
		"Record.id":                 {"type": "string", "pattern": hashPattern},
		"Record.hash":               hexBytes(),
		"Record.owner_account":      {"type": "string", "pattern": hashPattern},
		"Record.time":               {"type": "string", "format": "date-time"},
		"Certificate.issued_at":     {"type": "string", "format": "date-time"},
		"AnchorReport.genesis_hash": {"type": "string", "pattern": hashPattern},
		"AnchorReport.evidence_id":  {"type": "string", "pattern": hashPattern},
		"AnchorReport.block_hash":   {"type": "string", "pattern": hashPattern},
		"AnchorReport.time":         {"type": "string", "format": "date-time"},
		"Deposit.id":                {"type": "string", "pattern": hashPattern},
		"Deposit.tx_hash":           {"type": "string", "pattern": hashPattern},
		"AnchorRef.id":              {"type": "string", "pattern": hashPattern},
		"Request.hash":              {"type": "string", "pattern": "^(0x)?([0-9a-fA-F]{2})+$", "description": "The file's digest, hex."},
		"VerifyRequest.hash":        {"type": "string", "pattern": "^(0x)?([0-9a-fA-F]{2})+$", "description": "The file's digest, hex (instead of file)."},
		"VerifyRequest.file":        {"type": "string", "pattern": hexPattern, "description": "The original file, hex (instead of hash)."},
		"VerifyRequest.certificate": ref("Certificate"),
		// A payload sealed client-side, in the API's encoding of the
		// message (as in a transaction's payload).
		"Request.sealed": msg(&types.SealedPayload{}),
	}
	cert := g.goType(reflect.TypeOf(evidence.Certificate{}), evOverrides)
	routes := []route{
		{method: "post", path: "/v1/txs", id: "SubmitTx", tag: "Chain", summary: "Submit a signed transaction; with wait, return once it is committed, with its receipt.",
			body: msg(&apipb.SubmitTxRequest{}), ok: jsonContent(msg(&apipb.SubmitTxResponse{}))},
		{method: "get", path: "/v1/txs/{hash}", id: "GetTx", tag: "Chain", summary: "A committed transaction with its receipt.",
			params: []obj{hashArg("hash", "Transaction hash")}, ok: jsonContent(msg(&apipb.TxResponse{}))},
		{method: "get", path: "/v1/blocks/{height}", id: "GetBlock", tag: "Chain", summary: "A committed block by height.",
			params: []obj{pathParam("height", "Block height", obj{"type": "integer", "format": "uint64", "minimum": 0})}, ok: jsonContent(msg(&apipb.BlockResponse{}))},
		{method: "get", path: "/v1/blocks/hash/{hash}", id: "GetBlockByHash", tag: "Chain", summary: "A committed block by hash.",
			params: []obj{hashArg("hash", "Block hash")}, ok: jsonContent(msg(&apipb.BlockResponse{}))},
		{method: "get", path: api.BlockStreamPath, id: "StreamBlocks", tag: "Chain",
			summary: "Stream committed blocks as newline-delimited JSON.",
			desc:    "One BlockResponse per line (application/x-ndjson), flushed per block: stored blocks from from_height on, then new blocks as they commit, in order, each once, until the client goes away. If the stream ends, resume from the height after the last block received.",
			okDesc:  "One BlockResponse per line.",
			params:  []obj{queryParam("from_height", "First height to send; 0 or absent: the next block committed.", obj{"type": "integer", "format": "uint64", "minimum": 0})},
			ok:      obj{api.NDJSONContentType: obj{"schema": msg(&apipb.BlockResponse{})}}},
		{method: "get", path: "/v1/accounts/{account}", id: "GetAccount", tag: "Chain", summary: "An account by name or by 64-hex-digit identity.",
			params: []obj{pathParam("account", "Account name, or its identity as 64 hex digits", obj{"type": "string", "minLength": 1})}, ok: jsonContent(msg(&types.Account{}))},
		{method: "get", path: "/v1/evidence/{id}", id: "GetEvidence", tag: "Chain", summary: "A deposited evidence record.",
			params: []obj{hashArg("id", "Evidence id")}, ok: jsonContent(msg(&types.Evidence{}))},
		{method: "get", path: "/v1/sealed/{id}", id: "GetSealed", tag: "Chain", summary: "A sealed payload: who can read it (its readers and their key ids) and its envelope, ciphertext only.",
			params: []obj{hashArg("id", "Sealed payload id (the hash of the transaction that carried it)")}, ok: jsonContent(msg(&apipb.SealedResponse{}))},
		{method: "get", path: "/v1/proposals/{id}", id: "GetProposal", tag: "Governance", summary: "A governance proposal with its votes.",
			params: []obj{hashArg("id", "Proposal id (the hash of the transaction that proposed it)")}, ok: jsonContent(msg(&types.ProposalRecord{}))},
		{method: "get", path: "/v1/proposals", id: "ListProposals", tag: "Governance", summary: "The governance proposals, newest first.",
			ok: jsonContent(msg(&apipb.ListProposalsResponse{}))},
		{method: "get", path: "/v1/config", id: "GetChainConfig", tag: "Governance", summary: "The chain configuration in force (config is canonical JSON in a string).",
			ok: jsonContent(msg(&apipb.ChainConfigResponse{}))},
		{method: "post", path: "/v1/contracts:query", id: "QueryContract", tag: "Contracts", summary: "A read-only contract call on the committed state.",
			body: msg(&apipb.QueryContractRequest{}), ok: jsonContent(msg(&apipb.QueryContractResponse{}))},
		{method: "get", path: "/v1/status", id: "Status", tag: "Node", summary: "The node's height, consensus view and leader, and peers.",
			ok: jsonContent(msg(&apipb.StatusResponse{}))},
		{method: "get", path: api.HealthPath, id: "Health", tag: "Node", public: true, summary: "Whether the node is serving; answers without a client certificate.",
			ok: jsonContent(msg(&apipb.HealthResponse{}))},
		{method: "get", path: "/v1/txs/{hash}/proof", id: "GetTxProof", tag: "Proofs", summary: "A committed transaction, its receipt and their proof, checkable offline against the genesis.",
			params: []obj{hashArg("hash", "Transaction hash")}, ok: jsonContent(msg(&proofpb.TxProof{}))},
		{method: "get", path: "/v1/state/{key}/proof", id: "GetStateProof", tag: "Proofs", summary: "The value of a state key, or its absence, after a block, with its proof.",
			params: []obj{pathParam("key", "State key, hex", obj{"type": "string", "pattern": keyArgPattern}),
				queryParam("height", "Block after which the state is read; absent: the latest block whose successor is committed.", obj{"type": "integer", "format": "uint64", "minimum": 0})},
			ok: jsonContent(msg(&proofpb.StateProof{}))},
		{method: "get", path: "/v1/config/chain", id: "GetConfigChain", tag: "Proofs", summary: "The configuration changes from genesis up to a height, each with its proof.",
			params: []obj{queryParam("to_height", "Last height whose node set to give; absent: the head.", obj{"type": "integer", "format": "uint64", "minimum": 0})},
			ok:     jsonContent(msg(&proofpb.ConfigChain{}))},
		{method: "get", path: "/v1/lightclients", id: "ListLightClients", tag: "LightClients", summary: "The light clients this chain keeps of other Causeway chains.",
			ok: jsonContent(msg(&apipb.ListLightClientsResponse{}))},
		{method: "get", path: "/v1/lightclients/{chain_id}", id: "GetLightClient", tag: "LightClients", summary: "The light client of a remote chain: its genesis hash, latest verified height, configurations, frozen state.",
			params: []obj{chainIDArg}, ok: jsonContent(msg(&types.LightClient{}))},
		{method: "get", path: "/v1/lightclients/{chain_id}/header", id: "GetLightClientHeader", tag: "LightClients", summary: "A verified header of a remote chain, with the commit signatures that certified it.",
			params: []obj{chainIDArg, queryParam("height", "Remote height; absent: the latest verified header.", obj{"type": "integer", "format": "uint64", "minimum": 1})},
			ok:     jsonContent(msg(&types.LightHeader{}))},
		{method: "post", path: "/v1/lightclients/{chain_id}/tx:verify", id: "VerifyRemoteTx", tag: "LightClients",
			summary: "Check a remote transaction proof against a verified header (the block after the transaction's).",
			desc:    "A proof that does not hold is answered with valid false and its code (bad_proof, header_not_found, client_frozen, malformed, remote_wrong_chain); an unknown chain is 404 client_not_found.",
			params:  []obj{chainIDArg}, body: msg(&apipb.VerifyRemoteTxRequest{}), ok: jsonContent(msg(&apipb.VerifyRemoteTxResponse{}))},
		{method: "post", path: "/v1/lightclients/{chain_id}/state:verify", id: "VerifyRemoteState", tag: "LightClients",
			summary: "Check a remote state value, or its absence, against a verified header (the remote state after block height-1).",
			desc:    "A proof that does not hold is answered with valid false and its code; an unknown chain is 404 client_not_found.",
			params:  []obj{chainIDArg}, body: msg(&apipb.VerifyRemoteStateRequest{}), ok: jsonContent(msg(&apipb.VerifyRemoteStateResponse{}))},
		{method: "get", path: "/v1/messages/{id}", id: "GetSentMessage", tag: "LightClients",
			summary: "This chain's record of a contract message it sent to another chain: pending, sent, ack_success, ack_error or timed_out.",
			desc:    "Unknown id: 404 message_not_found.",
			params:  []obj{hashArg("id", "Message id")}, ok: jsonContent(msg(&types.SentMessage{}))},
		{method: "get", path: "/v1/lightclients/{chain_id}/messages/{id}", id: "GetReceivedMessage", tag: "LightClients",
			summary: "This chain's marker of a contract message it received from a remote chain: delivered, failed or timed out.",
			desc:    "Not received: 404 message_not_found.",
			params:  []obj{chainIDArg, hashArg("id", "Message id")}, ok: jsonContent(msg(&types.ReceivedMessage{}))},
		{method: "post", path: "/v1/evidence", id: "DepositEvidence", tag: "Evidence", summary: "Deposit a file's digest with metadata (evidence service).",
			body: g.goType(reflect.TypeOf(evidence.Request{}), evOverrides), ok: jsonContent(g.goType(reflect.TypeOf(evidence.Deposit{}), evOverrides))},
		{method: "post", path: "/v1/evidence:batch", id: "DepositEvidenceBatch", tag: "Evidence", summary: "Deposit several digests at once.",
			body: g.goType(reflect.TypeOf(evidence.BatchRequest{}), evOverrides), ok: jsonContent(g.goType(reflect.TypeOf(evidence.BatchResponse{}), evOverrides))},
		{method: "get", path: "/v1/evidence/{id}/certificate", id: "GetEvidenceCertificate", tag: "Evidence",
			summary: "The certificate of deposit: JSON, or with format=pdf the printable PDF.",
			params: []obj{hashArg("id", "Evidence id"),
				queryParam("format", "json (default) or pdf", obj{"type": "string", "enum": []any{"json", "pdf"}})},
			ok: obj{"application/json": obj{"schema": cert}, "application/pdf": obj{"schema": obj{"type": "string", "contentMediaType": "application/pdf"}}}},
		{method: "post", path: "/v1/evidence:verify", id: "VerifyEvidence", tag: "Evidence", summary: "Check a certificate of deposit, optionally against the file or its digest.",
			body: g.goType(reflect.TypeOf(evidence.VerifyRequest{}), evOverrides), ok: jsonContent(g.goType(reflect.TypeOf(evidence.Report{}), evOverrides))},
	}
	g.schemas["Problem"] = obj{
		"type": "object", "additionalProperties": false,
		"description": "An RFC 9457 problem: the body of every error response.",
		"required":    []string{"type", "title", "status", "code"},
		"properties": obj{
			"type":     obj{"type": "string", "pattern": "^" + api.ProblemTypePrefix + "[a-z_]+$", "description": "urn:causeway:problem: followed by code."},
			"title":    obj{"type": "string", "description": "Summary of the problem type."},
			"status":   obj{"type": "integer", "format": "int32", "minimum": 400, "maximum": 599, "description": "The HTTP status code."},
			"detail":   obj{"type": "string", "description": "What happened in this occurrence."},
			"code":     obj{"type": "string", "pattern": "^[a-z_]+$", "description": "The machine-readable reason, as in the gRPC status's ErrorInfo."},
			"instance": obj{"type": "string", "description": "The request path."},
		},
	}
	problem := obj{"description": "An RFC 9457 problem.", "content": obj{api.ProblemContentType: obj{"schema": ref("Problem")}}}
	paths := obj{}
	for _, r := range routes {
		okDesc := r.okDesc
		if okDesc == "" {
			okDesc = "OK"
		}
		responses := obj{"200": obj{"description": okDesc, "content": r.ok}}
		codes := []string{"400", "401", "403", "404", "413", "429", "500", "503", "504", "default"}
		if r.public {
			codes = []string{"413", "500", "503", "default"}
		}
		for _, c := range codes {
			responses[c] = obj{"$ref": "#/components/responses/Problem"}
		}
		op := obj{"operationId": r.id, "summary": r.summary, "tags": []string{r.tag}, "responses": responses}
		if r.desc != "" {
			op["description"] = r.desc
		}
		if len(r.params) > 0 {
			op["parameters"] = r.params
		}
		if r.body != nil {
			op["requestBody"] = obj{"required": true, "content": jsonContent(r.body)}
		}
		if r.public {
			op["security"] = []any{}
		}
		item, _ := paths[r.path].(obj)
		if item == nil {
			item = obj{}
			paths[r.path] = item
		}
		item[r.method] = op
	}
	var tagList []any
	for _, t := range [][2]string{
		{"Chain", "Transactions, blocks, accounts and evidence records (gRPC service causeway.v1.Chain)."},
		{"Governance", "Proposals and the chain configuration."},
		{"Contracts", "Read-only smart-contract calls."},
		{"Proofs", "Proofs checkable offline against the genesis (gRPC service causeway.v1.Proofs)."},
		{"LightClients", "Light clients of other Causeway chains and verification against their headers (gRPC service causeway.v1.LightClients)."},
		{"Evidence", "The evidence service: deposits, certificates of deposit and their verification."},
		{"Node", "Status and health of the node answering."},
	} {
		tagList = append(tagList, obj{"name": t[0], "description": t[1]})
	}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "Causeway REST API",
			"version": "1.0.0",
			"description": "REST/JSON API of a Causeway node (grpc-gateway over the gRPC API, plus the evidence service).\n\n" +
				"Encoding: field names are the .proto names (snake_case); every hash, id, key and byte string is lower-case hex; " +
				"integers are JSON numbers; enums are their value names; each *_ms timestamp is followed by a read-only RFC 3339 copy. " +
				"Unset message fields are left out. Every error is application/problem+json (RFC 9457).\n\n" +
				"Generated by api/internal/openapigen (go generate ./api); do not edit.",
			"license": obj{"name": "Apache-2.0", "identifier": "Apache-2.0"},
		},
		"servers": []any{obj{"url": "https://{node}", "description": "A node's REST listener.",
			"variables": obj{"node": obj{"default": "127.0.0.1:8443", "description": "host:port of the node's rest_listen (network.json: nodes[].rest)."}}}},
		"tags":     tagList,
		"security": []any{obj{"memberTLS": []any{}}},
		"paths":    paths,
		"components": obj{
			"schemas":   g.schemas,
			"responses": obj{"Problem": problem},
			"securitySchemes": obj{"memberTLS": obj{"type": "mutualTLS",
				"description": "A client certificate issued by a member organisation's CA (only GET /v1/health answers without one)."}},
		},
	}
	var buf bytes.Buffer
	buf.WriteString("# Code generated by api/internal/openapigen; DO NOT EDIT.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(sortedNode(doc)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sortedNode converts v to a YAML node with the keys of every object in a
// stable order: openapi, info, ... first at the top, then sorted.
func sortedNode(v any) *yaml.Node {
	switch x := v.(type) {
	case obj:
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		order := map[string]int{"openapi": 1, "info": 2, "servers": 3, "tags": 4, "security": 5, "paths": 6, "components": 7,
			"type": 1, "$ref": 1, "operationId": 1, "summary": 2}
		sort.Slice(keys, func(i, j int) bool {
			oi, oj := order[keys[i]], order[keys[j]]
			if oi == 0 {
				oi = 100
			}
			if oj == 0 {
				oj = 100
			}
			if oi != oj {
				return oi < oj
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, sortedNode(x[k]))
		}
		return n
	case []string:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range x {
			n.Content = append(n.Content, sortedNode(e))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range x {
			n.Content = append(n.Content, sortedNode(e))
		}
		if len(x) == 0 {
			n.Style = yaml.FlowStyle
		}
		return n
	case []obj:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range x {
			n.Content = append(n.Content, sortedNode(e))
		}
		return n
	default:
		n := &yaml.Node{}
		if err := n.Encode(x); err != nil {
			panic(err)
		}
		return n
	}
}
