package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/mod/semver"

	"github.com/go-gen/gen/generator"
)

// Set by the release build (-ldflags "-X main.version=... -X main.commit=... -X main.date=...").
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildVersion is what gen knows about the build it runs from.
type buildVersion struct {
	Version, Commit, Date string
}

// versionInfo returns the version stamped in by the release build or, for
// go install and go build, what the Go toolchain recorded: the module
// version (v1.2.0), or a pseudo-version for a commit
// (v0.0.0-20261129095537-c36ea7dfbb78, with +dirty for uncommitted changes
// when go build stamped it). A build without either (go run, -buildvcs=false)
// is "(devel)". This is the version gen.yaml records and gen upgrade
// compares (see generator.Newer).
func versionInfo() buildVersion {
	v := buildVersion{Version: version, Commit: commit, Date: date}
	info, ok := debug.ReadBuildInfo()
	switch {
	case v.Version != "" && !semver.IsValid(v.Version) && semver.IsValid("v"+v.Version):
		// goreleaser stamps its version without the "v" of the tag.
		v.Version = "v" + v.Version
	case v.Version != "":
	case ok && info.Main.Version != "":
		v.Version = info.Main.Version
	default:
		v.Version = generator.DevelVersion
	}
	if ok {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision" && v.Commit == "":
				v.Commit = s.Value
			case s.Key == "vcs.time" && v.Date == "":
				v.Date = s.Value
			}
		}
	}
	return v
}

// newCmdVersion builds `gen version`.
func newCmdVersion(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print gen's version, commit and build date",
		Example: `  gen version
  gen --version`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := versionInfo()
			_, err := fmt.Fprintf(s.Out, "gen %s\ncommit: %s\nbuilt:  %s\n", v.Version, orUnknown(v.Commit), orUnknown(v.Date))
			return err
		},
	}
}

// orUnknown returns s, or "unknown" when s is empty.
func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// noArgs refuses positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments; see gen %s --help", cmd.CommandPath(), cmd.Name())
	}
	return nil
}
