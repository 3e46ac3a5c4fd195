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

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"example.com/bare/internal/apperr"
)

// timeLayout is RFC 3339 with a fixed nine-digit fraction, so stored times
// compare correctly as strings.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// translate turns driver errors into application errors. entity names the
// row in messages ("user").
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

// uniqueColumn extracts the column from SQLite's "UNIQUE constraint failed:
// table.column" message, or returns "" when there is not exactly one.
func uniqueColumn(msg string) string {
	_, after, ok := strings.Cut(msg, "UNIQUE constraint failed: ")
	if !ok {
		return ""
	}
	after, _, _ = strings.Cut(after, " (")
	_, column, ok := strings.Cut(after, ".")
	if !ok || strings.ContainsAny(column, ", ") {
		return ""
	}
	return column
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

// timeScanner scans a stored time into a time.Time.
type timeScanner struct {
	dst *time.Time
}

// Scan implements sql.Scanner.
func (s timeScanner) Scan(src any) error {
	if src == nil {
		return errors.New("scan time: unexpected NULL")
	}
	str, ok := src.(string)
	if !ok {
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	t, err := time.Parse(timeLayout, str)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*s.dst = t
	return nil
}

// scanTime scans a required time column into dst.
func scanTime(dst *time.Time) sql.Scanner { return timeScanner{dst: dst} }
