// Package repository stores the entities in PostgreSQL with pgx.
//
// Every repository holds two pools, the primary and the replica, which may
// lag behind the primary. Only lists read from the replica. Everything
// else goes to the primary, so that clients read their own writes: the
// writes, the reads inside a transaction that writes, and the reads of one
// row by id or email, which clients make right after writing it (register
// then log in, create then get) and which would fail with a 404 or 401
// when the replica has not caught up. A list that misses the latest writes
// is only a moment old.
//
// Times are stored as timestamptz, to the microsecond, and come back in
// UTC; dates are stored as date and come back as midnight UTC.
package repository

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"example.com/bare/internal/apperr"
)

// The SQLSTATE codes of the errors translate turns into application
// errors, named after their conditions in the PostgreSQL manual.
const (
	notNullViolation          = "23502"
	foreignKeyViolation       = "23503"
	uniqueViolation           = "23505"
	checkViolation            = "23514"
	stringDataRightTruncation = "22001"
	invalidTextRepresentation = "22P02"
	invalidDatetimeFormat     = "22007"
	datetimeFieldOverflow     = "22008"
)

// translate turns driver errors into application errors. entity names the
// row in messages ("user").
func translate(err error, entity string) error {
	var pgErr *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return apperr.Wrap(apperr.NotFound, entity+" not found", err)
	case !errors.As(err, &pgErr):
		return fmt.Errorf("%s: %w", entity, err)
	}
	switch pgErr.Code {
	case uniqueViolation:
		e := apperr.Wrap(apperr.AlreadyExists, entity+" already exists", err)
		if column := keyColumn(pgErr.Detail); column != "" {
			e.Details = map[string]string{column: "already exists"}
		}
		return e
	case foreignKeyViolation:
		// A write naming a row that does not exist, such as an owner.
		e := apperr.Wrap(apperr.Validation, entity+" refers to a missing row", err)
		if column := keyColumn(pgErr.Detail); column != "" {
			e.Details = map[string]string{column: "does not exist"}
		}
		return e
	case notNullViolation, checkViolation, stringDataRightTruncation,
		invalidTextRepresentation, invalidDatetimeFormat, datetimeFieldOverflow:
		return apperr.Wrap(apperr.Validation, entity+" is invalid", err)
	}
	return fmt.Errorf("%s: %w", entity, err)
}

// keyColumn extracts the column from the detail of a key violation, such
// as "Key (email)=(a@example.com) already exists.", or returns "" unless
// the key has exactly one column. Servers word the detail in their own
// language, but its "(columns)=(values)" part is the same in all of them.
func keyColumn(detail string) string {
	_, after, _ := strings.Cut(detail, "(")
	columns, _, ok := strings.Cut(after, ")=(")
	if !ok || strings.Contains(columns, ",") {
		return ""
	}
	return columns
}
