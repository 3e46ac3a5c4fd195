package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/internal/form"
	"github.com/go-gen/gen/internal/naming"
	"github.com/go-gen/gen/options"
)

// addDomainOptions is what gen add domain was asked on its command line.
type addDomainOptions struct {
	Spec    []string
	Project string
	Owned   bool
	DryRun  bool
	Force   bool
	Yes     bool
}

func newCmdAdd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add to an existing project",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("gen add needs what to add, e.g. gen add domain artist name:string")
		},
	}
	cmd.AddCommand(newCmdAddDomain(s, nil))
	return cmd
}

// newCmdAddDomain builds `gen add domain`. runF replaces addDomainRun in
// tests of flag parsing.
func newCmdAddDomain(s *streams, runF func(context.Context, *streams, *addDomainOptions) error) *cobra.Command {
	opts := &addDomainOptions{}
	cmd := &cobra.Command{
		Use:   "domain [NAME[:owned] FIELD...]",
		Short: "Add a domain to the project: every layer, wired in, with tests",
		Long: `Add a complete vertical slice to the project in the current directory (or
-C DIR): model, schema, repository, service, handler and their tests, a
migration, and the wiring in the files that list every domain.

The fields use the grammar of gen new --domain, given as separate arguments
(quote those with ( ) or ? for the shell: 'artist_id:ref(artist)'):
` + typesHelp() + `
  ?         the field is optional (nullable)
  :unique   a unique index; :index a plain one
A ref(domain) field (named *_id) holds the id of a row of another domain: a
foreign key, a list filter (?artist_id=), 422 when the row does not exist and
409 when deleting a row that is still referred to.

gen add reads gen.yaml to learn how the project was generated. Files you have
not changed are regenerated; into files you edited it merges only its own
change, so your edits stay. If your edits overlap the lines it must change, it
stops, writes nothing, and shows what to add by hand. --force replaces such
files instead, after showing what would be lost. Adding a domain that exists
with the same spec changes nothing. A project whose gen.yaml records another
version of gen is refused: gen upgrade brings it to this one first.

Without a spec, on a terminal, gen add domain asks for the domain through a
form (its name, whether it is owned, its fields one by one), shows it to
confirm and prints the command that adds it without questions. With --yes,
or without a terminal, a missing spec is an error.`,
		Example: `  # Ask for the domain, field by field
  gen add domain

  gen add domain artist name:string:unique bio:text?
  gen add domain artwork title:string year:int? 'artist_id:ref(artist)' --dry-run
  gen add domain label:owned name:string
  gen add domain review rating:int -C ./shop`,
		ValidArgsFunction: completeFieldSpecs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Spec = args
			if runF != nil {
				return runF(cmd.Context(), s, opts)
			}
			return addDomainRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Project, "project", "C", ".", "project directory")
	f.BoolVar(&opts.Owned, "owned", false, "rows belong to the user who created them (same as NAME:owned)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the planned changes with a diff, write nothing")
	f.BoolVar(&opts.Force, "force", false, "replace files whose edits conflict with gen's change (shows what is lost)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "never prompt: without a spec, fail instead of asking")
	_ = cmd.MarkFlagDirname("project")
	return cmd
}

// domain parses the spec given as arguments.
func (o *addDomainOptions) domain() (options.Domain, error) {
	if len(o.Spec) == 0 {
		return options.Domain{}, &options.Error{Msg: "gen add domain needs a NAME and its fields, e.g. gen add domain artist name:string bio:text? (gen asks for them only on a terminal, without --yes)"}
	}
	spec := strings.Join(o.Spec, " ")
	if o.Owned {
		name, rest, _ := strings.Cut(spec, " ")
		if !strings.HasSuffix(name, ":owned") {
			spec = strings.TrimSpace(name + ":owned " + rest)
		}
	}
	return options.ParseDomain(spec)
}

func addDomainRun(ctx context.Context, s *streams, o *addDomainOptions) error {
	var d options.Domain
	var err error
	cfg := generator.Config{Version: versionInfo().Version}
	if len(o.Spec) == 0 && !o.Yes && s.canPrompt() {
		// Refuse a project of another gen before asking anything.
		if err := generator.CheckVersion(o.Project, "gen add domain", cfg); err != nil {
			return err
		}
		d, err = askDomain(ctx, s, o)
	} else {
		d, err = o.domain()
	}
	if err != nil {
		return err
	}
	u, err := generator.AddDomain(o.Project, d, cfg, generator.UpdateOptions{Force: o.Force})
	if err != nil {
		return err
	}
	if len(u.Changes) == 0 {
		_, err := fmt.Fprintf(s.Out, "domain %s is already in the project with this spec; nothing to do\n", d.Name)
		return err
	}
	if err := applyUpdate(s, u, o.DryRun); err != nil || o.DryRun {
		return err
	}
	path := "/api/v1/" + naming.Kebab(naming.Plural(d.Name))
	_, err = fmt.Fprintf(s.Out, "\nAdded domain %s: %s. Next:\n  go test ./...\n  go run ./cmd/server\n", d.Name, path)
	return err
}

// askDomain asks for the domain to add with the form, shows it to confirm
// and prints the command that adds it without questions.
func askDomain(ctx context.Context, s *streams, o *addDomainOptions) (options.Domain, error) {
	p, err := generator.LoadProject(o.Project)
	if err != nil {
		return options.Domain{}, err
	}
	var owned *bool
	if o.Owned {
		if !p.Auth {
			return options.Domain{}, &options.Error{Msg: "--owned needs auth, and this project has none; drop --owned"}
		}
		owned = &o.Owned
	}
	f := form.New(ctx, s.formConfig())
	d, err := f.Domain(p.Domains, p.Auth, owned)
	if err != nil {
		return options.Domain{}, err
	}
	question := fmt.Sprintf("Add %s to %s?", d.Name, p.Name)
	if o.DryRun {
		question = fmt.Sprintf("Show what adding %s to %s changes?", d.Name, p.Name)
	}
	if err := f.Confirm("Summary", d.Spec(), question); err != nil {
		return options.Domain{}, err
	}
	args := append([]string{"gen", "add", "domain"}, strings.Fields(d.Spec())...)
	if o.Project != "." {
		args = append(args, "-C", o.Project)
	}
	if o.DryRun {
		args = append(args, "--dry-run")
	}
	if o.Force {
		args = append(args, "--force")
	}
	_, err = fmt.Fprintf(s.Out, "\nThe same without questions:\n  %s\n\n", shellJoin(args))
	return d, err
}

// applyUpdate prints an update and, unless dryRun, applies it. Files whose
// edits --force discards are shown as diffs first.
func applyUpdate(s *streams, u *generator.Update, dryRun bool) error {
	if err := generator.PrintUpdate(s.Out, u, dryRun); err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	for _, c := range u.Changes {
		if c.Loses() {
			fmt.Fprintf(s.ErrOut, "--force: your edits of %s are lost; they were:\n", c.Path)
			if err := generator.PrintDiff(s.ErrOut, c); err != nil {
				return err
			}
		}
	}
	return generator.Apply(u)
}
