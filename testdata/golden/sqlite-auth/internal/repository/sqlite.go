// Package repository stores the entities in SQLite with database/sql.
//
// Times are stored as TEXT in a fixed-width RFC 3339 UTC layout so that
// they sort correctly as strings; dates as TEXT YYYY-MM-DD; ids and uuids
// as their canonical TEXT form; booleans as INTEGER 0/1.
package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"example.com/shop/internal/apperr"
	"example.com/shop/internal/model"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction, so stored times
// compare correctly as strings.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// translate turns driver errors into application errors. entity names the
// row in messages ("note").
func translate(err error, entity string) error {
	var se *sqlite.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return apperr.Wrap(apperr.NotFound, entity+" not found", err)
	case errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY):
		e := apperr.Wrap(apperr.AlreadyExists, entity+" already exists", err)
		if column := uniqueColumn(se.Error()); column != "" {
			e.Details = map[string]string{column: "already exists"}
		}
		return e
	case errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_CHECK || se.Code() == sqlite3.SQLITE_CONSTRAINT_NOTNULL):
		return apperr.Wrap(apperr.Validation, entity+" is invalid", err)
	default:
		return fmt.Errorf("%s: %w", entity, err)
	}
}

// translateDelete is translate for a DELETE, where a FOREIGN KEY failure
// means that other rows still refer to the row.
func translateDelete(err error, entity string) error {
	if isForeignKeyError(err) {
		return apperr.Wrap(apperr.Conflict, entity+" is still referenced; delete or change what refers to it first", err)
	}
	return translate(err, entity)
}

// ref is a column holding the id of a row of another table.
type ref struct {
	column string // artist_id
	table  string // artists
	entity string // artist
	id     uuid.UUID
}

// querier runs a query on the database or in a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// translateRefs is translate for an INSERT or UPDATE of a row that holds
// refs. SQLite's FOREIGN KEY error names no column, so after one it looks
// up the rows refs name and returns a validation error naming the columns
// whose row does not exist. When none is missing (the key that failed
// may be the owner), the error is returned as it is.
func translateRefs(ctx context.Context, q querier, err error, entity string, refs []ref) error {
	if !isForeignKeyError(err) {
		return translate(err, entity)
	}
	problems := map[string]string{}
	for _, r := range refs {
		var exists bool
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+r.table+` WHERE id = ?)`, r.id).Scan(&exists); err != nil {
			return fmt.Errorf("%s: look up %s: %w", entity, r.column, err)
		}
		if !exists {
			problems[r.column] = "no " + r.entity + " has this id"
		}
	}
	if len(problems) == 0 {
		return fmt.Errorf("%s: %w", entity, err)
	}
	return apperr.Invalid(problems)
}

// isForeignKeyError reports whether err is the failure of a FOREIGN KEY
// constraint. SQLite enforces ON DELETE RESTRICT with a trigger, so a
// refused delete fails as a trigger, with the same message.
func isForeignKeyError(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return true
	case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
		return strings.Contains(se.Error(), "FOREIGN KEY constraint failed")
	}
	return false
}

// uniqueColumn extracts the column from SQLite's "UNIQUE constraint failed:
// table.column" message, or returns "" when there is not exactly one. The
// owner_id of a unique-per-owner constraint does not count.
func uniqueColumn(msg string) string {
	_, after, ok := strings.Cut(msg, "UNIQUE constraint failed: ")
	if !ok {
		return ""
	}
	after, _, _ = strings.Cut(after, " (")
	var columns []string
	for _, qualified := range strings.Split(after, ", ") {
		if _, column, ok := strings.Cut(qualified, "."); ok && column != "owner_id" {
			columns = append(columns, column)
		}
	}
	if len(columns) != 1 {
		return ""
	}
	return columns[0]
}

// scopeFilter returns the condition that limits a query to the rows scope
// reaches, with its arguments. A scope built by neither model.OwnedBy nor
// model.AllRows is refused with model.ErrNoScope.
func scopeFilter(scope model.Scope) (string, []any, error) {
	owner, all, err := scope.Owner()
	switch {
	case err != nil:
		return "", nil, err
	case all:
		return "1 = 1", nil, nil
	}
	return "owner_id = ?", []any{owner}, nil
}

// inTx runs fn in a transaction, committing when fn succeeds and rolling
// back otherwise. The connection string opens write transactions with
// BEGIN IMMEDIATE, so fn holds the write lock from the start.
func inTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Rolling back is a no-op once committed; after a failure fn's error
	// is the one to report.
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// timeArg is the stored form of a time.
func timeArg(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

// nullDateArg is the stored form of an optional date.
func nullDateArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.DateOnly)
}

// timeScanner scans a stored time (timeLayout) or date (time.DateOnly) into a
// time.Time or, when null is allowed, a *time.Time.
type timeScanner struct {
	layout string
	dst    *time.Time
	ptr    **time.Time
}

// Scan implements sql.Scanner.
func (s timeScanner) Scan(src any) error {
	if src == nil {
		if s.ptr == nil {
			return errors.New("scan time: unexpected NULL")
		}
		*s.ptr = nil
		return nil
	}
	str, ok := src.(string)
	if !ok {
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	t, err := time.Parse(s.layout, str)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	if s.ptr != nil {
		*s.ptr = &t
	} else {
		*s.dst = t
	}
	return nil
}

// scanTime scans a required time column into dst.
func scanTime(dst *time.Time) sql.Scanner { return timeScanner{layout: timeLayout, dst: dst} }

// scanNullDate scans an optional date column into dst.
func scanNullDate(dst **time.Time) sql.Scanner { return timeScanner{layout: time.DateOnly, ptr: dst} }
