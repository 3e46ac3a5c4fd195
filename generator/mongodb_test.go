package generator

import (
	"reflect"
	"testing"

	"github.com/go-gen/gen/options"
)

func TestMongoIndexes(t *testing.T) {
	tests := []struct {
		spec string
		want []string // name, then u for unique and s for sparse
	}{
		// Every list index ends in _id, the keyset's tie-break: updated_at
		// and every sort key or range filter (field, _id), every equality
		// filter of the default order (field, created_at, _id).
		{"artist name:string", []string{"created_at_1__id_1", "updated_at_1__id_1"}},
		{"artist name:string:unique bio:text?:unique born:date:index", []string{
			"created_at_1__id_1", "name_1 u", "bio_1 u s",
			"updated_at_1__id_1", "name_1__id_1", "born_1__id_1", "born_1_created_at_1__id_1"}},
		// Unique fields of an owned domain are unique per owner; an optional
		// one through its own key, as a sparse (owner_id, field) index would
		// still hold the documents without the field, so the filter by it
		// gets an index of its own. An owned domain's list indexes start
		// with the owner; its indexed fields keep a plain index besides.
		{"note:owned title:string:unique code:string?:unique due:date?:index", []string{
			"owner_id_1_created_at_1__id_1", "owner_id_1_title_1 u", "code_per_owner_1 u s",
			"owner_id_1_code_1_created_at_1__id_1", "due_1", "owner_id_1_updated_at_1__id_1",
			"owner_id_1_title_1__id_1", "owner_id_1_due_1__id_1", "owner_id_1_due_1_created_at_1__id_1"}},
		// A ref is always indexed: by its unique index, by its list indexes,
		// and by a plain one in an owned domain, whose other indexes cannot
		// find documents by the ref alone.
		{"artwork title:string artist_id:ref(artist) event_id:ref(event)? label_id:ref(label):unique", []string{
			"created_at_1__id_1", "label_id_1 u", "updated_at_1__id_1", "artist_id_1__id_1",
			"label_id_1__id_1", "artist_id_1_created_at_1__id_1", "event_id_1_created_at_1__id_1"}},
		{"artwork:owned artist_id:ref(artist) note_id:ref(note)?:unique label_id:ref(label):unique", []string{
			"owner_id_1_created_at_1__id_1", "note_id_per_owner_1 u s", "owner_id_1_label_id_1 u",
			"owner_id_1_note_id_1_created_at_1__id_1", "artist_id_1", "note_id_1", "label_id_1",
			"owner_id_1_updated_at_1__id_1", "owner_id_1_artist_id_1__id_1", "owner_id_1_label_id_1__id_1",
			"owner_id_1_artist_id_1_created_at_1__id_1"}},
	}
	for _, tt := range tests {
		d, err := options.ParseDomain(tt.spec)
		if err != nil {
			t.Fatalf("ParseDomain(%q): %v", tt.spec, err)
		}
		var got []string
		for _, ix := range newDomain(d, "").MongoIndexes() {
			s := ix.Name()
			if ix.Unique {
				s += " u"
			}
			if ix.Sparse {
				s += " s"
			}
			got = append(got, s)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MongoIndexes(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

func TestMongoRefParents(t *testing.T) {
	d, err := options.ParseDomain("game home_id:ref(team):unique away_id:ref(team):unique venue_id:ref(venue)? host_id:ref(venue):unique judge_id:ref(judge)")
	if err != nil {
		t.Fatal(err)
	}
	names := func(fields []Field) []string {
		var out []string
		for _, f := range fields {
			out = append(out, f.Name)
		}
		return out
	}
	dom := newDomain(d, "")
	if got, want := names(dom.RefParents()), []string{"home_id", "venue_id", "judge_id"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RefParents = %q, want %q", got, want)
	}
	if got, want := names(dom.RowParents()), []string{"home_id", "host_id"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RowParents = %q, want %q", got, want)
	}
}

// TestRefsIndexed: every database indexes the fields Indexed lists.
func TestRefsIndexed(t *testing.T) {
	tests := []struct {
		spec string
		want []string
	}{
		{"artist name:string:unique born:date:index", []string{"born"}},
		// A ref has its own index unless it is unique on its own.
		{"artwork artist_id:ref(artist) event_id:ref(event)? label_id:ref(label):unique", []string{"artist_id", "event_id"}},
		// UNIQUE (owner_id, note_id) cannot find rows by note_id alone.
		{"artwork:owned artist_id:ref(artist) note_id:ref(note)?:unique code:string:unique", []string{"artist_id", "note_id"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range pgDomain(t, tt.spec).Indexed() {
			got = append(got, f.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Indexed(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}
