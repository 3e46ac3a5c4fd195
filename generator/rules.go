package generator

import (
	"strconv"
	"strings"

	"github.com/go-gen/gen/options"
)

// This file holds what the templates need to know about the rules of
// field types: which rule each type has, how the model checks it, and the
// values that break it in the generated tests. The model's Validate methods
// enforce these rules for every caller; the schema tags only document them.

// rule is the kind of check the model runs on a field's value.
type rule int

const (
	noRule     rule = iota
	stringRule      // length within limits, no NUL
	textRule        // no NUL
	emailRule       // a plain address of at most 254 characters, no NUL
	enumRule        // one of the enum's values
)

// nulText is a Go string literal holding a NUL character.
const nulText = `"a\x00b"`

// rule returns the field's rule.
func (f Field) rule() rule {
	switch f.Type {
	case options.String:
		return stringRule
	case options.Text:
		return textRule
	case options.Email:
		return emailRule
	case options.Enum:
		return enumRule
	}
	return noRule
}

// HasRule reports whether the model checks the field's value beyond its Go
// type.
func (f Field) HasRule() bool { return f.rule() != noRule }

// IsText reports whether the field holds text, which may not contain a NUL
// character: PostgreSQL cannot store one, so no database may.
func (f Field) IsText() bool {
	r := f.rule()
	return r == stringRule || r == textRule || r == emailRule
}

// CheckExpr is the Go expression, in package model, that returns what is
// wrong with the field's value v (never a pointer), or "" when nothing is.
func (f Field) CheckExpr(v string) string {
	switch f.rule() {
	case stringRule:
		if !f.Optional { // a required string may not be empty
			return "checkRequiredString(" + v + ", " + strconv.Itoa(f.MaxLen) + ")"
		}
		return "checkString(" + v + ", " + strconv.Itoa(f.MaxLen) + ")"
	case textRule:
		return "checkText(" + v + ")"
	case emailRule:
		return "checkEmail(" + v + ")"
	case enumRule:
		values := make([]string, len(f.Values))
		for i, e := range f.Values {
			values[i] = e.Go
		}
		return "checkEnum(" + v + ", " + strings.Join(values, ", ") + ")"
	}
	return ""
}

// Check is the statement of a model's Validate method that records what is
// wrong with the field of recv in errs; an optional field is checked only
// when it is set. It is "" for a field without a rule.
func (f Field) Check(recv string) string {
	if !f.HasRule() {
		return ""
	}
	v := recv + "." + f.Go
	if f.Optional {
		return "if " + v + " != nil {\nerrs.add(" + strconv.Quote(f.Name) + ", " + f.CheckExpr("*"+v) + ")\n}"
	}
	return "errs.add(" + strconv.Quote(f.Name) + ", " + f.CheckExpr(v) + ")"
}

// InvalidCase is a value that breaks a rule of a field, for the generated
// service tests.
type InvalidCase struct {
	Name string // "title too long"
	// Set is a Go statement that writes the value into the entity x.
	Set string
	// Field is the field the error details must name.
	Field string
}

// InvalidCases are the values that break the field's rule.
func (f Field) InvalidCases() []InvalidCase {
	var cases []InvalidCase
	add := func(why, value string) {
		if f.Optional {
			value = "new(" + value + ")"
		}
		cases = append(cases, InvalidCase{Name: f.Name + " " + why, Set: "x." + f.Go + " = " + value, Field: f.Name})
	}
	switch f.rule() {
	case stringRule:
		add("too long", `strings.Repeat("x", `+strconv.Itoa(f.MaxLen+1)+`)`)
		if !f.Optional {
			add("empty", `""`)
		}
	case emailRule:
		add("not an email", `"nope"`)
		add("with a display name", `"Ada <ada@example.com>"`)
		add("too long", `strings.Repeat("a", 243) + "@example.com"`)
	case enumRule:
		add("not in enum", "model."+f.EnumType()+"("+strconv.Quote(f.OutsideEnum())+")")
	}
	if f.IsText() {
		add("with NUL", nulText)
	}
	return cases
}

// AtLimit are Go statements that set every string field of the entity
// input to as many two-byte characters as its limit allows, which the
// model must accept: limits count characters, as JSON schema does.
func (d Domain) AtLimit() []string {
	var sets []string
	for _, f := range d.Fields {
		if f.rule() != stringRule {
			continue
		}
		value := `strings.Repeat("é", ` + strconv.Itoa(f.MaxLen) + `)`
		if f.Optional {
			value = "new(" + value + ")"
		}
		sets = append(sets, "input."+f.Go+" = "+value)
	}
	return sets
}

// HasRules reports whether any field of the domain has a rule.
func (d Domain) HasRules() bool {
	for _, f := range d.Fields {
		if f.HasRule() {
			return true
		}
	}
	return false
}

// RuleFields are the fields that have a rule.
func (d Domain) RuleFields() []Field { return d.filter(Field.HasRule) }

// InvalidCases are the values that break a rule of any field.
func (d Domain) InvalidCases() []InvalidCase {
	var cases []InvalidCase
	for _, f := range d.Fields {
		cases = append(cases, f.InvalidCases()...)
	}
	return cases
}

// Receiver is the receiver name of the domain's methods in package model:
// its first letter.
func (d Domain) Receiver() string { return d.Var[:1] }

// TextField is the first field holding text, or nil.
func (d Domain) TextField() *Field {
	for _, f := range d.Fields {
		if f.IsText() {
			return &f
		}
	}
	return nil
}

// NULJSON is a create body with every required field and a NUL character
// in TextField, as a Go raw string literal.
func (d Domain) NULJSON() string {
	f := d.TextField()
	if f == nil {
		return ""
	}
	return goRaw(setMember(d.Required(), *f, `"a\u0000b"`))
}

// Project-level: which checks package model needs.

// HasRules reports whether any entity of the project has a field rule;
// the users of auth have some.
func (p *Project) HasRules() bool {
	return p.Auth || p.anyField(Field.HasRule)
}

// ChecksText reports whether package model checks text for NUL characters.
func (p *Project) ChecksText() bool { return p.Auth || p.anyField(Field.IsText) }

// ChecksStrings reports whether package model checks string lengths; the
// full name of users has one.
func (p *Project) ChecksStrings() bool { return p.Auth || p.checks(stringRule) }

// ChecksRequiredStrings reports whether package model checks that strings
// are not empty; the full name of users, when set, may not be.
func (p *Project) ChecksRequiredStrings() bool {
	return p.Auth || p.anyField(func(f Field) bool { return f.rule() == stringRule && !f.Optional })
}

// ChecksEmails reports whether package model checks email addresses.
func (p *Project) ChecksEmails() bool { return p.Auth || p.checks(emailRule) }

// ChecksEnums reports whether package model checks enum values.
func (p *Project) ChecksEnums() bool { return p.checks(enumRule) }

func (p *Project) checks(r rule) bool {
	return p.anyField(func(f Field) bool { return f.rule() == r })
}

// TextDomain is the first domain with a field holding text, or nil: the
// end-to-end tests send it a NUL character.
func (p *Project) TextDomain() *Domain {
	for _, d := range p.Domains {
		if d.TextField() != nil {
			return &d
		}
	}
	return nil
}
