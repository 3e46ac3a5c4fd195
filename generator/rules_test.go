package generator

import (
	"strings"
	"testing"

	"github.com/go-gen/gen/options"
)

// TestFieldRules checks, for every field type, which rule the model checks
// and that the generated tests have values breaking it: a text type that
// lost its NUL case, or a rule without a bad value, would go untested.
func TestFieldRules(t *testing.T) {
	sample := map[options.FieldType]string{
		options.String: "f:string(80)",
		options.Text:   "f:text",
		options.Int:    "f:int",
		options.Float:  "f:float",
		options.Bool:   "f:bool",
		options.Time:   "f:time",
		options.Date:   "f:date",
		options.UUID:   "f:uuid",
		options.Email:  "f:email",
		options.Enum:   "f:enum(a|b)",
		options.Ref:    "f_id:ref(parent)",
	}
	withRule := map[options.FieldType]bool{options.String: true, options.Text: true, options.Email: true, options.Enum: true}
	holdsText := map[options.FieldType]bool{options.String: true, options.Text: true, options.Email: true}
	for _, typ := range options.FieldTypes() {
		spec, ok := sample[typ]
		if !ok {
			t.Errorf("type %s has no sample spec here; add one and its rule", typ)
			continue
		}
		for _, optional := range []bool{false, true} {
			field := spec
			if optional {
				name, rest, _ := strings.Cut(spec, ":")
				field = name + ":" + rest + "?"
			}
			d, err := options.ParseDomain("parent " + field)
			if err != nil {
				t.Fatalf("ParseDomain(%q): %v", field, err)
			}
			f := newDomain(d, "").Fields[0]
			if got := f.HasRule(); got != withRule[typ] {
				t.Errorf("%s: HasRule() = %v, want %v", field, got, withRule[typ])
			}
			if got := f.IsText(); got != holdsText[typ] {
				t.Errorf("%s: IsText() = %v, want %v", field, got, holdsText[typ])
			}
			if got := f.Check("x"); (got != "") != withRule[typ] {
				t.Errorf("%s: Check() = %q, want a statement exactly when the type has a rule", field, got)
			}
			cases := f.InvalidCases()
			if withRule[typ] && len(cases) == 0 {
				t.Errorf("%s: no InvalidCases for a type with a rule", field)
			}
			nul := false
			for _, c := range cases {
				nul = nul || strings.Contains(c.Set, nulText)
				if optional && !strings.Contains(c.Set, "new(") {
					t.Errorf("%s: case %q sets %q, want a pointer", field, c.Name, c.Set)
				}
			}
			if nul != holdsText[typ] {
				t.Errorf("%s: a NUL case = %v, want %v", field, nul, holdsText[typ])
			}
		}
	}
}
