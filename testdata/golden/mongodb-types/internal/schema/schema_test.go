package schema_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"example.com/demo/internal/apperr"
	"example.com/demo/internal/model"
	"example.com/demo/internal/schema"
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
		Name:   "name 1",
		Bio:    ptr("bio 1"),
		Born:   ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC)),
		Rating: ptr(4.5),
		Active: true,
	}
	var u schema.ArtistUpdate
	if err := json.Unmarshal([]byte(`{"name":"name 2","bio":null,"born":null,"rating":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Artist{
		Name:   "name 2",
		Active: true,
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

func TestEventUpdateApply(t *testing.T) {
	item := model.Event{
		Title:    "title 1",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
		Contact:  ptr("a@example.com"),
		RefCode:  ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")),
		Seats:    100,
	}
	var u schema.EventUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","contact":null,"ref_code":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.Event{
		Title:    "title 2",
		Kind:     model.EventKindConcert,
		StartsAt: time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC),
		Seats:    100,
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

func TestBlogPostUpdateApply(t *testing.T) {
	item := model.BlogPost{
		Title:        "title 1",
		Body:         "body 1",
		PublishedOn:  ptr(time.Date(1933, 2, 21, 0, 0, 0, 0, time.UTC)),
		Views:        ptr(int64(100)),
		Score:        4.5,
		Visible:      ptr(true),
		Tag:          ptr(model.BlogPostTagNews),
		EditorEmail:  "a@example.com",
		ExternalID:   uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		UpdatedByURL: ptr("updated by url 1"),
		ArchivedAt:   ptr(time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)),
	}
	var u schema.BlogPostUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","published_on":null,"views":null,"visible":null,"tag":null,"updated_by_url":null,"archived_at":null}`), &u); err != nil {
		t.Fatal(err)
	}
	if err := u.Apply(&item); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := model.BlogPost{
		Title:       "title 2",
		Body:        "body 1",
		Score:       4.5,
		EditorEmail: "a@example.com",
		ExternalID:  uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("Apply = %+v, want %+v", item, want)
	}

	var nulled schema.BlogPostUpdate
	if err := json.Unmarshal([]byte(`{"title":null}`), &nulled); err != nil {
		t.Fatal(err)
	}
	var ae *apperr.Error
	if err := nulled.Apply(&item); !errors.As(err, &ae) || ae.Kind != apperr.Validation || ae.Details["title"] == "" {
		t.Errorf("Apply(title null) = %v, want Validation naming title", err)
	}
}

func TestArtworkUpdateApply(t *testing.T) {
	item := model.Artwork{
		Title:    "title 1",
		Year:     ptr(int64(100)),
		ArtistID: uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc"),
		EventID:  ptr(uuid.MustParse("0190c3a4-1b2c-7d3e-8f40-123456789abc")),
	}
	var u schema.ArtworkUpdate
	if err := json.Unmarshal([]byte(`{"title":"title 2","year":null,"event_id":null}`), &u); err != nil {
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
