package service_test

import (
	"errors"
	"testing"

	"example.com/bare/internal/apperr"
)

// wantInvalid fails the test unless err is a Validation error naming
// field.
func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || !errors.Is(err, apperr.Validation) || ae.Details[field] == "" {
		t.Errorf("error = %v, want Validation naming %s", err, field)
	}
}
