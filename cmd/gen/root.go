package main

import (
	"github.com/spf13/cobra"
)

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "gen",
		Short: "Scaffold and grow layered Go backends",
		Long: `gen scaffolds production-grade layered Go backends — routes, services,
repositories and schemas on SQLite, PostgreSQL or MongoDB, with tests,
migrations and an OpenAPI document — and keeps growing them.`,
		Example: `  gen new shop --module example.com/shop --no-auth --yes \
    --domain "artist name:string:unique bio:text?"
  cd shop && go run ./cmd/server`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       versionInfo().Version,
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetVersionTemplate("gen {{.Version}}\n")
	root.AddCommand(
		newCmdNew(s, nil),
		newCmdAdd(s),
		newCmdRemove(s),
		newCmdVersion(s),
	)
	return root
}
