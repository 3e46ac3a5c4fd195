package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/go-gen/gen/generator"
	"github.com/go-gen/gen/options"
)

// fieldSuffixes may follow a complete field spec: the optional mark, then
// at most one index modifier.
var fieldSuffixes = []string{"?", ":unique", ":index"}

// completeFieldSpecs completes the arguments of gen add domain: the first is
// the new domain's name, the others are field specs that may refer to the
// domains of the project at -C/--project.
func completeFieldSpecs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	dir, _ := cmd.Flags().GetString("project")
	domains, _ := generator.DomainNames(dir)
	return fieldSpecCompletions(toComplete, domains)
}

// completeDomainFlag completes a --domain value of gen new, "NAME FIELD...":
// the word after the last space is a field spec that may refer to the
// domains of the --domain flags before it.
func completeDomainFlag(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	i := strings.LastIndexByte(toComplete, ' ')
	if i < 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	head := toComplete[:i+1]
	specs, _ := cmd.Flags().GetStringArray("domain")
	var domains []string
	for _, spec := range specs {
		if words := strings.Fields(spec); len(words) > 0 {
			// cobra parses the flags twice when completing, so an array
			// flag holds each value twice.
			if name, _, _ := strings.Cut(words[0], ":"); !slices.Contains(domains, name) {
				domains = append(domains, name)
			}
		}
	}
	words, directive := fieldSpecCompletions(toComplete[i+1:], domains)
	for j, w := range words {
		words[j] = head + w
	}
	return words, directive
}

// fieldSpecCompletions completes one field spec, name:type[?][:modifier]:
// a valid field name, with or without its colon, to name:type for every
// type; a complete spec, or one with a modifier begun, to what may follow it.
// Suggestions that may be continued come with ShellCompDirectiveNoSpace.
func fieldSpecCompletions(toComplete string, domains []string) ([]string, cobra.ShellCompDirective) {
	name, rest, _ := strings.Cut(toComplete, ":")
	if options.CheckFieldName(name, false, nil) != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	spec := toComplete
	if _, err := options.ParseField(spec); err != nil {
		if !strings.Contains(rest, ":") {
			return withPrefix(typeCompletions(name, domains), toComplete),
				cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		spec = toComplete[:strings.LastIndexByte(toComplete, ':')]
	}
	words := withPrefix(suffixCompletions(spec), toComplete)
	directive := cobra.ShellCompDirectiveNoFileComp
	for _, w := range words {
		if len(suffixCompletions(w)) > 0 {
			directive |= cobra.ShellCompDirectiveNoSpace
		}
	}
	return words, directive
}

// typeCompletions returns name:type for every type; a name ending in _id,
// the only names a ref may have, comes first with ref(domain) for each
// domain, or with ref( when there is none.
func typeCompletions(name string, domains []string) []string {
	var words []string
	if strings.HasSuffix(name, "_id") {
		for _, d := range domains {
			words = append(words, name+":ref("+d+")")
		}
		if len(domains) == 0 {
			words = append(words, name+":ref(")
		}
	}
	// A type that needs its argument is a prefix for the user to finish,
	// such as enum(; an optional one, as in string(N), is left to be typed;
	// ref(domain) was offered per domain above.
	for _, t := range options.FieldTypes() {
		switch {
		case t == options.Ref:
		case t.NeedsArg():
			words = append(words, name+":"+string(t)+"(")
		default:
			words = append(words, name+":"+string(t))
		}
	}
	return words
}

// suffixCompletions returns spec followed by each suffix that keeps it a
// valid field spec; none when spec itself is not one.
func suffixCompletions(spec string) []string {
	var words []string
	for _, s := range fieldSuffixes {
		if _, err := options.ParseField(spec + s); err == nil {
			words = append(words, spec+s)
		}
	}
	return words
}

// withPrefix returns the words that start with prefix and are longer.
func withPrefix(words []string, prefix string) []string {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(w, prefix) && w != prefix {
			out = append(out, w)
		}
	}
	return out
}
