package model

import (
	"errors"

	"github.com/google/uuid"
)

// ErrNoScope is the error of a call with a Scope built by neither OwnedBy
// nor AllRows. It is a bug in the caller, never a reason to reach every row.
var ErrNoScope = errors.New("model: no scope; build one with OwnedBy or AllRows")

// Scope says which rows of an owned domain a call may reach: those of one
// owner, or all of them. It is built on purpose, with OwnedBy or AllRows;
// the zero Scope reaches nothing, and repositories refuse it with
// ErrNoScope.
type Scope struct {
	owner uuid.UUID
	all   bool
}

// OwnedBy is the scope of the rows owned by the user with the given id.
// OwnedBy(uuid.Nil) reaches nothing, like the zero Scope.
func OwnedBy(owner uuid.UUID) Scope {
	return Scope{owner: owner}
}

// AllRows is the scope of every row, whoever owns it.
func AllRows() Scope {
	return Scope{all: true}
}

// Owner returns the user whose rows the scope reaches, or all true when it
// reaches every row. A scope built by neither OwnedBy nor AllRows, or by
// OwnedBy(uuid.Nil), gives ErrNoScope.
func (s Scope) Owner() (owner uuid.UUID, all bool, err error) {
	switch {
	case s.all:
		return uuid.Nil, true, nil
	case s.owner == uuid.Nil:
		return uuid.Nil, false, ErrNoScope
	}
	return s.owner, false, nil
}
