package generator

import (
	"fmt"
	"strings"
)

// What the SQLite templates need: column definitions, statements, and the
// conversions of a field to and from the database (the per-type parts are
// columns of the rows in types.go). PostgreSQL shares Columns and
// ColumnWidth; the rest of its helpers are in postgres.go.

// Columns lists the domain's columns in table order, for SELECT and INSERT.
func (d Domain) Columns() string {
	cols := []string{"id"}
	if d.Owned {
		cols = append(cols, "owner_id")
	}
	for _, f := range d.Fields {
		cols = append(cols, f.Name)
	}
	return strings.Join(append(cols, "created_at", "updated_at"), ", ")
}

// Placeholders are the INSERT placeholders of Columns.
func (d Domain) Placeholders() string {
	n := len(d.Fields) + 3
	if d.Owned {
		n++
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// SetClause is the SET list of the UPDATE statement: every field and
// updated_at.
func (d Domain) SetClause() string {
	var set []string
	for _, f := range d.Fields {
		set = append(set, f.Name+" = ?")
	}
	return strings.Join(append(set, "updated_at = ?"), ", ")
}

// ColumnWidth is the width of the widest column name, to align the CREATE
// TABLE statement.
func (d Domain) ColumnWidth() int {
	w := len("created_at")
	for _, f := range d.Fields {
		w = max(w, len(f.Name))
	}
	return w
}

// SQLType is the SQLite column type.
func (f Field) SQLType() string { return f.row().sqlite }

// SQLColumn is the column's definition in CREATE TABLE, its name padded to
// width.
func (f Field) SQLColumn(width int) string {
	def := fmt.Sprintf("%-*s %s", width, f.Name, f.SQLType())
	if !f.Optional {
		def += " NOT NULL"
	}
	if f.Unique && !f.owned { // owned tables declare UNIQUE (owner_id, field)
		def += " UNIQUE"
	}
	var check string
	if c := f.row().sqliteCheck; c != nil {
		check = c(f)
	}
	if check != "" && f.Optional {
		check = f.Name + " IS NULL OR " + check
	}
	if check != "" {
		def += " CHECK (" + check + ")"
	}
	return def
}

// enumIn is the SQL condition that an enum column holds one of its values.
func (f Field) enumIn() string {
	values := make([]string, len(f.Values))
	for i, v := range f.Values {
		values[i] = "'" + v.Value + "'"
	}
	return f.Name + " IN (" + strings.Join(values, ", ") + ")"
}

// ScanArg is the Scan destination of the field of recv.
func (f Field) ScanArg(recv string) string {
	return f.convert(f.row().sqliteScan, "&"+recv+"."+f.Go)
}

// SQLArg is the query argument storing the field of recv.
func (f Field) SQLArg(recv string) string {
	return f.convert(f.row().sqliteArg, recv+"."+f.Go)
}
