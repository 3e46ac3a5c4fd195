package generator

import "strings"

// Helpers for ref(domain) fields beyond what data.go gives every layer.

// HasRequiredRef reports whether every row of the domain refers to another
// row, so that tests must store that row before they can store one.
func (d Domain) HasRequiredRef() bool {
	for _, f := range d.Refs() {
		if !f.Optional {
			return true
		}
	}
	return false
}

// refDoc describes a ref field in the OpenAPI document: "Id of the artist
// it refers to", or "Curator: id of the artist it refers to" when the
// field's name does not say what it points at.
func (f Field) refDoc() string {
	doc := "id of the " + f.Parent.Human + " it refers to"
	if strings.TrimSuffix(f.Name, "_id") != f.Parent.Name {
		return capitalize(strings.TrimSuffix(f.Human, " id")) + ": " + doc
	}
	return capitalize(doc)
}

// Referrers lists the domains with a ref field that points at the domain
// named parent, each once, in domain order.
func (p *Project) Referrers(parent string) []Domain {
	var out []Domain
	for _, r := range p.ReferencesTo(parent) {
		if len(out) == 0 || out[len(out)-1].Name != r.Child.Name {
			out = append(out, r.Child)
		}
	}
	return out
}
