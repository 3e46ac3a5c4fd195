package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/options"
)

// newOptions is what gen new was asked on its command line.
type newOptions struct {
	Name    string
	Module  string
	DB      options.Database
	Auth    bool
	NoAuth  bool
	Domains []string
	Output  string
	Yes     bool
	Force   bool
	DryRun  bool
}

// newCmdNew builds `gen new`. runF replaces newRun in tests of flag parsing.
func newCmdNew(s *streams, runF func(*streams, *newOptions) error) *cobra.Command {
	opts := &newOptions{DB: options.SQLite}
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Generate a new project",
		Long: `Generate a complete layered Go backend in ./NAME (or --output): HTTP routes,
services, repositories and schemas for each domain, on SQLite (embedded, the
default), PostgreSQL or MongoDB, with migrations, tests, an OpenAPI document
and a gen.yaml manifest that later gen add commands read.

A domain spec is NAME[:owned] FIELD..., each field name:type[?][:unique|:index]:
  types     string, string(N), text, int, float, bool, time, date, uuid,
            email, enum(a|b|c), ref(domain)
  ?         the field is optional (nullable)
  :unique   a unique index; :index a plain one
  :owned    after NAME: rows belong to the user who created them (needs auth)
A ref(domain) field (named *_id) holds the id of a row of a domain given
before it: a foreign key, a list filter, 422 for a missing row and 409 when
deleting a row still referred to.
A domain without fields gets "name:string description:text?".

Auth is on unless --no-auth: users, register/login/refresh with JWT access and
refresh tokens, a first superuser from the environment, and every domain
route behind a bearer token.`,
		Example: `  # SQLite with auth, a private note per user and a shared artist list
  gen new shop --module example.com/shop --yes \
    --domain "note:owned title:string body:text?" --domain "artist name:string"
  cd shop && go run ./cmd/server

  # No auth, three domains, artworks referring to artists
  gen new demo --module example.com/demo --no-auth --yes \
    --domain "artist name:string:unique bio:text? born:date?" \
    --domain "event title:string(80) kind:enum(concert|talk) starts_at:time" \
    --domain "artwork title:string year:int? artist_id:ref(artist)"

  # See what would be written, write nothing
  gen new demo --no-auth --yes --dry-run`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf("gen new takes one NAME, got %d arguments; quote each --domain spec", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Name = args[0]
			}
			if opts.NoAuth {
				if cmd.Flags().Changed("auth") && opts.Auth {
					return usageErrorf("--auth and --no-auth contradict each other; pass one")
				}
				opts.Auth = false
			}
			if runF != nil {
				return runF(s, opts)
			}
			return newRun(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Module, "module", "", "Go module path (default: NAME)")
	f.Var(&opts.DB, "db", "database: sqlite, postgres or mongodb")
	f.BoolVar(&opts.Auth, "auth", true, "JWT auth with users")
	f.BoolVar(&opts.NoAuth, "no-auth", false, "generate without auth")
	f.StringArrayVar(&opts.Domains, "domain", nil, `a domain to generate, repeatable: "NAME FIELD..."`)
	f.StringVarP(&opts.Output, "output", "o", "", "target directory (default: ./NAME)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "never prompt; take defaults for anything not given")
	f.BoolVar(&opts.Force, "force", false, "write into a non-empty directory")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the files that would be written, write nothing")
	_ = cmd.RegisterFlagCompletionFunc("db", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, db := range options.Databases() {
			names = append(names, string(db))
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("domain", cobra.NoFileCompletions)
	_ = cmd.RegisterFlagCompletionFunc("module", cobra.NoFileCompletions)
	_ = cmd.MarkFlagDirname("output")
	return cmd
}

// project turns the command line into options, reporting every problem at
// once.
func (o *newOptions) project() (options.Project, error) {
	p := options.Project{Name: o.Name, Module: o.Module, Database: o.DB, Auth: o.Auth}
	var errs []error
	for _, spec := range o.Domains {
		d, err := options.ParseDomain(spec)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.Domains = append(p.Domains, d)
	}
	if err := p.Validate(); err != nil {
		errs = append(errs, err)
	}
	return p, errors.Join(errs...)
}

func newRun(s *streams, o *newOptions) error {
	if o.Name == "" {
		return &options.Error{Msg: "gen new needs a project NAME, e.g. gen new shop"}
	}
	p, err := o.project()
	if err != nil {
		return err
	}
	dir := o.Output
	if dir == "" {
		dir = p.Name
	}
	if err := generator.CheckTarget(dir, generator.WriteOptions{Force: o.Force}); err != nil {
		return err
	}
	plan, err := generator.New(p, generator.Config{Version: versionInfo().Version})
	if err != nil {
		return err
	}
	if o.DryRun {
		return generator.PrintPlan(s.Out, plan, dir)
	}
	if err := generator.Write(plan, dir, generator.WriteOptions{Force: o.Force}); err != nil {
		return err
	}
	return printNext(s, p, dir, len(plan.Files))
}

func printNext(s *streams, p options.Project, dir string, files int) error {
	_, err := fmt.Fprintf(s.Out, `Created %s (%s, %d files) in %s

Next:
  cd %s
  go run ./cmd/server      # serves http://localhost:8000, docs at /docs
  go test ./...
`, p.Name, p.Database, files, dir, dir)
	return err
}
