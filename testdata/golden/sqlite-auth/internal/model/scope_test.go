package model_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"

	"example.com/shop/internal/model"
)

func TestScope(t *testing.T) {
	alice := uuid.New()
	tests := []struct {
		name    string
		scope   model.Scope
		owner   uuid.UUID
		all     bool
		refused bool
	}{
		{name: "OwnedBy", scope: model.OwnedBy(alice), owner: alice},
		{name: "AllRows", scope: model.AllRows(), all: true},
		{name: "zero", scope: model.Scope{}, refused: true},
		{name: "OwnedBy(uuid.Nil)", scope: model.OwnedBy(uuid.Nil), refused: true},
	}
	for _, tt := range tests {
		owner, all, err := tt.scope.Owner()
		if tt.refused {
			if !errors.Is(err, model.ErrNoScope) || all {
				t.Errorf("%s: Owner() = %v, %v, %v; want ErrNoScope and not all", tt.name, owner, all, err)
			}
			continue
		}
		if err != nil || owner != tt.owner || all != tt.all {
			t.Errorf("%s: Owner() = %v, %v, %v; want %v, %v, nil", tt.name, owner, all, err, tt.owner, tt.all)
		}
	}
}
