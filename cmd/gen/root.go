package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// newRootCmd builds gen's command tree, cobra's help and completion
// commands included, on the streams s.
func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "gen",
		Short: "Scaffold and grow layered Go backends",
		Long: `gen scaffolds production-grade layered Go backends — routes, services,
repositories and schemas on SQLite, PostgreSQL or MongoDB, with tests,
migrations and an OpenAPI document — and keeps growing them.`,
		Example: `  # Answer a few questions (on a terminal), then run the project
  gen new
  cd shop && go run ./cmd/server

  # The same without questions, for scripts
  gen new shop --module example.com/shop --no-auth --yes \
    --domain "artist name:string:unique bio:text?"

  # Grow it later
  cd shop && gen add domain artwork title:string 'artist_id:ref(artist)'

  # Bring it to a newer gen, keeping your edits
  cd shop && gen upgrade`,
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
		newCmdUpgrade(s, nil),
		newCmdVersion(s),
	)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for path, example := range examples {
		if cmd, _, err := root.Find(strings.Fields(path)[1:]); err == nil && cmd.CommandPath() == path {
			cmd.Example = example
		}
	}
	return root
}

// examples are the Examples of commands built without one: cobra's help
// and completion commands, and gen add.
var examples = map[string]string{
	"gen add": `  gen add domain artist name:string:unique bio:text?
  gen add domain artwork title:string 'artist_id:ref(artist)' -C ./shop`,
	"gen help": `  gen help add domain`,
	"gen completion": `  # Completion in the current shell: bash, zsh, fish or PowerShell
  source <(gen completion bash)
  source <(gen completion zsh)
  gen completion fish | source
  gen completion powershell | Out-String | Invoke-Expression

  # Completion in every new bash session
  echo 'source <(gen completion bash)' >> ~/.bashrc`,
	"gen completion bash": `  source <(gen completion bash)
  gen completion bash > /etc/bash_completion.d/gen`,
	"gen completion zsh": `  source <(gen completion zsh)
  gen completion zsh > "${fpath[1]}/_gen"`,
	"gen completion fish": `  gen completion fish | source
  gen completion fish > ~/.config/fish/completions/gen.fish`,
	"gen completion powershell": `  gen completion powershell | Out-String | Invoke-Expression`,
}
