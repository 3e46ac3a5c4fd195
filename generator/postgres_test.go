package generator

import (
	"strings"
	"testing"

	"github.com/go-gen/gen/options"
)

// pgDomain builds the template data of a domain spec.
func pgDomain(t *testing.T, spec string) Domain {
	t.Helper()
	d, err := options.ParseDomain(spec)
	if err != nil {
		t.Fatalf("ParseDomain(%q): %v", spec, err)
	}
	return newDomain(d, "00001")
}

func TestPGForeignKey(t *testing.T) {
	d := pgDomain(t, "blog_post author_id:ref(author) "+strings.Repeat("x", 60)+"_id:ref(tag)")
	if got, want := d.PGForeignKey(d.Fields[0]), "blog_posts_author_id_fkey"; got != want {
		t.Errorf("PGForeignKey(author_id) = %q, want %q", got, want)
	}
	// PostgreSQL keeps the first 63 bytes of a longer name.
	if got, want := d.PGForeignKey(d.Fields[1]), "blog_posts_"+strings.Repeat("x", 52); got != want {
		t.Errorf("PGForeignKey(long field) = %q, want %q", got, want)
	}
}

func TestPGList(t *testing.T) {
	tests := []struct {
		spec              string
		where, args, page string
	}{
		{"artist name:string", "", "", "LIMIT $1 OFFSET $2"},
		{"note:owned title:string", "$1::uuid IS NULL OR owner_id = $1", "owner, ", "LIMIT $2 OFFSET $3"},
		{"artwork title:string artist_id:ref(artist) event_id:ref(event)?",
			"($1::uuid IS NULL OR artist_id = $1) AND ($2::uuid IS NULL OR event_id = $2)",
			"filter.ArtistID, filter.EventID, ", "LIMIT $3 OFFSET $4"},
		{"artwork:owned artist_id:ref(artist)",
			"($1::uuid IS NULL OR owner_id = $1) AND ($2::uuid IS NULL OR artist_id = $2)",
			"owner, filter.ArtistID, ", "LIMIT $3 OFFSET $4"},
	}
	for _, tt := range tests {
		d := pgDomain(t, tt.spec)
		if got := d.PGListWhere(); got != tt.where {
			t.Errorf("PGListWhere(%q) = %q, want %q", tt.spec, got, tt.where)
		}
		if got := d.PGListArgs(); got != tt.args {
			t.Errorf("PGListArgs(%q) = %q, want %q", tt.spec, got, tt.args)
		}
		if got := d.PGListPage(); got != tt.page {
			t.Errorf("PGListPage(%q) = %q, want %q", tt.spec, got, tt.page)
		}
	}
}
