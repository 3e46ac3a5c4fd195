package form

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/go-gen/gen/options"
)

// Domain asks for one new domain of a project whose domains so far are
// earlier: its name, whether it is owned (with auth, unless owned holds the
// command line's answer), and its fields one by one.
func (p *Prompter) Domain(earlier []options.Domain, auth bool, owned *bool) (options.Domain, error) {
	var d options.Domain
	if owned != nil {
		d.Owned = *owned
	}
	fields := []huh.Field{huh.NewInput().
		Title("Domain name").
		Description("Singular snake_case, e.g. artist or blog_post (table blog_posts, routes /api/v1/blog-posts).").
		Value(&d.Name).
		Validate(p.check(&d.Name, func(s string) error { return options.CheckNewDomain(s, earlier, auth) }))}
	if auth && owned == nil {
		fields = append(fields, huh.NewConfirm().
			Title("Owned by the user who creates each row?").
			Description("Other users get 404 for its rows; superusers see them all.").
			Affirmative("Yes").Negative("No").
			Value(&d.Owned))
	}
	if err := p.run(huh.NewGroup(fields...)); err != nil {
		return options.Domain{}, err
	}
	d.Name = strings.TrimSpace(d.Name)
	for {
		f, err := p.field(d, earlier, auth)
		if err != nil {
			return options.Domain{}, err
		}
		d.Fields = append(d.Fields, f)
		p.say("  %s", f.Spec())
		more := false
		err = p.run(huh.NewGroup(huh.NewConfirm().
			Title(fmt.Sprintf("Add another field to %s?", d.Name)).
			Affirmative("Yes").Negative("No").
			Value(&more)))
		if err != nil {
			return options.Domain{}, err
		}
		if !more {
			break
		}
	}
	p.say("domain %s", d.Spec())
	return d, nil
}

// field asks for the next field of d: its name and type, then what the type
// needs, whether it is optional and how it is indexed.
func (p *Prompter) field(d options.Domain, earlier []options.Domain, auth bool) (options.Field, error) {
	name, typ, err := p.nameAndType(d, earlier, auth)
	if err != nil {
		return options.Field{}, err
	}

	var detail []huh.Field
	length, values := fmt.Sprint(options.DefaultStringMax), ""
	var target string
	switch typ {
	case options.String:
		detail = append(detail, huh.NewInput().
			Title("Maximum length").
			Value(&length).
			Validate(p.check(&length, func(s string) error { _, err := options.ParseField(name + ":string(" + s + ")"); return err })))
	case options.Enum:
		detail = append(detail, huh.NewInput().
			Title("Values").
			Description("snake_case values separated by | or commas, e.g. draft|published.").
			Value(&values).
			Validate(p.check(&values, func(s string) error { _, err := options.ParseField(name + ":enum(" + enumValues(s) + ")"); return err })))
	case options.Ref:
		var targets []huh.Option[string]
		for _, e := range earlier {
			targets = append(targets, huh.NewOption(e.Name, e.Name))
		}
		target = earlier[len(earlier)-1].Name
		detail = append(detail, huh.NewSelect[string]().Title("Refers to").Options(targets...).Value(&target))
	}
	optional := false
	detail = append(detail, huh.NewConfirm().
		Title("Optional?").
		Description("Optional fields may be absent or null.").
		Affirmative("Yes").Negative("No").
		Value(&optional))
	index := ""
	indexes := []huh.Option[string]{huh.NewOption("none", "")}
	if typ.AlwaysIndexed() {
		indexes[0].Key = "none: " + string(typ) + " fields are indexed already"
	}
	if typ.AllowsUnique() {
		unique := "unique: no two rows share a value"
		if d.Owned {
			unique = "unique: no two rows of one owner share a value"
		}
		indexes = append(indexes, huh.NewOption(unique, "unique"))
	}
	if !typ.AlwaysIndexed() {
		indexes = append(indexes, huh.NewOption("index: faster lookups by this field", "index"))
	}
	detail = append(detail, huh.NewSelect[string]().Title("Index").Options(indexes...).Value(&index))
	if err := p.run(huh.NewGroup(detail...)); err != nil {
		return options.Field{}, err
	}

	spec := name + ":" + string(typ)
	switch typ {
	case options.String:
		spec += "(" + strings.TrimSpace(length) + ")"
	case options.Enum:
		spec += "(" + enumValues(values) + ")"
	case options.Ref:
		spec += "(" + target + ")"
	}
	if optional {
		spec += "?"
	}
	if index != "" {
		spec += ":" + index
	}
	return options.ParseField(spec)
}

// nameAndType asks for the name and type of the next field of d until they
// fit together (a ref field's name ends in _id; an enum's Go type must not
// clash with another name). A pair that does not fit is asked again, with
// the reason above it and the answers kept for the user to correct: a
// form field cannot refuse it, since in either mode the name is behind
// the user by the time the type is chosen.
func (p *Prompter) nameAndType(d options.Domain, earlier []options.Domain, auth bool) (string, options.FieldType, error) {
	var types []huh.Option[options.FieldType]
	for _, t := range options.FieldTypes() {
		if t == options.Ref && len(earlier) == 0 {
			continue // nothing to refer to yet
		}
		types = append(types, huh.NewOption(t.Help(), t))
	}
	var name string
	typ := options.String
	for {
		err := p.run(huh.NewGroup(
			huh.NewInput().
				Title(fmt.Sprintf("Field name (field %d of %s)", len(d.Fields)+1, d.Name)).
				Description("snake_case, e.g. title or born_on; a ref field's name ends in _id.").
				Value(&name).
				Validate(p.check(&name, func(s string) error { return options.CheckFieldName(s, d.Owned, d.Fields) })),
			huh.NewSelect[options.FieldType]().Title("Type").Options(types...).Value(&typ),
		))
		if err != nil {
			return "", "", err
		}
		name = strings.TrimSpace(name)
		if err := typeFits(d, earlier, auth, name, typ); err != nil {
			p.say("%v", err)
			continue
		}
		return name, typ, nil
	}
}

// typeFits checks a field's name and type against its domain and the
// project as the command line would, with a stand-in for what the type
// needs (its length, values or target), which the form asks next.
func typeFits(d options.Domain, earlier []options.Domain, auth bool, name string, t options.FieldType) error {
	spec := name + ":" + string(t)
	switch t {
	case options.Enum:
		spec += "(a)"
	case options.Ref:
		// The hint of a misnamed ref names the domain the name suggests.
		target := earlier[len(earlier)-1].Name
		for _, e := range earlier {
			if e.Name == name {
				target = name
			}
		}
		spec += "(" + target + ")"
	}
	f, err := options.ParseField(spec)
	if err != nil {
		return err
	}
	d.Fields = append(d.Fields[:len(d.Fields):len(d.Fields)], f)
	return errors.Join(options.ValidateDomains(append(earlier[:len(earlier):len(earlier)], d), auth)...)
}

// enumValues turns "a, b | c" into the grammar's "a|b|c".
func enumValues(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ',' || r == ' ' })
	return strings.Join(parts, "|")
}
