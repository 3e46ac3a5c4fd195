package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/internal/form"
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
	Git     bool
	// Given says which options the command line set; on a terminal the
	// form asks for the others.
	Given form.Known
}

// newCmdNew builds `gen new`. runF replaces newRun in tests of flag parsing.
func newCmdNew(s *streams, runF func(context.Context, *streams, *newOptions) error) *cobra.Command {
	opts := &newOptions{DB: options.SQLite}
	cmd := &cobra.Command{
		Use:   "new [NAME]",
		Short: "Generate a new project",
		Long: `Generate a complete layered Go backend in ./NAME (or --output): HTTP routes,
services, repositories and schemas for each domain, on SQLite (embedded, the
default), PostgreSQL or MongoDB, with migrations, tests, an OpenAPI document
and a gen.yaml manifest that later gen add commands read.

A domain spec is NAME[:owned] FIELD..., each field name:type[?][:unique|:index]:
` + typesHelp() + `
  ?         the field is optional (nullable)
  :unique   a unique index; :index a plain one
  :owned    after NAME: rows belong to the user who created them (needs auth)
A ref(domain) field (named *_id) holds the id of a row of a domain given
before it: a foreign key, a list filter, 422 for a missing row and 409 when
deleting a row still referred to.
A domain without fields gets "name:string description:text?".

Auth is on unless --no-auth: users, register/login/refresh with JWT access and
refresh tokens, a first superuser from the environment, and every domain
route behind a bearer token.

On a terminal, gen new asks through a form for whatever the flags leave open
(name, module, database, auth, domains field by field), shows a summary to
confirm, and prints the command that does the same without questions. With
--yes, or when input or output is not a terminal, it never asks: defaults
fill the gaps and a missing NAME is an error. ACCESSIBLE=1 (or TERM=dumb)
turns the form into plain prompts, one answer per line; Esc or Ctrl-C stops
it with nothing written (exit 130).

The new project becomes a git repository with a first commit, unless git is
missing, the directory is inside a repository already, or --git=false.`,
		Example: `  # Ask for everything on a terminal, or only for what the flags leave open
  gen new
  gen new shop --db postgres

  # SQLite with auth, a private note per user and a shared artist list
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
			f := cmd.Flags()
			if opts.NoAuth {
				if f.Changed("auth") && opts.Auth {
					return usageErrorf("--auth and --no-auth contradict each other; pass one")
				}
				opts.Auth = false
			}
			opts.Given = form.Known{
				Name:     len(args) == 1,
				Module:   f.Changed("module"),
				Database: f.Changed("db"),
				Auth:     f.Changed("auth") || f.Changed("no-auth"),
				Domains:  f.Changed("domain"),
			}
			if runF != nil {
				return runF(cmd.Context(), s, opts)
			}
			return newRun(cmd.Context(), s, opts)
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
	f.BoolVar(&opts.Git, "git", true, "make the project a git repository with a first commit (unless inside one already)")
	_ = cmd.RegisterFlagCompletionFunc("db", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, db := range options.Databases() {
			names = append(names, string(db))
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	_ = cmd.RegisterFlagCompletionFunc("domain", completeDomainFlag)
	_ = cmd.RegisterFlagCompletionFunc("module", cobra.NoFileCompletions)
	_ = cmd.MarkFlagDirname("output")
	return cmd
}

// project turns the command line into options, reporting every problem at
// once. Options the form will ask for are not checked yet.
func (o *newOptions) project(asking bool) (options.Project, error) {
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
	if !asking {
		return p, errors.Join(append(errs, p.Validate())...)
	}
	if o.Given.Name {
		errs = append(errs, options.CheckProjectName(p.Name))
	}
	errs = append(errs, options.CheckModulePath(p.Module, p.Name))
	if o.Given.Auth {
		errs = append(errs, options.ValidateDomains(p.Domains, p.Auth)...)
	}
	return p, errors.Join(errs...)
}

// dir is the directory gen new writes to.
func (o *newOptions) dir(name string) string {
	if o.Output != "" {
		return o.Output
	}
	return name
}

func newRun(ctx context.Context, s *streams, o *newOptions) error {
	asking := !o.Yes && s.canPrompt() && o.Given != form.Known{Name: true, Module: true, Database: true, Auth: true, Domains: true}
	if !asking && o.Name == "" {
		return &options.Error{Msg: "gen new needs a project NAME as its first argument, e.g. gen new shop (gen asks for it only on a terminal, without --yes)"}
	}
	p, err := o.project(asking)
	if err != nil {
		return err
	}
	checkTarget := func(name string) error {
		return generator.CheckTarget(o.dir(name), generator.WriteOptions{Force: o.Force})
	}
	if o.Given.Name {
		if err := checkTarget(p.Name); err != nil {
			return err
		}
	}
	if asking {
		if err := askProject(ctx, s, o, &p, checkTarget); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
	}
	dir := o.dir(p.Name)
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
	var git *gitResult
	if o.Git {
		r := initGit(ctx, dir, fmt.Sprintf("Generate %s with gen %s", p.Name, versionInfo().Version))
		git = &r
	}
	return printCreated(s, p, dir, len(plan.Files), git)
}

// askProject runs the form for what the command line left open, shows a
// summary to confirm and prints the command that gives the same project
// without questions.
func askProject(ctx context.Context, s *streams, o *newOptions, p *options.Project, checkTarget func(string) error) error {
	f := form.New(ctx, s.formConfig())
	if err := f.Project(p, o.Given, checkTarget); err != nil {
		return err
	}
	if err := f.Confirm("Summary", summary(*p, o.dir(p.Name)), fmt.Sprintf("Generate %s?", p.Name)); err != nil {
		return err
	}
	_, err := fmt.Fprintf(s.Out, "\nThe same without questions:\n  %s\n\n", shellJoin(o.command(*p)))
	return err
}

// summary lists a project's options for the confirmation.
func summary(p options.Project, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Project   %s (module %s)\n", p.Name, p.ModulePath())
	fmt.Fprintf(&b, "Database  %s\n", p.Database)
	auth := "none"
	if p.Auth {
		auth = "users with JWT access and refresh tokens"
	}
	fmt.Fprintf(&b, "Auth      %s\n", auth)
	for i, d := range p.Domains {
		label := "Domains"
		if i > 0 {
			label = ""
		}
		fmt.Fprintf(&b, "%-9s %s\n", label, d.Spec())
	}
	if len(p.Domains) == 0 {
		b.WriteString("Domains   none yet (gen add domain adds them later)\n")
	}
	fmt.Fprintf(&b, "Directory %s", dir)
	return b.String()
}

// command returns the gen new command line that generates p with the rest
// of o and never prompts: defaults are left out.
func (o *newOptions) command(p options.Project) []string {
	args := []string{"gen", "new", p.Name}
	if p.Module != "" && p.Module != p.Name {
		args = append(args, "--module", p.Module)
	}
	if p.Database != options.SQLite {
		args = append(args, "--db", string(p.Database))
	}
	if !p.Auth {
		args = append(args, "--no-auth")
	}
	for _, d := range p.Domains {
		args = append(args, "--domain", d.Spec())
	}
	if o.Output != "" {
		args = append(args, "-o", o.Output)
	}
	if o.Force {
		args = append(args, "--force")
	}
	if o.DryRun {
		args = append(args, "--dry-run")
	}
	if !o.Git {
		args = append(args, "--git=false")
	}
	return append(args, "--yes")
}

// printCreated tells what gen new made and what to do next.
func printCreated(s *streams, p options.Project, dir string, files int, git *gitResult) error {
	var b strings.Builder
	auth := "no auth"
	if p.Auth {
		auth = "JWT auth"
	}
	fmt.Fprintf(&b, "%s %s (%s, %s, %d files) in %s\n", s.style(bold, "Created"), p.Name, p.Database, auth, files, dir)
	if len(p.Domains) > 0 {
		var names []string
		for _, d := range p.Domains {
			names = append(names, d.Name)
		}
		fmt.Fprintf(&b, "  domains: %s\n", strings.Join(names, ", "))
	}
	if git != nil {
		switch {
		case git.Committed:
			b.WriteString("  git: initialized with a first commit\n")
		case git.Initialized:
			fmt.Fprintf(&b, "  git: initialized; no first commit: %s\n", git.Note)
		default:
			fmt.Fprintf(&b, "  git: skipped: %s\n", git.Note)
		}
	}
	b.WriteString("\nNext:\n")
	step := func(cmd, comment string) {
		fmt.Fprintf(&b, "  %s%s# %s\n", s.style(cyan, cmd), strings.Repeat(" ", max(1, 25-len(cmd))), comment)
	}
	step("cd "+shellQuote(dir), "the project; its README.md explains the rest")
	switch p.Database {
	case options.Postgres:
		step("docker compose up -d db", "PostgreSQL where DATABASE_URL points by default")
	case options.MongoDB:
		step("docker compose up -d db", "MongoDB where DATABASE_URL points by default")
	}
	step("go run ./cmd/server", "serves http://localhost:8000, API docs at /docs")
	step("go test ./...", "the tests gen wrote")
	if len(p.Domains) == 0 {
		step("gen add domain artist name:string", "adds a domain, every layer")
	}
	_, err := io.WriteString(s.Out, b.String())
	return err
}

// typesHelp is the line of the commands' help that lists the field types,
// wrapped to fit a terminal.
func typesHelp() string {
	const indent = "            "
	line := "  types     "
	var lines []string
	forms := options.TypeForms()
	for i, form := range forms {
		if i < len(forms)-1 {
			form += ","
		}
		if len(line)+len(form) > 78 {
			lines = append(lines, strings.TrimSuffix(line, " "))
			line = indent
		}
		line += form + " "
	}
	return strings.Join(append(lines, strings.TrimSuffix(line, " ")), "\n")
}
