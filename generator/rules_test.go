package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-gen/gen/options"
)

// TestFieldRules checks, for every field type, which rule the model checks
// and that the generated tests have values breaking it: a text type that
// lost its NUL case, or a rule without a bad value, would go untested. A
// new type with a rule must be named here.
func TestFieldRules(t *testing.T) {
	withRule := map[options.FieldType]bool{options.String: true, options.Text: true, options.Email: true, options.Enum: true}
	holdsText := map[options.FieldType]bool{options.String: true, options.Text: true, options.Email: true}
	for _, typ := range options.FieldTypes() {
		for _, f := range sampleFields(t, typ) {
			field := string(typ)
			if f.Optional {
				field += "?"
			}
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
				if f.Optional && !strings.Contains(c.Set, "new(") {
					t.Errorf("%s: case %q sets %q, want a pointer", field, c.Name, c.Set)
				}
			}
			if nul != holdsText[typ] {
				t.Errorf("%s: a NUL case = %v, want %v", field, nul, holdsText[typ])
			}
		}
	}
}

// TestChecks checks which helpers package model declares: those the
// fields' checks call and those they build on, and with auth those the
// users' rules call.
func TestChecks(t *testing.T) {
	checks := func(p *Project) []bool {
		return []bool{p.ChecksText(), p.ChecksStrings(), p.ChecksRequiredStrings(), p.ChecksEmails(), p.ChecksEnums()}
	}
	project := func(auth bool, fields ...Field) *Project {
		return &Project{Auth: auth, Domains: []Domain{{Fields: fields}}}
	}
	for _, tt := range []struct {
		name string
		p    *Project
		want []bool // text, strings, required strings, emails, enums
	}{
		{"no rules", project(false, Field{Type: options.Int}, Field{Type: options.UUID}), []bool{false, false, false, false, false}},
		{"text", project(false, Field{Type: options.Text}), []bool{true, false, false, false, false}},
		{"optional string", project(false, Field{Type: options.String, MaxLen: 80, Optional: true}), []bool{true, true, false, false, false}},
		{"required string", project(false, Field{Type: options.String, MaxLen: 80}), []bool{true, true, true, false, false}},
		{"email", project(false, Field{Type: options.Email}), []bool{true, false, false, true, false}},
		{"enum", project(false, Field{Type: options.Enum, Values: []EnumValue{{Value: "a", Go: "KindA"}}}), []bool{false, false, false, false, true}},
		{"auth", project(true), []bool{true, true, true, true, false}},
	} {
		assert.Equal(t, tt.want, checks(tt.p), tt.name)
	}
}
