package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/go-gen/gen/options"
)

// WriteOptions controls how a plan reaches disk.
type WriteOptions struct {
	// Force allows writing into a directory that is not empty; files the
	// plan names are replaced, other files are left alone.
	Force bool
}

// CheckTarget reports whether a plan may be written to dir: a directory
// that does not exist yet, or an empty one, or any directory with Force.
// A refusal is an *options.Error.
func CheckTarget(dir string, opt WriteOptions) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("check target: %w", err)
	case !info.IsDir():
		return &options.Error{Msg: fmt.Sprintf("%s exists and is not a directory; pick another --output", dir)}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("check target: %w", err)
	}
	if len(entries) > 0 && !opt.Force {
		return &options.Error{Msg: fmt.Sprintf("directory %s is not empty; pick another --output, or pass --force to write into it", dir)}
	}
	return nil
}

// Write puts every file of the plan under dir, all or nothing: the files are
// first written to a staging directory beside dir and only then moved into
// place, so a failure leaves dir as it was (a new dir is not created at all).
func Write(plan *Plan, dir string, opt WriteOptions) (err error) {
	if err := CheckTarget(dir, opt); err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".gen-*")
	if err != nil {
		return fmt.Errorf("stage files: %w", err)
	}
	defer func() {
		if rmErr := os.RemoveAll(stage); rmErr != nil && err == nil {
			err = fmt.Errorf("clean up %s: %w", stage, rmErr)
		}
	}()
	errs := make([]error, len(plan.Files))
	parallel(len(plan.Files), func(i int) {
		f := plan.Files[i]
		errs[i] = writeFile(filepath.Join(stage, filepath.FromSlash(f.Path)), f.Content)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		if err := os.Chmod(stage, 0o755); err != nil {
			return fmt.Errorf("stage files: %w", err)
		}
		if err := os.Rename(stage, dir); err != nil {
			return fmt.Errorf("move files into %s: %w", dir, err)
		}
		return nil
	}
	return moveInto(plan, stage, dir)
}

// moveInto renames staged files into an existing directory, putting back
// what it replaced if a rename fails half-way.
func moveInto(plan *Plan, stage, dir string) error {
	type moved struct{ dst, backup string }
	var done []moved
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			m := done[i]
			_ = os.Remove(m.dst)
			if m.backup != "" {
				_ = os.Rename(m.backup, m.dst)
			}
		}
	}
	for _, f := range plan.Files {
		src := filepath.Join(stage, filepath.FromSlash(f.Path))
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			undo()
			return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
		}
		m := moved{dst: dst}
		if _, err := os.Lstat(dst); err == nil {
			m.backup = src + ".replaced"
			if err := os.Rename(dst, m.backup); err != nil {
				undo()
				return fmt.Errorf("replace %s: %w", dst, err)
			}
		}
		if err := os.Rename(src, dst); err != nil {
			if m.backup != "" {
				_ = os.Rename(m.backup, dst)
			}
			undo()
			return fmt.Errorf("write %s: %w", dst, err)
		}
		done = append(done, m)
	}
	return nil
}

func writeFile(name string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(name), err)
	}
	if err := os.WriteFile(name, content, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// PrintPlan writes one line per planned file: "create PATH", or
// "overwrite PATH" for a file that exists in dir already.
func PrintPlan(w io.Writer, plan *Plan, dir string) error {
	for _, f := range plan.Files {
		action := "create"
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			action = "overwrite"
		}
		if _, err := fmt.Fprintf(w, "%-9s %s\n", action, f.Path); err != nil {
			return err
		}
	}
	return nil
}

// Apply makes the changes of an update, all or nothing: new contents are
// staged in the project first, then moved into place one by one; if a move
// fails, the files already changed are put back.
func Apply(u *Update) (err error) {
	if len(u.Changes) == 0 {
		return nil
	}
	stage, err := os.MkdirTemp(u.Dir, ".gen-*")
	if err != nil {
		return fmt.Errorf("stage files: %w", err)
	}
	defer func() {
		if rmErr := os.RemoveAll(stage); rmErr != nil && err == nil {
			err = fmt.Errorf("clean up %s: %w", stage, rmErr)
		}
	}()
	for i, c := range u.Changes {
		if c.New == nil {
			continue
		}
		mode := fs.FileMode(0o644)
		if info, err := os.Stat(filepath.Join(u.Dir, filepath.FromSlash(c.Path))); err == nil {
			mode = info.Mode().Perm() // a changed file keeps its permissions
		}
		staged := filepath.Join(stage, strconv.Itoa(i))
		if err := os.WriteFile(staged, c.New, mode); err != nil {
			return fmt.Errorf("stage %s: %w", c.Path, err)
		}
		if err := os.Chmod(staged, mode); err != nil { // past the umask
			return fmt.Errorf("stage %s: %w", c.Path, err)
		}
	}
	type done struct{ dst, backup string }
	var applied []done
	undo := func() {
		for i := len(applied) - 1; i >= 0; i-- {
			d := applied[i]
			_ = os.Remove(d.dst)
			if d.backup != "" {
				_ = os.Rename(d.backup, d.dst)
			}
		}
	}
	for i, c := range u.Changes {
		dst := filepath.Join(u.Dir, filepath.FromSlash(c.Path))
		d := done{dst: dst}
		if c.Old != nil {
			d.backup = filepath.Join(stage, strconv.Itoa(i)+".old")
			if err := os.Rename(dst, d.backup); err != nil {
				undo()
				return fmt.Errorf("replace %s: %w", c.Path, err)
			}
		}
		if c.New != nil {
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				undo()
				return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
			}
			if err := os.Rename(filepath.Join(stage, strconv.Itoa(i)), dst); err != nil {
				if d.backup != "" {
					_ = os.Rename(d.backup, dst)
				}
				undo()
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
		}
		applied = append(applied, d)
	}
	return nil
}

// PrintUpdate writes one line per change of u ("create PATH", "merge PATH",
// …) and, with diffs, a unified diff of every file that exists already.
func PrintUpdate(w io.Writer, u *Update, diffs bool) error {
	for _, c := range u.Changes {
		note := ""
		switch {
		case c.Action == Merge:
			note = "  (your edits kept)"
		case c.Loses():
			note = "  (your edits are lost)"
		}
		if _, err := fmt.Fprintf(w, "%-9s %s%s\n", c.Action, c.Path, note); err != nil {
			return err
		}
	}
	for _, n := range u.Notes {
		if _, err := fmt.Fprintf(w, "note: %s\n", n); err != nil {
			return err
		}
	}
	if !diffs {
		return nil
	}
	for _, c := range u.Changes {
		if c.Old == nil {
			continue
		}
		if err := PrintDiff(w, c); err != nil {
			return err
		}
	}
	return nil
}

// PrintDiff writes the unified diff of one change, from the file on disk to
// what gen would write.
func PrintDiff(w io.Writer, c Change) error {
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(c.Old)),
		B:        difflib.SplitLines(string(c.New)),
		FromFile: "a/" + c.Path,
		ToFile:   "b/" + c.Path,
		Context:  3,
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, text)
	return err
}
