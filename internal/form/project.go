package form

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/huh"

	"github.com/go-gen/gen/options"
)

// Known says which options of gen new its command line gave; the form asks
// only for the others.
type Known struct {
	Name, Module, Database, Auth, Domains bool
}

// Project completes proj by asking for every option known leaves open.
// checkName, when not nil, refuses a name for reasons beyond its spelling,
// such as a directory of that name in the way. proj.Module comes back empty
// when the answer is the project's name, as the command line leaves it
// without --module.
func (p *Prompter) Project(proj *options.Project, known Known, checkName func(string) error) error {
	if !known.Name {
		err := p.run(huh.NewGroup(
			huh.NewInput().
				Title("Project name").
				Description("Lower-case letters, digits, - and _, e.g. shop. Also the directory and the binary.").
				Value(&proj.Name).
				Validate(p.check(&proj.Name, func(s string) error {
					if err := options.CheckProjectName(s); err != nil || checkName == nil {
						return err
					}
					return checkName(s)
				})),
		))
		if err != nil {
			return err
		}
		proj.Name = strings.TrimSpace(proj.Name)
	}

	var fields []huh.Field
	module := proj.Module
	if !known.Module {
		if module == "" {
			module = proj.Name
		}
		fields = append(fields, huh.NewInput().
			Title("Go module path").
			Description("The path others import it by, e.g. github.com/you/"+proj.Name+".").
			Value(&module).
			Validate(p.check(&module, func(s string) error { return options.CheckModulePath(s, proj.Name) })))
	}
	if !known.Database {
		fields = append(fields, huh.NewSelect[options.Database]().
			Title("Database").
			Options(
				huh.NewOption("SQLite: embedded, nothing to install", options.SQLite),
				huh.NewOption("PostgreSQL", options.Postgres),
				huh.NewOption("MongoDB", options.MongoDB),
			).
			Value(&proj.Database))
	}
	if !known.Auth {
		fields = append(fields, huh.NewConfirm().
			Title("Users and JWT auth?").
			Description("Register, log in, access and refresh tokens; every domain route needs a token.").
			Affirmative("Yes").Negative("No").
			Value(&proj.Auth).
			// Domains given as flags may need auth (:owned) or clash with it (user).
			Validate(func(auth bool) error { return errors.Join(options.ValidateDomains(proj.Domains, auth)...) }))
	}
	if len(fields) > 0 {
		if err := p.run(huh.NewGroup(fields...)); err != nil {
			return err
		}
		if module = strings.TrimSpace(module); module == proj.Name {
			module = ""
		}
		proj.Module = module
	}
	p.say("%s: %s", proj.Name, describe(*proj))

	if known.Domains {
		return nil
	}
	for {
		title, add := "Add a domain?", true
		if len(proj.Domains) > 0 {
			title, add = "Add another domain?", false
		}
		err := p.run(huh.NewGroup(huh.NewConfirm().
			Title(title).
			Description("A domain is a resource such as artist: a table, CRUD routes and every layer between them.").
			Affirmative("Yes").Negative("No").
			Value(&add)))
		if err != nil {
			return err
		}
		if !add {
			return nil
		}
		d, err := p.Domain(proj.Domains, proj.Auth, nil)
		if err != nil {
			return err
		}
		proj.Domains = append(proj.Domains, d)
	}
}

// describe sums up a project's options in a few words.
func describe(p options.Project) string {
	auth := "no auth"
	if p.Auth {
		auth = "JWT auth"
	}
	return fmt.Sprintf("module %s, %s, %s", p.ModulePath(), p.Database, auth)
}

// check adapts a validation of options to the input field bound to value.
// Answers are trimmed; an empty answer in accessible mode keeps the value
// shown as the default, so that is what gets checked. Once the input has
// ended every answer passes, so that accessible mode, which re-asks on a
// refused answer, cannot loop on its default (run then reports the form as
// aborted).
func (p *Prompter) check(value *string, validate func(string) error) func(string) error {
	return func(s string) error {
		if p.ended() {
			return nil
		}
		if s = strings.TrimSpace(s); s == "" {
			s = strings.TrimSpace(*value)
		}
		return validate(s)
	}
}

// ended reports whether accessible mode's input has ended or was cancelled.
func (p *Prompter) ended() bool { return p.lines != nil && p.lines.failed() }
