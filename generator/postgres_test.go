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
