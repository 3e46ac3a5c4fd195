package schema_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/feed/internal/apperr"
	"example.com/feed/internal/model"
	"example.com/feed/internal/schema"
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

func TestNoteUpdateApply(t *testing.T) {
	item := model.Note{
		Title: "title 1",
		Body:  ptr("body 1"),
		Due:   ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC)),
		Done:  true,
	}
	var u schema.NoteUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","body":null,"due":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Note{
		Title: "title 2",
		Done:  true,
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("Apply = %+v, want %+v", item, want)
	}

	var nulled schema.NoteUpdate
	if err := json.Unmarshal([]byte(`{"title":null}`), &nulled); err != nil {
		t.Fatal(err)
	}
	var ae *apperr.Error
	if err := nulled.Apply(&item); !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["title"] == "" {
		t.Errorf("Apply(title null) = %v, want Validation naming title", err)
	}
}

func TestEventUpdateApply(t *testing.T) {
	item := model.Event{
		Title:    "title 1",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
		Contact:  ptr("a@example.com"),
		RefCode:  ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")),
		Seats:    ptr(int64(100)),
		Score:    ptr(4.5),
	}
	var u schema.EventUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","contact":null,"ref_code":null,"seats":null,"score":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Event{
		Title:    "title 2",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("Apply = %+v, want %+v", item, want)
	}

	var nulled schema.EventUpdate
	if err := json.Unmarshal([]byte(`{"title":null}`), &nulled); err != nil {
		t.Fatal(err)
	}
	var ae *apperr.Error
	if err := nulled.Apply(&item); !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["title"] == "" {
		t.Errorf("Apply(title null) = %v, want Validation naming title", err)
	}
}

func TestArtistUpdateApply(t *testing.T) {
	item := model.Artist{
		Name: "name 1",
	}
	var u schema.ArtistUpdate
	if err := json.Unmarshal([]byte(`{"name":"name 2"}`), &u); err != nil {
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

func TestArtworkUpdateApply(t *testing.T) {
	item := model.Artwork{
		Title:    "title 1",
		ArtistID: uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		NoteID:   ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")),
	}
	var u schema.ArtworkUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","note_id":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Artwork{
		Title:    "title 2",
		ArtistID: uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("Apply = %+v, want %+v", item, want)
	}

	var nulled schema.ArtworkUpdate
	if err := json.Unmarshal([]byte(`{"title":null}`), &nulled); err != nil {
		t.Fatal(err)
	}
	var ae *apperr.Error
	if err := nulled.Apply(&item); !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["title"] == "" {
		t.Errorf("Apply(title null) = %v, want Validation naming title", err)
	}
}

func TestDateJSON(t *testing.T) {
	var d schema.Date
	if err := json.Unmarshal([]byte(`"2024-02-29"`), &d); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if b, _ := json.Marshal(d); string(b) != `"2024-02-29"` {
		t.Errorf("Marshal = %s, want %q", b, "2024-02-29")
	}
	for _, bad := range []string{`"2023-02-29"`, `"2024-2-1"`, `"2024-01-01T00:00:00Z"`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want an error", bad)
		}
	}
}

func ptr[T any](v T) *T { return &v }
