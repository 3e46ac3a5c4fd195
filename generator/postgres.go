package generator

import (
	"fmt"
	"strings"
)

// This file holds what only the PostgreSQL templates need.

// pgMaxIdentifier is the length of the longest identifier PostgreSQL keeps
// (NAMEDATALEN - 1); it cuts longer ones to this many bytes.
const pgMaxIdentifier = 63

// PGForeignKey is the name of the foreign key constraint of the ref field f:
// PostgreSQL's default, <table>_<column>_fkey, cut to the length PostgreSQL
// keeps. The migration names the constraint explicitly so that the
// repository, which recognises violations by this name, always agrees with
// it.
func (d Domain) PGForeignKey(f Field) string {
	name := d.Table + "_" + f.Name + "_fkey"
	return name[:min(len(name), pgMaxIdentifier)]
}

// PGType is the field's PostgreSQL column type.
func (f Field) PGType() string {
	if f.row().maxLength {
		return fmt.Sprintf("%s(%d)", f.row().postgres, f.MaxLen)
	}
	return f.row().postgres
}

// PGColumn is the column's definition in a PostgreSQL CREATE TABLE, its
// name padded to width.
func (f Field) PGColumn(width int) string {
	def := fmt.Sprintf("%-*s %s", width, f.Name, f.PGType())
	if !f.Optional {
		def += " NOT NULL"
	}
	if f.Unique && !f.owned { // owned tables declare UNIQUE (owner_id, field)
		def += " UNIQUE"
	}
	if f.row().bytewise {
		def += ` COLLATE "C"`
	}
	if c := f.row().pgCheck; c != nil {
		def += " CHECK (" + c(f) + ")"
	}
	return def
}

// PGValues are the numbered INSERT parameters of Columns: $1, $2, ….
func (d Domain) PGValues() string {
	n := len(strings.Split(d.Columns(), ", "))
	params := make([]string, n)
	for i := range params {
		params[i] = fmt.Sprintf("$%d", i+1)
	}
	return strings.Join(params, ", ")
}

// PGSetClause is the SET list of the PostgreSQL UPDATE statement: every
// field and updated_at, numbered from $1; the id follows as PGSetIDParam.
func (d Domain) PGSetClause() string {
	var set []string
	for i, f := range d.Fields {
		set = append(set, fmt.Sprintf("%s = $%d", f.Name, i+1))
	}
	return strings.Join(append(set, fmt.Sprintf("updated_at = $%d", len(d.Fields)+1)), ", ")
}

// PGSetIDParam is the parameter of the id in the UPDATE statement, after
// PGSetClause's.
func (d Domain) PGSetIDParam() string { return fmt.Sprintf("$%d", len(d.Fields)+2) }

// PGAfterScan is the statement that turns the field of recv, as pgx
// scanned it, into the model's value, or "" when it is that already.
func (f Field) PGAfterScan(recv string) string {
	return f.assign(f.row().pgScanned, recv)
}
