package schema_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"example.com/one/internal/apperr"
	"example.com/one/internal/model"
	"example.com/one/internal/schema"
)

func TestOptionalUnmarshal(t *testing.T) {
	tests := []struct {
		in        string
		set, null bool
		value     string
	}{
		{`{}`, false, false, ""},
		{`{"v":null}`, true, true, ""},
		{`{"v":"x"}`, true, false, "x"},
	}
	for _, tt := range tests {
		var doc struct {
			V schema.Optional[string] `json:"v,omitzero"`
		}
		if err := json.Unmarshal([]byte(tt.in), &doc); err != nil {
			t.Fatalf("Unmarshal(%s): %v", tt.in, err)
		}
		if doc.V.Set != tt.set || doc.V.Null != tt.null || doc.V.Value != tt.value {
			t.Errorf("Unmarshal(%s).V = %+v, want set %t null %t value %q", tt.in, doc.V, tt.set, tt.null, tt.value)
		}
	}
}

func TestArtistUpdateApply(t *testing.T) {
	item := model.Artist{
		Name:        "name 1",
		Description: ptr("description 1"),
	}
	var u schema.ArtistUpdate
	if err := json.Unmarshal([]byte(`{"name":"name 2","description":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Artist{
		Name: "name 2",
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("Apply = %+v, want %+v", item, want)
	}

	var nulled schema.ArtistUpdate
	if err := json.Unmarshal([]byte(`{"name":null}`), &nulled); err != nil {
		t.Fatal(err)
	}
	var ae *apperr.Error
	if err := nulled.Apply(&item); !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["name"] == "" {
		t.Errorf("Apply(name null) = %v, want Validation naming name", err)
	}
}

func ptr[T any](v T) *T { return &v }
