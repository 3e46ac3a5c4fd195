package generator

import "github.com/go-gen/gen/options"

// Equal is a Go expression that is true when the field values a and b are
// equal; both are of the field's required type. It is the negation of
// NotEqual.
func (f Field) Equal(a, b string) string {
	if f.Type == options.Time || f.Type == options.Date {
		return a + ".Equal(" + b + ")"
	}
	return a + " == " + b
}

// hasDomains reports whether the project has a domain, and so the
// repository contract suites and the in-memory repositories of package
// repotest.
func hasDomains(p *Project) bool { return len(p.Domains) > 0 }
