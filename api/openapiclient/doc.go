// Package openapiclient is a REST client generated from api/openapi.yaml by
// oapi-codegen, a standard generator, with no hand edits: it shows that a
// client made from the description reads what the server sends (see its
// tests). Go programs should use package sdk.
package openapiclient

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../openapi.yaml
