package apperr_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"example.com/bare/internal/apperr"
)

var errNoRows = errors.New("no rows")

func TestKinds(t *testing.T) {
	err := fmt.Errorf("get item: %w", apperr.Wrap(apperr.NotFound, "item not found", errNoRows))

	if !errors.Is(err, apperr.NotFound) {
		t.Errorf("errors.Is(%v, NotFound) = false, want true", err)
	}
	if errors.Is(err, apperr.AlreadyExists) {
		t.Errorf("errors.Is(%v, AlreadyExists) = true, want false", err)
	}
	if !errors.Is(err, errNoRows) {
		t.Errorf("errors.Is(%v, errNoRows) = false, want true", err)
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Message != "item not found" {
		t.Errorf("errors.As(%v) = %v, want message %q", err, ae, "item not found")
	}
}

func TestInvalid(t *testing.T) {
	err := apperr.Invalid(map[string]string{"name": "must not be null"})
	if !errors.Is(err, apperr.Validation) {
		t.Errorf("errors.Is(%v, Validation) = false, want true", err)
	}
	if got := err.Details["name"]; got != "must not be null" {
		t.Errorf("Details[name] = %q, want %q", got, "must not be null")
	}
}

func TestTryLater(t *testing.T) {
	err := fmt.Errorf("login: %w", apperr.TryLater(apperr.RateLimited, "too many attempts", 30*time.Second, nil))
	var ae *apperr.Error
	if !errors.Is(err, apperr.RateLimited) || !errors.As(err, &ae) || ae.RetryAfter != 30*time.Second {
		t.Errorf("TryLater = %v, want a RateLimited error with RetryAfter 30s", err)
	}
}
