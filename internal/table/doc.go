// Package table holds the types shared by every stage of reconwatch: KQL
// scalar types, the Value that carries one cell, schemas, and the row
// batches that flow from readers through the KQL engine to outputs.
//
// Value is a plain struct, not an interface, so cells move through the
// engine without boxing. Only dynamic arrays and property bags carry a
// pointer payload.
package table
