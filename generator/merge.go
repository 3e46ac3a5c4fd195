package generator

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// A file the user edited is brought up to date by a three-way merge: base
// is what gen generated for the project as the manifest describes it, mine
// is the file on disk, theirs is what gen generates now. Every region gen's
// change touches is taken from theirs as long as the user left that region
// alone; everything else stays exactly as the user wrote it. The change gen
// makes is therefore an edit at a position found in the user's file, the
// surrounding lines being its anchor; when the user changed the very lines
// an edit needs, the merge fails with a conflict that shows the lines to
// add by hand.

// conflict is a region of a file where the user's edits and gen's change
// overlap.
type conflict struct {
	// line is the 1-based line of the user's file where the region starts.
	line int
	// mine and theirs are the region as the user has it and as gen would
	// write it.
	mine, theirs []string
}

// mergeLines merges the change from base to theirs into mine. Lines compare
// equal when they differ only in white space (gofmt re-aligns columns when
// a longer name joins a block), and the merged result keeps mine's spelling
// of every line gen does not change.
func mergeLines(base, mine, theirs []byte) ([]byte, []conflict) {
	b, m, t := splitLines(base), splitLines(mine), splitLines(theirs)
	bk, mk, tk := keys(b), keys(m), keys(t)
	toMine := matches(bk, mk)
	toTheirs := matches(bk, tk)

	var out []string
	var conflicts []conflict
	i, u, n := 0, 0, 0 // next line of base, mine and theirs
	for i < len(b) || u < len(m) || n < len(t) {
		if i < len(b) && toMine[i] == u && toTheirs[i] == n {
			out = append(out, m[u]) // a line all three share
			i, u, n = i+1, u+1, n+1
			continue
		}
		// The region up to the next line all three share differs in at
		// least one of mine and theirs.
		j := i
		for j < len(b) && (toMine[j] < 0 || toTheirs[j] < 0) {
			j++
		}
		uEnd, nEnd := len(m), len(t)
		if j < len(b) {
			uEnd, nEnd = toMine[j], toTheirs[j]
		}
		baseR, mineR, theirsR := bk[i:j], mk[u:uEnd], tk[n:nEnd]
		switch {
		case slices.Equal(mineR, baseR) || slices.Equal(mineR, theirsR):
			out = append(out, t[n:nEnd]...) // only gen changed it
		case slices.Equal(theirsR, baseR):
			out = append(out, m[u:uEnd]...) // only the user changed it
		case indexRun(mineR, baseR) >= 0:
			// The user added lines next to the ones gen changes, which are
			// still there, together: gen's change goes in their place. When
			// both only added lines here, gen's come first, as they extend
			// what precedes them (a list of domains, say).
			k := u + indexRun(mineR, baseR)
			out = append(out, m[u:k]...)
			out = append(out, t[n:nEnd]...)
			out = append(out, m[k+len(baseR):uEnd]...)
		default:
			conflicts = append(conflicts, conflict{line: u + 1, mine: m[u:uEnd], theirs: t[n:nEnd]})
			out = append(out, m[u:uEnd]...)
		}
		i, u, n = j, uEnd, nEnd
	}
	return []byte(strings.Join(out, "")), conflicts
}

// indexRun returns the first index at which run occurs in lines as a
// contiguous run, or -1.
func indexRun(lines, run []string) int {
	for k := 0; k+len(run) <= len(lines); k++ {
		if slices.Equal(lines[k:k+len(run)], run) {
			return k
		}
	}
	return -1
}

// splitLines splits text after each newline, keeping the newlines.
func splitLines(text []byte) []string {
	return strings.SplitAfter(string(text), "\n")
}

// keys are the lines as the merge compares them: white space collapsed.
func keys(lines []string) []string {
	k := make([]string, len(lines))
	for i, l := range lines {
		k[i] = strings.Join(strings.Fields(l), " ")
	}
	return k
}

// matches maps each line of a to the line of b it is matched with in a
// longest matching of the two, or -1. The matching is monotonic.
func matches(a, b []string) []int {
	m := make([]int, len(a))
	for i := range m {
		m[i] = -1
	}
	sm := difflib.NewMatcherWithJunk(a, b, false, nil)
	for _, block := range sm.GetMatchingBlocks() {
		for k := range block.Size {
			m[block.A+k] = block.B + k
		}
	}
	return m
}

// conflictError describes the conflicts of one file: where they are and
// what to write there by hand.
func conflictError(path string, conflicts []conflict) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: your edits overlap what gen needs to change", path)
	for _, c := range conflicts {
		fmt.Fprintf(&b, "\n  at line %d, gen would write:", c.line)
		for _, l := range c.theirs {
			fmt.Fprintf(&b, "\n    | %s", strings.TrimSuffix(l, "\n"))
		}
		if len(c.theirs) == 0 {
			b.WriteString("\n    (nothing: it would remove these lines)")
			for _, l := range c.mine {
				fmt.Fprintf(&b, "\n    - %s", strings.TrimSuffix(l, "\n"))
			}
		}
	}
	return b.String()
}

// mergeGoMod adds to the user's go.mod what gen's change from base to
// theirs requires: a requirement theirs adds, or raises, is added to mine
// or raised there, never lowered. The user's own requirements, replaces and
// comments stay.
func mergeGoMod(base, mine, theirs []byte) ([]byte, error) {
	bf, err := modfile.Parse("go.mod", base, nil)
	if err != nil {
		return nil, fmt.Errorf("generated go.mod: %w", err)
	}
	tf, err := modfile.Parse("go.mod", theirs, nil)
	if err != nil {
		return nil, fmt.Errorf("generated go.mod: %w", err)
	}
	mf, err := modfile.Parse("go.mod", mine, nil)
	if err != nil {
		return nil, fmt.Errorf("go.mod: %w; fix it, then run gen again", err)
	}
	had := map[string]string{}
	for _, r := range bf.Require {
		had[r.Mod.Path] = r.Mod.Version
	}
	current := map[string]*modfile.Require{}
	for _, r := range mf.Require {
		current[r.Mod.Path] = r
	}
	for _, r := range tf.Require {
		if had[r.Mod.Path] == r.Mod.Version {
			continue // not part of gen's change
		}
		cur, ok := current[r.Mod.Path]
		switch {
		case !ok:
			mf.AddNewRequire(r.Mod.Path, r.Mod.Version, r.Indirect)
		case semver.Compare(cur.Mod.Version, r.Mod.Version) < 0:
			if err := mf.AddRequire(r.Mod.Path, r.Mod.Version); err != nil {
				return nil, fmt.Errorf("go.mod: %w", err)
			}
		}
	}
	mf.SortBlocks()
	mf.Cleanup()
	return mf.Format()
}

// mergeGoSum returns the union of the lines of the user's go.sum and gen's,
// sorted as the go command writes them.
func mergeGoSum(mine, theirs []byte) []byte {
	seen := map[string]bool{}
	var lines []string
	for _, l := range append(strings.Split(string(mine), "\n"), strings.Split(string(theirs), "\n")...) {
		if l != "" && !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	var buf bytes.Buffer
	for _, l := range lines {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}
