// Package deploy holds the files that run a Causeway node on a real host:
// a systemd unit (systemd/causeway.service) and a Docker Compose file
// (compose.yaml) for the image the repository's Dockerfile builds. It has
// no code; its tests check that these files parse and agree with the CLI
// (systemd-analyze verify where available, a YAML parse and structural
// checks otherwise). Nothing here is run against a live host or a Docker
// engine in the tests.
package deploy
