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
		{"artist name:string", []string{"created_at_1__id_1"}},
		{"artist name:string:unique bio:text?:unique born:date:index", []string{
			"created_at_1__id_1", "name_1 u", "bio_1 u s", "born_1"}},
		// Unique fields of an owned domain are unique per owner; an optional
		// one through its own key, as a sparse (owner_id, field) index would
		// still hold the documents without the field.
		{"note:owned title:string:unique code:string?:unique due:date?:index", []string{
			"owner_id_1_created_at_1__id_1", "owner_id_1_title_1 u", "code_per_owner_1 u s", "due_1"}},
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
