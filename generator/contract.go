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

// DistinctValue is a Go expression of the field's required type whose
// value differs for each value of the int variable i, for tests that store
// several rows of a domain with unique fields. It needs only the packages
// fmt, time and uuid.
func (f Field) DistinctValue() string {
	if f.Type == options.Time {
		return "time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(i) * time.Second)"
	}
	return f.RowValue()
}

// RequiredUnique are the unique fields that may not be null: rows a test
// stores side by side must differ in them.
func (d Domain) RequiredUnique() []Field {
	return d.filter(func(f Field) bool { return f.Unique && !f.Optional })
}
