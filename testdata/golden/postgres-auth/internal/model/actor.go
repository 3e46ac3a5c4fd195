package model

import "github.com/google/uuid"

// Actor is the authenticated caller a request acts for: who it is and what
// it may do, never the account record itself (its password hash stays in
// the user service).
type Actor struct {
	// UserID is the id of the user the access token was issued to.
	UserID uuid.UUID
	// Superuser actors may manage every user and reach every owned row.
	Superuser bool
	// Session is the id of the session the access token belongs to.
	Session uuid.UUID
}
