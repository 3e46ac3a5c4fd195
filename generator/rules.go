package generator

import (
	"slices"
	"strconv"
)

// This file holds what the templates need to know about the rules of
// field types: whether a field has a rule, how the model checks it, and
// the values that break it in the generated tests. The per-type parts are
// the rule columns of the rows in types.go. The model's Validate methods
// enforce these rules for every caller; the schema tags only document them.

// nulText is a Go string literal holding a NUL character.
const nulText = `"a\x00b"`

// HasRule reports whether the model checks the field's value beyond its Go
// type.
func (f Field) HasRule() bool { return f.row().check != nil }

// IsText reports whether the field holds text, which may not contain a NUL
// character: PostgreSQL cannot store one, so no database may.
func (f Field) IsText() bool { return f.row().holdsText }

// CheckExpr is the Go expression, in package model, that returns what is
// wrong with the field's value v (never a pointer), or "" when nothing is.
func (f Field) CheckExpr(v string) string {
	if !f.HasRule() {
		return ""
	}
	return f.row().check(f, v)
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

// invalidValue is a Go value of a field's model type that breaks its rule,
// and why.
type invalidValue struct{ why, value string }

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
	var values []invalidValue
	if r := f.row(); r.invalid != nil {
		values = r.invalid(f)
	}
	if f.IsText() {
		values = append(values, invalidValue{"with NUL", nulText})
	}
	var cases []InvalidCase
	for _, v := range values {
		value := v.value
		if f.Optional {
			value = "new(" + value + ")"
		}
		cases = append(cases, InvalidCase{Name: f.Name + " " + v.why, Set: "x." + f.Go + " = " + value, Field: f.Name})
	}
	return cases
}

// AtLimit are Go statements that set every length-limited field of the
// entity input to as many two-byte characters as its limit allows, which
// the model must accept: limits count characters, as JSON schema does.
func (d Domain) AtLimit() []string {
	var sets []string
	for _, f := range d.Fields {
		atLimit := f.row().atLimit
		if atLimit == nil {
			continue
		}
		value := atLimit(f)
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

// Project-level: which checks package model needs. Each check helper of
// package model is declared when a field's check expression calls it, or
// calls a helper built on it; the users of auth check their email and
// full name with checkEmail and checkRequiredString.

// HasRules reports whether any entity of the project has a field rule;
// the users of auth have some.
func (p *Project) HasRules() bool {
	return p.Auth || p.anyField(Field.HasRule)
}

// ChecksText reports whether package model checks text for NUL characters
// (checkText, on which checkString and checkEmail build).
func (p *Project) ChecksText() bool {
	return p.Auth || p.checks("checkText", "checkString", "checkRequiredString", "checkEmail")
}

// ChecksStrings reports whether package model checks string lengths
// (checkString, on which checkRequiredString builds).
func (p *Project) ChecksStrings() bool {
	return p.Auth || p.checks("checkString", "checkRequiredString")
}

// ChecksRequiredStrings reports whether package model checks that strings
// are not empty (checkRequiredString).
func (p *Project) ChecksRequiredStrings() bool {
	return p.Auth || p.checks("checkRequiredString")
}

// ChecksEmails reports whether package model checks email addresses
// (checkEmail).
func (p *Project) ChecksEmails() bool { return p.Auth || p.checks("checkEmail") }

// ChecksEnums reports whether package model checks enum values
// (checkEnum).
func (p *Project) ChecksEnums() bool { return p.checks("checkEnum") }

// checks reports whether the check expression of some field of the
// project calls one of the helpers.
func (p *Project) checks(helpers ...string) bool {
	return p.anyField(func(f Field) bool {
		for _, m := range called.FindAllStringSubmatch(f.CheckExpr("v"), -1) {
			if slices.Contains(helpers, m[1]) {
				return true
			}
		}
		return false
	})
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
