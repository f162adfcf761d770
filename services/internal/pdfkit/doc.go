// Package pdfkit holds what the services' printable documents share: the
// CJK TrueType font they embed so that Chinese text prints as written
// (Font), and QR codes rendered for reliable scanning (QRPNG). The
// evidence service's certificates and the metro scenario's e-invoices use
// it.
package pdfkit
