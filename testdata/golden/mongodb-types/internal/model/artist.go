package model

import (
	"time"

	"github.com/google/uuid"
)

// Artist is an artist known to the service.
type Artist struct {
	ID     uuid.UUID
	Name   string
	Bio    *string
	Born   *time.Time // a calendar date: midnight UTC
	Rating *float64
	Active bool

	CreatedAt time.Time
	UpdatedAt time.Time
}
