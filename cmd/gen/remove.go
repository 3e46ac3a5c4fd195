package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
)

// removeDomainOptions is what gen remove domain was asked on its command
// line.
type removeDomainOptions struct {
	Name      string
	Project   string
	DryRun    bool
	Force     bool
	DropTable bool
}

func newCmdRemove(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "remove",
		Short: "Remove from an existing project",
		Example: `  gen remove domain label
  gen remove domain label --drop-table -C ./shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("gen remove needs what to remove, e.g. gen remove domain artist")
		},
	}
	cmd.AddCommand(newCmdRemoveDomain(s, nil))
	return cmd
}

// newCmdRemoveDomain builds `gen remove domain`. runF replaces
// removeDomainRun in tests of flag parsing.
func newCmdRemoveDomain(s *streams, runF func(*streams, *removeDomainOptions) error) *cobra.Command {
	opts := &removeDomainOptions{}
	cmd := &cobra.Command{
		Use:   "domain NAME",
		Short: "Remove a domain's code and wiring; its data stays",
		Long: `Remove a domain from the project in the current directory (or -C DIR): its
model, schema, repository, service and handler files and their tests, and its
wiring in the files that list every domain.

The table (or collection) and its rows stay, and so does the migration that
created it, since databases have applied it. --drop-table adds a migration
that drops the table (on MongoDB: the collection is dropped at startup).

A domain another domain refers to with a ref(...) field cannot be removed
before the referring one. Files of the domain that you edited are not deleted
without --force, which first shows what would be lost. A project whose
gen.yaml records another version of gen is refused: gen upgrade brings it to
this one first.`,
		Example: `  gen remove domain label
  gen remove domain label --dry-run
  gen remove domain label --drop-table -C ./shop`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("gen remove domain takes one NAME, e.g. gen remove domain artist")
			}
			return nil
		},
		ValidArgsFunction: completeDomains,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(s, opts)
			}
			return removeDomainRun(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Project, "project", "C", ".", "project directory")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the planned changes with a diff, write nothing")
	f.BoolVar(&opts.Force, "force", false, "delete the domain's files even if you edited them (shows what is lost)")
	f.BoolVar(&opts.DropTable, "drop-table", false, "also drop the domain's table and its rows, in a new migration")
	_ = cmd.MarkFlagDirname("project")
	return cmd
}

func removeDomainRun(s *streams, o *removeDomainOptions) error {
	u, err := generator.RemoveDomain(o.Project, o.Name, generator.Config{Version: versionInfo().Version},
		generator.UpdateOptions{Force: o.Force, DropTable: o.DropTable})
	if err != nil {
		return err
	}
	if err := applyUpdate(s, u, o.DryRun); err != nil || o.DryRun {
		return err
	}
	kept := "Its table and rows are still in the database; gen remove domain --drop-table drops them."
	if o.DropTable {
		kept = "The next start of the server drops its table and rows."
	}
	_, err = fmt.Fprintf(s.Out, "\nRemoved domain %s. %s\n", o.Name, kept)
	return err
}

// completeDomains completes the names of the project's domains.
func completeDomains(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	dir, _ := cmd.Flags().GetString("project")
	names, err := generator.DomainNames(dir)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}
