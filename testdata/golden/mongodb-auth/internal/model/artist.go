package model

import (
	"time"

	"github.com/google/uuid"
)

// Artist is an artist known to the service.
type Artist struct {
	ID   uuid.UUID
	Name string

	CreatedAt time.Time
	UpdatedAt time.Time
}
