package sdk

import "github.com/causeway/causeway/api/apipb"

// NewLocalClient returns a Client whose calls go to chain instead of a
// network connection: a node uses it to host SDK-based services in process
// (api.Server.Local). If chain also implements apipb.ProofsClient, the
// proof methods use it. The client has no connection: Conn returns nil and
// Close does nothing.
func NewLocalClient(chain apipb.ChainClient) *Client {
	return &Client{chain: chain}
}
