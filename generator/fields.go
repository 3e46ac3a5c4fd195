package generator

import (
	"text/template"

	"github.com/go-gen/gen/options"
)

// usesDate reports whether any domain has a date field.
func usesDate(p *Project) bool {
	for _, d := range p.Domains {
		for _, f := range d.Fields {
			if f.Type == options.Date {
				return true
			}
		}
	}
	return false
}

// fieldFuncs are the template functions about field types.
var fieldFuncs = template.FuncMap{}
