package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/internal/oldgen"
	"github.com/go-gen/gen/options"
)

// upgradeOptions is what gen upgrade was asked on its command line.
type upgradeOptions struct {
	Project string
	DryRun  bool
	Force   bool
	From    string
}

// newCmdUpgrade builds `gen upgrade`. runF replaces upgradeRun in tests of
// flag parsing.
func newCmdUpgrade(s *streams, runF func(context.Context, *streams, *upgradeOptions) error) *cobra.Command {
	opts := &upgradeOptions{}
	cmd := &cobra.Command{
		Use:   "upgrade",
		Short: "Bring a project made by an older gen to this gen, keeping your edits",
		Long: `Bring the project in the current directory (or -C DIR), made by the gen
version its gen.yaml records, to this version of gen.

gen renders the project twice from gen.yaml: as the recorded version
generated it (that version's own gen new, installed with go install from the
Go module proxy, or the binary given with --from), and as this gen generates
it. Files you have not changed are replaced; into files you edited, gen
merges only the difference between the two renders, so your edits stay.
Files gen no longer generates are deleted, or kept and reported if you
edited them; new files are created; go.mod and go.sum are merged. A new
migration gets an id after every migration the project has; migrations
databases have applied are never edited. gen.yaml then records this gen.

If your edits overlap the lines gen must change, gen stops, writes nothing,
and shows what to change by hand; --force replaces such files instead,
after showing what would be lost. gen refuses to upgrade a git work tree
with uncommitted changes (commit them first, so that git diff shows the
upgrade alone) unless --force. Running gen upgrade again changes nothing.`,
		Example: `  gen upgrade --dry-run
  gen upgrade
  gen upgrade --from ~/go/bin/gen-v0.3.0 -C ./shop`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), s, opts)
			}
			return upgradeRun(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Project, "project", "C", ".", "project directory")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the planned changes with a diff, write nothing")
	f.BoolVar(&opts.Force, "force", false, "replace files whose edits conflict with gen's change (shows what is lost), and upgrade a git work tree with uncommitted changes")
	f.StringVar(&opts.From, "from", "", "the gen binary of the version gen.yaml records (default: go install it)")
	_ = cmd.MarkFlagDirname("project")
	_ = cmd.MarkFlagFilename("from")
	return cmd
}

func upgradeRun(ctx context.Context, s *streams, o *upgradeOptions) error {
	current := versionInfo().Version
	m, err := generator.LoadManifest(o.Project)
	if err != nil {
		return err
	}
	upToDate, err := generator.CheckUpgrade(m, current)
	if err != nil {
		return err
	}
	if upToDate {
		_, err := fmt.Fprintf(s.Out, "%s records gen %s, this gen; nothing to upgrade\n", generator.ManifestFile, current)
		return err
	}
	if !o.Force && !o.DryRun {
		changes, err := gitChanges(ctx, o.Project)
		if err != nil {
			return err
		}
		if changes != "" {
			lines := strings.Split(changes, "\n")
			what := strings.TrimSpace(lines[0][2:]) // "XY path"
			if len(lines) > 1 {
				what += fmt.Sprintf(" and %d more files", len(lines)-1)
			}
			return &options.Error{Msg: fmt.Sprintf("the project's git work tree has uncommitted changes (%s); commit or stash them first so that git diff shows the upgrade alone, or pass --force", what)}
		}
	}
	base, err := oldgen.Render(ctx, m, o.From)
	if err != nil {
		return err
	}
	u, err := generator.Upgrade(o.Project, base, generator.Config{Version: current}, generator.UpdateOptions{Force: o.Force})
	if err != nil {
		return err
	}
	if err := applyUpdate(s, u, o.DryRun); err != nil || o.DryRun {
		return err
	}
	_, err = fmt.Fprintf(s.Out, "\nUpgraded from gen %s to gen %s. Next:\n  git diff                 # review the upgrade\n  go build ./... && go test ./...\n", m.Gen, current)
	return err
}
