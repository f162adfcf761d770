# Causeway node image. Not built or run in this repository's tests (the
# machine has no Docker engine); see the deployment guide in the README.
#
#   docker build -t causeway:latest .
#   docker run --network host -v /srv/causeway/org1:/var/lib/causeway/org causeway:latest \
#     node start --config /var/lib/causeway/org/nodes/node1/node.json

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/causeway ./cmd/causeway

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/causeway --shell /usr/sbin/nologin causeway \
 && mkdir -p /var/lib/causeway/org \
 && chown -R causeway:causeway /var/lib/causeway
COPY --from=build /out/causeway /usr/local/bin/causeway
USER causeway
WORKDIR /var/lib/causeway
# The org folder (CA certificate, node keys and certificates, node.json,
# genesis.json, data): mount it; keep the CA key (ca/ca.key) off the host.
VOLUME ["/var/lib/causeway/org"]
# p2p, gRPC and REST; the admin port (health, metrics) stays on loopback.
EXPOSE 7050 7051 7052
ENTRYPOINT ["/usr/local/bin/causeway"]
CMD ["node", "start", "--config", "/var/lib/causeway/org/nodes/node1/node.json"]
